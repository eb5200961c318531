import { LATENCY_BUCKETS_MS, SCORE_BUCKETS, emptyHistogram, estimateQuantile, mergeInto } from './histogram';
import { classifyCache, classifyCall, isCacheHit, isCacheLookup, isViolation } from './outcomes';
import { average, rate } from './percentiles';
import { VIOLATION_KIND, emptyStats, mergeStats, type RollupStats } from './rollup';
import type { ApiSourceStats, CacheStats, ComplianceStats, Dashboard, DashboardExtras, FlagUsage, GuardMeasurement, TimeSeries } from './model';
import type { MetricsWindow, TimeRange } from './window';

export interface ExactPercentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface SeriesPoint {
  slot: number;
  label: string;
  count: number;
}

export interface DashboardInput {
  window: MetricsWindow;
  range: TimeRange;
  now: number;
  /** Rollup stats over the window, one per key. */
  rows: readonly RollupStats[];
  /** Exact latency percentiles per source from raw events; absent sources fall back to the histograms. */
  exact: ReadonlyMap<string, ExactPercentiles> | null;
  slots: readonly number[];
  stepMs: number;
  callsPerSlot: readonly SeriesPoint[];
  cachePerSlot: readonly SeriesPoint[];
  flags: readonly { flag: string; enabled: boolean; reason: string }[];
}

