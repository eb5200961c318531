import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../main/core/core';
import { allFeatures } from '../../../main/core/features';
import { FileSettingsStore } from '../../../main/settings/file-settings-store';
import { FileSecretStore } from '../../../main/settings/secret-store';
import { appMigrations } from '../../../main/storage/app-migrations';
import { writeFileAtomic } from '../../../main/storage/atomic-file';
import { backupDatabase, listBackups, restoreLatestBackup } from '../../../main/storage/backup';
import { openDatabase, type Migration } from '../../../main/storage/sqlite';
import { ReportsService } from '../../../main/reports/reports-service';
import { z } from 'zod';
import { tempDirPerTest } from '../../support/temp-per-test';

const temp = tempDirPerTest();

describe('openDatabase', () => {
  it('creates the file with WAL, the chosen durability and the latest user_version', () => {
    const dir = temp();
    const { db, corruption } = openDatabase({ file: path.join(dir, 'app.db'), label: 'app', migrations: appMigrations, synchronous: 'FULL' });
    expect(corruption).toBeUndefined();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('user_version', { simple: true })).toBe(appMigrations.length);
    db.close();
  });

  it('runs only the missing migrations, each with its version bump in one transaction', () => {
    const file = path.join(temp(), 'x.db');
    const ran: number[] = [];
    const m = (version: number, fail = false): Migration => ({
      version,
      name: `m${version}`,
      up(db) {
        ran.push(version);
        db.exec(`CREATE TABLE t${version} (a)`);
        if (fail) throw new Error('broken migration');
      },
    });
    openDatabase({ file, label: 'cache', migrations: [m(1)], synchronous: 'NORMAL' }).db.close();
    expect(() => openDatabase({ file, label: 'cache', migrations: [m(1), m(2, true)], synchronous: 'NORMAL' })).toThrow('broken migration');
    const db = new Database(file);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't2'").get()).toBeUndefined();
    db.close();
    openDatabase({ file, label: 'cache', migrations: [m(1), m(2)], synchronous: 'NORMAL' }).db.close();
    expect(ran).toEqual([1, 2, 2]);
  });

  it('refuses a file written by a newer app rather than guessing', () => {
    const file = path.join(temp(), 'x.db');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openDatabase({ file, label: 'app', migrations: appMigrations, synchronous: 'FULL' })).toThrow(/newer than this app/);
  });

  it('moves a file of random bytes aside and starts an empty database instead of crashing', () => {
    const dir = temp();
    const file = path.join(dir, 'app.db');
    fs.writeFileSync(file, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 256)));
    const original = fs.readFileSync(file);
    const { db, corruption } = openDatabase({ file, label: 'app', migrations: appMigrations, synchronous: 'FULL' });
    expect(corruption).toBeDefined();
    expect(fs.readFileSync(corruption!.movedTo)).toEqual(original);
    expect(path.dirname(corruption!.movedTo)).toBe(path.join(dir, 'corrupt'));
    expect(db.prepare('SELECT COUNT(*) AS n FROM reports').get()).toEqual({ n: 0 });
    db.close();
  });

  it('detects a damaged page inside an otherwise valid file', () => {
    const dir = temp();
    const file = path.join(dir, 'app.db');
    const { db } = openDatabase({ file, label: 'app', migrations: appMigrations, synchronous: 'FULL' });
    const service = new ReportsService({ db });
    for (let i = 0; i < 300; i++) service.create({ title: `Report ${i} ${'x'.repeat(150)}` });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = fs.readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    // Scribble over the second page (a b-tree page of the reports table).
    bytes.fill(0xa5, pageSize, pageSize * 2);
    fs.writeFileSync(file, bytes);
    const reopened = openDatabase({ file, label: 'app', migrations: appMigrations, synchronous: 'FULL' });
    expect(reopened.corruption?.label).toBe('app');
    reopened.db.close();
  });
});

