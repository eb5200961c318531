import type { MetricEvent } from './metric-event';
import { LATENCY_BUCKETS_MS, SCORE_BUCKETS, bucketIndex, emptyHistogram, mergeInto } from './histogram';

/**
 * The measurement as the store sees it: a MetricEvent whose kind is any string (rows read back
 * from metrics.db). `labels.reportId` becomes the `report` dimension.
 */
export type MetricSample = Omit<MetricEvent, 'kind'> & { kind: string };

/** The dimensions a rollup is kept per. Absent dimensions are '' so they can be part of a primary key. */
export interface RollupKey {
  kind: string;
  name: string;
  source: string;
  outcome: string;
  report: string;
}

/** Aggregates of one key over one time bucket (a minute or an hour) — or, after merging, over a window. */
export interface RollupStats extends RollupKey {
  count: number;
  durCount: number;
  durSum: number;
  durMin: number | null;
  durMax: number | null;
  /** Counts per LATENCY_BUCKETS_MS bucket, null when no durations were seen. */
  durHist: number[] | null;
  valCount: number;
  valSum: number;
  valMin: number | null;
  valMax: number | null;
  /** Counts per SCORE_BUCKETS bucket, kept only for compliance checks (scores 0–100). */
  valHist: number[] | null;
  bytesSum: number;
  /** The newest value and when it was seen: gauges (cache size) are read this way. */
  lastValue: number | null;
  lastBytes: number | null;
  lastAt: number;
}

/** `withReport: false` leaves the report dimension out (the store keeps cost per report in its own small table). */
export function rollupKeyOf(sample: MetricSample, withReport = true): RollupKey {
  return {
    kind: sample.kind,
    name: sample.name,
    source: sample.source ?? '',
    outcome: sample.outcome ?? '',
    report: withReport ? (sample.labels?.reportId ?? '') : '',
  };
}

export function keyString(key: RollupKey): string {
  // \u0001 cannot appear in a name typed by a developer, so keys never collide.
  return `${key.kind}\u0001${key.name}\u0001${key.source}\u0001${key.outcome}\u0001${key.report}`;
}

export function emptyStats(key: RollupKey): RollupStats {
  return {
    ...key,
    count: 0,
    durCount: 0,
    durSum: 0,
    durMin: null,
    durMax: null,
    durHist: null,
    valCount: 0,
    valSum: 0,
    valMin: null,
    valMax: null,
    valHist: null,
    bytesSum: 0,
    lastValue: null,
    lastBytes: null,
    lastAt: 0,
  };
}

function finite(n: number | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

const minOf = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOf = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));

/** Adds one sample to the stats of its key. Non-finite or negative durations are ignored, not stored. */
export function addSample(stats: RollupStats, sample: MetricSample): void {
  stats.count += 1;
  if (finite(sample.durationMs) && sample.durationMs >= 0) {
    stats.durCount += 1;
    stats.durSum += sample.durationMs;
    stats.durMin = minOf(stats.durMin, sample.durationMs);
    stats.durMax = maxOf(stats.durMax, sample.durationMs);
    const hist = (stats.durHist ??= emptyHistogram(LATENCY_BUCKETS_MS));
    const i = bucketIndex(LATENCY_BUCKETS_MS, sample.durationMs);
    hist[i] = (hist[i] ?? 0) + 1;
  }
  if (finite(sample.value)) {
    stats.valCount += 1;
    stats.valSum += sample.value;
    stats.valMin = minOf(stats.valMin, sample.value);
    stats.valMax = maxOf(stats.valMax, sample.value);
    if (sample.kind === 'compliance.check') {
      const hist = (stats.valHist ??= emptyHistogram(SCORE_BUCKETS));
      const i = bucketIndex(SCORE_BUCKETS, sample.value);
      hist[i] = (hist[i] ?? 0) + 1;
    }
  }
  if (finite(sample.bytes) && sample.bytes >= 0) stats.bytesSum += sample.bytes;
  if (sample.at >= stats.lastAt) {
    stats.lastAt = sample.at;
    if (finite(sample.value)) stats.lastValue = sample.value;
    if (finite(sample.bytes)) stats.lastBytes = sample.bytes;
  }
}

/** Merges `b` into `a` (same key, or a coarser grouping chosen by the caller). */
export function mergeStats(a: RollupStats, b: RollupStats): RollupStats {
  a.count += b.count;
  a.durCount += b.durCount;
  a.durSum += b.durSum;
  a.durMin = minOf(a.durMin, b.durMin);
  a.durMax = maxOf(a.durMax, b.durMax);
  if (b.durHist) a.durHist = mergeInto(a.durHist ?? emptyHistogram(LATENCY_BUCKETS_MS), b.durHist);
  a.valCount += b.valCount;
  a.valSum += b.valSum;
  a.valMin = minOf(a.valMin, b.valMin);
  a.valMax = maxOf(a.valMax, b.valMax);
  if (b.valHist) a.valHist = mergeInto(a.valHist ?? emptyHistogram(SCORE_BUCKETS), b.valHist);
  a.bytesSum += b.bytesSum;
  if (b.lastAt >= a.lastAt) {
    a.lastAt = b.lastAt;
    if (b.lastValue !== null) a.lastValue = b.lastValue;
    if (b.lastBytes !== null) a.lastBytes = b.lastBytes;
  }
  return a;
}

/** Groups samples by (time bucket, key): what one flush adds to the minute or hour rollups. */
export function rollUp(samples: Iterable<MetricSample>, bucketMs: number, withReport = true): Map<string, { bucket: number; stats: RollupStats }> {
  const out = new Map<string, { bucket: number; stats: RollupStats }>();
  for (const s of samples) {
    const bucket = Math.floor(s.at / bucketMs) * bucketMs;
    const key = rollupKeyOf(s, withReport);
    const id = `${bucket}\u0002${keyString(key)}`;
    let entry = out.get(id);
    if (!entry) {
      entry = { bucket, stats: emptyStats(key) };
      out.set(id, entry);
    }
    addSample(entry.stats, s);
  }
  return out;
}

/** Merges rows that share a key (e.g. all the minutes and hours of a window) into one per key. */
export function mergeByKey(rows: Iterable<RollupStats>): RollupStats[] {
  const out = new Map<string, RollupStats>();
  for (const r of rows) {
    const id = keyString(r);
    const existing = out.get(id);
    if (existing) mergeStats(existing, r);
    else out.set(id, mergeStats(emptyStats(r), r));
  }
  return [...out.values()];
}

/** Kind of the derived rollup rows that count KRCI rule violations (never a raw event kind). */
export const VIOLATION_KIND = 'compliance.violation';

/**
 * The KRCI engine records one `compliance.check` per check, its most important rule ids in
 * `labels.topRules` ("KRCI-007,KRCI-001"). For the "top KRCI violations" table each of those
 * becomes a derived `compliance.violation` sample named after the rule, rolled up like any other
 * (raw events keep only the check itself).
 */
export function derivedSamples(samples: readonly MetricSample[]): MetricSample[] {
  const out: MetricSample[] = [];
  for (const s of samples) {
    if (s.kind !== 'compliance.check') continue;
    const rules = s.labels?.topRules;
    if (!rules) continue;
    for (const rule of new Set(
      rules
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    )) {
      out.push({ kind: VIOLATION_KIND, at: s.at, name: rule.slice(0, 100), ...(s.source ? { source: s.source } : {}) });
    }
  }
  return out;
}
