// `npm run bench -- metrics`: (1) what record() costs the measured operation, interleaved with its
// peers (a bare array push, the no-op recorder); the batched flush against one transaction per
// event; (2) every dashboard window over one million events spread over 30 days, against bare SQL:
// the same statements over the same rollups (and the same raw-event read where the window takes
// exact percentiles), prepared once and fetched raw, with no JavaScript on top — the floor of any
// dashboard over this store. Target (issue 17): each window within 2× of it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ALL_ON_GATE } from '../../shared/flags/flag-keys';
import { snapshotToFamilies } from '../../shared/metrics/exposition';
import { formatExposition } from '../../shared/metrics/prometheus';
import {
  CHART_STEP_MS,
  DAY_MS,
  HOUR_MS,
  METRICS_WINDOWS,
  MINUTE_MS,
  RETENTION_MS,
  planRollups,
  windowRange,
  type MetricsWindow,
} from '../../shared/metrics/window';
import { NO_METRICS, type MetricEvent } from '../../main/core/metrics-recorder';
import { MetricsService } from '../../main/metrics/metrics-service';
import { MetricsStore, timedCallCount } from '../../main/metrics/metrics-store';
import { aggregateSelectSql } from '../../main/metrics/rollup-columns';
import { eventMaker, fillMetrics } from './metrics-data';
import { fmt, interleave, machine, printComparison, printFigure, timeOnce } from './harness';

const EXACT_LIMIT = 250_000;

