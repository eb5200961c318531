// `npm run bench -- foundation`: the core's own figures, each interleaved with its floor in one
// process over the same data (harness): a draft insert (one transaction, synchronous=FULL) against
// a bare prepared INSERT of the same row into the same table, and the list of 1 000 drafts against
// a bare SELECT of the same rows; and the core's open (app.db, every feature's init) in fresh
// processes against opening app.db bare. The CLI's cold start is in cli.bench.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openCore } from '../../main/core/core';
import { allFeatures } from '../../main/core/features';
import { interleave, interleaveProcesses, machine, printComparison } from './harness';

const DRAFTS = 1000;

async function main(): Promise<void> {
  console.log(`machine: ${machine()}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qivo-bench-'));
  try {
    const core = openCore({ dataDir: dir, appVersion: 'bench', shell: 'cli', features: allFeatures, env: {} });
    const reports = core.services.reports!;
    // The same database, connection settings as the core's (WAL, synchronous=FULL), bare statements.
    const bare = new Database(path.join(dir, 'app.db'));
    bare.pragma('journal_mode = WAL');
    bare.pragma('synchronous = FULL');
    const insert = bare.prepare('INSERT INTO reports (id, title, property_name, commodity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    const select = bare.prepare('SELECT * FROM reports ORDER BY updated_at DESC, title COLLATE NOCASE').raw();
    let n = 0;
    const inserts = interleave(
      [
        { name: 'ours', fn: () => reports.create({ title: `Bench ${n++}`, propertyName: 'P', commodity: 'Au' }) },
        {
          name: 'bare',
          fn: () => {
            const at = new Date().toISOString();
            insert.run(`bare-${n++}`, `Bench ${n}`, 'P', 'Au', at, at);
          },
        },
      ],
      { inner: 25, rounds: Math.max(7, Math.ceil(DRAFTS / 50)) },
    );
    printComparison('draft insert (one transaction, synchronous=FULL)', inserts.ours!, 'bare prepared INSERT, same table', inserts.bare!);
    const drafts = reports.list().length;
    const lists = interleave(
      [
        { name: 'ours', fn: () => reports.list() },
        { name: 'bare', fn: () => select.all() },
      ],
      { inner: 10, warmup: 3 },
    );
    printComparison(`list of ${drafts.toLocaleString('en')} drafts`, lists.ours!, 'bare SELECT, raw rows', lists.bare!);
    bare.close();
    await core.close();

    // Cold: a fresh process opens the core (every feature's init) or only app.db, measured inside it.
    const child = path.join(__dirname, 'foundation-open-child.ts');
    const cold = interleaveProcesses(['core', 'bare'].map((mode) => ({ name: mode, args: ['--import', 'tsx', child, mode, dir], reported: true })));
    printComparison(
      `core open in a fresh process (app.db + all ${allFeatures.length} features, ${drafts.toLocaleString('en')} drafts)`,
      cold.core!,
      'bare open of app.db',
      cold.bare!,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
