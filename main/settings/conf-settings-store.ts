import path from 'node:path';
import type { z } from 'zod';
import { SettingsKeeper } from './file-settings-store';
import { SETTINGS_FILE_NAME, type SettingsKeptAside, type SettingsStore } from './settings-store';

/** What this store needs of electron-store, which is `conf` with Electron's default folder. */
export interface ConfLike {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  readonly store: Record<string, unknown>;
}

/** The options every settings file is opened with, whichever of electron-store or conf opens it. */
export interface SettingsConfOptions {
  cwd: string;
  /** The file's name without `.json`. */
  name: string;
  /** Never wipe a damaged file: this store keeps it aside first (conf then throws instead of clearing). */
  clearInvalidConfig: false;
  /** Keys contain dots ("app.language"): kept flat, as the file store keeps them. */
  accessPropertiesByDotNotation: false;
}

/**
 * The Electron app's settings: electron-store on `<dataDir>/settings.json`, the file the CLI's
 * FileSettingsStore reads. electron-store reads the file at each access (no watcher, no cache),
 * so the app sees what the CLI writes. electron-store would wipe a damaged file
 * (`clearInvalidConfig`); here it is opened with that off, and a file that is not a JSON object
 * is kept aside byte for byte by the same function the file store uses, then reported, before
 * electron-store reads it — at start and at any later read that fails on it.
 */
export class ConfSettingsStore implements SettingsStore {
  private readonly conf: ConfLike;
  private readonly keeper: SettingsKeeper;

  constructor(dataDir: string, open: (options: SettingsConfOptions) => ConfLike, now: () => Date = () => new Date()) {
    this.keeper = new SettingsKeeper(path.join(dataDir, SETTINGS_FILE_NAME), now);
    this.keeper.keepAsideIfDamaged();
    this.conf = open({ cwd: dataDir, name: SETTINGS_FILE_NAME.replace(/\.json$/, ''), clearInvalidConfig: false, accessPropertiesByDotNotation: false });
  }

  /** Runs `op`; when it failed on a file damaged since, keeps the file aside and runs it again on the defaults. */
  private guarded<T>(op: () => T): T {
    try {
      return op();
    } catch (error) {
      if (!this.keeper.keepAsideIfDamaged()) throw error;
      return op();
    }
  }

  get<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
    const raw = this.guarded(() => this.conf.get(key));
    if (raw === undefined) return fallback;
    const parsed = schema.safeParse(raw);
    return parsed.success ? parsed.data : fallback;
  }

  set(key: string, value: unknown): void {
    this.guarded(() => this.conf.set(key, value));
  }

  delete(key: string): void {
    this.guarded(() => this.conf.delete(key));
  }

  snapshot(): Record<string, unknown> {
    return this.guarded(() => ({ ...this.conf.store }));
  }

  onKeptAside(listener: (aside: SettingsKeptAside) => void): void {
    this.keeper.onKeptAside(listener);
  }
}
