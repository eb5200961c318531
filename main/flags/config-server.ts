import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StaticConfigServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export function etagOf(body: Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
}

/**
 * `qivo flags serve`: serves one signed configuration like any static host or CDN would, with a
 * strong ETag and 304 for If-None-Match. `read` is called per request, so replacing the file
 * publishes a new version without restarting.
 */
export async function serveSignedConfig(read: () => Buffer, options: { port: number; host?: string }): Promise<StaticConfigServer> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let body: Buffer;
    try {
      body = read();
    } catch (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`cannot read the signed configuration: ${(err as Error).message}\n`);
      return;
    }
    const etag = etagOf(body);
    const headers = { ETag: etag, 'Cache-Control': 'no-cache', 'Content-Type': 'application/json' };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Length': body.byteLength });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/flags.signed.json`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
