import path from 'node:path';
import { emptyStats, mergeByKey, type MetricSample, type RollupStats } from '../../shared/metrics/rollup';
import { nearestRank } from '../../shared/metrics/percentiles';
import type { ExactPercentiles, SeriesPoint } from '../../shared/metrics/aggregate';
import { HOUR_MS, MINUTE_MS, RETENTION_MS, planRollups, type TimeRange } from '../../shared/metrics/window';
import type { MetricEvent, MetricsRecorder } from '../core/metrics-recorder';
import type { Statement } from 'better-sqlite3';
import { closeDatabase, openDatabase, replaceDamagedDatabase, type CorruptionReport, type OpenDatabaseOptions, type SqliteDatabase } from '../storage/sqlite';
import { metricsMigrations } from './metrics-migrations';
import { DUR_COLUMNS, VAL_COLUMNS, aggregateSelectSql } from './rollup-columns';
import { RollupWriter } from './rollup-writer';

export const METRICS_DB_FILE = 'metrics.db';

export interface MetricsStoreOptions {
  /** Directory of metrics.db (core.dataDir). */
  dataDir: string;
  now?: () => number;
  /** Flush when this many events are buffered (default 500). */
  batchSize?: number;
  /** Flush at least this often (default 2 s); 0 disables the timer (tests flush by hand). */
  flushIntervalMs?: number;
  /** Retention runs at open and this often (default 1 h); 0 disables the timer. */
  retentionIntervalMs?: number;
  /** Above this many buffered events (the disk is stuck) new events are dropped and counted. */
  maxBuffered?: number;
  /** Exact percentiles are computed from raw events up to this many samples; above, the histograms are used. */
  exactPercentileLimit?: number;
  log?: (message: string, error?: unknown) => void;
  /** quick_check at open (default true); the metrics feature checks in the background instead, after an unclean exit only. */
  quickCheckAtOpen?: boolean;
}

export interface MetricsStoreHealth {
  buffered: number;
  dropped: number;
  flushFailures: number;
  lastFlushAt: number | null;
}

/** Which rollup rows to read: kinds, and optionally names or sources (either matches). */
export interface RowFilter {
  kinds?: readonly string[];
  names?: readonly string[];
  sources?: readonly string[];
}

const MAX_TEXT = 200;
const KINDS = new Set(['regulator.call', 'cache', 'compliance.check', 'flag.evaluation', 'flag.exposure', 'flag.guard', 'export']);

function text(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value.slice(0, MAX_TEXT) : fallback;
}
function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Turns whatever a caller passed into a storable sample, or null for junk (never an exception). */
export function sanitize(event: MetricEvent): MetricSample | null {
  if (!event || typeof event !== 'object' || !KINDS.has(event.kind)) return null;
  const at = num(event.at);
  if (at === undefined) return null;
  const sample: MetricSample = { kind: event.kind, at: Math.trunc(at), name: text(event.name, '(unnamed)') };
  const source = text(event.source);
  if (source) sample.source = source;
  const outcome = text(event.outcome);
  if (outcome) sample.outcome = outcome;
  const duration = num(event.durationMs);
  if (duration !== undefined && duration >= 0) sample.durationMs = duration;
  const value = num(event.value);
  if (value !== undefined) sample.value = value;
  const bytes = num(event.bytes);
  if (bytes !== undefined && bytes >= 0) sample.bytes = bytes;
  if (event.labels && typeof event.labels === 'object') {
    const labels: Record<string, string> = {};
    let n = 0;
    for (const [k, v] of Object.entries(event.labels)) {
      if (typeof v !== 'string' || ++n > 16) continue;
      labels[k.slice(0, 64)] = v.slice(0, MAX_TEXT);
    }
    if (n > 0) sample.labels = labels;
  }
  return sample;
}

/** Column positions of the aggregate select, read once from the statement (rows are fetched raw: no object per row). */
type ColumnIndex = Record<string, number>;
type AggregateRow = unknown[];

