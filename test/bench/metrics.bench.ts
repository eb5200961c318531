import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ALL_ON_GATE } from '../../shared/flags/flag-keys';
import { snapshotToFamilies } from '../../shared/metrics/exposition';
import { formatExposition } from '../../shared/metrics/prometheus';
import { DAY_MS, METRICS_WINDOWS, MINUTE_MS } from '../../shared/metrics/window';
import { NO_METRICS, type MetricEvent } from '../../main/core/metrics-recorder';
import { MetricsService } from '../../main/metrics/metrics-service';
import { MetricsStore } from '../../main/metrics/metrics-store';

// Metrics figures: (1) what record() costs the measured operation, against a bare array push and
// the no-op recorder (its peers: the least any recorder can cost); the batched flush against one
// transaction per event (the peer a naive store would be); (2) every dashboard query over one
// million events spread over 30 days, as the window asks for them.

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
function time<T>(fn: () => T): [number, T] {
  const start = process.hrtime.bigint();
  const result = fn();
  return [Number(process.hrtime.bigint() - start) / 1e6, result];
}
const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`);

const SOURCES = ['ANM', 'SGB', 'IBAMA', 'ANP', 'SIGMINE'];
const FLAGS = ['OFFICIAL_INTEGRATIONS', 'SEC_SK_1300', 'BRAZILIAN_FIELDS', 'ADVANCED_ANALYTICS'];
let seed = 12345;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

/** A realistic mix: 60 % regulator calls, 20 % cache, 10 % compliance, 8 % flags, 2 % exports. */
function makeEvent(at: number): MetricEvent {
  const r = rnd();
  const source = SOURCES[Math.floor(rnd() * SOURCES.length)]!;
  const reportId = `report-${Math.floor(rnd() * 20)}`;
  if (r < 0.6) {
    const o = rnd();
    return { kind: 'regulator.call', at, name: `${source.toLowerCase()}.query`, source, outcome: o < 0.93 ? 'success' : o < 0.97 ? 'error' : 'timeout', durationMs: Math.round(50 + -Math.log(1 - rnd()) * 400), bytes: Math.round(rnd() * 50_000), labels: { reportId } };
  }
  if (r < 0.8) {
    const o = rnd();
    return { kind: 'cache', at, name: 'records', source, outcome: o < 0.8 ? 'hit' : o < 0.95 ? 'miss' : o < 0.98 ? 'stale' : 'eviction' };
  }
  if (r < 0.9) {
    return rnd() < 0.5
      ? { kind: 'compliance.check', at, name: 'report', outcome: 'ok', value: Math.round(40 + rnd() * 60), labels: { reportId } }
      : { kind: 'compliance.check', at, name: `KRCI-${String(Math.floor(rnd() * 114)).padStart(3, '0')}`, outcome: 'violation', labels: { reportId } };
  }
  if (r < 0.98) return { kind: rnd() < 0.5 ? 'flag.evaluation' : 'flag.exposure', at, name: FLAGS[Math.floor(rnd() * 4)]!, outcome: rnd() < 0.9 ? 'on' : 'off' };
  return { kind: 'export', at, name: rnd() < 0.5 ? 'pdf' : 'docx', outcome: 'success', bytes: Math.round(rnd() * 2_000_000), labels: { reportId } };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qivo-bench-metrics-'));
  const now = Date.now();
  try {
    // ---- 1. recording overhead ----------------------------------------------------------------
    const N = 1_000_000;
    const events = Array.from({ length: N }, (_, i) => makeEvent(now - 1000 + i / 1000));
    const store = new MetricsStore({ dataDir: dir, now: () => now, flushIntervalMs: 0, retentionIntervalMs: 0, batchSize: Number.MAX_SAFE_INTEGER, maxBuffered: N + 1 });
    const sink: MetricEvent[] = [];
    // Warm-up of every loop on a tenth of the events, so the JIT does not favour whichever runs last.
    const warm = events.slice(0, N / 10);
    for (const e of warm) sink.push(e);
    for (const e of warm) NO_METRICS.record(e);
    const warmStore = new MetricsStore({ dataDir: path.join(dir, 'warm'), now: () => now, flushIntervalMs: 0, retentionIntervalMs: 0, batchSize: Number.MAX_SAFE_INTEGER, maxBuffered: N });
    for (const e of warm) warmStore.record(e);
    warmStore.close();
    sink.length = 0;
    const [pushMs] = time(() => {
      for (const e of events) sink.push(e);
    });
    const [noopMs] = time(() => {
      for (const e of events) NO_METRICS.record(e);
    });
    const [recordMs] = time(() => {
      for (const e of events) store.record(e);
    });
    console.log(
      `record(): ${((recordMs / N) * 1e6).toFixed(0)} ns/event over ${N.toLocaleString('en')} events; peers: array push ${((pushMs / N) * 1e6).toFixed(0)} ns, no-op recorder ${((noopMs / N) * 1e6).toFixed(0)} ns (ratio to push ${(recordMs / pushMs).toFixed(1)}x)`,
    );
    const [flushMs, written] = time(() => store.flush());
    console.log(`flush of that buffer (raw rows + minute/hour rollups, one transaction): ${fmt(flushMs)} for ${written.toLocaleString('en')} events = ${((flushMs / written) * 1000).toFixed(2)} µs/event, off the measured path`);
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);

    // Peer: a naive store that inserts each event in its own transaction (synchronous NORMAL, WAL).
    const naive = new Database(path.join(dir, 'naive.db'));
    naive.pragma('journal_mode = WAL');
    naive.pragma('synchronous = NORMAL');
    naive.exec('CREATE TABLE events (at INTEGER, kind TEXT, name TEXT, source TEXT, outcome TEXT, duration_ms REAL, value REAL, bytes REAL)');
    const ins = naive.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const one = naive.transaction((e: MetricEvent) => ins.run(e.at, e.kind, e.name, e.source ?? '', e.outcome ?? '', e.durationMs ?? null, e.value ?? null, e.bytes ?? null));
    const naiveN = 20_000;
    const [naiveMs] = time(() => {
      for (let i = 0; i < naiveN; i++) one(events[i]!);
    });
    naive.close();
    console.log(`peer: one INSERT transaction per event (no rollups): ${((naiveMs / naiveN) * 1000).toFixed(1)} µs/event on the caller's path, ${((naiveMs / naiveN) * 1e6 / ((recordMs / N) * 1e6)).toFixed(0)}x record()`);

    // ---- 2. dashboard queries over one million events over 30 days --------------------------
    const big = new MetricsStore({ dataDir: dir, now: () => now, flushIntervalMs: 0, retentionIntervalMs: 0, batchSize: Number.MAX_SAFE_INTEGER, maxBuffered: 20_001 });
    const span = 30 * DAY_MS - MINUTE_MS;
    const [ingestMs] = time(() => {
      for (let i = 0; i < N; i++) {
        big.record(makeEvent(now - span + Math.floor((i / N) * span)));
        if ((i + 1) % 20_000 === 0) big.flush();
      }
      big.flush();
    });
    const rollupRows = big.db.prepare('SELECT resolution, COUNT(*) AS n FROM rollups GROUP BY resolution').all() as { resolution: number; n: number }[];
    const size = fs.statSync(path.join(dir, 'metrics.db')).size + (fs.existsSync(path.join(dir, 'metrics.db-wal')) ? fs.statSync(path.join(dir, 'metrics.db-wal')).size : 0);
    console.log(
      `ingest 1 000 000 events over 30 days in batches of 20 000: ${(ingestMs / 1000).toFixed(1)} s; ${rollupRows.map((r) => `${r.n.toLocaleString('en')} ${r.resolution === MINUTE_MS ? 'minute' : 'hour'} rollups`).join(', ')}; file ${(size / 1e6).toFixed(0)} MB`,
    );

    const service = new MetricsService(big, { now: () => now, gate: () => ALL_ON_GATE });
    const repeat = (fn: () => unknown, n = 5) => {
      fn(); // warm the page cache and statement cache
      const t: number[] = [];
      for (let i = 0; i < n; i++) t.push(time(fn)[0]);
      return median(t);
    };
    for (const window of METRICS_WINDOWS) {
      const d = service.dashboard(window);
      const calls = d.api.sources.reduce((n, s) => n + s.calls, 0);
      const method = d.api.sources[0]?.percentileMethod ?? '-';
      console.log(
        `dashboard ${window.padEnd(3)}: ${fmt(repeat(() => service.dashboard(window)))} (events in window ${d.totalEvents.toLocaleString('en')}, calls ${calls.toLocaleString('en')}, percentiles ${method}); extras ${fmt(repeat(() => service.extras(window)))}`,
      );
    }
    const guardQuery = { operations: ['regulator.call', 'cache'], fromMs: now - 15 * MINUTE_MS, toMs: now };
    console.log(`guard windowStats (15 min, raw events): ${fmt(repeat(() => service.windowStats(guardQuery), 20))}; 24 h: ${fmt(repeat(() => service.windowStats({ ...guardQuery, fromMs: now - DAY_MS })))}`);
    console.log(`prometheus exposition (24 h gauges + all-time counters/histograms): ${fmt(repeat(() => formatExposition(snapshotToFamilies(service.snapshot('24h', true)))))}`);
    // Peer for the 30-day query: the same totals straight from the raw events, without rollups.
    const rawPeer = repeat(() => big.db.prepare("SELECT source, outcome, COUNT(*), SUM(bytes) FROM events WHERE kind = 'regulator.call' AND at >= ? GROUP BY source, outcome").all(now - 30 * DAY_MS), 3);
    console.log(`peer: 30-day call counts by source/outcome straight from raw events (no percentiles, no histograms): ${fmt(rawPeer)}`);
    big.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
