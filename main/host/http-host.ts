import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { RENDERER_CSP } from '../../shared/security/csp';
import { APP_VERSION } from '../core/app-version';
import { APP_DB_FILE, openCore, type Core, type FeatureModule } from '../core/core';
import { allFeatures } from '../core/features';
import { restoreLatestBackup } from '../storage/backup';
import { createFileLogger, type Logger } from '../diagnostics/logger';
import { secretValues } from '../security/redact';
import { FileSecretStore } from '../settings/secret-store';
import { invalidUtf8Offset } from '../../shared/text/well-formed';
import type { QivoErrorData } from '../../shared/errors';
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
  /** Also sees the host's own lines (serve.ts prints them on stderr); the log file always does. */
  log?: (line: string) => void;
  /** The process's logger (default: the data folder's rotating log, scrubbed of this start's secret too). */
  logger?: Logger;
  /** A request body that sends nothing for this long is answered 408 (default 5 s). */
  bodyIdleTimeoutMs?: number;
  /** Largest request body accepted (default 32 MiB); bigger ones are answered 413. */
  maxBodyBytes?: number;
}

export interface RunningHost {
  url: string;
  port: number;
  /** This start's session secret (tests that call the API without a page use it). */
  secret: string;
  core(): Core;
  close(): Promise<void>;
}

export const MAX_BODY_BYTES = 32 * 1024 * 1024;
export const BODY_IDLE_TIMEOUT_MS = 5_000;
export const BRIDGE_HEADER = 'x-qivo-bridge';
/** The per-start secret: a header on API calls, a query parameter on the event stream (EventSource sends no headers). */
export const SECRET_HEADER = 'x-qivo-secret';
export const SECRET_PARAM = 'secret';
/** The page learns the secret from this meta tag, injected into the index.html the host serves. */
export const SECRET_META = 'qivo-secret';

/** An answer the host gives before a request reaches the core: a status and typed error data. */
class HostRefusal extends Error {
  constructor(
    readonly status: number,
    readonly error: QivoErrorData,
    /** Close the connection after answering (the rest of the body is not worth reading). */
    readonly close = false,
  ) {
    super(error.message);
  }
}

function sameSecret(given: unknown, secret: string): boolean {
  if (typeof given !== 'string' || given.length !== secret.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(secret));
}

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
    'x-frame-options': 'DENY',
  };
}

const tooLarge = (maxBytes: number) =>
  new HostRefusal(
    413,
    { code: 'ipc.bodyTooLarge', message: `Request body larger than ${maxBytes} bytes`, params: { limitMiB: Math.round(maxBytes / 1024 / 1024) } },
    true,
  );

/**
 * The request body as text: at most `maxBytes` (an announced or actual excess is answered 413,
 * not reset), at most `idleMs` without a byte (answered 408), and strict UTF-8 (answered 400:
 * a lenient decode would silently turn the user's text into U+FFFD).
 */
function readBody(req: http.IncomingMessage, maxBytes: number, idleMs: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error: Error | null, text?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off('data', onData);
      if (error) reject(error);
      else resolve(text!);
    };
    let timer = setTimeout(() => undefined, 0);
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        finish(
          new HostRefusal(408, { code: 'ipc.bodyTimeout', message: 'Request body stopped arriving', params: { seconds: Math.round(idleMs / 100) / 10 } }, true),
        );
      }, idleMs);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        finish(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
      arm();
    };
    arm();
    req.on('data', onData);
    req.on('end', () => {
      const bytes = Buffer.concat(chunks, size);
      const bad = invalidUtf8Offset(bytes);
      if (bad >= 0) {
        finish(new HostRefusal(400, { code: 'ipc.invalidUtf8', message: `Request body is not valid UTF-8 (byte ${bad})`, params: { offset: bad } }));
        return;
      }
      finish(null, bytes.toString('utf8'));
    });
    req.on('error', (error) => finish(error));
  });
}

