import { isAscii } from 'node:buffer';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/*
 * Entry of the `qivo` binary (out/cli/qivo.cjs). The command line itself is one CommonJS bundle
 * (out/cli/qivo-bundle.cjs, from qivo.ts); V8 spent about a third of a short command's start-up
 * parsing its 1.9 MB. So this launcher compiles the bundle with the V8 code cache the build made
 * by running `qivo --help` and `qivo reports list` (scripts/build.mjs): V8 then deserialises the
 * bytecode of what those commands ran instead of parsing the source.
 *
 * The bundle runs as Node would run it (the same module wrapper, `require`, `__filename` and
 * `__dirname` of the bundle's own path, so stack traces name qivo-bundle.cjs with its real lines).
 * A cache that does not fit is never an error: one made for another bundle (the bundle's digest heads
 * the cache) is not used, and one V8 rejects (another Node, other V8 flags) only costs the parse.
 */

export const BUNDLE_FILE = 'qivo-bundle.cjs';
export const CACHE_FILE = `${BUNDLE_FILE}.v8cache`;
const WRAPPER = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'] as const;
/**
 * The build ends the bundle with this line and the SHA-256 of what precedes it, and starts the
 * cache file with the same digest: a cache is used only with the bundle it was made for (V8 itself
 * checks no more than the length of the source). A file's time is no use for this: copies and
 * archives keep it loosely or not at all.
 */
const BUILD_ID_LINE = '// qivo-bundle-sha256 ';
const BUILD_ID = /\/\/ qivo-bundle-sha256 ([0-9a-f]{64})\n$/;
const HEADER_BYTES = 64;

export interface CompiledBundle {
  script: vm.Script;
  /** Runs the bundle (the CLI reads process.argv). */
  run(): void;
  /** What a cache file for this bundle holds: the bundle's digest, then V8's data for what has run so far. */
  cacheData(): Buffer;
}

/** The source as a one-byte string when it is ASCII (a UTF-8 decode of 1.9 MB costs ~10 ms). */
function readSource(file: string): string {
  const bytes = fs.readFileSync(file);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/** V8's data from the cache file, or undefined when there is none or it was made for another bundle. */
function readCache(file: string, buildId: string | undefined): Buffer | undefined {
  if (!buildId) return undefined;
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (data.length <= HEADER_BYTES || data.toString('latin1', 0, HEADER_BYTES) !== buildId) return undefined;
  return data.subarray(HEADER_BYTES);
}

export function compileBundle(dir: string, options: { useCache?: boolean } = {}): CompiledBundle {
  const file = path.join(dir, BUNDLE_FILE);
  const source = readSource(file);
  const buildId = BUILD_ID.exec(source.slice(-BUILD_ID_LINE.length - 65))?.[1];
  const cachedData = options.useCache === false ? undefined : readCache(path.join(dir, CACHE_FILE), buildId);
  const script = new vm.Script(WRAPPER[0] + source + WRAPPER[1], {
    filename: file,
    // No importModuleDynamically: the build turns the bundle's import() into require().
    ...(cachedData ? { cachedData } : {}),
  });
  return {
    script,
    run() {
      const module = new Module(file);
      module.filename = file;
      const run = script.runInThisContext() as (...args: unknown[]) => void;
      run.call(module.exports, module.exports, createRequire(file), module, file, dir);
    },
    cacheData() {
      if (!buildId) throw new Error(`${file} does not end with its build id`);
      return Buffer.concat([Buffer.from(buildId, 'latin1'), script.createCachedData()]);
    },
  };
}

if (require.main === module) compileBundle(__dirname).run();
