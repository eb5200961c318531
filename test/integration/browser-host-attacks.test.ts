import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost, MAX_BODY_BYTES, BODY_IDLE_TIMEOUT_MS } from '../../main/host/http-host';
import { makeTempDir, requireBuild } from '../support/temp-dir';

/**
 * The browser host attacked over real HTTP on 127.0.0.1: forged Host (DNS rebinding), forged
 * Origin, missing or guessed secret, bad percent-encoding, oversized and stalled bodies, broken
 * text. Raw `http.request`, because fetch refuses to forge a Host header.
 */

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function send(
  host: RunningHost,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string; stall?: boolean; chunks?: Buffer[] },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, method: options.method ?? 'GET', path: options.path, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          // The event stream never ends: its first bytes are enough.
          if (String(res.headers['content-type']).startsWith('text/event-stream')) res.destroy();
        });
        const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.on('end', done);
        res.on('close', done);
      },
    );
    req.on('error', reject);
    if (options.chunks) {
      // Write as fast as the server reads; an early answer ends the exchange.
      let i = 0;
      const pump = () => {
        while (i < options.chunks!.length) {
          if (!req.write(options.chunks![i++]!)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      req.on('response', () => {
        i = options.chunks!.length;
      });
      pump();
      return;
    }
    if (options.body !== undefined) req.write(options.body);
    if (options.stall) req.flushHeaders();
    else req.end();
  });
}

let host: RunningHost;
let temp: { dir: string; cleanup: () => void };
let origin: string;

const api = (extra: Record<string, string> = {}) => ({
  host: `127.0.0.1:${host.port}`,
  origin,
  'content-type': 'application/json',
  'x-qivo-bridge': '1',
  'x-qivo-secret': host.secret,
  ...extra,
});
const json = (a: Answer) => JSON.parse(a.body) as { ok: boolean; error?: { code: string; params?: Record<string, unknown> }; value?: unknown };

beforeAll(async () => {
  requireBuild();
  temp = makeTempDir('qivo-host-attack-');
  host = await startHost({ dataDir: temp.dir, bodyIdleTimeoutMs: 400, maxBodyBytes: 2 * 1024 * 1024 });
  origin = `http://127.0.0.1:${host.port}`;
});
afterAll(async () => {
  await host.close();
  temp.cleanup();
});

const PATHS = ['/', '/index.html', '/__qivo/bridge.js', `/__qivo/events?secret=SECRET`, '/__qivo/ipc/reports.list', '/assets/does-not-matter.js'];

