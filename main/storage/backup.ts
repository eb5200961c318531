import fs from 'node:fs';
import path from 'node:path';
import type { SqliteDatabase } from './sqlite';

export interface BackupInfo {
  file: string;
  createdAt: string;
  bytes: number;
}

const BACKUP_PATTERN = /^app-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)\.db$/;

function fromStamp(stamp: string): string {
  // 2026-11-27T02-13-08-123Z → 2026-11-27T02:13:08.123Z
  return stamp.replace(/T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/, 'T$1:$2:$3.$4Z');
}

export function listBackups(dir: string): BackupInfo[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((name) => ({ name, match: BACKUP_PATTERN.exec(name) }))
    .filter((e): e is { name: string; match: RegExpExecArray } => e.match !== null)
    .map(({ name, match }) => {
      const file = path.join(dir, name);
      return { file, createdAt: fromStamp(match[1]!), bytes: fs.statSync(file).size };
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * Online backup with SQLite's backup API (consistent even while the app writes), written to a
 * temporary name and renamed, so a crash mid-backup never leaves a half file that looks valid.
 * Keeps the newest `keep` backups.
 */
export async function backupDatabase(db: SqliteDatabase, dir: string, keep: number, now: Date = new Date()): Promise<BackupInfo> {
  fs.mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `app-${stamp}.db`);
  const partial = `${file}.partial`;
  await db.backup(partial);
  fs.renameSync(partial, file);
  for (const old of listBackups(dir).slice(Math.max(keep, 1))) fs.rmSync(old.file, { force: true });
  return { file, createdAt: now.toISOString(), bytes: fs.statSync(file).size };
}

/** True when the newest backup is older than `maxAgeMs` (or there is none). */
export function backupIsDue(dir: string, maxAgeMs: number, now: Date = new Date()): boolean {
  const latest = listBackups(dir)[0];
  return !latest || now.getTime() - Date.parse(latest.createdAt) > maxAgeMs;
}

/**
 * Replaces `dbFile` with the newest backup. Must run while no connection is open on `dbFile`.
 * The current file (and its -wal/-shm) is moved to `<dir>/replaced/`, never deleted.
 */
export function restoreLatestBackup(dbFile: string, backupsDir: string, now: Date = new Date()): BackupInfo | undefined {
  const latest = listBackups(backupsDir)[0];
  if (!latest) return undefined;
  const replacedDir = path.join(path.dirname(dbFile), 'replaced');
  fs.mkdirSync(replacedDir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(dbFile + suffix)) fs.renameSync(dbFile + suffix, path.join(replacedDir, `${path.basename(dbFile)}.${stamp}${suffix}`));
  }
  const partial = `${dbFile}.restoring`;
  fs.copyFileSync(latest.file, partial);
  fs.renameSync(partial, dbFile);
  return latest;
}
