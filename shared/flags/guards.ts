import { classifyCall, isCacheHit, isCacheLookup } from '../metrics/outcomes';
import { nearestRank } from '../metrics/percentiles';
import type { FlagGuard, GuardTargets, RollbackKind, RollbackTriggers, TriggerKey } from './config-schema';

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
  /** For the feedback figures: the flag and the phase whose feedback counts. */
  flag?: string;
  phase?: string;
  /** Feedback counts from here (the configuration's start), not just the window: answers are sparse. */
  feedbackFromMs?: number;
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
  /** User feedback on the flag in the phase (absent = none recorded): ratings 1–5 and problem reports. */
  feedback?: FeedbackStats;
}

export interface FeedbackStats {
  ratings: number;
  ratingSum: number;
  problemReports: number;
  /** Problem reports plus ratings of 1 or 2. */
  complaints: number;
}

/** A rating of 1 or 2 counts as a complaint, as a problem report does. */
export const COMPLAINT_RATING_MAX = 2;

/** Complaints over feedback answers (ratings + problem reports); null without any answer. */
export function complaintRate(f: FeedbackStats): number | null {
  const answers = f.ratings + f.problemReports;
  return answers ? f.complaints / answers : null;
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

export const GUARD_METRICS = ['successRate', 'errorRate', 'timeoutRate', 'p95LatencyMs', 'cacheHitRate', 'satisfaction', 'complaintRate'] as const;
export type GuardMetric = (typeof GUARD_METRICS)[number];

/**
 * The one definition of every target and trigger: the local guard, rollout health, the fleet's
 * Prometheus rules and the fleet decision all read these tables.
 */
export const TARGET_DEFS: readonly { metric: GuardMetric; key: keyof GuardTargets; expected: 'above' | 'below' }[] = [
  { metric: 'successRate', key: 'successRate', expected: 'above' },
  { metric: 'p95LatencyMs', key: 'p95LatencyMs', expected: 'below' },
  { metric: 'cacheHitRate', key: 'cacheHitRate', expected: 'above' },
  { metric: 'errorRate', key: 'errorRate', expected: 'below' },
  { metric: 'timeoutRate', key: 'timeoutRate', expected: 'below' },
  { metric: 'satisfaction', key: 'satisfactionAbove', expected: 'above' },
];
/** `expected` is the side the metric must stay on; the trigger fires strictly past the threshold on the other side. */
export const TRIGGER_DEFS: readonly { metric: GuardMetric; key: TriggerKey; expected: 'above' | 'below' }[] = [
  { metric: 'successRate', key: 'successRateBelow', expected: 'above' },
  { metric: 'errorRate', key: 'errorRateAbove', expected: 'below' },
  { metric: 'timeoutRate', key: 'timeoutRateAbove', expected: 'below' },
  { metric: 'p95LatencyMs', key: 'p95LatencyMsAbove', expected: 'below' },
  { metric: 'complaintRate', key: 'complaintRateAbove', expected: 'below' },
];

/** Metrics computed from user feedback (judged on `minFeedback`), the others on `minSample` calls. */
export const FEEDBACK_METRICS: ReadonlySet<GuardMetric> = new Set(['satisfaction', 'complaintRate']);

export interface GuardBreach {
  metric: GuardMetric;
  /** target = below the phase's goal (shown, no action); trigger = a local rollback (immediate or gradual). */
  kind: 'target' | 'trigger';
  /** For a trigger: what it does on this workstation. */
  rollback?: RollbackKind;
  /** The metric must stay on this side of the threshold. */
  expected: 'above' | 'below';
  threshold: number;
  actual: number;
}

export interface GuardVerdict {
  status: 'insufficientData' | 'healthy' | 'belowTarget' | 'tripped';
  /** When tripped: immediate if any immediate trigger fired, else gradual. */
  rollback: RollbackKind | null;
  calls: number;
  /** Feedback answers counted (ratings + problem reports). */
  feedback: number;
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
  const f = stats.feedback;
  const answers = f ? f.ratings + f.problemReports : 0;
  const verdict: GuardVerdict = {
    status: 'insufficientData',
    rollback: null,
    calls: stats.calls,
    feedback: answers,
    minSample: guard.minSample,
    windowMinutes: guard.windowMinutes,
    metrics: {},
    breaches: [],
  };
  const m = verdict.metrics;
  const enoughCalls = stats.calls >= guard.minSample;
  if (enoughCalls) {
    m.successRate = stats.successes / stats.calls;
    m.errorRate = stats.errors / stats.calls;
    m.timeoutRate = stats.timeouts / stats.calls;
    if (stats.p95LatencyMs !== null) m.p95LatencyMs = stats.p95LatencyMs;
    if (stats.cacheLookups >= guard.minSample) m.cacheHitRate = stats.cacheHits / stats.cacheLookups;
  }
  // Feedback is judged on its own minimum sample: a few answers are an anecdote, not a verdict.
  if (f && answers >= guard.minFeedback) {
    if (f.ratings > 0) m.satisfaction = f.ratingSum / f.ratings;
    const rate = complaintRate(f);
    if (rate !== null) m.complaintRate = rate;
  }
  if (!enoughCalls && m.satisfaction === undefined && m.complaintRate === undefined) return verdict;

  const triggers = (t: RollbackTriggers, rollback: RollbackKind) => {
    for (const { metric, key, expected } of TRIGGER_DEFS) {
      const threshold = t[key];
      const actual = m[metric];
      if (threshold === undefined || actual === undefined) continue;
      // Triggers fire strictly past their threshold ("success rate < 85 %"): equality is not a rollback.
      const fired = expected === 'above' ? actual < threshold : actual > threshold;
      if (fired) verdict.breaches.push({ metric, kind: 'trigger', rollback, expected, threshold, actual });
    }
  };
  triggers(guard.rollbackTriggers, 'immediate');
  triggers(guard.gradualTriggers, 'gradual');
  for (const { metric, key, expected } of TARGET_DEFS) {
    const threshold = guard.targets[key];
    const actual = m[metric];
    if (threshold === undefined || actual === undefined) continue;
    const ok = expected === 'above' ? actual > threshold : actual < threshold;
    if (!ok) verdict.breaches.push({ metric, kind: 'target', expected, threshold, actual });
  }

  const fired = verdict.breaches.filter((b) => b.kind === 'trigger');
  verdict.status = fired.length ? 'tripped' : verdict.breaches.length > 0 ? 'belowTarget' : 'healthy';
  verdict.rollback = fired.length ? (fired.some((b) => b.rollback === 'immediate') ? 'immediate' : 'gradual') : null;
  return verdict;
}

/** A one-line English explanation of a verdict, for the audit log. */
export function describeVerdict(verdict: GuardVerdict): string {
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  const fmt = (metric: GuardMetric, v: number) =>
    metric === 'p95LatencyMs' ? `${Math.round(v)} ms` : metric === 'satisfaction' ? `${v.toFixed(2)}/5` : pct(v);
  const parts = verdict.breaches.map(
    // A trigger names the side that rolls back ("rollback when below 85 %"); a target the side it wants.
    (b) =>
      b.kind === 'trigger'
        ? `${b.metric} ${fmt(b.metric, b.actual)} (${b.rollback === 'gradual' ? 'gradual rollback' : 'rollback'} when ${b.expected === 'above' ? 'below' : 'above'} ${fmt(b.metric, b.threshold)})`
        : `${b.metric} ${fmt(b.metric, b.actual)} (target: ${b.expected} ${fmt(b.metric, b.threshold)})`,
  );
  const feedback = verdict.feedback ? ` and ${verdict.feedback} feedback answers` : '';
  const status = verdict.rollback ? `${verdict.status} (${verdict.rollback})` : verdict.status;
  return `${status} over ${verdict.calls} calls${feedback} in ${verdict.windowMinutes} min${parts.length ? ': ' + parts.join('; ') : ''}`;
}
