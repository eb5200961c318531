import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runQivo } from '../../support/cli';
import { CLI_BIN, REPO_ROOT, requireBuild } from '../../support/temp-dir';
import { tempDirPerTest } from '../../support/temp-per-test';

const dataDir = tempDirPerTest('qivo-cli-');

beforeAll(() => requireBuild());

describe('qivo command line', () => {
  it('prints help and version', () => {
    const help = runQivo(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: qivo/);
    expect(help.stdout).toMatch(/reports/);
    const version = runQivo(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
  });

  it('creates and lists drafts in the folder from QIVO_DATA_DIR, as JSON', () => {
    const dir = dataDir();
    const created = runQivo(['reports', 'create', '--title', 'Mina Serra Azul', '--json'], { QIVO_DATA_DIR: dir });
    expect(created.status).toBe(0);
    const draft = JSON.parse(created.stdout) as { id: string; title: string };
    expect(draft.title).toBe('Mina Serra Azul');
    const listed = runQivo(['reports', 'list', '--json'], { QIVO_DATA_DIR: dir });
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id: draft.id, title: 'Mina Serra Azul' })]);
    expect(fs.existsSync(path.join(dir, 'app.db'))).toBe(true);
  });

  it('--data-dir wins over QIVO_DATA_DIR', () => {
    const a = dataDir();
    const b = dataDir();
    runQivo(['--data-dir', a, 'reports', 'create', '--title', 'In A'], { QIVO_DATA_DIR: b });
    expect(JSON.parse(runQivo(['reports', 'list', '--json'], { QIVO_DATA_DIR: a }).stdout)).toHaveLength(1);
    expect(JSON.parse(runQivo(['reports', 'list', '--json'], { QIVO_DATA_DIR: b }).stdout)).toHaveLength(0);
  });

  it('renames and deletes by unique id prefix', () => {
    const dir = dataDir();
    const env = { QIVO_DATA_DIR: dir };
    const { id } = JSON.parse(runQivo(['reports', 'create', '--title', 'Old', '--json'], env).stdout) as { id: string };
    const renamed = runQivo(['reports', 'rename', id.slice(0, 8), '--title', 'New title', '--json'], env);
    expect(JSON.parse(renamed.stdout)).toMatchObject({ id, title: 'New title' });
    expect(runQivo(['reports', 'delete', id, '--json'], env).status).toBe(0);
    expect(JSON.parse(runQivo(['reports', 'list', '--json'], env).stdout)).toEqual([]);
  });

  it('errors are one translated line with a non-zero exit, stack only with --debug', () => {
    const env = { QIVO_DATA_DIR: dataDir() };
    const missing = runQivo(['reports', 'delete', 'ffffffff-0000-4000-8000-000000000000'], env);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^Error: No report draft with id ffffffff/);
    const pt = runQivo(['reports', 'create', '--title', '   ', '--lang', 'pt-BR'], env);
    expect(pt.status).toBe(1);
    expect(pt.stderr).toMatch(/^Erro: O rascunho de relatório não é válido/);
    const debug = runQivo(['reports', 'delete', 'nope', '--debug'], env);
    expect(debug.stderr).toMatch(/at .*\(/);
    const usage = runQivo(['reports', 'frobnicate'], env);
    expect(usage.status).not.toBe(0);
  });

  it('kill -9 in the middle of 1 000 inserts leaves a database that passes integrity_check', async () => {
    const dir = dataDir();
    const child = spawn(process.execPath, [CLI_BIN, 'reports', 'seed', '--count', '1000'], { env: { ...process.env, QIVO_DATA_DIR: dir } });
    const file = path.join(dir, 'app.db');
    // Wait until some inserts have committed, then kill without warning.
    const deadline = Date.now() + 30_000;
    let seen = 0;
    while (Date.now() < deadline) {
      if (fs.existsSync(file)) {
        try {
          const probe = new Database(file, { readonly: true, fileMustExist: true });
          seen = (probe.prepare('SELECT COUNT(*) AS n FROM reports').get() as { n: number }).n;
          probe.close();
        } catch {
          /* schema not there yet */
        }
      }
      if (seen >= 20) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(seen).toBeGreaterThanOrEqual(20);
    const db = new Database(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const n = (db.prepare('SELECT COUNT(*) AS n FROM reports').get() as { n: number }).n;
    db.close();
    expect(n).toBeGreaterThanOrEqual(seen);
    expect(n).toBeLessThan(1000);
    // And the CLI carries on with the same file.
    const check = runQivo(['db', 'check', '--json'], { QIVO_DATA_DIR: dir });
    expect(JSON.parse(check.stdout)).toMatchObject({ integrity: 'ok' });
  });

  it('a database overwritten with random bytes: clear message, exit 3, bad file kept aside, next run works', () => {
    const dir = dataDir();
    const env = { QIVO_DATA_DIR: dir };
    runQivo(['reports', 'create', '--title', 'Will be lost'], env);
    const file = path.join(dir, 'app.db');
    for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    const garbage = Buffer.alloc(32768);
    for (let i = 0; i < garbage.length; i++) garbage[i] = Math.floor(Math.random() * 256);
    fs.writeFileSync(file, garbage);
    const broken = runQivo(['reports', 'list'], env);
    expect(broken.status).toBe(3);
    expect(broken.stderr).toMatch(/damaged/);
    expect(broken.stderr).toMatch(/moved aside/);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
    const aside = fs.readdirSync(path.join(dir, 'corrupt'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, 'corrupt', aside[0]!))).toEqual(garbage);
    const next = runQivo(['reports', 'list', '--json'], env);
    expect(next.status).toBe(0);
    expect(JSON.parse(next.stdout)).toEqual([]);
  });

  it('backs up and restores the app database from the command line', () => {
    const env = { QIVO_DATA_DIR: dataDir() };
    runQivo(['reports', 'create', '--title', 'Precious'], env);
    expect(runQivo(['db', 'backup', '--json'], env).status).toBe(0);
    runQivo(['reports', 'create', '--title', 'Later'], env);
    const restore = runQivo(['db', 'restore', '--json'], env);
    expect(restore.status).toBe(0);
    expect(JSON.parse(runQivo(['reports', 'list', '--json'], env).stdout).map((r: { title: string }) => r.title)).toEqual(['Precious']);
    const none = runQivo(['db', 'restore'], { QIVO_DATA_DIR: dataDir() });
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no backup/i);
  });
});
