import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_ON_GATE } from '../../shared/flags/flag-keys';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../shared/metrics/window';
import type { MetricEvent } from '../../main/core/metrics-recorder';
import { MetricsService } from '../../main/metrics/metrics-service';
import { METRICS_DB_FILE, MetricsStore } from '../../main/metrics/metrics-store';
import { metricsMigrations } from '../../main/metrics/metrics-migrations';
import { DUR_COLUMNS } from '../../main/metrics/rollup-columns';
import { makeTempDir } from '../support/temp-dir';

const NOW = Date.UTC(2026, 10, 27, 12, 30, 0);
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function open(options: { now?: () => number; batchSize?: number; exactPercentileLimit?: number } = {}) {
  const tmp = makeTempDir('qivo-metrics-');
  let clock = NOW;
  const now = options.now ?? (() => clock);
  const store = new MetricsStore({
    dataDir: tmp.dir,
    now,
    flushIntervalMs: 0,
    retentionIntervalMs: 0,
    batchSize: options.batchSize ?? 1_000_000,
    exactPercentileLimit: options.exactPercentileLimit,
  });
  const service = new MetricsService(store, { now, gate: () => ALL_ON_GATE });
  cleanups.push(() => {
    store.close();
    tmp.cleanup();
  });
  return { store, service, dir: tmp.dir, setNow: (t: number) => (clock = t) };
}

function call(at: number, source: string, outcome: string, durationMs: number, extra: Partial<MetricEvent> = {}): MetricEvent {
  // Some tests pass an outcome outside the closed set on purpose (what an older row may hold).
  return { kind: 'regulator.call', at, name: `${source.toLowerCase()}.query`, source, outcome, durationMs, bytes: 1000, ...extra } as MetricEvent;
}

