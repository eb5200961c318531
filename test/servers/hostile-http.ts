import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface HostileRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * A bare HTTP server on 127.0.0.1 whose behaviour each test writes as a handler: endless or
 * compressed bodies, redirects to another origin, gateways that echo the request back. It keeps
 * the request log and counts the body bytes it managed to write, so a test can prove that the
 * client stopped reading.
 */
export class HostileServer {
  readonly requests: HostileRequest[] = [];
  /** Body bytes handed to the socket (before compression, for gzip bombs: after). */
  bytesWritten = 0;
  /** Responses the client closed before the handler finished. */
  closedEarly = 0;
  url = '';
  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private handler: (req: http.IncomingMessage, res: http.ServerResponse, server: HostileServer) => void) {}

  handle(handler: HostileServer['handler']): this {
    this.handler = handler;
    return this;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
      res.on('close', () => {
        if (!res.writableEnded) this.closedEarly += 1;
      });
      this.handler(req, res, this);
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * Writes `chunk` again and again, respecting back-pressure, until the client goes away: an
 * answer with no end. Pass a transform (e.g. zlib.createGzip()) to make it a compression bomb.
 */
export function writeForever(res: http.ServerResponse, chunk: Buffer, server: HostileServer, through?: NodeJS.ReadWriteStream): void {
  const sink: NodeJS.WritableStream = through ?? res;
  if (through) through.pipe(res);
  let open = true;
  res.on('close', () => {
    open = false;
  });
  const pump = () => {
    while (open) {
      server.bytesWritten += chunk.length;
      if (!sink.write(chunk)) {
        sink.once('drain', pump);
        return;
      }
    }
  };
  pump();
}
