import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QivoError } from '../../shared/errors';
import { createTranslator, translateError } from '../../shared/i18n';
import { apiKeySecretName } from '../../main/official/config';
import { DEFAULT_HOST_POLICY } from '../../main/official/http/resilient-http';
import { HostileServer, writeForever } from '../servers/hostile-http';
import { exceptionReportXml } from '../servers/fake-http';
import axios from 'axios';
import { fetchSignedConfig } from '../../main/flags/fetch-config';
import { MAX_PUSH_ANSWER_BYTES, pushToGateway } from '../../main/metrics/pushgateway';
import { createDispatcher } from '../../main/core/dispatcher';
import { createOfficialHarness, type OfficialHarness } from '../support/official-harness';
import { makeTempDir } from '../support/temp-dir';
import { waitUntil } from '../support/wait';

/**
 * Attacks and faults on the regulator clients, each by a real HTTP server on 127.0.0.1: answers
 * with no end, compression bombs, redirects to another origin and gateways that echo the API key.
 */

const MiB = 1024 * 1024;
const KEY = 'k3y-Sekret-0123456789abcdef';

async function failure(promise: Promise<unknown>): Promise<QivoError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(QivoError);
    return error as QivoError;
  }
  throw new Error('expected the call to fail');
}

let temp: { dir: string; cleanup: () => void };
let servers: HostileServer[] = [];
let h: OfficialHarness | undefined;

async function serve(handler: ConstructorParameters<typeof HostileServer>[0]): Promise<HostileServer> {
  const server = await new HostileServer(handler).start();
  servers.push(server);
  return server;
}

/** The official service pointed at `base` for ANM (ArcGIS) and SGB (WFS). */
function harness(base: string, settings: Record<string, unknown> = {}): OfficialHarness {
  h = createOfficialHarness(temp.dir, null, {
    env: { QIVO_ANM_SIGMINE_URL: `${base}/anm/MapServer`, QIVO_SGB_WFS_URL: `${base}/sgb/wfs` },
    settings: { 'official.sources.anm.maxRetries': 2, ...settings },
  });
  return h;
}

beforeEach(() => {
  temp = makeTempDir('qivo-hostile-');
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];
  temp.cleanup();
});

describe('answer size limit', () => {
  it('is 64 MiB per source by default and configurable per source', () => {
    const service = harness('http://127.0.0.1:9', { 'official.sources.sgb.maxResponseBytes': 5 * MiB });
    expect(DEFAULT_HOST_POLICY.maxResponseBytes).toBe(64 * MiB);
    expect(service.config.hostPolicy('anm').maxResponseBytes).toBe(64 * MiB);
    expect(service.config.hostPolicy('sgb').maxResponseBytes).toBe(5 * MiB);
  });

  it('an answer that never ends is cut off while streaming: typed, translated, not retried, not cached', async () => {
    const server = await serve((_req, res, s) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"features":[');
      writeForever(res, Buffer.from('{"attributes":{"PROCESSO":"802563/1973"}},'.repeat(1000)), s);
    });
    const service = harness(server.url, { 'official.sources.anm.maxResponseBytes': 2 * MiB });
    const error = await failure(service.service.anmProcess('802.563/1973'));
    expect(error.code).toBe('official.tooLarge');
    expect(error.params).toMatchObject({ agency: 'ANM', limitMiB: '2' });
    expect(translateError(createTranslator('en'), error)).toContain('larger than 2 MiB');
    expect(translateError(createTranslator('pt-BR'), error)).toContain('maior que 2 MiB');
    // The client hung up: far less than even 64 MiB went out (socket buffers hold a few MiB).
    await waitUntil(() => server.closedEarly === 1, 'the server sees the client hang up');
    expect(server.bytesWritten).toBeLessThan(32 * MiB);
    expect(server.requests).toHaveLength(1);
    expect(service.cache.figures().entries).toBe(0);
    expect(service.events.find((e) => e.kind === 'regulator.call')).toMatchObject({ outcome: 'error', labels: expect.objectContaining({ error: 'tooLarge' }) });
  });

  it('a declared 600 MB body is refused the same way', async () => {
    const server = await serve((_req, res, s) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(600 * 1000 * 1000) });
      writeForever(res, Buffer.alloc(64 * 1024, 0x20), s);
    });
    const service = harness(server.url, { 'official.sources.anm.maxResponseBytes': MiB });
    const error = await failure(service.service.anmProcess('802.563/1973'));
    expect(error.code).toBe('official.tooLarge');
    expect(server.bytesWritten).toBeLessThan(32 * MiB);
  });

  it('a gzip bomb is cut off after decompression', async () => {
    const server = await serve((_req, res, s) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      // Zeros compress about 1000:1: a few kB on the wire would be gigabytes in memory.
      writeForever(res, Buffer.alloc(MiB, 0x20), s, zlib.createGzip());
    });
    const service = harness(server.url, { 'official.sources.anm.maxResponseBytes': 4 * MiB });
    const error = await failure(service.service.anmProcess('802.563/1973'));
    expect(error.code).toBe('official.tooLarge');
    await waitUntil(() => server.closedEarly === 1, 'the server sees the client hang up');
    // Decompressed bytes the server produced before the client hung up: bounded, not endless.
    expect(server.bytesWritten).toBeLessThan(2048 * MiB);
  });

  it('an answer under the limit still works after a refused one (the breaker counts it as one failure)', async () => {
    let big = true;
    const server = await serve((_req, res, s) => {
      if (big) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        writeForever(res, Buffer.alloc(64 * 1024, 0x20), s);
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ features: [] }));
    });
    const service = harness(server.url, { 'official.sources.anm.maxResponseBytes': MiB });
    await failure(service.service.anmProcess('802.563/1973'));
    big = false;
    const second = await failure(service.service.anmProcess('802.563/1973'));
    expect(second.code).toBe('official.processNotFound');
    expect(service.service.health('anm').consecutiveFailures).toBe(0);
  });
});

