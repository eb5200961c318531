// `node scripts/train-cli-cache.cjs OUT_CLI_DIR DATA_DIR` (run by scripts/build.mjs): runs `qivo
// --help`, then `qivo reports list` on DATA_DIR, in this one process with the launcher's own
// compile of the bundle, then writes the code cache of everything they compiled beside the bundle.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [dir, dataDir] = process.argv.slice(2);
const { compileBundle, CACHE_FILE } = require(path.join(dir, 'qivo.cjs'));
const bundle = compileBundle(dir, { useCache: false });
const commands = [['--help'], ['--data-dir', dataDir, 'reports', 'list']];
// What the CLI prints is not wanted here.
process.stdout.write = () => true;

/** Runs one command the way the binary does; the CLI says it finished by setting process.exitCode. */
function run(args) {
  process.exitCode = undefined;
  process.argv = [process.argv[0], path.join(dir, 'qivo.cjs'), ...args];
  bundle.run();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (process.exitCode === undefined) return setImmediate(poll);
      if (process.exitCode !== 0) return reject(new Error(`qivo ${args.join(' ')} exited ${process.exitCode}`));
      resolve();
    };
    poll();
  });
}

(async () => {
  for (const args of commands) await run(args);
  fs.writeFileSync(path.join(dir, CACHE_FILE), bundle.cacheData());
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
