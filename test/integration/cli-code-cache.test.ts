import { isAscii } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQivo } from '../support/cli';
import { CLI_BIN, REPO_ROOT, makeTempDir, requireBuild } from '../support/temp-dir';

// The `qivo` binary compiles its bundle with the V8 code cache the build made (main/cli/launch.ts).
// What is checked here is that the cache is used, and that a cache that does not fit is never an
// error: the CLI behaves the same, it only parses the bundle again.
const cliDir = path.dirname(CLI_BIN);
requireBuild();
const { CACHE_FILE } = createRequire(import.meta.url)(CLI_BIN) as { CACHE_FILE: string };

/**
 * What V8 made of the cache in `dir`, in a fresh process (V8 keeps what one process compiled, and
 * would not look at the cache a second time): 'accepted', 'rejected', or 'unused' when none was given.
 */
function cacheState(dir: string): string {
  const script = `const s = require(${JSON.stringify(CLI_BIN)}).compileBundle(${JSON.stringify(dir)}).script;
    console.log(s.cachedDataRejected === undefined ? 'unused' : s.cachedDataRejected ? 'rejected' : 'accepted')`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trim();
}

function helpIn(dir: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(dir, 'qivo.cjs'), '--help'], { env: { ...process.env, QIVO_LANG: 'en' }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the qivo binary and its code cache', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let copy: string;
  beforeAll(() => {
    tmp = makeTempDir('qivo-code-cache-');
    // A copy of out/cli that still finds the packages the bundle leaves external.
    copy = path.join(tmp.dir, 'cli');
    fs.cpSync(cliDir, copy, { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(tmp.dir, 'node_modules'), 'dir');
  });
  afterAll(() => tmp.cleanup());

  it('the build made a cache that this Node accepts for the bundle', () => {
    expect(fs.existsSync(path.join(cliDir, CACHE_FILE))).toBe(true);
    expect(cacheState(cliDir)).toBe('accepted');
  });

  it('a cache made for another bundle is not used, and the CLI answers as before', () => {
    const expected = runQivo(['--help']);
    expect(expected.status).toBe(0);
    const cache = path.join(copy, CACHE_FILE);
    const data = fs.readFileSync(cache);
    // The cache starts with the digest of the bundle it was made for: here, of some other bundle.
    data.write('0'.repeat(64), 0, 'latin1');
    fs.writeFileSync(cache, data);
    expect(cacheState(copy)).toBe('unused');
    expect(helpIn(copy)).toEqual(expected);
  });

  it('a damaged cache is rejected by V8 without an error', () => {
    fs.cpSync(cliDir, copy, { recursive: true });
    const cache = path.join(copy, CACHE_FILE);
    const data = fs.readFileSync(cache);
    // Past the bundle's digest (64 bytes): V8's own data, with its version and checksum.
    data.fill(0x5a, 64, 128);
    fs.writeFileSync(cache, data);
    expect(cacheState(copy)).toBe('rejected');
    expect(helpIn(copy)).toEqual(runQivo(['--help']));
  });

  it('without a cache file the CLI runs too', () => {
    fs.rmSync(path.join(copy, CACHE_FILE));
    expect(helpIn(copy)).toEqual(runQivo(['--help']));
  });

  it('the bundle is ASCII (read as Latin-1, no UTF-8 decode of 1.9 MB)', () => {
    expect(isAscii(fs.readFileSync(path.join(cliDir, 'qivo-bundle.cjs')))).toBe(true);
  });

  it('the bundle has no import() left (vm.Script would have no loader for it)', () => {
    const bundle = fs.readFileSync(path.join(cliDir, 'qivo-bundle.cjs'), 'utf8');
    expect(bundle.match(/[^\w.$]import\(\s*["'`\w]/g) ?? []).toEqual([]);
  });

  it('stack traces with --debug name the bundle file and its lines', () => {
    const run = runQivo(['--data-dir', tmp.dir, 'reports', 'show', 'no-such-draft', '--debug']);
    expect(run.status).toBe(1);
    const frame = /\(([^()]+qivo-bundle\.cjs):(\d+):\d+\)/.exec(run.stderr);
    expect(frame, run.stderr).not.toBeNull();
    const line = fs.readFileSync(frame![1]!, 'utf8').split('\n')[Number(frame![2]) - 1];
    expect(line).toContain('throw');
  });
});
