import path from 'node:path';
import Database from 'better-sqlite3';
import { QivoError } from '../../shared/errors';

/**
 * Which better-sqlite3 binary a runtime loads. better-sqlite3 is not N-API: its .node file is
 * tied to one module ABI, and Electron's embedded Node has another ABI than the Node that runs
 * `npm test` and the `qivo` CLI. So there are two binaries, never swapped in place:
 *
 *   Node (tests, CLI, browser host)  node_modules/better-sqlite3/build/Release/  (built by `npm ci`)
 *   Electron, development (npm start) native/electron/better_sqlite3.node         (`npm run rebuild:electron`)
 *   Electron, packaged app            node_modules/better-sqlite3 inside the package, rebuilt for
 *                                     Electron by electron-builder (`npmRebuild`) and unpacked from asar
 *
 * The Electron main passes the development path to better-sqlite3's `nativeBinding` option; every
 * other runtime uses the package's own binary.
 */
export const ELECTRON_NATIVE_DIR = path.join('native', 'electron');
export const SQLITE_BINARY = 'better_sqlite3.node';

export type SqliteRuntime = { kind: 'node' } | { kind: 'electron'; packaged: boolean; appRoot: string };

/** The binary to pass as `nativeBinding`, or undefined for the package's own build. */
export function resolveSqliteBinding(runtime: SqliteRuntime): string | undefined {
  if (runtime.kind === 'node' || runtime.packaged) return undefined;
  return path.join(runtime.appRoot, ELECTRON_NATIVE_DIR, SQLITE_BINARY);
}

let binding: string | undefined;
let runtimeKind: SqliteRuntime['kind'] = 'node';

/** Set once at start-up by the Electron main (before the core opens any database). */
export function useSqliteRuntime(runtime: SqliteRuntime): void {
  runtimeKind = runtime.kind;
  binding = resolveSqliteBinding(runtime);
}

/** The binary the next database open will load (undefined = better-sqlite3's own build). */
export function currentSqliteBinding(): string | undefined {
  return binding;
}

const WRONG_BINARY =
  /NODE_MODULE_VERSION|file too short|compiled against a different Node\.js version|invalid ELF header|not a valid Win32 application|wrong ELF class|Could not locate the bindings file|Cannot find module .*better_sqlite3\.node|no suitable image found|mach-o/i;

/** A load failure of the native module, explained: which runtime, which ABI, what to run. */
export function explainNativeLoadError(error: unknown, kind: SqliteRuntime['kind'] = runtimeKind): QivoError | undefined {
  const message = error instanceof Error ? error.message : String(error);
  if (!WRONG_BINARY.test(message)) return undefined;
  const electron = kind === 'electron';
  const runtime = electron ? `Electron ${process.versions.electron ?? ''}`.trim() : `Node.js ${process.versions.node}`;
  const command = electron ? 'npm run rebuild:electron' : 'npm rebuild better-sqlite3';
  const abi = process.versions.modules;
  return new QivoError('storage.nativeModule', `better-sqlite3 is not built for ${runtime} (ABI ${abi}); run "${command}". ${message}`, {
    runtime,
    abi,
    command,
    detail: message.split('\n')[0] ?? '',
  });
}

/** `new Database()` with this runtime's binary; a wrong binary fails with what to run, never as "corruption". */
export function openSqliteHandle(file: string, options: Database.Options = {}): Database.Database {
  try {
    return new Database(file, binding ? { ...options, nativeBinding: binding } : options);
  } catch (error) {
    throw explainNativeLoadError(error) ?? error;
  }
}
