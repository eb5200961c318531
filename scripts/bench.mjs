// `npm run bench`: runs every benchmark in test/bench/*.bench.ts (or those named on the command
// line, e.g. `npm run bench -- flags krci`) one after another, each in its own process so one
// benchmark's garbage does not weigh on the next. Each prints its figures, and its peer's where
// a peer exists, measured in the same run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'test', 'bench');
const wanted = process.argv.slice(2);
const files = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
let failed = 0;
const started = Date.now();
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const fileStarted = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, file)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    failed++;
    console.error(`${file} failed with exit code ${result.status}`);
  }
  console.log(`(${file}: ${((Date.now() - fileStarted) / 1000).toFixed(0)} s)`);
}
console.log(
  `\n${files.length - failed} benchmarks ran, ${failed} failed, in ${((Date.now() - started) / 60_000).toFixed(1)} min; load average now ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
process.exit(failed ? 1 : 0);
