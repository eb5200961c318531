// Builds everything the app, the CLI and the test host run:
//   out/main/electron-main.cjs, out/main/preload.cjs   (esbuild; Electron main + sandboxed preload)
//   out/cli/qivo.cjs                                   (esbuild; the `qivo` command line)
//   out/host/serve.cjs, out/host/bridge.js             (esbuild; browser host for tests and reviewers)
//   out/renderer/                                      (Vite; the React renderer)
// Why Vite + esbuild rather than electron-vite: the renderer needs Vite's React build, while
// main/preload/CLI are plain bundles with different module rules (a sandboxed preload must be one
// CJS file; the CLI and host must run under plain Node without Electron). esbuild does those in
// milliseconds with one small script we control, and nothing here depends on the Electron binary.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
  esbuild({
    ...watchless,
    entryPoints: { 'cli/qivo': 'main/cli/qivo.ts', 'host/serve': 'main/host/serve.ts' },
    outdir: out,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // zod is bundled: loading its ~95 CommonJS files costs more than the whole `qivo reports list`
    // may take; inlined it costs a third less, and only for the commands that reach a schema
    // (modules behind a dynamic import() are initialised lazily by esbuild).
    plugins: [externalsExcept(['zod'])],
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

await viteBuild({ configFile: path.join(root, 'vite.config.mts'), logLevel: 'warn' });
console.log(`build: out/ ready in ${Date.now() - started} ms`);
