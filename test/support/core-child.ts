// Child process for the integrity-check tests: opens the real core with every feature on a data
// folder, waits for its background checks, prints them as one JSON line and then waits for a
// command on stdin: "close" closes the core cleanly and exits; otherwise the test kills it -9.
import readline from 'node:readline';
import { openCore, type Shell } from '../../main/core/core';
import { allFeatures } from '../../main/core/features';

const dataDir = process.argv[2]!;
const shell = (process.argv[3] ?? 'browser-host') as Shell;
const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
const core = openCore({ dataDir, appVersion: '0.2.0', shell, env, features: allFeatures });
// Something in each disposable file, as a real session leaves.
core.metrics.record({ kind: 'export', at: Date.now(), name: 'ex96', outcome: 'success' });
core.services.metrics?.store.flush();
void core.integrity.idle().then(() => {
  process.stdout.write(`${JSON.stringify({ pid: process.pid, checks: core.integrity.checks(), notices: core.notices })}\n`);
});
const input = readline.createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (line.trim() !== 'close') return;
  void core.close().then(() => {
    process.stdout.write(`${JSON.stringify({ closed: true })}\n`);
    process.exit(0);
  });
});
