import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QivoError } from '../../shared/errors';
import type { Provenance } from '../../shared/official/records';
import { apiKeySecretName } from '../../main/official/config';
import {
  ANM_LAYER_PATH,
  ANP_WFS_PATH,
  FAULT_KINDS,
  IBAMA_LAYER_PATH,
  PROPERTY,
  SGB_WFS_PATH,
  SISLIC_PATH,
  startOfficialServers,
  type FaultKind,
  type OfficialServers,
} from '../servers/index';
import type { FakeServer } from '../servers/fake-http';
import { createOfficialHarness, type OfficialHarness } from '../support/official-harness';
import { makeTempDir } from '../support/temp-dir';

const BBOX: [number, number, number, number] = [-43.6, -20.4, -43.3, -20.1];
const DAY_MS = 24 * 3600 * 1000;

interface Op {
  name: string;
  server: (s: OfficialServers) => FakeServer;
  path: string;
  protocol: 'arcgis' | 'wfs' | 'json';
  run: (h: OfficialHarness) => Promise<unknown>;
  source: (result: unknown) => Provenance;
  /** Checks the answer carries the real published values (accents included). */
  check: (result: unknown) => void;
}

type R = Record<string, any>;

const OPS: Op[] = [
  {
    name: 'ANM process',
    server: (s) => s.arcgis,
    path: ANM_LAYER_PATH,
    protocol: 'arcgis',
    run: (h) => h.service.anmProcess('802563/1973'),
    source: (r) => (r as R).source,
    check: (r) => expect((r as R).record).toMatchObject({ process: '802.563/1973', substances: ['MANGANÊS'], areaHa: 27.05, parts: 2 }),
  },
  {
    name: 'ANM area',
    server: (s) => s.arcgis,
    path: ANM_LAYER_PATH,
    protocol: 'arcgis',
    run: (h) => h.service.anmArea(BBOX),
    source: (r) => (r as R).source,
    check: (r) => {
      expect((r as R).records.length).toBe(149);
      expect((r as R).records.some((p: R) => p.phase === 'AUTORIZAÇÃO DE PESQUISA')).toBe(true);
    },
  },
  {
    name: 'SGB occurrences',
    server: (s) => s.wfs,
    path: SGB_WFS_PATH,
    protocol: 'wfs',
    run: (h) => h.service.sgbOccurrences(PROPERTY.lat, PROPERTY.lon, 10),
    source: (r) => (r as R).source,
    check: (r) => {
      const names = (r as R).records.map((o: R) => o.toponym);
      expect(names).toContain('Pedreira (Antônio Pereira), Macacos E Mata-Mata');
      expect((r as R).records).toHaveLength(5);
    },
  },
  {
    name: 'SGB unit',
    server: (s) => s.wfs,
    path: SGB_WFS_PATH,
    protocol: 'wfs',
    run: (h) => h.service.sgbUnit(PROPERTY.lat, PROPERTY.lon),
    source: (r) => (r as R).source,
    check: (r) => expect((r as R).record).toMatchObject({ code: 'PP1mi', eraMin: 'Paleoproterozóico' }),
  },
  {
    name: 'IBAMA embargoes',
    server: (s) => s.arcgis,
    path: IBAMA_LAYER_PATH,
    protocol: 'arcgis',
    run: (h) => h.service.ibamaEmbargoes({ bbox: BBOX }),
    source: (r) => (r as R).source,
    check: (r) =>
      expect((r as R).records).toEqual([expect.objectContaining({ term: 'SINT1', municipality: 'Ouro Preto', embargoDate: '2024-05-14', areaHa: 5 })]),
  },
  {
    name: 'IBAMA licences',
    server: (s) => s.sislic,
    path: SISLIC_PATH,
    protocol: 'json',
    run: (h) => h.service.ibamaLicences({ holder: 'sintetica mineracao' }),
    source: (r) => (r as R).source,
    check: (r) => {
      expect((r as R).records).toHaveLength(2);
      expect((r as R).records[0]).toMatchObject({ holder: 'SINTÉTICA MINERAÇÃO LTDA', type: 'Licença de Operação', issuedOn: '2024-01-02' });
    },
  },
  {
    name: 'ANP overlaps',
    server: (s) => s.wfs,
    path: ANP_WFS_PATH,
    protocol: 'wfs',
    run: (h) => h.service.anpOverlaps(BBOX),
    source: (r) => (r as R).blocks.source,
    check: (r) => {
      expect((r as R).blocks.records).toEqual([expect.objectContaining({ name: 'SF-T-120', basin: 'São Francisco', operator: 'SINTÉTICA PETRÓLEO S.A.' })]);
      expect((r as R).wells.records).toHaveLength(3);
    },
  },
];

