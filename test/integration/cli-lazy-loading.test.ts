import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliContext } from '../../main/cli/cli-context';
import { commandGroups } from '../../main/cli/commands';
import { requestedCommand } from '../../main/cli/program';
import { probeModules, probeQivo } from '../support/module-probe';
import { makeTempDir } from '../support/temp-dir';

// Issue 17 point 2: a command loads only what it uses. Heavy packages that `qivo reports list`
// and `qivo --help` must never load (each costs tens of milliseconds to compile).
const HEAVY = ['pdfkit', 'docx', 'axios', 'htmlparser2', 'jszip', 'iconv-lite'];
const isHeavy = (pkg: string) => HEAVY.includes(pkg) || pkg.startsWith('@turf/');

describe('the qivo CLI loads per command', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeAll(() => {
    tmp = makeTempDir('qivo-lazy-');
  });
  afterAll(() => tmp.cleanup());

  it('the probe sees every package it is asked about (so the checks below cannot pass blindly)', () => {
    const run = probeModules(tmp.dir, [
      '-e',
      "require('pdfkit'); require('docx'); require('axios'); require('htmlparser2'); require('@turf/distance'); require('zod')",
    ]);
    expect(run.status).toBe(0);
    expect(run.packages).toEqual(expect.arrayContaining(['pdfkit', 'docx', 'axios', 'htmlparser2', '@turf/distance', 'zod']));
    // And in the built CLI: a command that uses the regulators loads their clients and schemas.
    const official = probeQivo(tmp.dir, ['--data-dir', tmp.dir, 'official', 'status', '--json']);
    expect(official.status, official.stderr).toBe(0);
    expect(official.packages).toEqual(expect.arrayContaining(['axios', 'htmlparser2', 'zod']));
    expect(official.packages.some((p) => p.startsWith('@turf/'))).toBe(true);
  });

  it('`qivo --help` loads no command module: not even SQLite: only commander and i18next', () => {
    const run = probeQivo(tmp.dir, ['--help']);
    expect(run.status, run.stderr).toBe(0);
    for (const group of commandGroups) expect(run.stdout).toContain(group.name);
    expect(run.packages.filter(isHeavy)).toEqual([]);
    expect(run.packages).not.toContain('zod');
    expect(run.packages).toEqual(['commander', 'i18next']);
  });

  it('`qivo reports list` loads none of the heavy packages and still lists the drafts', () => {
    const created = probeQivo(tmp.dir, ['--data-dir', tmp.dir, 'reports', 'create', '--title', 'Mina Serra Azul', '--json']);
    expect(created.status, created.stderr).toBe(0);
    const run = probeQivo(tmp.dir, ['--data-dir', tmp.dir, 'reports', 'list', '--json']);
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as Array<{ title: string }>).map((r) => r.title)).toEqual(['Mina Serra Azul']);
    expect(run.packages.filter(isHeavy)).toEqual([]);
    expect(run.packages).toContain('better-sqlite3');
  });

  it('each group in commands/index.ts has the description its module gives it, and argv picks the group', async () => {
    for (const group of commandGroups) {
      const program = new Command();
      const ctx = new CliContext({ stdout: () => undefined, stderr: () => undefined, env: {} });
      for (const load of group.load) (await load()).register(program, ctx);
      const registered = program.commands.find((c) => c.name() === group.name);
      expect(registered, group.name).toBeDefined();
      expect(registered?.description()).toBe(group.description);
    }
    expect(requestedCommand(['--data-dir', '/tmp/x', '--json', 'reports', 'list'])).toBe('reports');
    expect(requestedCommand(['--lang', 'en', 'help', 'official'])).toBe('official');
    expect(requestedCommand(['--help'])).toBeUndefined();
  });
});