describe('metrics store', () => {
  it('a known stream gives known rates and exact percentiles on the dashboard', () => {
    const { store, service } = open();
    // 200 ANM calls in the last hour: 190 ok, 6 errors, 4 timeouts; latencies 1..200 ms.
    for (let i = 0; i < 200; i++) {
      const outcome = i < 190 ? 'success' : i < 196 ? 'error' : 'timeout';
      store.record(call(NOW - 50 * MINUTE_MS + i * 1000, 'ANM', outcome, i + 1));
    }
    store.record(call(NOW - 10 * MINUTE_MS, 'SGB', 'success', 1234));
    const d = service.dashboard('1h');
    const anm = d.api.sources.find((s) => s.source === 'ANM')!;
    expect(anm).toMatchObject({
      calls: 200,
      successes: 190,
      errors: 6,
      timeouts: 4,
      successRate: 0.95,
      errorRate: 0.03,
      timeoutRate: 0.02,
      p50Ms: 100,
      p95Ms: 190,
      percentileMethod: 'exact',
      bytes: 200_000,
    });
    expect(d.api.sources.map((s) => s.source)).toEqual(['ANM', 'SGB']);
    expect(d.cost.totalCalls).toBe(201);
    // The chart counts every call once, in minute slots.
    const total = d.api.callsOverTime.series.flatMap((s) => s.values).reduce<number>((n, v) => n + (v ?? 0), 0);
    expect(total).toBe(201);
    expect(d.api.callsOverTime.slots.length).toBe(61);
    const extras = service.extras('1h');
    expect(extras.p99PerSource.find((p) => p.source === 'ANM')).toEqual({ source: 'ANM', p99Ms: 198, percentileMethod: 'exact' });
  });

  it('events outside the window are not counted; the 30-day window reads hour rollups and still counts exactly', () => {
    const { store, service } = open();
    store.record(call(NOW - 2 * HOUR_MS, 'ANM', 'success', 10));
    store.record(call(NOW - 3 * DAY_MS - 17 * MINUTE_MS, 'ANM', 'error', 10));
    store.record(call(NOW - 29 * DAY_MS, 'ANM', 'success', 10));
    store.record(call(NOW - 31 * DAY_MS, 'ANM', 'success', 10)); // beyond every window (and raw retention, but not yet enforced)
    expect(service.dashboard('1h').api.sources).toEqual([]);
    expect(service.dashboard('24h').api.sources[0]?.calls).toBe(1);
    expect(service.dashboard('7d').api.sources[0]).toMatchObject({ calls: 2, errors: 1 });
    expect(service.dashboard('30d').api.sources[0]).toMatchObject({ calls: 3, errors: 1, successRate: 2 / 3 });
  });

  it('rollups agree with the raw events for every key', () => {
    const { store } = open();
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const events: MetricEvent[] = [];
    for (let i = 0; i < 3000; i++) {
      const e = call(
        NOW - Math.floor(rnd() * 5 * DAY_MS),
        ['ANM', 'SGB', 'IBAMA'][i % 3]!,
        rnd() < 0.9 ? 'success' : 'error',
        Math.round(rnd() * 3000),
        i % 2 ? { labels: { reportId: `r${i % 7}` } } : {},
      );
      events.push(e);
      store.record(e);
    }
    store.flush();
    const sums = (resolution: number) =>
      store.db
        .prepare('SELECT source, SUM(count) AS n, SUM(dur_sum) AS d, SUM(bytes_sum) AS b FROM rollups WHERE resolution = ? GROUP BY source ORDER BY source')
        .all(resolution);
    const raw = store.db.prepare('SELECT source, COUNT(*) AS n, SUM(duration_ms) AS d, SUM(bytes) AS b FROM events GROUP BY source ORDER BY source').all();
    expect(sums(MINUTE_MS)).toEqual(raw);
    expect(sums(HOUR_MS)).toEqual(raw);
    // Histograms hold every duration exactly once (one column per bucket).
    const histTotal = store.db
      .prepare(`SELECT SUM(${DUR_COLUMNS.join(' + ')}) FROM rollups WHERE resolution = ?`)
      .pluck()
      .get(HOUR_MS);
    expect(histTotal).toBe(3000);
    // Report rollups carry the same calls, per report.
    const perReport = store.db.prepare('SELECT SUM(count) FROM report_rollups WHERE resolution = ? AND kind = ?').pluck().get(HOUR_MS, 'regulator.call');
    expect(perReport).toBe(events.filter((e) => e.labels?.reportId).length);
  });

  it('flushes in batches: one transaction per batch, rollups merged across batches', () => {
    const { store } = open({ batchSize: 1_000_000 });
    for (let i = 0; i < 10; i++) store.record(call(NOW - 1000, 'ANM', 'success', 100));
    expect(store.health().buffered).toBe(10);
    expect(store.flush()).toBe(10);
    for (let i = 0; i < 5; i++) store.record(call(NOW - 500, 'ANM', 'success', 300));
    expect(store.flush()).toBe(5);
    const row = store.db.prepare('SELECT count, dur_sum, dur_min, dur_max FROM rollups WHERE resolution = ?').get(MINUTE_MS);
    expect(row).toEqual({ count: 15, dur_sum: 2500, dur_min: 100, dur_max: 300 });
  });

  it('a full batch is written on the next tick, without the recorder waiting for the disk', async () => {
    const { store } = open({ batchSize: 100 });
    for (let i = 0; i < 100; i++) store.record(call(NOW, 'ANM', 'success', 1));
    // Nothing written synchronously by record() itself.
    expect(store.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(store.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(100);
  });

  it('record never throws and drops junk, counting it', () => {
    const { store } = open();
    const junk = [
      null,
      undefined,
      42,
      { kind: 'nope', at: NOW, name: 'x' },
      { kind: 'cache', at: Number.NaN, name: 'x' },
      { kind: 'cache', at: NOW, name: 'ok', durationMs: -5, labels: { a: 1 } },
    ];
    for (const j of junk) expect(() => store.record(j as unknown as MetricEvent)).not.toThrow();
    store.flush();
    expect(store.health().dropped).toBe(5);
    expect(store.db.prepare('SELECT name, duration_ms, labels FROM events').all()).toEqual([{ name: 'ok', duration_ms: null, labels: null }]);
  });

  it('a stuck store stops buffering at its bound instead of growing memory', () => {
    const tmp = makeTempDir('qivo-metrics-');
    const store = new MetricsStore({ dataDir: tmp.dir, now: () => NOW, flushIntervalMs: 0, retentionIntervalMs: 0, batchSize: 1e9, maxBuffered: 50 });
    cleanups.push(() => (store.close(), tmp.cleanup()));
    for (let i = 0; i < 80; i++) store.record(call(NOW, 'ANM', 'success', 1));
    expect(store.health()).toMatchObject({ buffered: 50, dropped: 30 });
  });

  it('retention: raw events and minute rollups go after 30 days, hour rollups after a year', () => {
    const { store, service, setNow } = open();
    store.record(call(NOW - 40 * DAY_MS, 'ANM', 'success', 10));
    store.record(call(NOW - 400 * DAY_MS, 'ANM', 'success', 10));
    store.record(call(NOW - HOUR_MS, 'ANM', 'success', 10));
    store.flush();
    const removed = store.enforceRetention();
    expect(removed).toEqual({ events: 2, minutes: 2, hours: 1 });
    expect(store.db.prepare('SELECT COUNT(*) FROM report_rollups').pluck().get()).toBe(0);
    expect(store.rawCount()).toBe(1);
    const left = store.db.prepare('SELECT resolution, COUNT(*) AS n FROM rollups GROUP BY resolution ORDER BY resolution').all();
    expect(left).toEqual([
      { resolution: MINUTE_MS, n: 1 },
      { resolution: HOUR_MS, n: 2 },
    ]);
    // The 40-day-old call still counts in the cumulative totals (a year of hour rollups).
    expect(store.totals().reduce((n, r) => n + r.count, 0)).toBe(2);
    // Ten days later the 30-day window still holds both remaining calls, from raw events (exact).
    setNow(NOW + 10 * DAY_MS);
    store.record(call(NOW + 10 * DAY_MS - 60_000, 'ANM', 'success', 10));
    expect(service.dashboard('30d').api.sources[0]?.percentileMethod).toBe('exact');
    expect(service.dashboard('30d').api.sources[0]?.calls).toBe(2);
  });

  it('falls back to histogram estimates above the exact-percentile limit', () => {
    const { store, service } = open({ exactPercentileLimit: 10 });
    for (let i = 1; i <= 100; i++) store.record(call(NOW - i * 1000, 'ANM', 'success', i * 10));
    const anm = service.dashboard('1h').api.sources[0]!;
    expect(anm.percentileMethod).toBe('estimated');
    expect(anm.p50Ms).toBeGreaterThan(400);
    expect(anm.p50Ms).toBeLessThanOrEqual(500);
    expect(anm.p95Ms).toBeGreaterThan(750);
    expect(anm.p95Ms).toBeLessThanOrEqual(1000);
  });

  it("implements the rollout guards' GuardMetricsSource over raw events", () => {
    const { store, service } = open();
    for (let i = 0; i < 100; i++) store.record(call(NOW - 5 * MINUTE_MS + i, 'anm', i < 84 ? 'success' : i < 94 ? 'error' : 'timeout', 100 + i));
    store.record(call(NOW - 5 * MINUTE_MS, 'sgb', 'error', 1));
    store.record(call(NOW - 30 * MINUTE_MS, 'anm', 'error', 1)); // outside the window
    for (let i = 0; i < 10; i++) store.record({ kind: 'cache', at: NOW - MINUTE_MS, name: 'processes', source: 'anm', outcome: i < 7 ? 'hit' : 'miss' });
    store.record({ kind: 'cache', at: NOW - MINUTE_MS, name: 'processes', source: 'anm', outcome: 'eviction' });
    const stats = service.windowStats({ operations: ['regulator.call/anm', 'cache'], fromMs: NOW - 15 * MINUTE_MS, toMs: NOW });
    expect(stats).toEqual({ calls: 100, successes: 84, errors: 10, timeouts: 6, p95LatencyMs: 194, cacheLookups: 10, cacheHits: 7 });
  });

  it('a damaged metrics.db is moved aside and a fresh one opened', () => {
    const tmp = makeTempDir('qivo-metrics-');
    cleanups.push(tmp.cleanup);
    fs.writeFileSync(path.join(tmp.dir, METRICS_DB_FILE), Buffer.alloc(8192, 7));
    const store = new MetricsStore({ dataDir: tmp.dir, now: () => NOW, flushIntervalMs: 0, retentionIntervalMs: 0 });
    try {
      expect(store.corruption?.label).toBe('metrics');
      expect(fs.existsSync(store.corruption!.movedTo)).toBe(true);
      store.record(call(NOW, 'ANM', 'success', 1));
      expect(store.rawCount()).toBe(1);
    } finally {
      store.close();
    }
  });

  it('close flushes what is buffered, and the data is there on reopen', () => {
    const tmp = makeTempDir('qivo-metrics-');
    cleanups.push(tmp.cleanup);
    const a = new MetricsStore({ dataDir: tmp.dir, now: () => NOW, flushIntervalMs: 0, retentionIntervalMs: 0 });
    a.record(call(NOW, 'ANM', 'success', 1));
    a.close();
    const db = new Database(path.join(tmp.dir, METRICS_DB_FILE), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(1);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('a metrics.db of schema 1 (JSON histograms) is migrated and its rollups rebuilt from the raw events', () => {
    const tmp = makeTempDir('qivo-metrics-');
    cleanups.push(tmp.cleanup);
    const old = new Database(path.join(tmp.dir, METRICS_DB_FILE));
    old.pragma('journal_mode = WAL');
    old.transaction(() => {
      metricsMigrations[0]!.up(old);
      old.pragma('user_version = 1');
    })();
    const ins = old.prepare(
      'INSERT INTO events (at, kind, name, source, outcome, duration_ms, value, bytes, report, labels) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (let i = 0; i < 30; i++)
      ins.run(NOW - i * MINUTE_MS, 'regulator.call', 'anm.query', 'ANM', i < 27 ? 'success' : 'error', 100 + i, null, 10, i < 5 ? 'rep' : '', null);
    old.close();
    const store = new MetricsStore({ dataDir: tmp.dir, now: () => NOW, flushIntervalMs: 0, retentionIntervalMs: 0 });
    const service = new MetricsService(store, { now: () => NOW, gate: () => ALL_ON_GATE });
    try {
      expect(store.db.pragma('user_version', { simple: true })).toBe(metricsMigrations.length);
      const anm = service.dashboard('1h').api.sources[0]!;
      expect(anm).toMatchObject({ calls: 30, errors: 3, bytes: 300 });
      expect(service.extras('1h').costPerReport).toEqual([{ reportId: 'rep', calls: 5, bytes: 50, exports: 0, exportBytes: 0, checks: 0 }]);
      expect(store.rawCount()).toBe(30);
    } finally {
      store.close();
    }
  });

  it('cache size: from the cache itself when it runs, else the newest size event', () => {
    const { store } = open();
    store.record({ kind: 'cache', at: NOW - 30 * MINUTE_MS, name: 'size', outcome: 'size', value: 10, bytes: 1000 });
    store.record({ kind: 'cache', at: NOW - 2 * MINUTE_MS, name: 'size', outcome: 'size', value: 12, bytes: 1500 });
    store.record({ kind: 'cache', at: NOW - MINUTE_MS, name: 'processes', outcome: 'hit' });
    const fromEvents = new MetricsService(store, { now: () => NOW, gate: () => ALL_ON_GATE }).dashboard('24h').cache;
    expect(fromEvents).toMatchObject({ sizeEntries: 12, sizeBytes: 1500, lookups: 1, hits: 1 });
    const fromCache = new MetricsService(store, { now: () => NOW, gate: () => ALL_ON_GATE, cacheSize: () => ({ entries: 99, bytes: 4096 }) }).dashboard(
      '24h',
    ).cache;
    expect(fromCache).toMatchObject({ sizeEntries: 99, sizeBytes: 4096 });
  });

  it('KRCI checks as the engine records them give the score figures and the top violations', () => {
    const { store, service } = open();
    store.record({
      kind: 'compliance.check',
      at: NOW - MINUTE_MS,
      name: 'krci',
      source: 'app',
      outcome: 'critical',
      durationMs: 8,
      value: 35,
      labels: { topRules: 'SK-07,BR-02' },
    });
    store.record({
      kind: 'compliance.check',
      at: NOW - MINUTE_MS,
      name: 'krci',
      source: 'app',
      outcome: 'ok',
      durationMs: 8,
      value: 85,
      labels: { topRules: 'BR-02' },
    });
    const c = service.dashboard('1h').compliance;
    expect(c).toMatchObject({ checks: 2, scored: 2, averageScore: 60, minScore: 35, maxScore: 85 });
    expect(c.topViolations).toEqual([
      { rule: 'BR-02', count: 2 },
      { rule: 'SK-07', count: 1 },
    ]);
    // Only the checks are raw events; the per-rule rows live in the rollups.
    expect(store.rawCount()).toBe(2);
  });
});