describe('backups', () => {
  it('backs up, keeps the newest N, and restores the newest, keeping the replaced file', async () => {
    const dir = temp();
    const file = path.join(dir, 'app.db');
    const backups = path.join(dir, 'backups');
    const { db } = openDatabase({ file, label: 'app', migrations: appMigrations, synchronous: 'FULL' });
    const service = new ReportsService({ db });
    service.create({ title: 'Kept in the backup' });
    for (let i = 0; i < 4; i++) await backupDatabase(db, backups, 3, new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
    const list = listBackups(backups);
    expect(list.map((b) => b.createdAt)).toEqual(['2026-01-01T00:00:03.000Z', '2026-01-01T00:00:02.000Z', '2026-01-01T00:00:01.000Z']);
    service.create({ title: 'Written after the backup' });
    db.close();
    const restored = restoreLatestBackup(file, backups, new Date(Date.UTC(2026, 0, 2)));
    expect(restored?.createdAt).toBe('2026-01-01T00:00:03.000Z');
    const after = openDatabase({ file, label: 'app', migrations: appMigrations, synchronous: 'FULL' });
    expect(new ReportsService({ db: after.db }).list().map((r) => r.title)).toEqual(['Kept in the backup']);
    after.db.close();
    expect(fs.readdirSync(path.join(dir, 'replaced')).some((f) => f.startsWith('app.db.'))).toBe(true);
  });

  it('says there is nothing to restore when there is no backup', () => {
    const dir = temp();
    expect(restoreLatestBackup(path.join(dir, 'app.db'), path.join(dir, 'backups'))).toBeUndefined();
  });
});

describe('the core on a corrupt app database', () => {
  it('tells the user, offers the backup, and works on the new database', async () => {
    const dir = temp();
    const first = openCore({ dataDir: dir, appVersion: 't', shell: 'cli', features: allFeatures, env: {} });
    first.services.reports!.create({ title: 'Before the damage' });
    await first.backupNow();
    await first.close();
    fs.writeFileSync(path.join(dir, 'app.db'), 'this is not a database at all'.repeat(200));
    const second = openCore({ dataDir: dir, appVersion: 't', shell: 'cli', features: allFeatures, env: {} });
    expect(second.notices).toMatchObject([{ database: 'app', kind: 'corruptMovedAside', backupAvailable: true }]);
    expect(second.services.reports!.list()).toEqual([]);
    await second.close();
    restoreLatestBackup(path.join(dir, 'app.db'), path.join(dir, 'backups'));
    const third = openCore({ dataDir: dir, appVersion: 't', shell: 'cli', features: allFeatures, env: {} });
    expect(third.services.reports!.list().map((r) => r.title)).toEqual(['Before the damage']);
    await third.close();
  });
});

describe('settings and secrets', () => {
  it('round-trips values, validates them on read, and survives a hand-broken file', () => {
    const dir = temp();
    const store = new FileSettingsStore(dir);
    store.set('app.language', 'en');
    expect(new FileSettingsStore(dir).get('app.language', z.enum(['en', 'pt-BR']), 'pt-BR')).toBe('en');
    store.set('app.language', 'klingon');
    expect(store.get('app.language', z.enum(['en', 'pt-BR']), 'pt-BR')).toBe('pt-BR');
    fs.writeFileSync(store.file, '{ not json');
    expect(store.get('app.language', z.string(), 'fallback')).toBe('fallback');
    expect(fs.readdirSync(dir).some((f) => f.startsWith('settings.json.invalid-'))).toBe(true);
  });

  it('keeps secrets out of settings.json, in a 0600 file', () => {
    const dir = temp();
    const secrets = new FileSecretStore(dir);
    secrets.set('official.anm.apiKey', 's3cr3t-value');
    expect(secrets.get('official.anm.apiKey')).toBe('s3cr3t-value');
    expect(secrets.names()).toEqual(['official.anm.apiKey']);
    expect(fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(dir, 'settings.json'))).toBe(false);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the whole file, keeps the mode, and leaves no temporary file when the rename fails', () => {
    const dir = temp();
    const file = path.join(dir, 'nested', 'out.json');
    writeFileAtomic(file, 'one', 0o600);
    writeFileAtomic(file, 'two', 0o600);
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // A folder (not empty) stands where the file should go: the rename fails, the folder stays as it was.
    const blocked = path.join(dir, 'blocked');
    fs.mkdirSync(blocked);
    fs.writeFileSync(path.join(blocked, 'keep.txt'), 'kept');
    expect(() => writeFileAtomic(blocked, 'three')).toThrow();
    expect(fs.readdirSync(dir).sort()).toEqual(['blocked', 'nested']);
    expect(fs.readdirSync(path.join(dir, 'nested'))).toEqual(['out.json']);
  });
});
