import { spawn, spawnSync } from 'node:child_process';
import { CLI_BIN, REPO_ROOT, requireBuild } from './temp-dir';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `qivo` binary as a user would (a real process, real files). */
export function runQivo(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): CliRun {
  requireBuild();
  const result = spawnSync(process.execPath, [CLI_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, QIVO_LANG: 'en', ...env },
    encoding: 'utf8',
    input,
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Same, asynchronously (for runs that take a while or run against in-process servers). */
export function runQivoAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  requireBuild();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, QIVO_LANG: 'en', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * Runs the CLI inside the test process (same commander program, same core), for fast tests of
 * arguments, output and exit codes; `runQivo` is for what needs a real process (kill -9, exit).
 */
export async function runQivoInProcess(
  dataDir: string,
  args: string[],
  env: NodeJS.ProcessEnv = { QIVO_LANG: 'en' },
): Promise<{ status: number; stdout: string; stderr: string }> {
  const { runCli } = await import('../../main/cli/program');
  let stdout = '';
  let stderr = '';
  const status = await runCli(['--data-dir', dataDir, ...args], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env,
  });
  return { status, stdout, stderr };
}