describe('Host and Origin are checked on every path', () => {
  it.each(PATHS)('%s: a forged Host (DNS rebinding) is refused', async (path) => {
    const a = await send(host, {
      method: path.includes('/ipc/') ? 'POST' : 'GET',
      path: path.replace('SECRET', host.secret),
      headers: { ...api(), host: `rebind.attacker.example:${host.port}` },
      ...(path.includes('/ipc/') ? { body: '{}' } : {}),
    });
    expect(a.status).toBe(403);
    expect(json(a).error?.code).toBe('ipc.forbiddenHost');
    expect(a.body).not.toContain(host.secret);
  });

  it.each(PATHS)('%s: a forged Origin is refused', async (path) => {
    const a = await send(host, {
      method: path.includes('/ipc/') ? 'POST' : 'GET',
      path: path.replace('SECRET', host.secret),
      headers: api({ origin: 'http://evil.example' }),
      ...(path.includes('/ipc/') ? { body: '{}' } : {}),
    });
    expect(a.status).toBe(403);
    expect(a.body).not.toContain(host.secret);
  });

  it('a request another site triggers (Sec-Fetch-Site: cross-site) is refused, even without Origin', async () => {
    const a = await send(host, { path: '/', headers: { host: `127.0.0.1:${host.port}`, 'sec-fetch-site': 'cross-site' } });
    expect(a.status).toBe(403);
  });

  it('the right Host gets the page, with the secret only inside it; localhost is the same server', async () => {
    const page = await send(host, { path: '/', headers: { host: `127.0.0.1:${host.port}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<meta name="qivo-secret" content="${host.secret}">`);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect((await send(host, { path: '/', headers: { host: `localhost:${host.port}` } })).status).toBe(200);
    // The script and other files do not carry it.
    const bridge = await send(host, { path: '/__qivo/bridge.js', headers: { host: `127.0.0.1:${host.port}` } });
    expect(bridge.status).toBe(200);
    expect(bridge.body).not.toContain(host.secret);
  });
});

describe('the per-start secret', () => {
  it('API calls need it: missing or guessed is 403, the right one works', async () => {
    const { 'x-qivo-secret': _drop, ...noSecret } = api();
    expect((await send(host, { method: 'POST', path: '/__qivo/ipc/reports.list', headers: noSecret, body: '{}' })).status).toBe(403);
    expect(
      (
        await send(host, {
          method: 'POST',
          path: '/__qivo/ipc/reports.list',
          headers: api({ 'x-qivo-secret': host.secret.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }),
          body: '{}',
        })
      ).status,
    ).toBe(403);
    const ok = await send(host, { method: 'POST', path: '/__qivo/ipc/reports.list', headers: api(), body: '{}' });
    expect(ok.status).toBe(200);
    expect(json(ok)).toEqual({ ok: true, value: [] });
  });

  it('the live event stream needs it too', async () => {
    const headers = { host: `127.0.0.1:${host.port}` };
    expect((await send(host, { path: '/__qivo/events', headers })).status).toBe(403);
    expect((await send(host, { path: '/__qivo/events?secret=guess', headers })).status).toBe(403);
    const ok = await send(host, { path: `/__qivo/events?secret=${encodeURIComponent(host.secret)}`, headers });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('text/event-stream');
  });

  it('is new at every start', async () => {
    const other = makeTempDir('qivo-host-attack-2-');
    const second = await startHost({ dataDir: other.dir });
    try {
      expect(second.secret).not.toBe(host.secret);
      expect(second.secret.length).toBeGreaterThanOrEqual(40);
      const stale = await send(second, {
        method: 'POST',
        path: '/__qivo/ipc/reports.list',
        headers: { ...api(), host: `127.0.0.1:${second.port}`, origin: `http://127.0.0.1:${second.port}` },
        body: '{}',
      });
      expect(stale.status).toBe(403);
    } finally {
      await second.close();
      other.cleanup();
    }
  });
});

describe('malformed requests get an answer, not a 500 or a reset', () => {
  it('bad percent-encoding in the channel name is 400', async () => {
    const a = await send(host, { method: 'POST', path: '/__qivo/ipc/reports.%E0%A4%A', headers: api(), body: '{}' });
    expect(a.status).toBe(400);
    expect(json(a).error?.code).toBe('ipc.badChannelEncoding');
  });

  it('a body announced larger than the limit is answered 413 at once', async () => {
    const a = await send(host, {
      method: 'POST',
      path: '/__qivo/ipc/reports.create',
      headers: api({ 'content-length': String(100 * 1024 * 1024) }),
      stall: true,
    });
    expect(a.status).toBe(413);
    expect(json(a).error).toMatchObject({ code: 'ipc.bodyTooLarge', params: { limitMiB: 2 } });
  });

  it('a chunked body that grows past the limit is answered 413, and the client reads the answer', async () => {
    // 5 MiB against a 2 MiB limit: past the limit, but below the 4× at which the host drops the
    // connection (a loaded client may write everything before it reads the early answer).
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const a = await send(host, {
      method: 'POST',
      path: '/__qivo/ipc/reports.create',
      headers: api({ 'transfer-encoding': 'chunked' }),
      chunks: Array.from({ length: 20 }, () => chunk),
    });
    expect(a.status).toBe(413);
    expect(json(a).error?.code).toBe('ipc.bodyTooLarge');
    // Still serving.
    expect((await send(host, { method: 'POST', path: '/__qivo/ipc/reports.list', headers: api(), body: '{}' })).status).toBe(200);
  });

  it('a body that never arrives is answered 408 after the idle timeout (default a few seconds)', async () => {
    expect(BODY_IDLE_TIMEOUT_MS).toBeLessThanOrEqual(10_000);
    expect(MAX_BODY_BYTES).toBe(32 * 1024 * 1024);
    const a = await send(host, {
      method: 'POST',
      path: '/__qivo/ipc/reports.create',
      headers: api({ 'content-length': '100' }),
      body: '{"input":',
      stall: true,
    });
    expect(a.status).toBe(408);
    expect(json(a).error?.code).toBe('ipc.bodyTimeout');
  });

  it('invalid UTF-8 is refused with 400 and the byte offset, nothing stored', async () => {
    const body = Buffer.concat([Buffer.from('{"input":{"title":"Mina '), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]);
    const a = await send(host, { method: 'POST', path: '/__qivo/ipc/reports.create', headers: api(), body });
    expect(a.status).toBe(400);
    expect(json(a).error).toMatchObject({ code: 'ipc.invalidUtf8', params: { offset: 24 } });
    // UTF-8-encoded surrogates (CESU-8) and overlong forms are not UTF-8 either.
    for (const bad of [
      [0xed, 0xa0, 0x80],
      [0xc0, 0xaf],
      [0xf4, 0x90, 0x80, 0x80],
    ]) {
      const b = Buffer.concat([Buffer.from('{"input":{"title":"'), Buffer.from(bad), Buffer.from('"}}')]);
      expect((await send(host, { method: 'POST', path: '/__qivo/ipc/reports.create', headers: api(), body: b })).status).toBe(400);
    }
    expect(host.core().services.reports!.list()).toEqual([]);
  });

  it('a lone surrogate is refused with its path, nothing stored; a real pair is kept', async () => {
    const lone = await send(host, { method: 'POST', path: '/__qivo/ipc/reports.create', headers: api(), body: '{"input":{"title":"Mina \\ud800 Azul"}}' });
    expect(lone.status).toBe(200);
    expect(json(lone)).toMatchObject({ ok: false, error: { code: 'ipc.illFormedText', params: { path: '$.title' } } });
    expect(host.core().services.reports!.list()).toEqual([]);
    const pair = await send(host, {
      method: 'POST',
      path: '/__qivo/ipc/reports.create',
      headers: api(),
      body: '{"input":{"title":"Mina \\ud83d\\udc8e Azul"}}',
    });
    expect(json(pair).ok).toBe(true);
    expect(
      host
        .core()
        .services.reports!.list()
        .map((r) => r.title),
    ).toEqual(['Mina 💎 Azul']);
  });
});