/** The typed error each fault must produce (latin1 is not an error: it must decode right). */
const EXPECTED: Record<FaultKind, string | null> = {
  status500: 'official.httpStatus',
  status429: 'official.rateLimited',
  hang: 'official.timeout',
  reset: 'official.network',
  html200: 'official.htmlResponse',
  arcgisError200: 'official.arcgisError',
  exceptionReport: 'official.wfsException',
  truncated: 'official.malformedBody',
  latin1: null,
};

async function failure(promise: Promise<unknown>): Promise<QivoError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(QivoError);
    return error as QivoError;
  }
  throw new Error('expected the call to fail');
}

let servers: OfficialServers;
let temp: { dir: string; cleanup: () => void };
let h: OfficialHarness;

beforeAll(async () => {
  servers = await startOfficialServers();
});
afterAll(async () => {
  await servers.stop();
});
beforeEach(() => {
  servers.reset();
  temp = makeTempDir('qivo-official-');
  // 2 s: long enough for a loaded CI machine, short enough that the "hang" cases stay quick.
  h = createOfficialHarness(temp.dir, servers, {
    settings: Object.fromEntries(['anm', 'sgb', 'ibamaEmbargo', 'ibamaSislic', 'anp'].map((s) => [`official.sources.${s}.timeoutMs`, 2000])),
  });
});
afterEach(async () => {
  servers.reset();
  await h.close();
  temp.cleanup();
});

describe.each(OPS)('$name against its test server', (op) => {
  it('answers with published values and provenance, then from the cache', async () => {
    const first = await op.run(h);
    op.check(first);
    const source = op.source(first);
    expect(source).toMatchObject({ cache: 'miss', url: expect.stringContaining(servers.all().find((s) => s === op.server(servers))!.baseUrl) });
    expect(source.ageSeconds).toBeUndefined();
    const calls = op.server(servers).calls;
    const second = await op.run(h);
    op.check(second);
    expect(op.source(second)).toMatchObject({ cache: 'fresh', fetchedAt: source.fetchedAt, url: source.url, ageSeconds: 0 });
    expect(op.server(servers).calls).toBe(calls);
  });

  it.each(FAULT_KINDS)('fault %s: typed error, nothing cached, next call clean', async (kind) => {
    op.server(servers).inject({ kind, times: Infinity, path: op.path, retryAfterSeconds: 1 });
    if (EXPECTED[kind] === null) {
      const result = await op.run(h);
      op.check(result); // Latin-1 bytes decoded into the same published text
      return;
    }
    // Servers only produce faults that make sense for their protocol; all are still handled.
    const error = await failure(op.run(h));
    expect(error.code).toBe(EXPECTED[kind]);
    expect(h.cache.figures().entries).toBe(0);
    op.server(servers).clearFaults();
    const clean = await op.run(h);
    op.check(clean);
    expect(op.source(clean).cache).toBe('miss');
  });

  it.each(FAULT_KINDS.filter((k) => k !== 'latin1'))('fault %s after a good answer: the stale answer, marked with its age', async (kind) => {
    const good = await op.run(h);
    const entriesBefore = h.cache.figures().entries;
    h.advance(100 * DAY_MS);
    op.server(servers).inject({ kind, times: Infinity, path: op.path, retryAfterSeconds: 1 });
    const stale = await op.run(h);
    op.check(stale);
    expect(op.source(stale)).toMatchObject({ cache: 'stale', fetchedAt: op.source(good).fetchedAt });
    expect(op.source(stale).ageSeconds).toBeGreaterThanOrEqual(100 * 24 * 3600);
    // The failed refresh replaced nothing.
    expect(h.cache.figures().entries).toBe(entriesBefore);
    expect(h.cache.figures().staleServes).toBeGreaterThan(0);
  });
});

