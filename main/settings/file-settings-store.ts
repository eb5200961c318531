import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { SETTINGS_FILE_NAME, type SettingsStore } from './settings-store';
import { writeFileAtomic } from '../storage/atomic-file';

/**
 * File-backed settings: `<dataDir>/settings.json`, written atomically (temp file + rename), re-read
 * on every access so a change made by the app is seen by the CLI and vice versa. A file that is
 * not valid JSON is kept aside as settings.json.invalid-<time> and the defaults apply.
 */
export class FileSettingsStore implements SettingsStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, SETTINGS_FILE_NAME);
  }

  private read(): Record<string, unknown> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return {};
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      /* fall through: keep the unreadable file for the user, start from defaults */
    }
    fs.renameSync(this.file, `${this.file}.invalid-${Date.now()}`);
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
}