function columnIndex(stmt: Statement): ColumnIndex {
  return Object.fromEntries(stmt.columns().map((c, i) => [c.name, i]));
}

/** One row of the aggregate select (sums per key over a time range) as RollupStats. */
function fromAggregate(row: AggregateRow, at: ColumnIndex): RollupStats {
  const num = (c: string) => Number(row[at[c]!] ?? 0);
  const maybe = (c: string) => {
    const v = row[at[c]!];
    return v === null || v === undefined ? null : Number(v);
  };
  const hist = (columns: readonly string[]) => columns.map(num);
  const valHist = hist(VAL_COLUMNS);
  return {
    kind: String(row[at.kind!]),
    name: String(row[at.name!]),
    source: String(row[at.source!]),
    outcome: String(row[at.outcome!]),
    report: '',
    count: num('count'),
    durCount: num('dur_count'),
    durSum: num('dur_sum'),
    durMin: maybe('dur_min'),
    durMax: maybe('dur_max'),
    durHist: num('dur_count') > 0 ? hist(DUR_COLUMNS) : null,
    valCount: num('val_count'),
    valSum: num('val_sum'),
    valMin: maybe('val_min'),
    valMax: maybe('val_max'),
    valHist: valHist.some((n) => n > 0) ? valHist : null,
    bytesSum: num('bytes_sum'),
    // Gauges are read with latestGauge(); a sum over a window has no "last value".
    lastValue: null,
    lastBytes: null,
    lastAt: num('last_at'),
  };
}

/** Timed regulator calls the rollup rows count: what decides between exact and estimated percentiles. */
export function timedCallCount(rows: readonly RollupStats[]): number {
  let n = 0;
  for (const r of rows) if (r.kind === 'regulator.call') n += r.durCount;
  return n;
}

function filterSql(filter: RowFilter | undefined, params: unknown[]): string {
  let sql = '';
  if (filter?.kinds?.length) {
    sql += ` AND kind IN (${filter.kinds.map(() => '?').join(',')})`;
    params.push(...filter.kinds);
  }
  const names = filter?.names ?? [];
  const sources = filter?.sources ?? [];
  if (names.length || sources.length) {
    const parts: string[] = [];
    if (names.length) {
      parts.push(`name IN (${names.map(() => '?').join(',')})`);
      params.push(...names);
    }
    if (sources.length) {
      parts.push(`source IN (${sources.map(() => '?').join(',')})`);
      params.push(...sources);
    }
    sql += ` AND (${parts.join(' OR ')})`;
  }
  return sql;
}

/**
 * metrics.db: raw events (30 days) plus minute (30 days) and hour (1 year) rollups. `record` only
 * appends to an in-memory array; a timer (or a full batch, on the next tick) writes the batch,
 * its raw rows and its rollup updates in one transaction. Queries flush first so they see
 * everything recorded so far.
 */
export class MetricsStore implements MetricsRecorder {
  private handle!: SqliteDatabase;
  /** Set when the file was damaged, moved aside and replaced by a new empty database (at open or later). */
  corruption: CorruptionReport | undefined;
  private buffer: MetricEvent[] = [];
  private dropped = 0;
  private flushFailures = 0;
  private lastFlushAt: number | null = null;
  private flushScheduled = false;
  private closed = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly now: () => number;
  private readonly batchSize: number;
  private readonly maxBuffered: number;
  private readonly exactLimit: number;
  private readonly log: (message: string, error?: unknown) => void;
  private readonly openOptions: OpenDatabaseOptions;
  private insertEvent!: Statement;
  private writer!: RollupWriter;
  /** Prepared once per SQL text: a dashboard runs the same few statements at every refresh. */
  private readonly statements = new Map<string, Statement>();

