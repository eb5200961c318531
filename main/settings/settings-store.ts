import type { z } from 'zod';

/** A damaged settings file that was moved aside (renamed, never deleted) so the defaults could apply. */
export interface SettingsKeptAside {
  movedTo: string;
  /** ISO time it was found. */
  at: string;
}

/**
 * Settings of the workstation (language, window bounds, source addresses, flag URL …), as a
 * key → JSON value map. The CLI and the browser host (FileSettingsStore) and the Electron app
 * (electron-store, ConfSettingsStore) read the same `settings.json`, so they see the same settings,
 * and keep a damaged file aside with the same function. Not a
 * database: large or growing data belongs in SQLite.
 */
export interface SettingsStore {
  /** The stored value if it passes `schema`, else `fallback` (a hand-edited bad value never crashes the app). */
  get<T>(key: string, schema: z.ZodType<T>, fallback: T): T;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  /** The raw stored map, for diagnostics. */
  snapshot(): Record<string, unknown>;
  /** Calls `listener` for each damaged file kept aside: those found already, then each one found later. */
  onKeptAside(listener: (aside: SettingsKeptAside) => void): void;
}

export const SETTINGS_FILE_NAME = 'settings.json';
