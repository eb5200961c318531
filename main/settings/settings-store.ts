import type { z } from 'zod';

/** A damaged settings file that was moved aside (renamed, never deleted) so the defaults could apply. */
export interface SettingsKeptAside {
  movedTo: string;
  /** ISO time it was found. */
  at: string;
}

/**
 * Settings of the workstation (language, window bounds, source addresses, flag URL …), as a
 * key → JSON value map. The app and the CLI use the same file-backed implementation on the same
 * `settings.json`, so they see the same settings and treat a damaged file the same way. Not a
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