function groupBy<T>(items: readonly T[], keyOf: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = keyOf(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}

function mergeAll(rows: readonly RollupStats[]): RollupStats {
  const first = rows[0];
  const acc = emptyStats({ kind: first?.kind ?? '', name: '', source: '', outcome: '', report: '' });
  for (const r of rows) mergeStats(acc, r);
  return acc;
}

const byCountThenName = <T extends { name: string; n: number }>(a: T, b: T): number => b.n - a.n || a.name.localeCompare(b.name);

export function apiStats(rows: readonly RollupStats[], exact: ReadonlyMap<string, ExactPercentiles> | null): ApiSourceStats[] {
  const calls = rows.filter((r) => r.kind === 'regulator.call');
  const bySource = groupBy(calls, (r) => r.source || '(none)');
  const out: ApiSourceStats[] = [];
  for (const [source, list] of bySource) {
    let successes = 0;
    let errors = 0;
    let timeouts = 0;
    for (const r of list) {
      const c = classifyCall(r.outcome);
      if (c === 'success') successes += r.count;
      else if (c === 'timeout') timeouts += r.count;
      else errors += r.count;
    }
    const total = successes + errors + timeouts;
    const merged = mergeAll(list);
    const ex = exact?.get(source);
    const hist = merged.durHist;
    const estimated = (q: number) => (hist ? estimateQuantile(hist, LATENCY_BUCKETS_MS, q, merged.durMax) : null);
    out.push({
      source,
      calls: total,
      successes,
      errors,
      timeouts,
      successRate: rate(successes, total),
      errorRate: rate(errors, total),
      timeoutRate: rate(timeouts, total),
      p50Ms: ex ? ex.p50 : estimated(0.5),
      p95Ms: ex ? ex.p95 : estimated(0.95),
      percentileMethod: merged.durCount === 0 ? null : ex ? 'exact' : 'estimated',
      bytes: merged.bytesSum,
    });
  }
  return out.sort((a, b) => b.calls - a.calls || a.source.localeCompare(b.source));
}

function series(slots: readonly number[], stepMs: number, points: readonly SeriesPoint[], labels: readonly string[]): TimeSeries {
  const index = new Map<number, number>();
  slots.forEach((s, i) => index.set(s, i));
  const byLabel = new Map<string, (number | null)[]>();
  for (const l of labels) byLabel.set(l, new Array<number | null>(slots.length).fill(0));
  for (const p of points) {
    const i = index.get(p.slot);
    const values = byLabel.get(p.label);
    if (i === undefined || !values) continue;
    values[i] = (values[i] ?? 0) + p.count;
  }
  return { stepMs, slots: [...slots], series: labels.map((label) => ({ label, values: byLabel.get(label) ?? [] })) };
}

export function cacheStats(rows: readonly RollupStats[], input: Pick<DashboardInput, 'slots' | 'stepMs' | 'cachePerSlot'>): CacheStats {
  const cache = rows.filter((r) => r.kind === 'cache');
  let hits = 0;
  let misses = 0;
  let stale = 0;
  let evictions = 0;
  let sizeAt = -1;
  let sizeEntries: number | null = null;
  let sizeBytes: number | null = null;
  for (const r of cache) {
    const c = classifyCache(r.outcome);
    if (c === 'hit') hits += r.count;
    else if (c === 'miss') misses += r.count;
    else if (c === 'stale') stale += r.count;
    else if (c === 'eviction') evictions += r.count;
    // The size gauge: the newest reported value (entries) and bytes, from whichever cache event carried them.
    if ((r.lastValue !== null || r.lastBytes !== null) && c === 'size' && r.lastAt > sizeAt) {
      sizeAt = r.lastAt;
      sizeEntries = r.lastValue;
      sizeBytes = r.lastBytes;
    }
  }
  const lookups = hits + misses + stale;
  // Hit rate per slot: hits / lookups in that slot, null for slots without lookups.
  const perSlot = new Map<number, { hits: number; lookups: number }>();
  for (const p of input.cachePerSlot) {
    if (!isCacheLookup(p.label)) continue;
    const e = perSlot.get(p.slot) ?? { hits: 0, lookups: 0 };
    e.lookups += p.count;
    if (isCacheHit(p.label)) e.hits += p.count;
    perSlot.set(p.slot, e);
  }
  return {
    lookups,
    hits,
    misses,
    stale,
    evictions,
    hitRate: rate(hits, lookups),
    missRate: rate(misses + stale, lookups),
    evictionRate: rate(evictions, lookups),
    sizeEntries,
    sizeBytes,
    hitRateOverTime: {
      stepMs: input.stepMs,
      slots: [...input.slots],
      series: [
        {
          label: 'hitRate',
          values: input.slots.map((s) => {
            const e = perSlot.get(s);
            return e ? rate(e.hits, e.lookups) : null;
          }),
        },
      ],
    },
  };
}

export function complianceStats(rows: readonly RollupStats[], topN = 10): ComplianceStats {
  const checks = rows.filter((r) => r.kind === 'compliance.check');
  const merged = mergeAll(checks);
  // "Checks" are the check events; per-rule violation rows recorded as checks are not checks of a report.
  const violations = new Map<string, number>();
  for (const r of rows) {
    // Derived from the checks' labels.topRules, or recorded directly as a check of a rule with a violation outcome.
    if (r.kind !== VIOLATION_KIND && !(r.kind === 'compliance.check' && isViolation(r.outcome))) continue;
    violations.set(r.name, (violations.get(r.name) ?? 0) + r.count);
  }
  const hist = emptyHistogram(SCORE_BUCKETS);
  for (const r of checks) if (r.valHist) mergeInto(hist, r.valHist);
  return {
    checks: merged.count,
    scored: merged.valCount,
    averageScore: average(merged.valSum, merged.valCount),
    minScore: merged.valMin,
    maxScore: merged.valMax,
    scoreHistogram: { bounds: [...SCORE_BUCKETS], counts: hist },
    topViolations: [...violations]
      .map(([name, n]) => ({ name, n }))
      .sort(byCountThenName)
      .slice(0, topN)
      .map(({ name, n }) => ({ rule: name, count: n })),
  };
}

export function featureUsage(rows: readonly RollupStats[], flags: DashboardInput['flags']): FlagUsage[] {
  const known = new Map(flags.map((f) => [f.flag, f]));
  const names = new Set<string>(flags.map((f) => f.flag));
  for (const r of rows) if (r.kind === 'flag.evaluation' || r.kind === 'flag.exposure') names.add(r.name);
  return [...names].sort().map((flag) => {
    let evaluations = 0;
    let exposures = 0;
    const variants = new Map<string, number>();
    for (const r of rows) {
      if (r.name !== flag) continue;
      if (r.kind === 'flag.evaluation') evaluations += r.count;
      if (r.kind === 'flag.exposure') {
        exposures += r.count;
        const v = r.outcome || '(default)';
        variants.set(v, (variants.get(v) ?? 0) + r.count);
      }
    }
    const state = known.get(flag);
    return {
      flag,
      enabled: state?.enabled ?? false,
      reason: state?.reason ?? 'UNKNOWN',
      evaluations,
      exposures,
      variants: [...variants]
        .map(([variant, n]) => ({ variant, exposures: n }))
        .sort((a, b) => b.exposures - a.exposures || a.variant.localeCompare(b.variant)),
    };
  });
}

export function costStats(rows: readonly RollupStats[]): Dashboard['cost'] {
  const calls = rows.filter((r) => r.kind === 'regulator.call');
  const perSource = [...groupBy(calls, (r) => r.source || '(none)')]
    .map(([source, list]) => ({ source, calls: list.reduce((n, r) => n + r.count, 0), bytes: list.reduce((n, r) => n + r.bytesSum, 0) }))
    .sort((a, b) => b.calls - a.calls || a.source.localeCompare(b.source));
  const exports = rows.filter((r) => r.kind === 'export');
  return {
    perSource,
    totalCalls: perSource.reduce((n, s) => n + s.calls, 0),
    totalBytes: perSource.reduce((n, s) => n + s.bytes, 0),
    exports: exports.reduce((n, r) => n + r.count, 0),
    exportBytes: exports.reduce((n, r) => n + r.bytesSum, 0),
  };
}

export function buildDashboard(input: DashboardInput): Dashboard {
  const sources = apiStats(input.rows, input.exact);
  const sourceLabels = sources.map((s) => s.source);
  return {
    window: input.window,
    from: input.range.from,
    to: input.range.to,
    generatedAt: input.now,
    totalEvents: input.rows.reduce((n, r) => n + r.count, 0),
    api: { sources, callsOverTime: series(input.slots, input.stepMs, input.callsPerSlot, sourceLabels) },
    cache: cacheStats(input.rows, input),
    compliance: complianceStats(input.rows),
    features: { flags: featureUsage(input.rows, input.flags) },
    cost: costStats(input.rows),
  };
}

/**
 * `reportRows` are stats keyed by report (kind, report, count, bytes); by default they are taken
 * from `rows` that carry a report dimension.
 */
export function buildExtras(
  window: MetricsWindow,
  rows: readonly RollupStats[],
  exact: ReadonlyMap<string, ExactPercentiles> | null,
  reportRows: readonly RollupStats[] = rows.filter((r) => r.report !== ''),
): DashboardExtras {
  const calls = rows.filter((r) => r.kind === 'regulator.call');
  const bySource = [...groupBy(calls, (r) => r.source || '(none)')].sort(([a], [b]) => a.localeCompare(b));
  const p99PerSource = bySource.map(([source, list]) => {
    const merged = mergeAll(list);
    const ex = exact?.get(source);
    if (merged.durCount === 0) return { source, p99Ms: null, percentileMethod: null };
    if (ex) return { source, p99Ms: ex.p99, percentileMethod: 'exact' as const };
    return { source, p99Ms: estimateQuantile(merged.durHist ?? [], LATENCY_BUCKETS_MS, 0.99, merged.durMax), percentileMethod: 'estimated' as const };
  });
  const latencyHistograms = bySource.map(([source, list]) => ({
    source,
    bounds: [...LATENCY_BUCKETS_MS],
    counts: mergeAll(list).durHist ?? emptyHistogram(LATENCY_BUCKETS_MS),
  }));
  const costPerReport = [...groupBy(reportRows, (r) => r.report)]
    .map(([reportId, list]) => {
      const c = list.filter((r) => r.kind === 'regulator.call');
      const e = list.filter((r) => r.kind === 'export');
      return {
        reportId,
        calls: c.reduce((n, r) => n + r.count, 0),
        bytes: c.reduce((n, r) => n + r.bytesSum, 0),
        exports: e.reduce((n, r) => n + r.count, 0),
        exportBytes: e.reduce((n, r) => n + r.bytesSum, 0),
        checks: list.filter((r) => r.kind === 'compliance.check').reduce((n, r) => n + r.count, 0),
      };
    })
    .sort((a, b) => b.calls - a.calls || b.bytes - a.bytes || a.reportId.localeCompare(b.reportId));
  return { window, p99PerSource, latencyHistograms, costPerReport };
}

/**
 * What a rollout guard compares with its thresholds, over the regulator calls and cache events
 * of the given operations (call `name`s or sources; empty = all). p95 is exact when given.
 */
export function guardMeasurement(rows: readonly RollupStats[], exactP95: number | null | undefined): GuardMeasurement {
  let successes = 0;
  let errors = 0;
  let timeouts = 0;
  let hits = 0;
  let lookups = 0;
  const durations: RollupStats[] = [];
  for (const r of rows) {
    if (r.kind === 'regulator.call') {
      const c = classifyCall(r.outcome);
      if (c === 'success') successes += r.count;
      else if (c === 'timeout') timeouts += r.count;
      else errors += r.count;
      durations.push(r);
    } else if (r.kind === 'cache') {
      if (isCacheLookup(r.outcome)) lookups += r.count;
      if (isCacheHit(r.outcome)) hits += r.count;
    }
  }
  const samples = successes + errors + timeouts;
  const merged = mergeAll(durations);
  const p95 = exactP95 !== undefined ? exactP95 : merged.durHist ? estimateQuantile(merged.durHist, LATENCY_BUCKETS_MS, 0.95, merged.durMax) : null;
  return {
    samples,
    successRate: rate(successes, samples),
    errorRate: rate(errors, samples),
    timeoutRate: rate(timeouts, samples),
    p95LatencyMs: samples > 0 ? p95 : null,
    cacheLookups: lookups,
    cacheHitRate: rate(hits, lookups),
  };
}
