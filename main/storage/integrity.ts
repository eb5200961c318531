import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { currentSqliteBinding } from './native-binding';
import type { DatabaseLabel } from './sqlite';

/**
 * Integrity checks where they pay. `PRAGMA quick_check` reads every page: 1.3 s on a 275 MB
 * metrics.db. Run at every open it made every start of the CLI, the host and the app wait for a
 * check of a disposable file that is almost never damaged. So:
 *
 * - **When.** A database can only be torn by a process that stopped while it had the file open
 *   (a crash, kill -9, power loss). Each process that opens a database leaves a marker
 *   `in-use/<file>.<pid>` in the data folder and removes it when it closes the database cleanly.
 *   At open, a marker whose process no longer runs means an unclean exit: that file is checked.
 *   Why markers and not the WAL's state: the app and the CLI share the data folder, so a -wal file
 *   may belong to a process that is still running, and a crashed reader leaves no -wal at all;
 *   a marker per process says which process held the file and whether it is still alive. (A
 *   reused pid only postpones a check until that process exits.)
 * - **Where.** In a worker thread with its own read-only connection: WAL lets it read a consistent
 *   snapshot while the main thread goes on, so neither the first window nor a CLI command waits
 *   for it. A process that closes before its check finished stops the worker and leaves the
 *   stale marker, so the next open checks again.
 * - **app.db** is checked this way at every start of the app shells (window, browser host) and
 *   after an unclean exit in the CLI; the disposable cache.db and metrics.db only after an
 *   unclean exit. What a damaged file leads to is the caller's (see `IntegrityHandler`).
 */

export const IN_USE_DIR = 'in-use';

export type CheckTrigger = 'uncleanExit' | 'everyStart';

/** One quick_check that ran (or is running), as SQLite answered it. */
export interface IntegrityCheckRecord {
  database: DatabaseLabel;
  file: string;
  trigger: CheckTrigger;
  startedAt: string;
  finishedAt?: string;
  /** 'ok', or SQLite's list of problems; undefined while running or when stopped at close. */
  result?: string;
  /** Set when the check could not run (the worker failed) or was stopped by close. */
  error?: string;
}

