import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh folder under the OS temp dir; removed by the returned cleanup. */
export function makeTempDir(prefix = 'qivo-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const OUT_DIR = path.join(REPO_ROOT, 'out');
export const CLI_BIN = path.join(OUT_DIR, 'cli', 'qivo.cjs');
export const HOST_BIN = path.join(OUT_DIR, 'host', 'serve.cjs');

export function requireBuild(): void {
  for (const file of [CLI_BIN, HOST_BIN, path.join(OUT_DIR, 'renderer', 'index.html'), path.join(OUT_DIR, 'host', 'bridge.js')]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first (npm test does it).`);
  }
}