  constructor(options: MetricsStoreOptions) {
    this.now = options.now ?? Date.now;
    this.batchSize = options.batchSize ?? 500;
    this.maxBuffered = options.maxBuffered ?? 100_000;
    this.exactLimit = options.exactPercentileLimit ?? 250_000;
    this.log = options.log ?? (() => undefined);
    this.openOptions = {
      file: path.join(options.dataDir, METRICS_DB_FILE),
      label: 'metrics',
      migrations: metricsMigrations,
      synchronous: 'NORMAL',
      now: () => new Date(this.now()),
      quickCheck: options.quickCheckAtOpen ?? true,
    };
    const opened = openDatabase(this.openOptions);
    this.corruption = opened.corruption;
    this.bind(opened.db);
    this.enforceRetention();
    const flushEvery = options.flushIntervalMs ?? 2000;
    if (flushEvery > 0) this.timers.push(setInterval(() => this.flush(), flushEvery).unref());
    const retentionEvery = options.retentionIntervalMs ?? HOUR_MS;
    if (retentionEvery > 0) this.timers.push(setInterval(() => this.safeRetention(), retentionEvery).unref());
  }

  /** The open handle of metrics.db (a new one after `replaceDamaged`). */
  get db(): SqliteDatabase {
    return this.handle;
  }

