import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHost, type RunningHost } from '../../main/host/http-host';
import { HOST_BIN, makeTempDir, requireBuild } from './temp-dir';

export const CHROMIUM_PATH = process.env.QIVO_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags these machines need (closed network, root). */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (the .ci/run script does it).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

export interface TestHost {
  url: string;
  dataDir: string;
  host: RunningHost;
  /** Headers the served page's bridge sends: same Origin, the bridge header and this start's secret. */
  apiHeaders(): Record<string, string>;
  close(): Promise<void>;
}

/** The real core and built renderer on 127.0.0.1, in this process, on a fresh (or given) data folder. */
export async function startHostForTest(options: { dataDir?: string; env?: NodeJS.ProcessEnv } = {}): Promise<TestHost> {
  requireBuild();
  const temp = options.dataDir ? undefined : makeTempDir('qivo-e2e-');
  const dataDir = options.dataDir ?? temp!.dir;
  const host = await startHost({ dataDir, env: { ...process.env, ...options.env } });
  return {
    url: host.url,
    dataDir,
    host,
    apiHeaders: () => ({ 'content-type': 'application/json', origin: host.url.replace(/\/$/, ''), 'x-qivo-bridge': '1', 'x-qivo-secret': host.secret }),
    async close() {
      await host.close();
      temp?.cleanup();
    },
  };
}

/**
 * Every channel the host's core dispatches from now on, in order, as main sees the window's
 * calls (for tests that check which calls a view makes, not only what it shows).
 */
export function recordDispatches(host: TestHost): string[] {
  const core = host.host.core();
  const seen: string[] = [];
  const dispatch = core.dispatch;
  (core as { dispatch: typeof dispatch }).dispatch = (channel, input, ctx) => {
    seen.push(channel);
    return dispatch(channel, input, ctx);
  };
  return seen;
}

export interface HostProcess {
  url: string;
  child: ChildProcess;
  /** Sends the signal and waits for the process to end. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** The host as a child process (`node out/host/serve.cjs`), for tests that kill it mid-work. */
export async function startHostProcess(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<HostProcess> {
  requireBuild();
  const child = spawn(process.execPath, [HOST_BIN, '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`host did not start: ${stderr.join('')}`)), 20_000);
    lines.on('line', (line) => {
      const match = /^QIVO_HOST_READY (\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}: ${stderr.join('')}`));
    });
  });
  return {
    url,
    child,
    kill(signal = 'SIGKILL') {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
  };
}

/** Opens the workstation at `url` and waits until the app shell has loaded its info from main. */
export async function openApp(browser: Browser, url: string, hash = ''): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${url}${hash}`);
  await page
    .getByTestId('status-version')
    .filter({ hasText: /\d+\.\d+\.\d+/ })
    .waitFor({ timeout: 15_000 });
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  return page;
}
