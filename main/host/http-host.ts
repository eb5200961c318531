import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { RENDERER_CSP } from '../../shared/security/csp';
import { APP_VERSION } from '../core/app-version';
import { APP_DB_FILE, openCore, type Core, type FeatureModule } from '../core/core';
import { allFeatures } from '../core/features';
import { restoreLatestBackup } from '../storage/backup';
import { contentTypeOf, resolveStaticFile } from './static-files';

export interface HostOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** 0 (default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** Built renderer (default out/renderer next to this bundle or the repo). */
  rendererDir?: string;
  /** Built browser bridge (default out/host/bridge.js). */
  bridgeFile?: string;
  features?: readonly FeatureModule[];
  log?: (line: string) => void;
}

export interface RunningHost {
  url: string;
  port: number;
  core(): Core;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;
export const BRIDGE_HEADER = 'x-qivo-bridge';

function defaultOutDir(): string {
  // Bundled: out/host/serve.cjs → out/. From sources (vitest): main/host → <repo>/out.
  const candidates = [path.resolve(__dirname, '..'), path.resolve(__dirname, '../../out')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'renderer', 'index.html'))) ?? candidates[1]!;
}

function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': RENDERER_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': 'no-store',
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('payload too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The browser host: the real core behind the same contract and validation as the Electron
 * window, reachable on 127.0.0.1 only. It serves the built renderer plus a bridge script that
 * defines `window.qivoBridge` with the same named methods the preload exposes, over
 * `POST /__qivo/ipc/<channel>` and server-sent events. Used by the end-to-end tests and by
 * anyone who wants to try the real app in a browser (`npm run host`).
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const outDir = defaultOutDir();
  const rendererDir = options.rendererDir ?? path.join(outDir, 'renderer');
  const bridgeFile = options.bridgeFile ?? path.join(outDir, 'host', 'bridge.js');
  const log = options.log ?? (() => undefined);
  const features = options.features ?? allFeatures;
  const sseClients = new Set<http.ServerResponse>();
  let origin = '';

  const open = (): Core =>
    openCore({
      dataDir: options.dataDir,
      appVersion: APP_VERSION,
      shell: 'browser-host',
      env: options.env ?? process.env,
      features,
      autoBackup: true,
      hooks: {
        openExternal: (url) => {
          log(`[host] would open ${url} in the system browser`);
          return Promise.resolve(false);
        },
        restoreAndRestart: async () => {
          await current.close();
          const restored = restoreLatestBackup(path.join(options.dataDir, APP_DB_FILE), path.join(options.dataDir, 'backups'));
          current = open();
          wireEvents(current);
          if (!restored) throw new Error('no backup');
          return restored;
        },
      },
    });
  const wireEvents = (core: Core) =>
    core.events.onAny((event, payload) => {
      const data = `data: ${JSON.stringify({ event, payload })}\n\n`;
      for (const client of sseClients) client.write(data);
    });
  let current = open();
  wireEvents(current);

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      log(`[host] ${req.method} ${req.url} failed: ${String(error)}`);
      if (!res.headersSent) res.writeHead((error as { status?: number }).status ?? 500, { 'content-type': 'text/plain' });
      res.end('error');
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname.startsWith('/__qivo/ipc/')) {
      // Same-origin only: a page on another origin cannot send the custom header without a CORS
      // preflight, which this server never grants; the Origin check refuses the rest.
      if (req.method !== 'POST' || req.headers.origin !== origin || req.headers[BRIDGE_HEADER] !== '1') {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: { code: 'ipc.forbiddenSender', message: 'Forbidden sender' } }));
        return;
      }
      const channel = decodeURIComponent(url.pathname.slice('/__qivo/ipc/'.length));
      let input: unknown;
      try {
        const body = await readBody(req);
        input = body ? (JSON.parse(body) as { input?: unknown }).input : undefined;
      } catch (error) {
        const status = (error as { status?: number }).status ?? 400;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: { code: 'ipc.invalidInput', message: 'Body is not JSON', params: { detail: 'body is not JSON' } } }));
        return;
      }
      const result = await current.dispatch(channel, input, { transport: 'http-host' });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(result));
      return;
    }
    if (url.pathname === '/__qivo/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      sseClients.add(res);
      req.on('close', () => sseClients.delete(res));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (url.pathname === '/__qivo/bridge.js') {
      res.writeHead(200, { ...securityHeaders(), 'content-type': 'text/javascript; charset=utf-8' });
      res.end(fs.readFileSync(bridgeFile));
      return;
    }
    const file = resolveStaticFile(rendererDir, url.pathname) ?? resolveStaticFile(rendererDir, '/index.html');
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('renderer not built: run npm run build');
      return;
    }
    let body: Buffer | string = fs.readFileSync(file);
    if (file.endsWith('index.html')) {
      // The bridge must define window.qivoBridge before the renderer's module script runs.
      body = body.toString('utf8').replace('<head>', '<head>\n    <script src="./__qivo/bridge.js"></script>');
    }
    res.writeHead(200, { ...securityHeaders(), 'content-type': contentTypeOf(file) });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    port,
    core: () => current,
    async close() {
      for (const client of sseClients) client.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await current.close();
    },
  };
}