  private bind(db: SqliteDatabase): void {
    this.handle = db;
    this.statements.clear();
    this.insertEvent = db.prepare(
      `INSERT INTO events (at, kind, name, source, outcome, duration_ms, value, bytes, report, labels)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.writer = new RollupWriter(db);
  }

  private statement(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.handle.prepare(sql)));
    return stmt;
  }

  /** A background check found the open file damaged: move it aside and go on with a new, empty one. */
  replaceDamaged(reason: string): CorruptionReport {
    const fresh = replaceDamagedDatabase(this.handle, this.openOptions, reason);
    this.bind(fresh.db);
    this.corruption = fresh.corruption;
    return fresh.corruption;
  }

  /** O(1), never throws: the measured operation must not notice metrics at all. */
  record(event: MetricEvent): void {
    try {
      if (this.closed) return;
      if (this.buffer.length >= this.maxBuffered) {
        this.dropped += 1;
        return;
      }
      this.buffer.push(event);
      if (this.buffer.length >= this.batchSize && !this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          this.flush();
        });
      }
    } catch {
      /* best effort by design */
    }
  }

  health(): MetricsStoreHealth {
    return { buffered: this.buffer.length, dropped: this.dropped, flushFailures: this.flushFailures, lastFlushAt: this.lastFlushAt };
  }

  /** Writes the buffered events: raw rows and rollup updates in one transaction. Returns how many were written. */
  flush(): number {
    if (this.buffer.length === 0 || !this.db.open) return 0;
    const batch = this.buffer;
    this.buffer = [];
    const samples: MetricSample[] = [];
    for (const e of batch) {
      const s = sanitize(e);
      if (s) samples.push(s);
      else this.dropped += 1;
    }
    if (samples.length === 0) return 0;
    try {
      this.db.transaction(() => {
        for (const s of samples) {
          this.insertEvent.run(
            s.at,
            s.kind,
            s.name,
            s.source ?? '',
            s.outcome ?? '',
            s.durationMs ?? null,
            s.value ?? null,
            s.bytes ?? null,
            s.labels?.reportId ?? '',
            s.labels ? JSON.stringify(s.labels) : null,
          );
        }
        this.writer.write(samples);
      })();
      this.lastFlushAt = this.now();
      return samples.length;
    } catch (error) {
      // A broken disk must not grow memory without bound: the batch is dropped and counted.
      this.flushFailures += 1;
      this.dropped += samples.length;
      this.log('[metrics] flush failed', error);
      return 0;
    }
  }

  /** Deletes raw events and minute rollups older than 30 days, hour rollups older than a year. */
  enforceRetention(now = this.now()): { events: number; minutes: number; hours: number } {
    const del = this.db.transaction(() => ({
      events: this.db.prepare('DELETE FROM events WHERE at < ?').run(now - RETENTION_MS.raw).changes,
      minutes: this.deleteRollups(MINUTE_MS, now - RETENTION_MS.minute),
      hours: this.deleteRollups(HOUR_MS, now - RETENTION_MS.hour),
    }));
    return del();
  }

  private deleteRollups(resolution: number, before: number): number {
    this.db.prepare('DELETE FROM report_rollups WHERE resolution = ? AND bucket < ?').run(resolution, before);
    return this.db.prepare('DELETE FROM rollups WHERE resolution = ? AND bucket < ?').run(resolution, before).changes;
  }

  private safeRetention(): void {
    try {
      this.flush();
      this.enforceRetention();
    } catch (error) {
      this.log('[metrics] retention failed', error);
    }
  }

  /** Rollup stats over a time range, one per key, exact to the minute (hour rows + edge minutes), summed by SQLite. */
  windowRows(range: TimeRange, filter?: RowFilter): RollupStats[] {
    this.flush();
    const plan = planRollups(range);
    const rows: RollupStats[] = [];
    const read = (resolution: number, r: TimeRange) => {
      const params: unknown[] = [resolution, r.from, r.to];
      const sql = `${aggregateSelectSql()} WHERE resolution = ? AND bucket >= ? AND bucket < ?${filterSql(filter, params)} GROUP BY kind, name, source, outcome`;
      const stmt = this.statement(sql);
      const at = columnIndex(stmt);
      for (const row of stmt.raw().all(...params) as AggregateRow[]) rows.push(fromAggregate(row, at));
    };
    if (plan.hours) read(HOUR_MS, plan.hours);
    for (const m of plan.minutes) read(MINUTE_MS, m);
    // One read has one row per key already; only several (hours and edge minutes) need merging.
    return (plan.hours ? 1 : 0) + plan.minutes.length > 1 ? mergeByKey(rows) : rows;
  }

  /** Calls, bytes, exports and checks per report over a time range (kind + report, count and bytes). */
  reportRows(range: TimeRange): RollupStats[] {
    this.flush();
    const plan = planRollups(range);
    const rows: RollupStats[] = [];
    const read = (resolution: number, r: TimeRange) => {
      const sql = `SELECT report, kind, SUM(count) AS count, SUM(bytes_sum) AS bytes FROM report_rollups
        WHERE resolution = ? AND bucket >= ? AND bucket < ? GROUP BY report, kind`;
      for (const row of this.statement(sql).iterate(resolution, r.from, r.to) as Iterable<{ report: string; kind: string; count: number; bytes: number }>) {
        const stats = emptyStats({ kind: row.kind, name: '', source: '', outcome: '', report: row.report });
        stats.count = row.count;
        stats.bytesSum = row.bytes;
        rows.push(stats);
      }
    };
    if (plan.hours) read(HOUR_MS, plan.hours);
    for (const m of plan.minutes) read(MINUTE_MS, m);
    return mergeByKey(rows);
  }

  /** The newest value and bytes of a gauge-like event (e.g. cache `size`) up to `to`. */
  latestGauge(kind: string, outcome: string, to: number): { value: number | null; bytes: number | null } | null {
    this.flush();
    // The partial index rollups_hour_gauge (migration 4), named: the planner would rather take the
    // primary key and walk a year of rows; the resolution is written out so the index applies.
    const row = this.statement(
      `SELECT last_value AS value, last_bytes AS bytes FROM rollups INDEXED BY rollups_hour_gauge WHERE resolution = ${HOUR_MS} AND kind = ? AND outcome = ? AND bucket < ? ORDER BY bucket DESC, last_at DESC LIMIT 1`,
    ).get(kind, outcome, to) as { value: number | null; bytes: number | null } | undefined;
    return row ?? null;
  }

  /** Everything the hour rollups still hold (a year), one per key: the cumulative counters of the export. */
  totals(): RollupStats[] {
    this.flush();
    const sql = `${aggregateSelectSql()} WHERE resolution = ? GROUP BY kind, name, source, outcome`;
    const stmt = this.statement(sql);
    const at = columnIndex(stmt);
    return (stmt.raw().all(HOUR_MS) as AggregateRow[]).map((row) => fromAggregate(row, at));
  }

  /**
   * Exact nearest-rank percentiles of regulator-call latency per source (or over all the
   * filtered calls as one group when `groupAll`), from raw events. Null when the range reaches
   * past raw retention or holds more than the exact limit: the caller then estimates from the
   * rollup histograms. `timedCalls` is how many timed calls the caller's rollup rows count in the
   * range (`timedCallCount`), so deciding costs no query of its own.
   */
  exactLatency(range: TimeRange, timedCalls: number, filter?: RowFilter, groupAll = false): Map<string, ExactPercentiles> | null {
    this.flush();
    if (range.from < this.now() - RETENTION_MS.raw) return null;
    if (timedCalls > this.exactLimit) return null;
    const params: unknown[] = [range.from, range.to];
    const where = `kind = 'regulator.call' AND at >= ? AND at < ? AND duration_ms IS NOT NULL${filterSql(
      filter ? { names: filter.names ?? [], sources: filter.sources ?? [] } : undefined,
      params,
    )}`;
    const bySource = new Map<string, number[]>();
    const stmt = this.statement(`SELECT source, duration_ms FROM events WHERE ${where}`).raw();
    for (const [source, duration] of stmt.iterate(...params) as Iterable<[string, number]>) {
      const key = groupAll ? '*' : source || '(none)';
      let list = bySource.get(key);
      if (!list) bySource.set(key, (list = []));
      list.push(duration);
    }
    const out = new Map<string, ExactPercentiles>();
    for (const [source, list] of bySource) {
      const sorted = Float64Array.from(list).sort();
      out.set(source, { p50: nearestRank(sorted, 50), p95: nearestRank(sorted, 95), p99: nearestRank(sorted, 99) });
    }
    return out;
  }

  /** Counts per chart slot, grouped by source (regulator calls) or outcome (cache). */
  slotCounts(range: TimeRange, stepMs: number, kind: 'regulator.call' | 'cache'): SeriesPoint[] {
    this.flush();
    // Minute rows for short windows (slots smaller than an hour), hour rows otherwise.
    const resolution = stepMs < HOUR_MS || stepMs % HOUR_MS !== 0 ? MINUTE_MS : HOUR_MS;
    const labelColumn = kind === 'regulator.call' ? 'source' : 'outcome';
    const from = Math.floor(range.from / resolution) * resolution;
    const rows = this.statement(
      `SELECT (bucket / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS slot, ${labelColumn} AS label, SUM(count) AS count FROM rollups
         WHERE resolution = ? AND kind = ? AND bucket >= ? AND bucket < ? GROUP BY slot, label`,
    ).all(stepMs, stepMs, resolution, kind, from, range.to) as { slot: number; label: string; count: number }[];
    return rows.map((r) => ({ slot: r.slot, label: kind === 'regulator.call' ? r.label || '(none)' : r.label, count: r.count }));
  }

  /** Raw regulator-call and cache events in [from, to], for the rollout guards' exact windows. */
  rawGuardSamples(fromMs: number, toMs: number): { at: number; kind: string; name: string; source: string; outcome: string; durationMs: number | null }[] {
    this.flush();
    return this.db
      .prepare(
        `SELECT at, kind, name, source, outcome, duration_ms AS durationMs FROM events
         WHERE kind IN ('regulator.call', 'cache') AND at >= ? AND at <= ?`,
      )
      .all(fromMs, toMs) as { at: number; kind: string; name: string; source: string; outcome: string; durationMs: number | null }[];
  }

  /** Number of raw events, optionally in a range. */
  rawCount(range?: TimeRange): number {
    this.flush();
    if (!range) return this.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
    return this.db.prepare('SELECT COUNT(*) FROM events WHERE at >= ? AND at < ?').pluck().get(range.from, range.to) as number;
  }

  close(): void {
    if (this.closed) return;
    for (const t of this.timers) clearInterval(t);
    try {
      this.flush();
    } finally {
      this.closed = true;
      closeDatabase(this.db);
    }
  }
}
