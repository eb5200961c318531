import Store from 'electron-store';
import type { z } from 'zod';
import { SETTINGS_FILE_NAME, type SettingsStore } from '../settings/settings-store';

/**
 * Settings through electron-store (atomic writes, in-memory cache), in the same file the CLI's
 * FileSettingsStore reads: `<dataDir>/settings.json`.
 */
export class ElectronSettingsStore implements SettingsStore {
  private readonly store: Store<Record<string, unknown>>;

  constructor(dataDir: string) {
    this.store = new Store<Record<string, unknown>>({
      cwd: dataDir,
      name: SETTINGS_FILE_NAME.replace(/\.json$/, ''),
      clearInvalidConfig: true,
      // Keys contain dots ("app.language"); keep them flat instead of nested objects, like the file store.
      accessPropertiesByDotNotation: false,
    });
  }

  get<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
    const raw = this.store.get(key);
    if (raw === undefined) return fallback;
    const parsed = schema.safeParse(raw);
    return parsed.success ? parsed.data : fallback;
  }

  set(key: string, value: unknown): void {
    this.store.set(key, value);
  }

  delete(key: string): void {
    this.store.delete(key);
  }

  snapshot(): Record<string, unknown> {
    return { ...this.store.store };
  }
}
