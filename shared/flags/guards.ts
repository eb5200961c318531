import { classifyCall, isCacheHit, isCacheLookup } from '../metrics/outcomes';
import { nearestRank } from '../metrics/percentiles';
import type { FlagGuard } from './config-schema';

/**
 * Guards judge a flag by the app's own metrics of the operations the flag covers. Everything here
 * is pure: the metrics come from a GuardMetricsSource (in-memory now, the metrics store later).
 */

/** One observed operation, as the metrics recorder sees it (a subset of MetricEvent). */
export interface GuardMetricSample {
  at: number;
  kind: string;
  name: string;
  source?: string;
  outcome?: string;
  durationMs?: number;
}

export interface GuardWindowQuery {
  operations: readonly string[];
  fromMs: number;
  toMs: number;
}

/** Aggregates over one window. Rates are derived from the counts by evaluateGuard. */
export interface GuardWindowStats {
  /** Calls of covered non-cache operations. */
  calls: number;
  successes: number;
  errors: number;
  timeouts: number;
  /** 95th percentile of durationMs over the calls that reported one; null when none did. */
  p95LatencyMs: number | null;
  cacheLookups: number;
  cacheHits: number;
}

/** What the guard needs from the metrics store. The metrics feature implements it over SQLite. */
export interface GuardMetricsSource {
  windowStats(query: GuardWindowQuery): GuardWindowStats;
}

/** `regulator.call` covers every regulator call; `regulator.call/anm` only those whose source is anm. */
export function operationMatches(operation: string, sample: Pick<GuardMetricSample, 'kind' | 'source'>): boolean {
  const slash = operation.indexOf('/');
  if (slash < 0) return operation === sample.kind;
  return operation.slice(0, slash) === sample.kind && operation.slice(slash + 1) === sample.source;
}

export function emptyWindowStats(): GuardWindowStats {
  return { calls: 0, successes: 0, errors: 0, timeouts: 0, p95LatencyMs: null, cacheLookups: 0, cacheHits: 0 };
}

/**
 * Aggregates samples inside [fromMs, toMs] of the covered operations, with the metrics'
 * vocabulary (shared/metrics/outcomes.ts) and nearest-rank p95, exactly as the dashboard does.
 */
export function computeWindowStats(samples: Iterable<GuardMetricSample>, query: GuardWindowQuery): GuardWindowStats {
  const stats = emptyWindowStats();
  const durations: number[] = [];
  for (const s of samples) {
    if (s.at < query.fromMs || s.at > query.toMs) continue;
    if (!query.operations.some((op) => operationMatches(op, s))) continue;
    if (s.kind === 'cache') {
      if (!isCacheLookup(s.outcome)) continue;
      stats.cacheLookups++;
      if (isCacheHit(s.outcome)) stats.cacheHits++;
      continue;
    }
    stats.calls++;
    const outcome = classifyCall(s.outcome);
    if (outcome === 'success') stats.successes++;
    else if (outcome === 'timeout') stats.timeouts++;
    else stats.errors++;
    if (typeof s.durationMs === 'number' && Number.isFinite(s.durationMs)) durations.push(s.durationMs);
  }
  durations.sort((a, b) => a - b);
  stats.p95LatencyMs = nearestRank(durations, 95);
  return stats;
}

export type GuardMetric = 'successRate' | 'errorRate' | 'timeoutRate' | 'p95LatencyMs' | 'cacheHitRate';

export interface GuardBreach {
  metric: GuardMetric;
  /** target = below the phase's goal (shown, no action); trigger = immediate local rollback. */
  kind: 'target' | 'trigger';
  /** The metric must stay on this side of the threshold. */
  expected: 'above' | 'below';
  threshold: number;
  actual: number;
}

export interface GuardVerdict {
  status: 'insufficientData' | 'healthy' | 'belowTarget' | 'tripped';
  calls: number;
  minSample: number;
  windowMinutes: number;
  metrics: Partial<Record<GuardMetric, number>>;
  breaches: GuardBreach[];
}

