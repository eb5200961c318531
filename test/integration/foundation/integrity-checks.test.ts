import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IntegrityCheckRecord } from '../../../main/storage/integrity';
import type { StorageNotice } from '../../../shared/ipc/system-contract';
import { makeTempDir, REPO_ROOT } from '../../support/temp-dir';

/**
 * Integrity checks where they pay (issue 17, point 1): the real core in child processes, the
 * checks as the core recorded them (each one a quick_check that ran in a worker and returned
 * SQLite's answer), real kill -9, and a real damaged page.
 */
interface Opened {
  child: ChildProcessWithoutNullStreams;
  report: { pid: number; checks: IntegrityCheckRecord[]; notices: StorageNotice[] };
}

function openInChild(dataDir: string, shell = 'browser-host'): Promise<Opened> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test/support/core-child.ts'), dataDir, shell], { cwd: REPO_ROOT });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) resolve({ child, report: JSON.parse(line) as Opened['report'] });
    });
    child.on('exit', (code) => reject(new Error(`core child exited (${code}) before reporting: ${stderr}`)));
  });
}

async function closeCleanly({ child }: Opened): Promise<void> {
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.stdin.write('close\n');
  expect(await exited).toBe(0);
}

async function kill9({ child }: Opened): Promise<void> {
  // Wait for the exit (the child reaped), so its pid is really gone.
  const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

const disposable = (report: Opened['report']) => report.checks.filter((c) => c.database !== 'app');

/** Overwrites one b-tree page of the entries table (not the header, not the schema): open works, quick_check does not. */
function damageCachePage(file: string): void {
  const db = new Database(file, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.close();
  expect(pages).toBeGreaterThan(20);
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, pageSize * Math.floor(pages / 2));
  fs.closeSync(fd);
}

describe('integrity checks of the data folder', () => {
  let temp: ReturnType<typeof makeTempDir>;
  const children: ChildProcessWithoutNullStreams[] = [];
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    temp.cleanup();
  });
  const open = async (shell?: string) => {
    const opened = await openInChild(temp.dir, shell);
    children.push(opened.child);
    return opened;
  };

  it('after a clean exit checks no disposable database; after kill -9 it checks cache.db and metrics.db, once', async () => {
    const first = await open();
    // A new folder: nothing crashed here before.
    expect(disposable(first.report)).toEqual([]);
    await closeCleanly(first);

    const afterClean = await open();
    expect(disposable(afterClean.report)).toEqual([]);
    // app.db keeps its check, in the background, at every start of the app shells.
    expect(afterClean.report.checks).toMatchObject([{ database: 'app', trigger: 'everyStart', result: 'ok' }]);
    await kill9(afterClean);

    const afterCrash = await open();
    const checked = disposable(afterCrash.report);
    expect(checked.map((c) => c.database).sort()).toEqual(['cache', 'metrics']);
    for (const c of checked) expect(c).toMatchObject({ trigger: 'uncleanExit', result: 'ok' });
    expect(afterCrash.report.checks.find((c) => c.database === 'app')).toMatchObject({ trigger: 'uncleanExit', result: 'ok' });
    await closeCleanly(afterCrash);

    // The crash has been dealt with: the next start is a clean one again.
    const next = await open();
    expect(disposable(next.report)).toEqual([]);
    await closeCleanly(next);
    expect(fs.readdirSync(path.join(temp.dir, 'in-use'))).toEqual([]);
  }, 120_000);

  it('the CLI shell checks app.db only after an unclean exit too', async () => {
    await closeCleanly(await open('cli'));
    const clean = await open('cli');
    expect(clean.report.checks).toEqual([]);
    await kill9(clean);
    const crashed = await open('cli');
    expect(crashed.report.checks.map((c) => c.database).sort()).toEqual(['app', 'cache', 'metrics']);
    await closeCleanly(crashed);
  }, 120_000);

  it('a cache.db damaged by the crash is found in the background, moved aside and replaced', async () => {
    const first = await open();
    await closeCleanly(first);
    // A cache with enough entries to have many pages.
    const db = new Database(path.join(temp.dir, 'cache.db'));
    const insert = db.prepare(
      'INSERT INTO entries(key, source, dataset, agency, payload, url, bytes, fetched_at, last_access) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (let i = 0; i < 400; i++)
        insert.run(`anm|SIGMINE|${i}`, 'anm', 'SIGMINE', 'ANM', JSON.stringify({ i, pad: 'x'.repeat(900) }), 'http://127.0.0.1/q', 920, Date.now(), Date.now());
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();

    const crashed = await open();
    await kill9(crashed);
    damageCachePage(path.join(temp.dir, 'cache.db'));

    const after = await open();
    const cacheCheck = after.report.checks.find((c) => c.database === 'cache');
    expect(cacheCheck?.trigger).toBe('uncleanExit');
    expect(cacheCheck?.result).not.toBe('ok');
    expect(cacheCheck?.result).toMatch(/page|tree|corrupt|malformed/i);
    expect(after.report.checks.find((c) => c.database === 'metrics')?.result).toBe('ok');
    const notice = after.report.notices.find((n) => n.database === 'cache');
    expect(notice).toMatchObject({ kind: 'corruptMovedAside' });
    // Moved aside, never deleted; a new, empty and sound cache.db in its place.
    expect(fs.existsSync(notice!.movedTo!)).toBe(true);
    await closeCleanly(after);
    const fresh = new Database(path.join(temp.dir, 'cache.db'), { readonly: true });
    expect(fresh.pragma('quick_check', { simple: true })).toBe('ok');
    expect(fresh.prepare('SELECT COUNT(*) FROM entries').pluck().get()).toBe(0);
    fresh.close();
  }, 120_000);
});
