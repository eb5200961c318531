// `npm run bench -- cli`: cold start-up of the built `qivo` CLI, every sample a fresh process and
// the variants interleaved round by round (harness), so load on the machine weighs on all alike:
// (1) `qivo --help` and `qivo reports list` against their floor, a bare
//     `node -e "require('better-sqlite3')"` (the least any command that opens a database can cost);
//     target at most 2×;
// (2) start-up with a large data folder (1 M metric events in metrics.db, a 64 MiB cache.db)
//     against a small one, both after a clean exit: the disposable databases are not checked then,
//     so the large folder should cost what the small one does.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OfficialCache, openCacheDatabase } from '../../main/official/cache/official-cache';
import { fillMetrics } from './metrics-data';
import { interleaveProcesses, machine, printComparison, type ProcessCase } from './harness';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'out', 'cli', 'qivo.cjs');
const CACHE_BYTES = 64 * 2 ** 20;
const METRIC_EVENTS = 1_000_000;

function qivo(args: string[]): void {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, QIVO_LANG: 'en' } });
  if (result.status !== 0) throw new Error(`qivo ${args.join(' ')} exited ${result.status}: ${String(result.stderr)}`);
}

/** cache.db filled to about `bytes` with area answers of ~100 KiB, then closed cleanly. */
function fillCache(dataDir: string, bytes: number): void {
  const opened = openCacheDatabase(dataDir);
  const cache = new OfficialCache(opened.db, { now: Date.now, maxBytes: () => 2 * bytes, metrics: () => ({ record: () => undefined }) });
  const payload = (i: number) =>
    JSON.stringify({
      i,
      records: Array.from({ length: 700 }, (_, j) => ({ process: `${800 + (i % 100)}.${j}/2001`, holder: 'MINERAÇÃO TESTE LTDA', areaHa: j * 1.5 })),
    });
  const size = Buffer.byteLength(payload(0));
  for (let i = 0; i * size < bytes; i++) {
    cache.write(`anm|SIGMINE|{"bench":${i}}`, {
      source: 'anm',
      dataset: 'SIGMINE',
      agency: 'ANM',
      payload: payload(i),
      url: `http://127.0.0.1/q?i=${i}`,
      fetchedAt: Date.now(),
    });
  }
  cache.close();
}

function sizeOf(file: string): string {
  return `${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB`;
}

function main(): void {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first (npm run bench does it).`);
  console.log(`machine: ${machine()}`);
  const small = fs.mkdtempSync(path.join(os.tmpdir(), 'qivo-bench-cli-small-'));
  const large = fs.mkdtempSync(path.join(os.tmpdir(), 'qivo-bench-cli-large-'));
  try {
    // Folders as a workstation leaves them: opened once by the CLI (migrations done), a draft, a clean exit.
    for (const dir of [small, large]) qivo(['--data-dir', dir, 'reports', 'create', '--title', 'Bench']);
    const started = Date.now();
    fillMetrics(large, Date.now(), METRIC_EVENTS).close();
    fillCache(large, CACHE_BYTES);
    qivo(['--data-dir', large, 'reports', 'list']);
    console.log(
      `large data folder: metrics.db ${sizeOf(path.join(large, 'metrics.db'))} (${METRIC_EVENTS.toLocaleString('en')} events), cache.db ${sizeOf(path.join(large, 'cache.db'))}; built in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );

    const options = { cwd: root, env: { ...process.env, QIVO_LANG: 'en' } };
    const cases: ProcessCase[] = [
      { name: 'floor', args: ['-e', "require('better-sqlite3')"], options },
      { name: 'help', args: [cli, '--help'], options },
      { name: 'list', args: [cli, '--data-dir', small, 'reports', 'list'], options },
      { name: 'list-large', args: [cli, '--data-dir', large, 'reports', 'list'], options },
    ];
    const cold = interleaveProcesses(cases);
    console.log('\ncold start-up, fresh processes, interleaved (wall clock of the whole process):');
    const floor = 'node -e "require(\'better-sqlite3\')"';
    printComparison('qivo --help', cold.help!, floor, cold.floor!, '≤ 2×');
    printComparison('qivo reports list (small data folder)', cold.list!, floor, cold.floor!, '≤ 2×');
    printComparison('qivo reports list, large data folder after a clean exit', cold['list-large']!, 'small data folder', cold.list!, '≈ 1×');
  } finally {
    fs.rmSync(small, { recursive: true, force: true });
    fs.rmSync(large, { recursive: true, force: true });
  }
}

main();