/** Called on the main thread when a background check found damage: replace the file, or tell the user. */
export type IntegrityHandler = (problems: string) => void;

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: a process of another user holds that pid; it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, ...(workerData.binding ? { nativeBinding: workerData.binding } : {}) });
  db.pragma('busy_timeout = 5000');
  const rows = db.pragma('quick_check(100)');
  parentPort.postMessage({ result: rows.map((r) => Object.values(r)[0]).join('; ') });
} catch (error) {
  // A file SQLite cannot read at all is damaged too.
  const code = error && error.code;
  if (typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code)) parentPort.postMessage({ result: String(error.message) });
  else parentPort.postMessage({ error: String(error && error.message) });
} finally {
  try { db && db.close(); } catch {}
}
`;

let betterSqlitePath: string | undefined;
function betterSqliteModule(): string {
  // Resolved from this file so the worker loads the same package as the main thread, whatever the cwd.
  betterSqlitePath ??= createRequire(path.join(__dirname, 'integrity.js')).resolve('better-sqlite3');
  return betterSqlitePath;
}

/** `PRAGMA quick_check` of a file in a worker thread: 'ok' or the problems found. */
export function quickCheckInWorker(file: string): { result: Promise<{ result?: string; error?: string }>; stop(): Promise<void> } {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, module: betterSqliteModule(), binding: currentSqliteBinding() } });
  worker.unref();
  const result = new Promise<{ result?: string; error?: string }>((resolve) => {
    worker.once('message', (message: { result?: string; error?: string }) => resolve(message));
    worker.once('error', (error) => resolve({ error: error.message }));
    worker.once('exit', (code) => resolve({ error: `stopped (exit ${code})` }));
  });
  return {
    result,
    stop: async () => {
      await worker.terminate();
    },
  };
}

/** A database this process holds open: its marker, and whether the last holder exited uncleanly. */
export interface DatabaseSession {
  readonly label: DatabaseLabel;
  readonly file: string;
  readonly uncleanExit: boolean;
}

interface SessionState extends DatabaseSession {
  marker: string;
  stale: string[];
}

/**
 * Markers and background checks for the databases of one data folder, owned by the core. `begin`
 * before opening a file, `checkInBackground` after; `close` after the databases closed.
 */
export class IntegrityMonitor {
  private readonly sessions: SessionState[] = [];
  private readonly running = new Set<{ stop(): Promise<void> }>();
  private readonly pending = new Set<Promise<void>>();
  private readonly done: IntegrityCheckRecord[] = [];
  private closed = false;

  constructor(
    readonly dataDir: string,
    private readonly options: { now: () => Date; log?: (message: string) => void },
  ) {}

  /** Reads the markers of `file` left by processes that are gone, and leaves this process's own. */
  begin(label: DatabaseLabel, file: string): DatabaseSession {
    const dir = path.join(this.dataDir, IN_USE_DIR);
    fs.mkdirSync(dir, { recursive: true });
    const base = path.basename(file);
    const stale: string[] = [];
    for (const name of fs.readdirSync(dir)) {
      if (!name.startsWith(`${base}.`)) continue;
      const pid = Number(name.slice(base.length + 1));
      if (Number.isInteger(pid) && pid > 0 && !pidAlive(pid)) stale.push(path.join(dir, name));
    }
    const marker = path.join(dir, `${base}.${process.pid}`);
    fs.writeFileSync(marker, `${this.options.now().toISOString()}\n`);
    const session: SessionState = { label, file, uncleanExit: stale.length > 0, marker, stale };
    this.sessions.push(session);
    return session;
  }

  /**
   * Starts a quick_check of the session's file in a worker when its last holder exited uncleanly
   * (or always, with `everyStart`); returns at once. `onDamaged` runs on this thread.
   */
  checkInBackground(session: DatabaseSession, onDamaged: IntegrityHandler, everyStart = false): void {
    const state = this.sessions.find((s) => s === session);
    if (!state || this.closed) return;
    if (!state.uncleanExit && !everyStart) return;
    const record: IntegrityCheckRecord = {
      database: state.label,
      file: state.file,
      trigger: state.uncleanExit ? 'uncleanExit' : 'everyStart',
      startedAt: this.options.now().toISOString(),
    };
    this.done.push(record);
    const check = quickCheckInWorker(state.file);
    this.running.add(check);
    const settled = check.result.then((outcome) => {
      this.running.delete(check);
      record.finishedAt = this.options.now().toISOString();
      if (outcome.error !== undefined || this.closed) {
        record.error = this.closed ? 'stopped at close' : outcome.error;
        return;
      }
      record.result = outcome.result;
      if (outcome.result !== 'ok') {
        this.options.log?.(`[storage] ${path.basename(state.file)} failed its integrity check: ${outcome.result}`);
        try {
          onDamaged(outcome.result ?? 'unknown damage');
        } catch (error) {
          this.options.log?.(`[storage] handling a damaged ${path.basename(state.file)} failed: ${(error as Error).message}`);
          return;
        }
      }
      // Checked (and replaced if damaged): the markers of the crashed process have done their job.
      for (const file of state.stale) fs.rmSync(file, { force: true });
      state.stale = [];
    });
    this.pending.add(settled);
    void settled.finally(() => this.pending.delete(settled));
  }

  /** Every check started in this process, oldest first. */
  checks(): readonly IntegrityCheckRecord[] {
    return this.done;
  }

  /** Resolves when no check is running. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Stops running checks and removes this process's markers (the databases were closed cleanly). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.running].map((c) => c.stop()));
    await this.idle();
    for (const s of this.sessions) fs.rmSync(s.marker, { force: true });
  }
}
