import { runCli } from './program';

// The `qivo` command line (bundled to out/cli/qivo-bundle.cjs, which the binary out/cli/qivo.cjs
// compiles with its code cache: see launch.ts).
runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