describe('API key on redirects', () => {
  it('a redirect to another origin gets none of the credential headers; a same-origin redirect keeps the key', async () => {
    const elsewhere = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ features: [] }));
    });
    const gateway = await serve((req, res) => {
      if (req.url!.startsWith('/anm/MapServer/0/query')) {
        // Same origin first, then away.
        res.writeHead(302, { Location: `/moved${req.url}` });
        res.end();
        return;
      }
      res.writeHead(307, { Location: `${elsewhere.url}${req.url}` });
      res.end();
    });
    const service = harness(gateway.url, { 'official.sources.anm.apiKeyHeader': 'X-Gateway-Token' });
    service.secrets.set(apiKeySecretName('anm'), KEY);
    const error = await failure(service.service.anmProcess('802.563/1973'));
    expect(error.code).toBe('official.processNotFound');
    expect(gateway.requests.map((r) => r.headers['x-gateway-token'])).toEqual([KEY, KEY]);
    expect(elsewhere.requests).toHaveLength(1);
    const leaked = elsewhere.requests[0]!.headers;
    expect(leaked['x-gateway-token']).toBeUndefined();
    expect(leaked['x-api-key']).toBeUndefined();
    expect(leaked.authorization).toBeUndefined();
    expect(leaked.cookie).toBeUndefined();
  });

  it('the default X-API-Key header is dropped when the redirect only changes the port', async () => {
    const other = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ features: [] }));
    });
    const gateway = await serve((req, res) => {
      res.writeHead(301, { Location: `${other.url}${req.url}` });
      res.end();
    });
    const service = harness(gateway.url);
    service.secrets.set(apiKeySecretName('anm'), KEY);
    await failure(service.service.anmProcess('802.563/1973'));
    expect(gateway.requests[0]!.headers['x-api-key']).toBe(KEY);
    expect(other.requests[0]!.headers['x-api-key']).toBeUndefined();
  });
});

describe('a gateway that echoes the key back', () => {
  const echoes: Array<{
    name: string;
    code: string;
    showsServerText: boolean;
    op: (s: OfficialHarness) => Promise<unknown>;
    answer: (key: string) => { status: number; type: string; body: string };
  }> = [
    {
      name: 'ArcGIS error JSON',
      code: 'official.arcgisError',
      showsServerText: true,
      op: (s) => s.service.anmProcess('802.563/1973'),
      answer: (key) => ({
        status: 200,
        type: 'application/json',
        body: JSON.stringify({ error: { code: 403, message: `Invalid token ${key}`, details: [`X-API-Key: ${key}`] } }),
      }),
    },
    {
      name: 'WFS ExceptionReport',
      code: 'official.wfsException',
      showsServerText: true,
      op: (s) => s.service.sgbUnit(-20.3, -43.52),
      answer: (key) => ({
        status: 200,
        type: 'text/xml',
        body: exceptionReportXml('InvalidParameterValue', 'key', `Key ${key} is not authorised for ${encodeURIComponent(key)}`),
      }),
    },
    {
      name: 'malformed body',
      code: 'official.malformedBody',
      showsServerText: true,
      op: (s) => s.service.anmProcess('802.563/1973'),
      answer: (key) => ({ status: 200, type: 'text/plain', body: `${key} is not a valid key` }),
    },
    {
      name: 'HTTP 500 with the key (retried, then failed)',
      code: 'official.httpStatus',
      showsServerText: false,
      op: (s) => s.service.anmProcess('802.563/1973'),
      answer: (key) => ({ status: 500, type: 'text/plain', body: `upstream rejected ${key}` }),
    },
  ];

  it.each(echoes)('$name: the key appears in no error, translation, metric, log or file', async ({ code, showsServerText, op, answer }) => {
    const server = await serve((req, res) => {
      const key = String(req.headers['x-api-key'] ?? 'no key sent');
      const a = answer(key);
      res.writeHead(a.status, { 'Content-Type': a.type });
      res.end(a.body);
    });
    const service = harness(server.url, { 'official.sources.anm.maxRetries': 0 });
    service.secrets.set(apiKeySecretName('anm'), KEY);
    service.secrets.set(apiKeySecretName('sgb'), KEY);
    const logged: string[] = [];
    const original = { error: console.error, warn: console.warn, log: console.log };
    for (const level of ['error', 'warn', 'log'] as const) console[level] = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
    let error: QivoError;
    try {
      error = await failure(op(service));
    } finally {
      Object.assign(console, original);
    }
    expect(server.requests[0]!.headers['x-api-key']).toBe(KEY); // the gateway really had it to echo
    expect(error.code).toBe(code);
    const seen = [
      JSON.stringify(error.toData()),
      error.message,
      String(error.stack),
      translateError(createTranslator('en'), error),
      translateError(createTranslator('pt-BR'), error),
      JSON.stringify(service.events),
      JSON.stringify(service.service.status()),
      ...logged,
    ].join('\n');
    if (showsServerText) expect(seen).toContain('[redacted]');
    expect(seen).not.toContain(KEY);
    expect(seen).not.toContain(encodeURIComponent(KEY));
    expect(seen).not.toContain(KEY.slice(0, 12)); // not even a trimmed half of it
    await service.close();
    h = undefined;
    for (const f of fs.readdirSync(temp.dir).filter((n) => n !== 'secrets.json')) {
      const p = path.join(temp.dir, f);
      if (fs.statSync(p).isFile()) expect(fs.readFileSync(p).includes(KEY), f).toBe(false);
    }
  });
});

