import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ELECTRON_NATIVE_DIR, explainNativeLoadError, resolveSqliteBinding, SQLITE_BINARY } from '../../../main/storage/native-binding';
import { CLI_BIN, makeTempDir, OUT_DIR, REPO_ROOT, requireBuild } from '../../support/temp-dir';

const PROBE = path.join(REPO_ROOT, 'test', 'support', 'electron-main-probe.cjs');
const ELECTRON_MAIN = path.join(OUT_DIR, 'main', 'electron-main.cjs');
const NODE_BUILD = fs.realpathSync(path.join(REPO_ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', SQLITE_BINARY));

interface ProbeResult {
  ok: boolean;
  error?: string;
  binaries: string[];
}

/** Lays out an app folder as `npm start` has it (the built main under out/main/, node_modules beside it) and starts the main there. */
function probeElectronMain(appRoot: string, dataDir: string): ProbeResult {
  requireBuild();
  fs.mkdirSync(path.join(appRoot, 'out', 'main'), { recursive: true });
  fs.copyFileSync(ELECTRON_MAIN, path.join(appRoot, 'out', 'main', 'electron-main.cjs'));
  fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(appRoot, 'package.json'));
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(appRoot, 'node_modules'), 'dir');
  const run = spawnSync(process.execPath, [PROBE, `--data-dir=${dataDir}`], {
    env: {
      ...process.env,
      PROBE_APP_ROOT: appRoot,
      PROBE_USER_DATA: dataDir,
      PROBE_BUNDLE: path.join(appRoot, 'out', 'main', 'electron-main.cjs'),
      QIVO_DATA_DIR: dataDir,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  expect(line, run.stderr).toMatch(/^\{/);
  return JSON.parse(line) as ProbeResult;
}

describe('which better-sqlite3 binary each runtime loads', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir('qivo-native-');
  });
  afterEach(() => tmp.cleanup());

  it('resolves the Electron-ABI copy only for the Electron window in development', () => {
    expect(resolveSqliteBinding({ kind: 'node' })).toBeUndefined();
    expect(resolveSqliteBinding({ kind: 'electron', packaged: true, appRoot: '/opt/QIVO/resources/app.asar' })).toBeUndefined();
    expect(resolveSqliteBinding({ kind: 'electron', packaged: false, appRoot: '/src/qivo' })).toBe(path.join('/src/qivo', ELECTRON_NATIVE_DIR, SQLITE_BINARY));
  });

  it('the built Electron main opens its databases with native/electron/better_sqlite3.node', () => {
    const appRoot = path.join(tmp.dir, 'app');
    fs.mkdirSync(path.join(appRoot, ELECTRON_NATIVE_DIR), { recursive: true });
    // Under plain Node the stand-in is the Node build; the point is where the bundle loads it from.
    const electronCopy = path.join(appRoot, ELECTRON_NATIVE_DIR, SQLITE_BINARY);
    fs.copyFileSync(NODE_BUILD, electronCopy);
    const result = probeElectronMain(appRoot, path.join(tmp.dir, 'data'));
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.binaries).toEqual([fs.realpathSync(electronCopy)]);
    expect(fs.existsSync(path.join(tmp.dir, 'data', 'app.db'))).toBe(true);
  });

  it('without the Electron build the window says what to run, and moves no database aside', () => {
    const appRoot = path.join(tmp.dir, 'app');
    fs.mkdirSync(appRoot, { recursive: true });
    const result = probeElectronMain(appRoot, path.join(tmp.dir, 'data'));
    expect(result.ok).toBe(false);
    expect(result.error).toContain('npm run rebuild:electron');
    expect(fs.existsSync(path.join(tmp.dir, 'data', 'corrupt'))).toBe(false);
  });

  it('a binary built for another platform or ABI is explained, not taken for a damaged database', () => {
    const appRoot = path.join(tmp.dir, 'app');
    fs.mkdirSync(path.join(appRoot, ELECTRON_NATIVE_DIR), { recursive: true });
    fs.writeFileSync(
      path.join(appRoot, ELECTRON_NATIVE_DIR, SQLITE_BINARY),
      Buffer.concat([Buffer.from('MZ\x90\x00 a Windows DLL, not an ELF object'), Buffer.alloc(8192, 0x41)]),
    );
    const result = probeElectronMain(appRoot, path.join(tmp.dir, 'data'));
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/not built for Electron .*npm run rebuild:electron/);
    expect(result.error).toMatch(/invalid ELF header|wrong ELF class|too short/);
    expect(fs.existsSync(path.join(tmp.dir, 'data', 'corrupt'))).toBe(false);
  });

  it('the qivo CLI loads the Node build from node_modules', () => {
    requireBuild();
    const reporter = path.join(tmp.dir, 'maps.cjs');
    fs.writeFileSync(
      reporter,
      "process.on('exit', () => { const maps = require('fs').readFileSync('/proc/self/maps', 'utf8').split('\\n').map((l) => l.trim().split(/\\s+/).slice(5).join(' ')).filter((p) => p.endsWith('better_sqlite3.node')); process.stderr.write('MAPPED ' + JSON.stringify([...new Set(maps)]) + '\\n'); });",
    );
    const run = spawnSync(process.execPath, ['--require', reporter, CLI_BIN, '--data-dir', path.join(tmp.dir, 'cli'), 'reports', 'list', '--json'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const mapped = JSON.parse(/MAPPED (.*)/.exec(run.stderr)![1]!) as string[];
    expect(mapped).toEqual([NODE_BUILD]);
  });

  it('names the rebuild command for each runtime', () => {
    const abi = new Error(
      'The module was compiled against a different Node.js version using NODE_MODULE_VERSION 139. This version of Node.js requires NODE_MODULE_VERSION 115.',
    );
    expect(explainNativeLoadError(abi, 'node')?.params).toMatchObject({ command: 'npm rebuild better-sqlite3', abi: process.versions.modules });
    expect(explainNativeLoadError(abi, 'electron')?.params).toMatchObject({ command: 'npm run rebuild:electron' });
    expect(explainNativeLoadError(new Error('SQLITE_NOTADB: file is not a database'), 'node')).toBeUndefined();
  });
});
