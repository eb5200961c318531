import Store from 'electron-store';
import { ConfSettingsStore } from '../settings/conf-settings-store';

/** Settings through electron-store, in the file the CLI reads; a damaged file is kept aside, never wiped. */
export function electronSettingsStore(dataDir: string): ConfSettingsStore {
  return new ConfSettingsStore(dataDir, (options) => new Store<Record<string, unknown>>(options));
}
