import type { z } from 'zod';

/**
 * Settings of the workstation (language, window bounds, source addresses, flag URL …), as a
 * key → JSON value map. In Electron it is backed by electron-store; the CLI and the tests use
 * the file-backed implementation, which writes the very same `settings.json`, so the app and
 * the CLI see the same settings. Not a database: large or growing data belongs in SQLite.
 */
export interface SettingsStore {
  /** The stored value if it passes `schema`, else `fallback` (a hand-edited bad value never crashes the app). */
  get<T>(key: string, schema: z.ZodType<T>, fallback: T): T;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  /** The raw stored map, for diagnostics. */
  snapshot(): Record<string, unknown>;
}

export const SETTINGS_FILE_NAME = 'settings.json';
