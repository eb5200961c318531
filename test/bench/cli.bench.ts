// `npm run bench -- cli`: cold start-up of the built `qivo` CLI against its floor, a bare
// `node -e "require('better-sqlite3')"` (the least any command that opens a database can cost).
// Every figure is a fresh process; the variants are interleaved (floor, help, list, floor, …) so
// load on the machine weighs on all of them alike, and each prints min / median / max of the
// repeats and its ratio to the floor measured in the same rounds (issue 17: at most 2×).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'out', 'cli', 'qivo.cjs');
const rounds = Number(process.env.QIVO_BENCH_ROUNDS ?? 9);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qivo-bench-cli-'));

function run(args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, QIVO_LANG: 'en' } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${String(result.stderr)}`);
  return ms;
}

// A small data folder that has been opened once (migrations done), as on a workstation.
run([cli, '--data-dir', dataDir, 'reports', 'create', '--title', 'Bench']);

const variants: Record<string, string[]> = {
  floor: ['-e', "require('better-sqlite3')"],
  'qivo --help': [cli, '--help'],
  'qivo reports list': [cli, '--data-dir', dataDir, 'reports', 'list'],
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let i = 0; i < rounds; i++) for (const [name, args] of Object.entries(variants)) times[name]!.push(run(args));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const floor = times.floor!;
console.log(
  `cold start-up, fresh processes, ${rounds} interleaved rounds; ${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const [name, xs] of Object.entries(times)) {
  const sorted = [...xs].sort((a, b) => a - b);
  // The ratio per round (same moment, same load), then its median and spread.
  const ratios = xs.map((x, i) => x / floor[i]!).sort((a, b) => a - b);
  const ratio = name === 'floor' ? '' : `  ratio to floor ${median(ratios).toFixed(2)}× (${ratios[0]!.toFixed(2)}–${ratios.at(-1)!.toFixed(2)})`;
  console.log(`  ${name.padEnd(20)} median ${median(xs).toFixed(0).padStart(5)} ms  (min ${sorted[0]!.toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)})${ratio}`);
}
fs.rmSync(dataDir, { recursive: true, force: true });
