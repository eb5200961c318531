import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { SETTINGS_FILE_NAME, type SettingsKeptAside, type SettingsStore } from './settings-store';
import { writeFileAtomic } from '../storage/atomic-file';

export interface FileSettingsOptions {
  now?: () => Date;
}

/** The settings map a file's text holds, or undefined when it is not a JSON object (damaged, hand-broken). */
export function parseSettingsText(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    /* not JSON: the caller keeps the file aside */
  }
  return undefined;
}

/**
 * When `file` holds something other than a JSON object, renames it to `<file>.invalid-<time>` — a
 * rename, not a copy: the user's bytes stay exactly as they were and nothing is deleted — and says
 * where it went. A missing or readable file is left alone. Both settings stores use it, so the
 * CLI, the browser host and the Electron app treat a damaged file alike.
 */
export function keepDamagedSettingsAside(file: string, now: Date): SettingsKeptAside | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (parseSettingsText(text)) return undefined;
  // Never over an earlier one found in the same millisecond: that would lose its bytes.
  let movedTo = `${file}.invalid-${now.getTime()}`;
  for (let n = 1; fs.existsSync(movedTo); n++) movedTo = `${file}.invalid-${now.getTime()}-${n}`;
  fs.renameSync(file, movedTo);
  return { movedTo, at: now.toISOString() };
}

/**
 * One settings file's keeping aside, for either store: keeps the file aside when damaged and
 * tells each listener of every file kept aside, those found before it listened included.
 */
export class SettingsKeeper {
  private readonly keptAside: SettingsKeptAside[] = [];
  private readonly listeners: Array<(aside: SettingsKeptAside) => void> = [];

  constructor(
    private readonly file: string,
    private readonly now: () => Date,
  ) {}

  /** Keeps the file aside if it is damaged; whether it was. */
  keepAsideIfDamaged(): boolean {
    const aside = keepDamagedSettingsAside(this.file, this.now());
    if (!aside) return false;
    this.keptAside.push(aside);
    for (const listener of this.listeners) listener(aside);
    return true;
  }

  onKeptAside(listener: (aside: SettingsKeptAside) => void): void {
    for (const aside of this.keptAside) listener(aside);
    this.listeners.push(listener);
  }
}

/**
 * File-backed settings: `<dataDir>/settings.json`, written atomically (temp file + rename), re-read
 * on every access so a change made by the app is seen by the CLI and vice versa. The CLI and the
 * browser host use it; the Electron app reads the same file through electron-store
 * (ConfSettingsStore), with the same keeping aside. A file that is not a JSON object is kept
 * aside, byte for byte, as settings.json.invalid-<time>, the defaults apply, and the store reports
 * it (`onKeptAside`) so the window and the CLI can say so in the same words. The file is read once
 * at construction, so a damaged file is found when the store is made, not at some later read.
 */
export class FileSettingsStore implements SettingsStore {
  readonly file: string;
  private readonly keeper: SettingsKeeper;

  constructor(dataDir: string, options: FileSettingsOptions = {}) {
    this.file = path.join(dataDir, SETTINGS_FILE_NAME);
    this.keeper = new SettingsKeeper(this.file, options.now ?? (() => new Date()));
    this.read();
  }

  private read(): Record<string, unknown> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return {};
    }
    const parsed = parseSettingsText(text);
    if (parsed) return parsed;
    this.keeper.keepAsideIfDamaged();
    return {};
  }

  private write(data: Record<string, unknown>): void {
    writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
  }

  /** The stored value as it is in the file, unchecked (for start-up paths that check it by hand). */
  raw(key: string): unknown {
    return this.read()[key];
  }

  get<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
    const raw = this.read()[key];
    if (raw === undefined) return fallback;
    const parsed = schema.safeParse(raw);
    return parsed.success ? parsed.data : fallback;
  }

  set(key: string, value: unknown): void {
    const data = this.read();
    data[key] = value;
    this.write(data);
  }

  delete(key: string): void {
    const data = this.read();
    if (key in data) {
      delete data[key];
      this.write(data);
    }
  }

  snapshot(): Record<string, unknown> {
    return this.read();
  }

  onKeptAside(listener: (aside: SettingsKeptAside) => void): void {
    this.keeper.onKeptAside(listener);
  }
}
