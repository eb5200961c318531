// Builds everything the app, the CLI and the test host run:
//   out/main/electron-main.cjs, out/main/preload.cjs   (esbuild; Electron main + sandboxed preload)
//   out/cli/qivo.cjs, out/cli/qivo-bundle.cjs(.v8cache) (esbuild; the `qivo` command line: launcher,
//                                                      bundle and its V8 code cache)
//   out/host/serve.cjs, out/host/bridge.js             (esbuild; browser host for tests and reviewers)
//   out/renderer/                                      (Vite; the React renderer)
// Why Vite + esbuild rather than electron-vite: the renderer needs Vite's React build, while
// main/preload/CLI are plain bundles with different module rules (a sandboxed preload must be one
// CJS file; the CLI and host must run under plain Node without Electron). esbuild does those in
// milliseconds with one small script we control, and nothing here depends on the Electron binary.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { asciiOnly } from './ascii-js.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'out');
const watchless = { logLevel: 'warning', absWorkingDir: root, sourcemap: true, target: 'node20' };

/** Keeps node_modules external (installed beside the app) except ESM-only packages that must be bundled into CJS. */
function externalsExcept(bundled) {
  return {
    name: 'externals-except',
    setup(b) {
      b.onResolve({ filter: /^[^./]|^\.[^./]|^\.\.[^/]/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const spec = args.path;
        if (spec.startsWith('.') || path.isAbsolute(spec)) return undefined;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (bundled.some((b) => name === b)) return undefined;
        return { path: spec, external: true };
      });
    },
  };
}

/**
 * Writes out/cli/qivo-bundle.cjs.v8cache: V8's bytecode of what `qivo --help` and `qivo reports
 * list` run, so the CLI's short commands skip parsing the bundle. Made by running both commands in
 * one Node process (scripts/train-cli-cache.cjs) on a throw-away data folder; the same Node that
 * runs the CLI can use it, another one silently ignores it.
 */
function trainCliCodeCache() {
  // ASCII, so the launcher reads it without a UTF-8 decode; its last line names its digest, and
  // the cache starts with the same (see main/cli/launch.ts).
  const bundle = path.join(out, 'cli', 'qivo-bundle.cjs');
  const original = fs.readFileSync(bundle, 'utf8');
  const text = asciiOnly(original) ?? original;
  fs.writeFileSync(bundle, `${text}\n// qivo-bundle-sha256 ${createHash('sha256').update(text).digest('hex')}\n`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qivo-build-cli-'));
  try {
    const env = { ...process.env, QIVO_LANG: 'en' };
    delete env.NODE_OPTIONS; // V8 flags from there would make a cache that plain `node` rejects
    const cli = path.join(out, 'cli', 'qivo.cjs');
    const created = spawnSync(process.execPath, [cli, '--data-dir', dataDir, 'reports', 'create', '--title', 'Build'], { env, encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`build: qivo reports create failed: ${created.stderr}`);
    const trained = spawnSync(process.execPath, [path.join(root, 'scripts', 'train-cli-cache.cjs'), path.join(out, 'cli'), dataDir], { env, encoding: 'utf8' });
    if (trained.status !== 0) throw new Error(`build: training the CLI code cache failed: ${trained.stderr}`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

fs.rmSync(out, { recursive: true, force: true });

const started = Date.now();
await Promise.all([
  esbuild({
    ...watchless,
    entryPoints: { 'main/electron-main': 'main/electron/main.ts' },
    outdir: out,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // electron-store 12 and its dependencies are ESM-only: bundle them into the CJS main.
    plugins: [
      externalsExcept([
        'electron-store',
        'p-limit',
        'yocto-queue',
        'is-safe-filename',
        'conf',
        'dot-prop',
        'env-paths',
        'atomically',
        'debounce-fn',
        'semver',
        'type-fest',
        'uint8array-extras',
        'stubborn-fs',
        'when-exit',
        'ajv',
        'ajv-formats',
        'json-schema-typed',
        'fast-deep-equal',
        'json-schema-traverse',
        'fast-uri',
        'require-from-string',
        'mimic-function',
        'stubborn-utils',
      ]),
    ],
    external: ['electron'],
  }),
  esbuild({
    ...watchless,
    entryPoints: { 'main/preload': 'main/electron/preload.ts' },
    outdir: out,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    // A sandboxed preload can only require('electron'): everything else is inlined into one file.
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
  }),
  ...[
    { entryPoints: { 'host/serve': 'main/host/serve.ts' }, banner: { js: '#!/usr/bin/env node' } },
    // The CLI bundle is run by the launcher below, never as a binary of its own. The launcher
    // compiles it with vm.Script, where an import() of a package fails once the code comes from
    // the code cache: so packages left external are loaded with require() (each has a CJS build).
    { entryPoints: { 'cli/qivo-bundle': 'main/cli/qivo.ts' }, supported: { 'dynamic-import': false } },
  ].map((entry) =>
    esbuild({
      ...watchless,
      ...entry,
      outdir: out,
      outExtension: { '.js': '.cjs' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      // zod is bundled: loading its ~95 CommonJS files costs more than the whole `qivo reports list`
      // may take; inlined it costs a third less, and only for the commands that reach a schema
      // (modules behind a dynamic import() are initialised lazily by esbuild).
      plugins: [externalsExcept(['zod'])],
    }),
  ),
  esbuild({
    ...watchless,
    // The `qivo` binary: compiles the CLI bundle with the code cache made below (see main/cli/launch.ts).
    entryPoints: { 'cli/qivo': 'main/cli/launch.ts' },
    outdir: out,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  }),
  esbuild({
    ...watchless,
    target: 'chrome120',
    entryPoints: { 'host/bridge': 'main/host/browser-bridge.ts' },
    outdir: out,
    bundle: true,
    platform: 'browser',
    format: 'iife',
  }),
]);
fs.chmodSync(path.join(out, 'cli/qivo.cjs'), 0o755);
trainCliCodeCache();

await viteBuild({ configFile: path.join(root, 'vite.config.mts'), logLevel: 'warn' });
console.log(`build: out/ ready in ${Date.now() - started} ms`);