/** The dashboard's statements as bare SQL: prepared once, executed, rows fetched raw, nothing built. */
function bareDashboard(db: Database.Database, window: MetricsWindow, now: number): () => void {
  const range = windowRange(window, now);
  const plan = planRollups(range);
  const aggregate = db.prepare(`${aggregateSelectSql()} WHERE resolution = ? AND bucket >= ? AND bucket < ? GROUP BY kind, name, source, outcome`).raw();
  const timed = db.prepare(`SELECT SUM(dur_count) FROM rollups WHERE resolution = ? AND kind = 'regulator.call' AND bucket >= ? AND bucket < ?`).pluck();
  const raw = db.prepare(`SELECT source, duration_ms FROM events WHERE kind = 'regulator.call' AND at >= ? AND at < ? AND duration_ms IS NOT NULL`).raw();
  const stepMs = CHART_STEP_MS[window];
  const resolution = stepMs < HOUR_MS || stepMs % HOUR_MS !== 0 ? MINUTE_MS : HOUR_MS;
  const slots = (label: string) =>
    db
      .prepare(
        `SELECT (bucket / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS slot, ${label} AS label, SUM(count) AS count FROM rollups
         WHERE resolution = ? AND kind = ? AND bucket >= ? AND bucket < ? GROUP BY slot, label`,
      )
      .raw();
  const callSlots = slots('source');
  const cacheSlots = slots('outcome');
  const gauge = db
    .prepare(
      `SELECT last_value, last_bytes FROM rollups INDEXED BY rollups_hour_gauge WHERE resolution = ${HOUR_MS} AND kind = ? AND outcome = ? AND bucket < ? ORDER BY bucket DESC, last_at DESC LIMIT 1`,
    )
    .raw();
  // Whether this window takes exact percentiles from raw events, as the store decides it.
  let calls = 0;
  if (plan.hours) calls += Number(timed.get(HOUR_MS, plan.hours.from, plan.hours.to) ?? 0);
  for (const m of plan.minutes) calls += Number(timed.get(MINUTE_MS, m.from, m.to) ?? 0);
  const exact = range.from >= now - RETENTION_MS.raw && calls <= EXACT_LIMIT;
  const from = Math.floor(range.from / resolution) * resolution;
  return () => {
    if (plan.hours) aggregate.all(HOUR_MS, plan.hours.from, plan.hours.to);
    for (const m of plan.minutes) aggregate.all(MINUTE_MS, m.from, m.to);
    if (exact) raw.all(range.from, range.to);
    callSlots.all(stepMs, stepMs, resolution, 'regulator.call', from, range.to);
    cacheSlots.all(stepMs, stepMs, resolution, 'cache', from, range.to);
    gauge.all('cache', 'size', range.to);
  };
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qivo-bench-metrics-'));
  const now = Date.now();
  console.log(`machine: ${machine()}`);
  try {
    // ---- 1. recording overhead ----------------------------------------------------------------
    const CHUNK = 100_000;
    const make = eventMaker();
    const events = Array.from({ length: CHUNK }, (_, i) => make(now - 1000 + i / 100));
    const store = new MetricsStore({
      dataDir: dir,
      now: () => now,
      flushIntervalMs: 0,
      retentionIntervalMs: 0,
      batchSize: Number.MAX_SAFE_INTEGER,
      maxBuffered: Number.MAX_SAFE_INTEGER,
      quickCheckAtOpen: false,
    });
    let sink: MetricEvent[] = [];
    const rec = interleave(
      [
        {
          name: 'record',
          fn: () => {
            for (const e of events) store.record(e);
          },
        },
        {
          name: 'push',
          fn: () => {
            sink = [];
            for (const e of events) sink.push(e);
          },
        },
        {
          name: 'noop',
          fn: () => {
            for (const e of events) NO_METRICS.record(e);
          },
        },
      ],
      { warmup: 2 },
    );
    const perEvent = (f: (typeof rec)[string]) => ({
      ...f,
      samples: f.samples.map((x) => x / CHUNK),
      median: f.median / CHUNK,
      min: f.min / CHUNK,
      max: f.max / CHUNK,
    });
    printComparison('record() per event', perEvent(rec.record!), 'array push', perEvent(rec.push!));
    printComparison('record() per event', perEvent(rec.record!), 'no-op recorder', perEvent(rec.noop!));
    const buffered = store.health().buffered;
    const flushMs = timeOnce(() => store.flush());
    console.log(
      `flush of that buffer (raw rows + minute/hour rollups, one transaction): ${fmt(flushMs)} for ${buffered.toLocaleString('en')} events = ${fmt(flushMs / buffered)}/event, off the measured path`,
    );
    store.close();

    const naive = new Database(path.join(dir, 'naive.db'));
    naive.pragma('journal_mode = WAL');
    naive.pragma('synchronous = NORMAL');
    naive.exec('CREATE TABLE events (at INTEGER, kind TEXT, name TEXT, source TEXT, outcome TEXT, duration_ms REAL, value REAL, bytes REAL)');
    const ins = naive.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const one = naive.transaction((e: MetricEvent) =>
      ins.run(e.at, e.kind, e.name, e.source ?? '', e.outcome ?? '', e.durationMs ?? null, e.value ?? null, e.bytes ?? null),
    );
    const small = events.slice(0, 2000);
    const store2 = new MetricsStore({
      dataDir: path.join(dir, 'b'),
      now: () => now,
      flushIntervalMs: 0,
      retentionIntervalMs: 0,
      batchSize: Number.MAX_SAFE_INTEGER,
      quickCheckAtOpen: false,
    });
    const ingest = interleave(
      [
        {
          name: 'ours',
          fn: () => {
            for (const e of small) store2.record(e);
            store2.flush();
          },
        },
        {
          name: 'naive',
          fn: () => {
            for (const e of small) one(e);
          },
        },
      ],
      { rounds: 5 },
    );
    const per2k = (f: (typeof ingest)[string]) => ({
      ...f,
      samples: f.samples.map((x) => x / 2000),
      median: f.median / 2000,
      min: f.min / 2000,
      max: f.max / 2000,
    });
    printComparison(
      'writing 2 000 events, per event (record + one batched flush)',
      per2k(ingest.ours!),
      'one INSERT transaction per event (no rollups)',
      per2k(ingest.naive!),
    );
    store2.close();
    naive.close();

    // ---- 2. dashboard over one million events over 30 days ----------------------------------
    const bigDir = path.join(dir, 'big');
    const ingestMs = timeOnce(() => fillMetrics(bigDir, now).close());
    const size = fs.statSync(path.join(bigDir, 'metrics.db')).size;
    console.log(
      `ingest of 1 000 000 events over 30 days in batches of 20 000: ${(ingestMs / 1000).toFixed(1)} s; metrics.db ${(size / 2 ** 20).toFixed(0)} MiB`,
    );
    const big = new MetricsStore({ dataDir: bigDir, now: () => now, flushIntervalMs: 0, retentionIntervalMs: 0, quickCheckAtOpen: false });
    const service = new MetricsService(big, { now: () => now, gate: () => ALL_ON_GATE });
    const bare = new Database(path.join(bigDir, 'metrics.db'), { readonly: true });
    for (const window of METRICS_WINDOWS) {
      const d = service.dashboard(window);
      const method = d.api.sources[0]?.percentileMethod ?? '-';
      const peer = bareDashboard(bare, window, now);
      const f = interleave(
        [
          { name: 'ours', fn: () => service.dashboard(window) },
          { name: 'bare', fn: peer },
        ],
        { rounds: 5 },
      );
      printComparison(
        `dashboard ${window.padEnd(3)} (${d.totalEvents.toLocaleString('en')} events, percentiles ${method})`,
        f.ours!,
        'bare SQL',
        f.bare!,
        '≤ 2×',
      );
    }
    for (const window of ['1h', '30d'] as const) {
      const range = windowRange(window, now);
      const rows = big.windowRows(range, { kinds: ['regulator.call'] });
      printFigure(
        `extras ${window}`,
        interleave([{ name: 'x', fn: () => service.extras(window) }], { rounds: 3 }).x!,
        `${timedCallCount(rows).toLocaleString('en')} timed calls`,
      );
    }
    const guardQuery = { operations: ['regulator.call', 'cache'], fromMs: now - 15 * MINUTE_MS, toMs: now };
    printFigure('guard windowStats 15 min (raw events)', interleave([{ name: 'g', fn: () => service.windowStats(guardQuery) }], { inner: 10 }).g!);
    printFigure(
      'guard windowStats 24 h (raw events)',
      interleave([{ name: 'g', fn: () => service.windowStats({ ...guardQuery, fromMs: now - DAY_MS }) }], { rounds: 3 }).g!,
    );
    printFigure(
      'Prometheus exposition (24 h + all-time totals)',
      interleave([{ name: 'p', fn: () => formatExposition(snapshotToFamilies(service.snapshot('24h', true))) }], { rounds: 3 }).p!,
    );
    bare.close();
    big.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
