import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import iconv from 'iconv-lite';

/**
 * The failure modes the regulators really show (reference regulators.md §0 and §6), injectable
 * into any fake server. One-shot faults are consumed in order; `latencyMs` applies to everything.
 */
export type FaultKind = 'status500' | 'status429' | 'hang' | 'reset' | 'html200' | 'arcgisError200' | 'exceptionReport' | 'truncated' | 'latin1';

export const FAULT_KINDS: readonly FaultKind[] = [
  'status500',
  'status429',
  'hang',
  'reset',
  'html200',
  'arcgisError200',
  'exceptionReport',
  'truncated',
  'latin1',
];

export interface FaultSpec {
  kind: FaultKind;
  /** How many requests it hits; Infinity until cleared. Default 1. */
  times?: number;
  /** Only requests whose path contains this string. */
  path?: string;
  retryAfterSeconds?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
}

export interface FakeResponse {
  status: number;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

export const json = (value: unknown, status = 200): FakeResponse => ({ status, body: JSON.stringify(value), contentType: 'application/json; charset=utf-8' });

export const ARCGIS_ERROR_BODY = {
  error: { code: 400, message: 'Cannot perform query. Invalid query parameters.', details: ["'where' parameter is invalid"] },
};

export function exceptionReportXml(code: string, locator: string, text: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" version="2.0.0">
<ows:Exception exceptionCode="${code}" locator="${locator}">
<ows:ExceptionText>${text}</ows:ExceptionText></ows:Exception></ows:ExceptionReport>`;
}

const MAINTENANCE_PAGE =
  '<!DOCTYPE html><html lang="pt-BR"><head><title>Sistema em manutenção</title></head><body><h1>Serviço temporariamente indisponível</h1><p>Tente novamente mais tarde.</p></body></html>';

/**
 * A tiny HTTP server on 127.0.0.1 with a call counter, a request log (for header checks) and
 * fault injection. Subclasses answer `route()` with the real wire format of their protocol.
 * `/__control/*` lets another process (the e2e host) inject faults too.
 */
export abstract class FakeServer {
  calls = 0;
  /** Requests being answered right now, and the most seen at once (to check concurrency caps). */
  inFlight = 0;
  peakInFlight = 0;
  readonly requests: RecordedRequest[] = [];
  latencyMs = 0;
  private faults: Array<Required<Pick<FaultSpec, 'kind' | 'times'>> & FaultSpec> = [];
  private server: http.Server | undefined;
  private readonly sockets = new Set<Socket>();
  baseUrl = '';

  protected abstract route(path: string, query: URLSearchParams): FakeResponse;

  /** Protocol-specific controls (e.g. ArcGIS's ignored resultOffset); true when handled. */
  protected controlExtra(_path: string, _query: URLSearchParams): boolean {
    return false;
  }

  /** Queues a fault; `times: Infinity` keeps it until `clearFaults()`. */
  inject(spec: FaultSpec): this {
    this.faults.push({ ...spec, times: spec.times ?? 1 });
    return this;
  }

  clearFaults(): this {
    this.faults = [];
    this.latencyMs = 0;
    return this;
  }

  resetCalls(): this {
    this.calls = 0;
    this.peakInFlight = 0;
    this.requests.length = 0;
    return this;
  }

  callsTo(pathPart: string): number {
    return this.requests.filter((r) => r.path.includes(pathPart)).length;
  }

  private takeFault(path: string): FaultSpec | undefined {
    const index = this.faults.findIndex((f) => f.times > 0 && (!f.path || path.includes(f.path)));
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    fault.times -= 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault;
  }

  async start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  private control(path: string, query: URLSearchParams): FakeResponse {
    if (path === '/__control/fault') {
      const times = query.get('times');
      this.inject({
        kind: query.get('kind') as FaultKind,
        times: times === 'always' ? Infinity : Number(times ?? 1),
        ...(query.get('path') ? { path: query.get('path')! } : {}),
        ...(query.get('retryAfter') ? { retryAfterSeconds: Number(query.get('retryAfter')) } : {}),
      });
    } else if (path === '/__control/latency') {
      this.latencyMs = Number(query.get('ms') ?? 0);
    } else if (this.controlExtra(path, query)) {
      /* handled by the protocol's own server */
    } else if (path === '/__control/reset') {
      this.clearFaults();
      this.resetCalls();
    }
    return json({ calls: this.calls });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/__control/')) {
      this.send(res, this.control(url.pathname, url.searchParams));
      return;
    }
    this.calls += 1;
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    res.on('close', () => {
      this.inFlight -= 1;
    });
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers });
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const fault = this.takeFault(url.pathname);
    switch (fault?.kind) {
      case 'hang':
        return; // never answers; the socket is destroyed on stop()
      case 'reset':
        req.socket.destroy();
        return;
      case 'status500':
        this.send(res, { status: 500, body: 'java.lang.NullPointerException', contentType: 'text/plain' });
        return;
      case 'status429':
        this.send(res, {
          status: 429,
          body: 'Too Many Requests',
          contentType: 'text/plain',
          headers: { 'Retry-After': String(fault.retryAfterSeconds ?? 1) },
        });
        return;
      case 'html200':
        this.send(res, { status: 200, body: MAINTENANCE_PAGE, contentType: 'text/html; charset=utf-8' });
        return;
      case 'arcgisError200':
        this.send(res, json(ARCGIS_ERROR_BODY));
        return;
      case 'exceptionReport':
        this.send(res, { status: 200, body: exceptionReportXml('NoApplicableCode', '', 'Service WFS is disabled'), contentType: 'text/xml' });
        return;
      default:
        break;
    }
    let response: FakeResponse;
    try {
      response = this.route(url.pathname, url.searchParams);
    } catch (error) {
      response = { status: 500, body: String((error as Error).stack), contentType: 'text/plain' };
    }
    if (fault?.kind === 'truncated') {
      // Chunked, ends cleanly half-way: what a dropped proxy connection looks like to a JSON parser.
      res.writeHead(response.status, { 'Content-Type': response.contentType, ...(response.headers ?? {}) });
      res.end(response.body.slice(0, Math.floor(response.body.length / 2)));
      return;
    }
    if (fault?.kind === 'latin1') {
      // Latin-1 bytes with no charset declared, as several agencies serve them.
      const bytes = iconv.encode(response.body, 'latin1');
      res.writeHead(response.status, { 'Content-Type': response.contentType.replace(/;\s*charset=[^;]+/i, ''), 'Content-Length': bytes.length });
      res.end(bytes);
      return;
    }
    this.send(res, response);
  }

  private send(res: http.ServerResponse, response: FakeResponse): void {
    const bytes = Buffer.from(response.body, 'utf8');
    res.writeHead(response.status, { 'Content-Type': response.contentType, 'Content-Length': bytes.length, ...(response.headers ?? {}) });
    res.end(bytes);
  }
}