/** Host names this server answers to: a DNS-rebinding page reaches 127.0.0.1 under its own name, and is refused. */
function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
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
  const features = options.features ?? allFeatures;
  const sseClients = new Set<http.ServerResponse>();
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const bodyIdleMs = options.bodyIdleTimeoutMs ?? BODY_IDLE_TIMEOUT_MS;
  // New at every start: a page served by an earlier run (or by anyone else) cannot call this one.
  const secret = randomBytes(32).toString('base64url');
  // The core's own store reads the same file (the host's secrets are the data folder's).
  const secretStore = new FileSecretStore(options.dataDir);
  const logger = options.logger ?? createFileLogger({ dataDir: options.dataDir, shell: 'browser-host', secrets: () => [secret, ...secretValues(secretStore)] });
  const log = (line: string) => {
    logger.info(line);
    options.log?.(line);
  };
  let origin = '';
  let hosts = new Set<string>();

  const open = (): Core =>
    openCore({
      dataDir: options.dataDir,
      appVersion: APP_VERSION,
      shell: 'browser-host',
      env: options.env ?? process.env,
      features,
      autoBackup: true,
      logger,
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

  const refuse = (res: http.ServerResponse, req: http.IncomingMessage, refusal: HostRefusal) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = Buffer.from(JSON.stringify({ ok: false, error: refusal.error }), 'utf8');
    const headers: Record<string, string | number> = {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': body.length,
    };
    if (refusal.close) headers.connection = 'close';
    res.writeHead(refusal.status, headers);
    res.end(body);
    if (refusal.close && !req.complete) {
      // Keep reading (and discarding) what the client is still sending, so it reads this answer
      // instead of a reset; our side of the connection is closed once the answer is out, and
      // past four times the limit the connection is simply dropped.
      let discarded = 0;
      req.on('data', (chunk: Buffer) => {
        discarded += chunk.length;
        if (discarded > 4 * maxBodyBytes) req.socket.destroy();
      });
      req.resume();
      res.once('finish', () => req.socket.end());
    }
  };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (error instanceof HostRefusal) {
        refuse(res, req, error);
        return;
      }
      // The secret travels in the events URL: never into a log line.
      log(`[host] ${req.method} ${(req.url ?? '').split('?')[0]} failed: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('error');
    });
  });
  // A client that never finishes its headers, or its request, is not held for Node's 300 s.
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;

  const forbidden = (code: string, message: string, params?: Record<string, string>) => new HostRefusal(403, { code, message, ...(params ? { params } : {}) });

  /** Every path: the Host must be ours, and an Origin, when the browser sends one, must be ours too. */
  function checkHostAndOrigin(req: http.IncomingMessage): void {
    const host = String(req.headers.host ?? '').toLowerCase();
    if (!hosts.has(host)) throw forbidden('ipc.forbiddenHost', 'Host not allowed', { host: host.slice(0, 100) });
    const claimed = req.headers.origin;
    if (claimed !== undefined && claimed !== `http://${host}`) throw forbidden('ipc.forbiddenSender', 'Forbidden sender');
    // A browser also says when a request comes from another site (a <img> or <script> pointing here).
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw forbidden('ipc.forbiddenSender', 'Forbidden sender');
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    checkHostAndOrigin(req);
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname.startsWith('/__qivo/ipc/')) {
      // API calls: POST, our Origin (a page elsewhere cannot send the custom headers without a
      // CORS preflight, which this server never grants) and this start's secret, which only the
      // page this host served knows.
      if (req.method !== 'POST' || req.headers.origin === undefined || req.headers[BRIDGE_HEADER] !== '1' || !sameSecret(req.headers[SECRET_HEADER], secret)) {
        throw forbidden('ipc.forbiddenSender', 'Forbidden sender');
      }
      let channel: string;
      try {
        channel = decodeURIComponent(url.pathname.slice('/__qivo/ipc/'.length));
      } catch {
        throw new HostRefusal(400, { code: 'ipc.badChannelEncoding', message: 'Channel name is not valid percent-encoding' });
      }
      const body = await readBody(req, maxBodyBytes, bodyIdleMs);
      let input: unknown;
      try {
        input = body ? (JSON.parse(body) as { input?: unknown } | null)?.input : undefined;
      } catch {
        throw new HostRefusal(400, { code: 'ipc.invalidInput', message: 'Body is not JSON', params: { detail: 'body is not JSON' } });
      }
      const result = await current.dispatch(channel, input, { transport: 'http-host' });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(result));
      return;
    }
    if (url.pathname === '/__qivo/events') {
      if (req.method !== 'GET' || !sameSecret(url.searchParams.get(SECRET_PARAM), secret)) throw forbidden('ipc.forbiddenSender', 'Forbidden sender');
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
      // The secret goes into this page only: same-origin scripts can read it, other origins cannot
      // read the page (no CORS) nor reach it under another host name (the Host check).
      body = body
        .toString('utf8')
        .replace('<head>', `<head>\n    <meta name="${SECRET_META}" content="${secret}">\n    <script src="./__qivo/bridge.js"></script>`);
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
  hosts = allowedHosts(port);
  return {
    url: `${origin}/`,
    port,
    secret,
    core: () => current,
    async close() {
      for (const client of sseClients) client.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await current.close();
      if (!options.logger) logger.close();
    },
  };
}