describe('resilience', () => {
  it('retries a 500 and succeeds; gives up after maxRetries with the status in the error', async () => {
    servers.arcgis.inject({ kind: 'status500', times: 1 });
    const ok = await h.service.anmProcess('802.563/1973');
    expect(ok.record.parts).toBe(2);
    expect(servers.arcgis.calls).toBe(2);

    servers.reset();
    servers.arcgis.inject({ kind: 'status500', times: Infinity });
    const error = await failure(h.service.anmProcess('013.987/1967'));
    expect(error.code).toBe('official.httpStatus');
    expect(error.params).toMatchObject({ agency: 'ANM', status: 500 });
    expect(servers.arcgis.calls).toBe(3); // 1 + maxRetries (2)
  });

  it('honours Retry-After on 429 and fails fast when it is longer than allowed', async () => {
    servers.wfs.inject({ kind: 'status429', times: 1, retryAfterSeconds: 3 });
    const ok = await h.service.sgbUnit(PROPERTY.lat, PROPERTY.lon);
    expect(ok.record?.code).toBe('PP1mi');
    expect(h.sleeps).toHaveLength(1);
    expect(h.sleeps[0]).toBeGreaterThanOrEqual(3000);

    h.sleeps.length = 0;
    servers.wfs.inject({ kind: 'status429', times: 1, retryAfterSeconds: 3600 });
    const error = await failure(h.service.sgbUnit(PROPERTY.lat + 0.01, PROPERTY.lon));
    expect(error.code).toBe('official.rateLimited');
    expect(h.sleeps).toHaveLength(0);
  });

  it('backs off exponentially with jitter between retries', async () => {
    const backoff = h.service.http.backoffMs.bind(h.service.http);
    const policy = { timeoutMs: 1, maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 1, concurrency: 1, maxResponseBytes: 1024 };
    const samples = Array.from({ length: 200 }, () => [backoff(policy, 0), backoff(policy, 1), backoff(policy, 2), backoff(policy, 6)]);
    for (const [a, b, c, d] of samples) {
      expect(a).toBeLessThan(100);
      expect(b).toBeLessThan(200);
      expect(c).toBeLessThan(400);
      expect(d).toBeLessThan(1000);
    }
    // Jitter: not all the same.
    expect(new Set(samples.map((s) => s[2])).size).toBeGreaterThan(10);
    servers.arcgis.inject({ kind: 'reset', times: 2 });
    await h.service.anmProcess('802.563/1973');
    expect(h.sleeps).toHaveLength(2);
    expect(h.sleeps[0]).toBeLessThan(250);
    expect(h.sleeps[1]).toBeLessThan(500);
  });

  it('opens the circuit after repeated failures, stops calling, probes half-open and closes', async () => {
    h.settings.set('official.circuit.failureThreshold', 3);
    h.settings.set('official.circuit.openMs', 60_000);
    h.settings.set('official.sources.anm.maxRetries', 0);
    servers.arcgis.inject({ kind: 'status500', times: Infinity, path: ANM_LAYER_PATH });
    for (let i = 0; i < 3; i++) await failure(h.service.anmProcess(`${100 + i}/2001`));
    expect(h.service.health('anm')).toMatchObject({ circuit: 'open', consecutiveFailures: 3, lastErrorCode: 'httpStatus' });
    const calls = servers.arcgis.calls;
    const refused = await failure(h.service.anmProcess('200/2001'));
    expect(refused.code).toBe('official.circuitOpen');
    expect(servers.arcgis.calls).toBe(calls);
    // Another source is unaffected.
    expect((await h.service.ibamaEmbargoes({ cnpj: '11.222.333/0001-81' })).records).toHaveLength(2);

    h.advance(60_000);
    expect(h.service.health('anm').circuit).toBe('halfOpen');
    // A failing probe opens it again at once.
    await failure(h.service.anmProcess('201/2001'));
    expect(h.service.health('anm').circuit).toBe('open');
    expect(servers.arcgis.callsTo(ANM_LAYER_PATH)).toBe(4);

    h.advance(60_000);
    servers.arcgis.clearFaults();
    const ok = await h.service.anmProcess('802.563/1973');
    expect(ok.source.cache).toBe('miss');
    expect(h.service.health('anm')).toMatchObject({ circuit: 'closed', consecutiveFailures: 0 });
    expect(h.service.health('anm').lastSuccessAt).not.toBeNull();
  });

  it('an open circuit still serves the cache, marked stale', async () => {
    h.settings.set('official.circuit.failureThreshold', 1);
    const good = await h.service.sgbOccurrences(PROPERTY.lat, PROPERTY.lon, 10);
    servers.wfs.inject({ kind: 'hang', times: Infinity });
    await failure(h.service.sgbUnit(PROPERTY.lat, PROPERTY.lon));
    expect(h.service.health('sgb').circuit).toBe('open');
    h.advance(30 * DAY_MS);
    const stale = await h.service.sgbOccurrences(PROPERTY.lat, PROPERTY.lon, 10);
    expect(stale.records).toEqual(good.records);
    expect(stale.source.cache).toBe('stale');
  });

  it('single-flight: 100 identical concurrent lookups make one upstream call', async () => {
    servers.arcgis.latencyMs = 200;
    const results = await Promise.all(Array.from({ length: 100 }, () => h.service.anmProcess('802.563/1973')));
    expect(servers.arcgis.calls).toBe(1);
    expect(new Set(results.map((r) => r.record.areaHa))).toEqual(new Set([27.05]));
    expect(results.every((r) => r.source.cache === 'miss')).toBe(true);
  });

  it('caps concurrency per host', async () => {
    h.settings.set('official.sources.anm.concurrency', 2);
    servers.arcgis.latencyMs = 100;
    await Promise.all(Array.from({ length: 6 }, (_, i) => h.service.anmProcess(`${300 + i}/2001`).catch(() => undefined)));
    expect(servers.arcgis.calls).toBe(6);
    expect(servers.arcgis.peakInFlight).toBe(2);
  });

  it('ANM: splits an envelope into quadrants (resultOffset is ignored) and gets every process once', async () => {
    h.settings.set('official.sources.anm.maxRecordCount', 20);
    servers.arcgis.layer(ANM_LAYER_PATH).maxRecordCount = 20;
    try {
      const result = await h.service.anmArea(BBOX);
      expect(result.records).toHaveLength(149);
      expect(new Set(result.records.map((r) => r.process)).size).toBe(149);
      const requests = servers.arcgis.requests;
      expect(requests.some((r) => r.query.get('returnCountOnly') === 'true')).toBe(true);
      expect(requests.every((r) => !r.query.has('resultOffset'))).toBe(true);
      expect(requests.filter((r) => r.query.get('returnCountOnly') !== 'true').length).toBeGreaterThan(4);
      // The property's two parts are still one record.
      expect(result.records.find((r) => r.process === '802.563/1973')).toMatchObject({ parts: 2, areaHa: 27.05 });
    } finally {
      servers.arcgis.layer(ANM_LAYER_PATH).maxRecordCount = 1000;
    }
  });

  it('ANM area can be limited to the property polygon', async () => {
    const property = await h.service.anmProcess('802.563/1973');
    const result = await h.service.anmArea(BBOX, property.record.geometry!);
    expect(result.records.map((r) => r.process)).toEqual(['802.563/1973']);
  });

  it('IBAMA pages with resultOffset; WFS pages with sortBy; SGB may send everything at once', async () => {
    servers.arcgis.layer(IBAMA_LAYER_PATH).maxRecordCount = 1;
    try {
      const embargoes = await h.service.ibamaEmbargoes({ cnpj: '11222333000181' });
      expect(embargoes.records.map((e) => e.term).sort()).toEqual(['SINT1', 'SINT2']);
      expect(servers.arcgis.requests.map((r) => r.query.get('resultOffset'))).toEqual(['0', '1']);
    } finally {
      servers.arcgis.layer(IBAMA_LAYER_PATH).maxRecordCount = 2000;
    }
    const anp = await h.service.anpOverlaps([-46, -19.5, -44, -17]);
    expect(anp.wells.records).toHaveLength(1200);
    const wellRequests = servers.wfs.requests.filter((r) => r.query.get('typeNames') === 'BD_ANP:POCOS_SIRGAS');
    expect(wellRequests.map((r) => r.query.get('startIndex'))).toEqual(['0', '500', '1000']);
    expect(wellRequests.every((r) => r.query.get('sortBy') === 'CADASTRO')).toBe(true);

    servers.wfs.resetCalls();
    const occurrences = await h.service.sgbOccurrences(-20, -43.5, 400);
    expect(occurrences.records.length).toBeGreaterThan(5);
    expect(servers.wfs.calls).toBe(1);
  });

  it('IBAMA: when the layer starts ignoring resultOffset, a bbox query splits instead, a CNPJ query fails clearly', async () => {
    const layer = servers.arcgis.layer(IBAMA_LAYER_PATH);
    layer.maxRecordCount = 1;
    servers.arcgis.ignoreResultOffset(IBAMA_LAYER_PATH);
    try {
      const wide: [number, number, number, number] = [-44, -20.4, -43.4, -19.9];
      const embargoes = await h.service.ibamaEmbargoes({ bbox: wide });
      expect(embargoes.records.map((e) => e.term).sort()).toEqual(['SINT1', 'SINT2']);
      expect(servers.arcgis.requests.some((r) => r.query.get('returnCountOnly') === 'true')).toBe(true);
      const error = await failure(h.service.ibamaEmbargoes({ cnpj: '11222333000181' }));
      expect(error.code).toBe('official.malformedBody');
      expect(error.params?.detail).toMatch(/ignored resultOffset/);
      expect(h.cache.figures().entries).toBe(1);
    } finally {
      layer.maxRecordCount = 2000;
      servers.arcgis.ignoreResultOffset(IBAMA_LAYER_PATH, false);
    }
  });

  it('sends the API key header, and never puts the key in errors, settings or the cache', async () => {
    const key = 'sekret-key-0123456789';
    h.secrets.set(apiKeySecretName('anm'), key);
    await h.service.anmProcess('802.563/1973');
    expect(servers.arcgis.requests[0]!.headers['x-api-key']).toBe(key);
    servers.arcgis.inject({ kind: 'html200', times: Infinity });
    const error = await failure(h.service.anmProcess('013.987/1967'));
    expect(JSON.stringify({ ...error.toData(), stack: error.stack })).not.toContain(key);
    servers.arcgis.clearFaults().inject({ kind: 'reset', times: Infinity });
    const network = await failure(h.service.anmProcess('013.987/1967'));
    expect(JSON.stringify({ ...network.toData(), stack: network.stack })).not.toContain(key);
    expect(JSON.stringify(h.service.status())).not.toContain(key);
    expect(h.service.health('anm').apiKeyConfigured).toBe(true);
    const files = fs.readdirSync(temp.dir).filter((f) => f !== 'secrets.json');
    for (const f of files) {
      const p = path.join(temp.dir, f);
      if (fs.statSync(p).isFile()) expect(fs.readFileSync(p).includes(key), f).toBe(false);
    }
  });

  it('records regulator calls and cache events as metrics', async () => {
    await h.service.anmProcess('802.563/1973');
    await h.service.anmProcess('802.563/1973');
    servers.arcgis.inject({ kind: 'hang', times: 1 });
    await failure(h.service.anmProcess('013.987/1967'));
    const calls = h.events.filter((e) => e.kind === 'regulator.call');
    expect(calls[0]).toMatchObject({ name: 'anm.process', source: 'ANM', outcome: 'success' });
    expect(calls[0]!.bytes).toBeGreaterThan(100);
    expect(calls[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(calls[1]).toMatchObject({ outcome: 'timeout', labels: expect.objectContaining({ error: 'timeout' }) });
    const cache = h.events.filter((e) => e.kind === 'cache').map((e) => e.outcome);
    expect(cache).toEqual(['miss', 'hit', 'miss']);
  });
});
