import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore } from '../../main/core/core';
import { allFeatures } from '../../main/core/features';

// Foundation figures: core start-up (open app.db, run features' init), a draft insert with
// synchronous=FULL, a list of 1 000 drafts, and the CLI's cold start (a new Node process).
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time<T>(fn: () => T): [number, T] {
  const start = process.hrtime.bigint();
  const result = fn();
  return [Number(process.hrtime.bigint() - start) / 1e6, result];
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qivo-bench-'));
  const opens: number[] = [];
  for (let i = 0; i < 5; i++) {
    const [ms, core] = time(() => openCore({ dataDir: dir, appVersion: 'bench', shell: 'cli', features: allFeatures, env: {} }));
    opens.push(ms);
    await core.close();
  }
  console.log(`core open (app.db + all features): median ${median(opens).toFixed(1)} ms over ${opens.length}`);

  const core = openCore({ dataDir: dir, appVersion: 'bench', shell: 'cli', features: allFeatures, env: {} });
  const reports = core.services.reports!;
  const inserts: number[] = [];
  for (let i = 0; i < 1000; i++) inserts.push(time(() => reports.create({ title: `Bench ${i}`, propertyName: 'P', commodity: 'Au' }))[0]);
  console.log(
    `draft insert (one transaction, synchronous=FULL): median ${median(inserts).toFixed(3)} ms, p95 ${[...inserts].sort((a, b) => a - b)[949]!.toFixed(3)} ms`,
  );
  const lists: number[] = [];
  for (let i = 0; i < 50; i++) lists.push(time(() => reports.list())[0]);
  console.log(`list 1 000 drafts: median ${median(lists).toFixed(2)} ms`);
  await core.close();

  const cli = path.join(process.cwd(), 'out/cli/qivo.cjs');
  if (fs.existsSync(cli)) {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++)
      runs.push(time(() => spawnSync(process.execPath, [cli, 'reports', 'list', '--json'], { env: { ...process.env, QIVO_DATA_DIR: dir } }))[0]);
    const node: number[] = [];
    for (let i = 0; i < 5; i++) node.push(time(() => spawnSync(process.execPath, ['-e', '0']))[0]);
    console.log(
      `qivo reports list (cold process): median ${median(runs).toFixed(0)} ms; bare node -e 0: ${median(node).toFixed(0)} ms; ratio ${(median(runs) / median(node)).toFixed(1)}x`,
    );
  } else {
    console.log('qivo cold start: skipped (run npm run build first)');
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
