import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { openSqliteHandle } from './native-binding';

export type SqliteDatabase = Database.Database;

export interface Migration {
  /** user_version after this migration; 1, 2, 3 … without gaps. */
  version: number;
  name: string;
  up(db: SqliteDatabase): void;
}

export type DatabaseLabel = 'app' | 'cache' | 'metrics';

export interface OpenDatabaseOptions {
  file: string;
  label: DatabaseLabel;
  migrations: readonly Migration[];
  /**
   * FULL for data the user cannot refetch (reports, audit log): a commit survives power loss.
   * NORMAL for the disposable cache and metrics: consistent after a crash, may lose the last commits on power loss.
   */
  synchronous: 'FULL' | 'NORMAL';
  /** Where a corrupt file is moved; defaults to `<dir>/corrupt`. */
  corruptDir?: string;
  now?: () => Date;
  /**
   * Run `PRAGMA quick_check` before returning (default true). The core passes false and checks
   * in the background instead (main/storage/integrity.ts); the header and the schema are still
   * read at open, so a file that is not a database at all is caught here either way.
   */
  quickCheck?: boolean;
}

export interface CorruptionReport {
  label: DatabaseLabel;
  file: string;
  movedTo: string;
  reason: string;
  at: string;
}

export interface OpenedDatabase {
  db: SqliteDatabase;
  /** Set when the file on disk was damaged, moved aside and replaced by a new empty database. */
  corruption?: CorruptionReport;
}

const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_INDEX']);

export function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CORRUPTION_CODES.has(code);
}

function configure(db: SqliteDatabase, synchronous: 'FULL' | 'NORMAL', quickCheck: boolean): void {
  // The first statement that reads the header; a file of random bytes throws SQLITE_NOTADB here.
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (!quickCheck) return;
  const check = db.pragma('quick_check', { simple: true });
  if (check !== 'ok') {
    const error = new Error(`quick_check failed: ${String(check)}`) as Error & { code: string };
    error.code = 'SQLITE_CORRUPT';
    throw error;
  }
}

/** Runs pending migrations, each in its own transaction together with the user_version bump. */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[]): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list has a gap or duplicate at ${m.name} (version ${m.version})`);
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = sorted.length;
  if (current > latest) {
    // A newer app wrote this file. Opening it anyway could silently drop columns we do not know.
    throw Object.assign(new Error(`database schema version ${current} is newer than this app (${latest})`), { code: 'QIVO_SCHEMA_TOO_NEW' });
  }
  for (const m of sorted) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return latest;
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

/** Moves the database file and its -wal/-shm companions aside, never deleting anything. */
export function moveAside(file: string, corruptDir: string, now: Date): string {
  fs.mkdirSync(corruptDir, { recursive: true });
  const target = path.join(corruptDir, `${path.basename(file)}.${stamp(now)}.corrupt`);
  for (const suffix of ['', '-wal', '-shm']) {
    const source = file + suffix;
    if (fs.existsSync(source)) fs.renameSync(source, target + suffix);
  }
  return target;
}

/**
 * Opens (or creates) a database file: WAL, chosen durability, migrations by user_version.
 * A damaged file never crashes the caller: it is moved aside and a new empty database is opened;
 * the returned `corruption` tells the caller what happened so the user can be told in plain words.
 */
export function openDatabase(options: OpenDatabaseOptions): OpenedDatabase {
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  let db: SqliteDatabase | undefined;
  try {
    db = openSqliteHandle(options.file);
    configure(db, options.synchronous, options.quickCheck ?? true);
    migrate(db, options.migrations);
    return { db };
  } catch (error) {
    try {
      db?.close();
    } catch {
      /* the handle of a damaged file may refuse to close cleanly; it is discarded either way */
    }
    if (!isCorruptionError(error)) throw error;
    return startAfresh(options, (error as Error).message);
  }
}

function startAfresh(options: OpenDatabaseOptions, reason: string): OpenedDatabase & { corruption: CorruptionReport } {
  const at = (options.now ?? (() => new Date()))();
  const movedTo = moveAside(options.file, options.corruptDir ?? path.join(path.dirname(options.file), 'corrupt'), at);
  const fresh = openSqliteHandle(options.file);
  configure(fresh, options.synchronous, false);
  migrate(fresh, options.migrations);
  return { db: fresh, corruption: { label: options.label, file: options.file, movedTo, reason, at: at.toISOString() } };
}

/**
 * For a file found damaged while it is open (a background check): closes the handle, moves the
 * file aside and opens a new empty database in its place. The caller swaps the handle in.
 */
export function replaceDamagedDatabase(db: SqliteDatabase, options: OpenDatabaseOptions, reason: string): OpenedDatabase & { corruption: CorruptionReport } {
  try {
    db.close();
  } catch {
    /* a damaged file's handle may refuse to close cleanly; it is discarded either way */
  }
  return startAfresh(options, reason);
}

/** Closes cleanly: `PRAGMA optimize` as Signal does, then a checkpoint so the -wal file is folded in. */
export function closeDatabase(db: SqliteDatabase): void {
  if (!db.open) return;
  try {
    db.pragma('optimize');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