/**
 * Judges a window against the guard. Nothing is judged below the minimum sample (a handful of
 * failed calls on a train must not switch a feature off); the cache hit rate needs its own
 * minimum sample of lookups.
 */
export function evaluateGuard(guard: FlagGuard, stats: GuardWindowStats): GuardVerdict {
  const verdict: GuardVerdict = {
    status: 'insufficientData',
    calls: stats.calls,
    minSample: guard.minSample,
    windowMinutes: guard.windowMinutes,
    metrics: {},
    breaches: [],
  };
  if (stats.calls < guard.minSample) return verdict;
  const m = verdict.metrics;
  m.successRate = stats.successes / stats.calls;
  m.errorRate = stats.errors / stats.calls;
  m.timeoutRate = stats.timeouts / stats.calls;
  if (stats.p95LatencyMs !== null) m.p95LatencyMs = stats.p95LatencyMs;
  if (stats.cacheLookups >= guard.minSample) m.cacheHitRate = stats.cacheHits / stats.cacheLookups;

  const check = (metric: GuardMetric, kind: GuardBreach['kind'], expected: GuardBreach['expected'], threshold: number | undefined) => {
    const actual = m[metric];
    if (threshold === undefined || actual === undefined) return;
    const ok = expected === 'above' ? actual > threshold : actual < threshold;
    if (!ok) verdict.breaches.push({ metric, kind, expected, threshold, actual });
  };
  const t = guard.rollbackTriggers;
  // Triggers fire strictly past their threshold ("success rate < 85 %"): equality is not a rollback.
  if (t.successRateBelow !== undefined && m.successRate < t.successRateBelow)
    verdict.breaches.push({ metric: 'successRate', kind: 'trigger', expected: 'above', threshold: t.successRateBelow, actual: m.successRate });
  if (t.errorRateAbove !== undefined && m.errorRate > t.errorRateAbove)
    verdict.breaches.push({ metric: 'errorRate', kind: 'trigger', expected: 'below', threshold: t.errorRateAbove, actual: m.errorRate });
  if (t.timeoutRateAbove !== undefined && m.timeoutRate > t.timeoutRateAbove)
    verdict.breaches.push({ metric: 'timeoutRate', kind: 'trigger', expected: 'below', threshold: t.timeoutRateAbove, actual: m.timeoutRate });
  if (t.p95LatencyMsAbove !== undefined && m.p95LatencyMs !== undefined && m.p95LatencyMs > t.p95LatencyMsAbove)
    verdict.breaches.push({ metric: 'p95LatencyMs', kind: 'trigger', expected: 'below', threshold: t.p95LatencyMsAbove, actual: m.p95LatencyMs });

  const g = guard.targets;
  check('successRate', 'target', 'above', g.successRate);
  check('errorRate', 'target', 'below', g.errorRate);
  check('timeoutRate', 'target', 'below', g.timeoutRate);
  check('p95LatencyMs', 'target', 'below', g.p95LatencyMs);
  check('cacheHitRate', 'target', 'above', g.cacheHitRate);

  verdict.status = verdict.breaches.some((b) => b.kind === 'trigger')
    ? 'tripped'
    : verdict.breaches.length > 0
      ? 'belowTarget'
      : 'healthy';
  return verdict;
}

/** A one-line English explanation of a verdict, for the audit log. */
export function describeVerdict(verdict: GuardVerdict): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  const fmt = (metric: GuardMetric, v: number) => (metric === 'p95LatencyMs' ? `${Math.round(v)} ms` : pct(v));
  const parts = verdict.breaches.map(
    // A trigger names the side that rolls back ("rollback when below 85 %"); a target the side it wants.
    (b) =>
      b.kind === 'trigger'
        ? `${b.metric} ${fmt(b.metric, b.actual)} (rollback when ${b.expected === 'above' ? 'below' : 'above'} ${fmt(b.metric, b.threshold)})`
        : `${b.metric} ${fmt(b.metric, b.actual)} (target: ${b.expected} ${fmt(b.metric, b.threshold)})`,
  );
  return `${verdict.status} over ${verdict.calls} calls in ${verdict.windowMinutes} min${parts.length ? ': ' + parts.join('; ') : ''}`;
}
