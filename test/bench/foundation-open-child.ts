// One cold open, in the fresh process foundation.bench.ts spawns; prints BENCH_MS=<ms> for the
// open alone (modules loaded before the clock starts). `core`: openCore with every feature, as the
// CLI and the host do; `bare`: better-sqlite3 opens app.db and reads one row, the floor.
import path from 'node:path';
import Database from 'better-sqlite3';
import { openCore } from '../../main/core/core';
import { allFeatures } from '../../main/core/features';
import { nowMs } from './harness';

async function main(): Promise<void> {
  const [mode, dataDir] = process.argv.slice(2) as [string, string];
  const t0 = nowMs();
  if (mode === 'core') {
    const core = openCore({ dataDir, appVersion: 'bench', shell: 'cli', features: allFeatures, env: {} });
    const ms = nowMs() - t0;
    await core.close();
    console.log(`BENCH_MS=${ms}`);
  } else {
    const db = new Database(path.join(dataDir, 'app.db'));
    db.pragma('journal_mode = WAL');
    db.prepare('SELECT COUNT(*) FROM reports').pluck().get();
    const ms = nowMs() - t0;
    db.close();
    console.log(`BENCH_MS=${ms}`);
  }
}

void main();