describe('every other HTTP body the app reads', () => {
  it('the flag configuration: a gzip bomb is cut off at 1 MiB after decompression', async () => {
    const server = await serve((_req, res, s) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', ETag: '"x"' });
      writeForever(res, Buffer.alloc(MiB, 0x20), s, zlib.createGzip());
    });
    const outcome = await fetchSignedConfig({ url: `${server.url}/flags.json`, timeoutMs: 20_000 });
    expect(outcome).toMatchObject({ kind: 'failed', reason: 'tooLarge' });
    await waitUntil(() => server.closedEarly === 1, 'the server sees the client hang up');
  });

  it('the Pushgateway: an endless answer is cut off, typed and translated', async () => {
    const server = await serve((req, res, s) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      writeForever(res, Buffer.alloc(16 * 1024, 0x61), s);
    });
    const target = { url: new URL(server.url), workstation: 'ws-1', appVersion: '0.2.0' };
    const error = await failure(pushToGateway(axios.create(), target, 'qivo_up 1\n'));
    expect(error.code).toBe('metrics.pushAnswerTooLarge');
    expect(translateError(createTranslator('pt-BR'), error)).toContain(`${MAX_PUSH_ANSWER_BYTES / 1024} KiB`);
    await waitUntil(() => server.closedEarly === 1, 'the server sees the client hang up');
    expect(server.bytesWritten).toBeLessThan(32 * MiB);
  });

  it('the Pushgateway: a gateway that trickles its answer is cut off at the deadline', async () => {
    const server = await serve((req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(timer));
    });
    const target = { url: new URL(server.url), workstation: 'ws-1', appVersion: '0.2.0' };
    const error = await failure(pushToGateway(axios.create(), target, 'qivo_up 1\n', 500));
    expect(error.code).toBe('metrics.pushUnreachable');
  });
});

describe('the dispatcher scrubs every secret the core holds', () => {
  it('from handler errors and log lines, whatever the handler threw', async () => {
    const logged: string[] = [];
    const dispatch = createDispatcher({
      handlers: {
        'system.info': () => {
          throw new QivoError('official.arcgisError', `ANM reported an error: token ${KEY}`, { agency: 'ANM', detail: `token ${KEY}` }, [`echo ${KEY}`]);
        },
        'reports.list': () => {
          throw new Error(`socket to https://gw/?key=${encodeURIComponent(KEY)} failed`);
        },
      },
      gate: () => ({ isEnabled: () => true, reason: () => 'ok' }),
      log: (m, e) => void logged.push(`${m} ${String((e as Error)?.stack ?? e)}`),
      secrets: () => [KEY],
    });
    const first = await dispatch('system.info', undefined, { transport: 'in-process' });
    const second = await dispatch('reports.list', undefined, { transport: 'in-process' });
    const all = JSON.stringify([first, second, logged]);
    expect(first).toMatchObject({ ok: false, error: { code: 'official.arcgisError' } });
    expect(second).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(all).toContain('[redacted]');
    expect(all).not.toContain(KEY);
    expect(all).not.toContain(encodeURIComponent(KEY));
  });
});
