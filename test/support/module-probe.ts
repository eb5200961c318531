import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI_BIN, REPO_ROOT, requireBuild } from './temp-dir';

/**
 * A `--require` hook that records, when the process exits, every npm package in `require.cache`
 * and whether zod initialised (zod is bundled into the CLI, so it is not in `require.cache`; its
 * core sets `globalThis.__zod_globalConfig` the moment it is evaluated).
 */
const HOOK = `
const fs = require('node:fs');
process.on('exit', () => {
  const packages = new Set();
  for (const file of Object.keys(require.cache)) {
    const m = file.match(/node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/);
    if (m) packages.add(m[1].replace(/\\\\/g, '/'));
  }
  if ('__zod_globalConfig' in globalThis) packages.add('zod');
  fs.writeFileSync(process.env.QIVO_PROBE_OUT, JSON.stringify([...packages].sort()));
});
`;

export interface ProbeRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** npm packages the process loaded (plus `zod` when it was evaluated, bundled or not). */
  packages: string[];
}

/** Runs `node --require <hook> ARGS…` in a real process and reports which packages it loaded. */
export function probeModules(dir: string, nodeArgs: string[]): ProbeRun {
  const hook = path.join(dir, 'module-probe.cjs');
  const out = path.join(dir, `probe-${process.hrtime.bigint()}.json`);
  fs.writeFileSync(hook, HOOK);
  const result = spawnSync(process.execPath, ['--require', hook, ...nodeArgs], {
    cwd: REPO_ROOT,
    env: { ...process.env, QIVO_LANG: 'en', QIVO_PROBE_OUT: out },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const packages = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as string[]) : [];
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, packages };
}

/** The built `qivo` under the probe. */
export function probeQivo(dir: string, args: string[]): ProbeRun {
  requireBuild();
  return probeModules(dir, [CLI_BIN, ...args]);
}
