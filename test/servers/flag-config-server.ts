import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A flag configuration server speaking plain HTTP on 127.0.0.1 like a static host/CDN: strong
 * ETag, 304 on If-None-Match, Date header. Tests publish new bodies and switch on faults.
 */
export type FlagServerFault =
  | { kind: 'none' }
  | { kind: 'status'; status: number; html?: boolean }
  | { kind: 'htmlPage' }
  | { kind: 'raw'; body: string; contentType?: string }
  | { kind: 'huge'; bytes: number; declareLength?: boolean }
  | { kind: 'trickle'; intervalMs: number; chunk?: string }
  | { kind: 'notModified' }
  | { kind: 'dateHeader'; date: Date };

export interface FlagConfigTestServer {
  url: string;
  requests: Array<{ at: number; ifNoneMatch: string | undefined; status: number }>;
  publish(body: string | Buffer): void;
  fault(f: FlagServerFault): void;
  close(): Promise<void>;
}

const etagOf = (b: Buffer) => `"${createHash('sha256').update(b).digest('hex').slice(0, 24)}"`;

export async function startFlagConfigServer(initial?: string | Buffer): Promise<FlagConfigTestServer> {
  let body: Buffer | null = initial === undefined ? null : Buffer.from(initial);
  let fault: FlagServerFault = { kind: 'none' };
  const requests: FlagConfigTestServer['requests'] = [];
  const timers = new Set<NodeJS.Timeout>();

  const handle = (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    const ifNoneMatch = req.headers['if-none-match'];
    const log = (status: number) => requests.push({ at: Date.now(), ifNoneMatch, status });
    switch (fault.kind) {
      case 'status': {
        log(fault.status);
        const html = fault.html ?? true;
        res.writeHead(fault.status, { 'Content-Type': html ? 'text/html; charset=utf-8' : 'text/plain' });
        res.end(html ? `<!DOCTYPE html><html><body><h1>${fault.status} Bad Gateway</h1></body></html>` : 'error');
        return;
      }
      case 'htmlPage':
        log(200);
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><head><title>Wi-Fi login</title></head><body>Sign in to continue</body></html>');
        return;
      case 'raw':
        log(200);
        res.writeHead(200, { 'Content-Type': fault.contentType ?? 'application/json' });
        res.end(fault.body);
        return;
      case 'notModified':
        log(304);
        res.writeHead(304, { ETag: '"whatever"' }).end();
        return;
      case 'huge': {
        log(200);
        const total = fault.bytes;
        res.writeHead(200, { 'Content-Type': 'application/json', ...(fault.declareLength ? { 'Content-Length': total } : {}) });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < total) {
            const n = Math.min(chunk.byteLength, total - sent);
            sent += n;
            if (!res.write(n === chunk.byteLength ? chunk : chunk.subarray(0, n))) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        res.on('close', () => (sent = total));
        pump();
        return;
      }
      case 'trickle': {
        log(200);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        const piece = fault.chunk ?? ' ';
        const t = setInterval(() => res.write(piece), fault.intervalMs);
        timers.add(t);
        res.on('close', () => {
          clearInterval(t);
          timers.delete(t);
        });
        return;
      }
      default:
        break;
    }
    if (!body) {
      log(404);
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no configuration published');
      return;
    }
    const etag = etagOf(body);
    const headers: Record<string, string> = { ETag: etag, 'Cache-Control': 'no-cache', 'Content-Type': 'application/json' };
    if (fault.kind === 'dateHeader') headers.Date = fault.date.toUTCString();
    if (ifNoneMatch === etag) {
      log(304);
      res.writeHead(304, headers).end();
      return;
    }
    log(200);
    res.writeHead(200, { ...headers, 'Content-Length': String(body.byteLength) });
    res.end(body);
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/flags.signed.json`,
    requests,
    publish(next) {
      body = Buffer.from(next);
    },
    fault(f) {
      fault = f;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
