import type { z } from 'zod';
import type { SettingsStore } from '../../main/settings/settings-store';

/** Settings in memory, for unit tests that need no file (a damaged file cannot happen here). */
export class MemorySettings implements SettingsStore {
  readonly map = new Map<string, unknown>();
  get<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
    const parsed = schema.safeParse(this.map.get(key));
    return this.map.has(key) && parsed.success ? parsed.data : fallback;
  }
  set(key: string, value: unknown): void {
    this.map.set(key, value);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  snapshot(): Record<string, unknown> {
    return Object.fromEntries(this.map);
  }
  onKeptAside(): void {
    /* nothing is ever kept aside in memory */
  }
}
