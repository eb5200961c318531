import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBridge } from '../../../shared/ipc/bridge-builder';

// A store asks main for nothing and listens to nothing when its module is imported: it loads
// when its view mounts (or the shell does, for the shell's own stores). Importing every store
// with a bridge that records what it is asked proves it.
const root = path.resolve(__dirname, '../../../renderer');
const storeFiles = [
  path.join(root, 'app/app-store.ts'),
  ...readdirSync(path.join(root, 'features')).flatMap((feature) =>
    readdirSync(path.join(root, 'features', feature))
      .filter((f) => /-store\.ts$/.test(f))
      .map((f) => path.join(root, 'features', feature, f)),
  ),
];

const asked: string[] = [];
const g = globalThis as Record<string, unknown>;
const saved = { window: g.window, navigator: g.navigator };
const target = new EventTarget();
g.window = Object.assign(target, {
  qivoBridge: buildBridge(
    (channel) => {
      asked.push(channel);
      return Promise.resolve({ ok: false, error: { code: 'internal', message: 'not in this test' } });
    },
    (event) => {
      asked.push(`events:${event}`);
      return () => undefined;
    },
  ),
});
Object.defineProperty(globalThis, 'navigator', { value: { onLine: true, language: 'pt-BR' }, configurable: true });
afterAll(() => {
  g.window = saved.window;
  Object.defineProperty(globalThis, 'navigator', { value: saved.navigator, configurable: true });
});

describe('renderer stores on import', () => {
  it('finds the stores', () => {
    expect(storeFiles.map((f) => path.basename(f))).toEqual(expect.arrayContaining(['app-store.ts', 'flags-store.ts', 'metrics-store.ts', 'reports-store.ts']));
  });

  it.each(storeFiles.map((f) => [path.relative(root, f), f]))('%s calls no channel and subscribes to no event', async (_name, file) => {
    // What this import asks (a store it imports that was not imported yet answers for itself here).
    asked.length = 0;
    await import(file);
    expect(asked).toEqual([]);
  });
});
