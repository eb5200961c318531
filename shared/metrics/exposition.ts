import { classifyCache, classifyCall, isViolation } from './outcomes';
import { LATENCY_BUCKETS_MS, SCORE_BUCKETS, emptyHistogram, mergeInto } from './histogram';
import type { Dashboard, DashboardExtras } from './model';
import type { MetricFamily, SimpleFamily } from './prometheus';
import { VIOLATION_KIND, type RollupStats } from './rollup';

export interface MetricsSnapshot {
  dashboard: Dashboard;
  /** Present when ADVANCED_ANALYTICS is on. */
  extras: DashboardExtras | null;
  /**
   * Totals over everything retained (hour rollups, a year), one per key. Counters and histograms
   * are exported from these so they only grow between pushes, as Prometheus counters must;
   * the window's rates and percentiles are gauges labelled with the window.
   */
  totals: readonly RollupStats[];
  /** User feedback counts per flag and phase (comments are never part of a snapshot). */
  feedback?: readonly FeedbackTotals[];
  /** Each flag's rollout state on this workstation. */
  rollout?: readonly RolloutState[];
}

export interface FeedbackTotals {
  flag: string;
  phase: string;
  ratings: number;
  ratingSum: number;
  problemReports: number;
  complaints: number;
}

export interface RolloutState {
  flag: string;
  phase: string;
  /** 1-based step of the schedule (0: no schedule, or before its first step). */
  step: number;
  configVersion: number | null;
  on: boolean;
  rollback: 'none' | 'immediate' | 'gradual';
}

/** Metric names the fleet rules (shared/flags/fleet-rules.ts) read; one place so both sides agree. */
export const FLEET_METRICS = {
  calls: 'qivo_regulator_calls_total',
  latency: 'qivo_regulator_call_duration_seconds',
  cache: 'qivo_cache_events_total',
  flagState: 'qivo_flag_state',
  ratings: 'qivo_feedback_ratings_total',
  ratingSum: 'qivo_feedback_rating_sum_total',
  complaints: 'qivo_feedback_complaints_total',
  problemReports: 'qivo_feedback_problem_reports_total',
} as const;

const LATENCY_BOUNDS_S = LATENCY_BUCKETS_MS.map((ms) => ms / 1000);

function counter(name: string, help: string): SimpleFamily {
  return { name, help, type: 'counter', samples: [] };
}
function gauge(name: string, help: string): SimpleFamily {
  return { name, help, type: 'gauge', samples: [] };
}
function addTo(map: Map<string, { labels: Record<string, string>; value: number }>, labels: Record<string, string>, value: number): void {
  const id = JSON.stringify(labels);
  const e = map.get(id);
  if (e) e.value += value;
  else map.set(id, { labels, value });
}
const sorted = (m: Map<string, { labels: Record<string, string>; value: number }>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);

export function snapshotToFamilies(snapshot: MetricsSnapshot): MetricFamily[] {
  const { dashboard: d, extras, totals } = snapshot;
  const window = d.window;

  const calls = new Map<string, { labels: Record<string, string>; value: number }>();
  const bytes = new Map<string, { labels: Record<string, string>; value: number }>();
  const latency = new Map<string, { counts: number[]; sum: number }>();
  const cacheEvents = new Map<string, { labels: Record<string, string>; value: number }>();
  const violations = new Map<string, { labels: Record<string, string>; value: number }>();
  const exposures = new Map<string, { labels: Record<string, string>; value: number }>();
  const evaluations = new Map<string, { labels: Record<string, string>; value: number }>();
  const exportsByFormat = new Map<string, { labels: Record<string, string>; value: number }>();
  const exportBytes = new Map<string, { labels: Record<string, string>; value: number }>();
  let checks = 0;
  const scoreCounts = emptyHistogram(SCORE_BUCKETS);
  let scoreSum = 0;

  for (const r of totals) {
    if (r.kind === 'regulator.call') {
      const source = r.source || '(none)';
      addTo(calls, { source, outcome: classifyCall(r.outcome) }, r.count);
      addTo(bytes, { source }, r.bytesSum);
      if (r.durHist) {
        const e = latency.get(source) ?? { counts: emptyHistogram(LATENCY_BUCKETS_MS), sum: 0 };
        mergeInto(e.counts, r.durHist);
        e.sum += r.durSum / 1000;
        latency.set(source, e);
      }
    } else if (r.kind === 'cache') {
      const c = classifyCache(r.outcome);
      if (c !== null && c !== 'size') addTo(cacheEvents, { outcome: c }, r.count);
    } else if (r.kind === 'compliance.check') {
      checks += r.count;
      if (r.valHist) {
        mergeInto(scoreCounts, r.valHist);
        scoreSum += r.valSum;
      }
      if (isViolation(r.outcome)) addTo(violations, { rule: r.name }, r.count);
    } else if (r.kind === VIOLATION_KIND) {
      addTo(violations, { rule: r.name }, r.count);
    } else if (r.kind === 'flag.exposure') {
      addTo(exposures, { flag: r.name, variant: r.outcome || '(default)' }, r.count);
    } else if (r.kind === 'flag.evaluation') {
      addTo(evaluations, { flag: r.name }, r.count);
    } else if (r.kind === 'export') {
      addTo(exportsByFormat, { format: r.name }, r.count);
      addTo(exportBytes, { format: r.name }, r.bytesSum);
    }
  }

  const families: MetricFamily[] = [];
  const callsF = counter('qivo_regulator_calls_total', 'Regulator API calls by source and outcome (success, error, timeout) over the retained history.');
  callsF.samples = sorted(calls);
  const bytesF = counter('qivo_regulator_bytes_total', 'Bytes received from regulator APIs by source over the retained history.');
  bytesF.samples = sorted(bytes);
  families.push(callsF, bytesF, {
    name: 'qivo_regulator_call_duration_seconds',
    help: 'Latency of regulator API calls by source over the retained history.',
    type: 'histogram',
    series: [...latency.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([source, e]) => ({ labels: { source }, bounds: LATENCY_BOUNDS_S, counts: e.counts, sum: e.sum })),
  });

  const success = gauge('qivo_regulator_success_ratio', 'Share of regulator calls that succeeded in the window (0-1).');
  const errorRatio = gauge('qivo_regulator_error_ratio', 'Share of regulator calls that failed (not timeouts) in the window (0-1).');
  const timeoutRatio = gauge('qivo_regulator_timeout_ratio', 'Share of regulator calls that timed out in the window (0-1).');
  // A gauge of the window's percentiles, so its label is `percentile` (p50, p95, p99): `quantile` is
  // reserved for summaries, and promtool rejects it on any other type.
  const quantiles = gauge('qivo_regulator_latency_percentile_seconds', 'Latency percentiles (p50, p95, p99) of regulator calls in the window.');
  for (const s of d.api.sources) {
    const labels = { source: s.source, window };
    if (s.successRate !== null) success.samples.push({ labels, value: s.successRate });
    if (s.errorRate !== null) errorRatio.samples.push({ labels, value: s.errorRate });
    if (s.timeoutRate !== null) timeoutRatio.samples.push({ labels, value: s.timeoutRate });
    if (s.p50Ms !== null) quantiles.samples.push({ labels: { ...labels, percentile: 'p50' }, value: s.p50Ms / 1000 });
    if (s.p95Ms !== null) quantiles.samples.push({ labels: { ...labels, percentile: 'p95' }, value: s.p95Ms / 1000 });
  }
  for (const p of extras?.p99PerSource ?? []) {
    if (p.p99Ms !== null) quantiles.samples.push({ labels: { source: p.source, window, percentile: 'p99' }, value: p.p99Ms / 1000 });
  }
  families.push(success, errorRatio, timeoutRatio, quantiles);

  const cacheF = counter('qivo_cache_events_total', 'Regulator cache lookups (hit, miss, stale) and evictions over the retained history.');
  cacheF.samples = sorted(cacheEvents);
  const hitRatio = gauge('qivo_cache_hit_ratio', 'Share of cache lookups answered from the cache in the window (0-1).');
  if (d.cache.hitRate !== null) hitRatio.samples.push({ labels: { window }, value: d.cache.hitRate });
  const entries = gauge('qivo_cache_entries', 'Entries in the regulator cache, as last reported.');
  if (d.cache.sizeEntries !== null) entries.samples.push({ labels: {}, value: d.cache.sizeEntries });
  const sizeBytes = gauge('qivo_cache_size_bytes', 'Size of the regulator cache in bytes, as last reported.');
  if (d.cache.sizeBytes !== null) sizeBytes.samples.push({ labels: {}, value: d.cache.sizeBytes });
  families.push(cacheF, hitRatio, entries, sizeBytes);

  const checksF = counter('qivo_compliance_checks_total', 'KRCI compliance check events over the retained history.');
  checksF.samples = [{ labels: {}, value: checks }];
  const scoreAvg = gauge('qivo_compliance_score_average', 'Average compliance score (0-100) in the window.');
  if (d.compliance.averageScore !== null) scoreAvg.samples.push({ labels: { window }, value: d.compliance.averageScore });
  const violationsF = counter('qivo_krci_violations_total', 'KRCI rule violations found, by rule, over the retained history.');
  violationsF.samples = sorted(violations);
  families.push(checksF, scoreAvg, violationsF, {
    name: 'qivo_compliance_score',
    help: 'Distribution of compliance scores (0-100) over the retained history.',
    type: 'histogram',
    series: [{ labels: {}, bounds: SCORE_BUCKETS, counts: scoreCounts, sum: scoreSum }],
  });

  const flagOn = gauge('qivo_flag_enabled', 'Whether each feature flag is on for this workstation (1) or off (0).');
  flagOn.samples = d.features.flags.map((f) => ({ labels: { flag: f.flag }, value: f.enabled ? 1 : 0 }));
  const exposuresF = counter('qivo_flag_exposures_total', 'Feature exposures by flag and variant over the retained history.');
  exposuresF.samples = sorted(exposures);
  const evaluationsF = counter('qivo_flag_evaluations_total', 'Feature flag evaluations by flag over the retained history.');
  evaluationsF.samples = sorted(evaluations);
  families.push(flagOn, exposuresF, evaluationsF);

  const exportsF = counter('qivo_exports_total', 'Report exports by format over the retained history.');
  exportsF.samples = sorted(exportsByFormat);
  const exportBytesF = counter('qivo_export_bytes_total', 'Bytes written by report exports by format over the retained history.');
  exportBytesF.samples = sorted(exportBytes);
  const windowEvents = gauge('qivo_metrics_window_events', 'Metric events recorded in the window.');
  windowEvents.samples = [{ labels: { window }, value: d.totalEvents }];
  families.push(exportsF, exportBytesF, windowEvents);

  // Rollout state and feedback: what the fleet's rules and decisions read (shared/flags/fleet-rules.ts).
  const state = gauge(
    FLEET_METRICS.flagState,
    'Each flag on this workstation: 1 on, 0 off; labelled with its phase, schedule step, configuration version and any local rollback.',
  );
  state.samples = (snapshot.rollout ?? []).map((r) => ({
    labels: {
      flag: r.flag,
      phase: r.phase,
      step: String(r.step),
      config_version: r.configVersion === null ? '' : String(r.configVersion),
      rollback: r.rollback,
    },
    value: r.on ? 1 : 0,
  }));
  const fb = snapshot.feedback ?? [];
  const ratings = counter(FLEET_METRICS.ratings, 'User ratings (1-5) of a feature under rollout, by flag and phase.');
  ratings.samples = fb.map((f) => ({ labels: { flag: f.flag, phase: f.phase }, value: f.ratings }));
  const ratingSum = counter(
    FLEET_METRICS.ratingSum,
    'Sum of the user ratings (1-5), by flag and phase; divided by the ratings it gives the average satisfaction.',
  );
  ratingSum.samples = fb.map((f) => ({ labels: { flag: f.flag, phase: f.phase }, value: f.ratingSum }));
  const complaints = counter(FLEET_METRICS.complaints, 'Complaints (problem reports and ratings of 1-2), by flag and phase.');
  complaints.samples = fb.map((f) => ({ labels: { flag: f.flag, phase: f.phase }, value: f.complaints }));
  const reports = counter(FLEET_METRICS.problemReports, 'Problem reports, by flag and phase (their comments stay on the workstation).');
  reports.samples = fb.map((f) => ({ labels: { flag: f.flag, phase: f.phase }, value: f.problemReports }));
  families.push(state, ratings, ratingSum, complaints, reports);
  return families;
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The snapshot as one flat CSV table: `group,metric,subject,value,window`. Empty cells mean "no
 * data" (a rate without any call), which spreadsheets keep apart from a real 0.
 */
export function snapshotToCsv(snapshot: MetricsSnapshot): string {
  const d = snapshot.dashboard;
  const rows: (string | number | null)[][] = [['group', 'metric', 'subject', 'value', 'window']];
  const w = d.window;
  for (const s of d.api.sources) {
    for (const [metric, value] of [
      ['calls', s.calls],
      ['successRate', s.successRate],
      ['errorRate', s.errorRate],
      ['timeoutRate', s.timeoutRate],
      ['p50Ms', s.p50Ms],
      ['p95Ms', s.p95Ms],
    ] as const)
      rows.push(['api', metric, s.source, value, w]);
  }
  for (const p of snapshot.extras?.p99PerSource ?? []) rows.push(['api', 'p99Ms', p.source, p.p99Ms, w]);
  const c = d.cache;
  for (const [metric, value] of [
    ['lookups', c.lookups],
    ['hits', c.hits],
    ['misses', c.misses],
    ['stale', c.stale],
    ['evictions', c.evictions],
    ['hitRate', c.hitRate],
    ['missRate', c.missRate],
    ['evictionRate', c.evictionRate],
    ['sizeEntries', c.sizeEntries],
    ['sizeBytes', c.sizeBytes],
  ] as const)
    rows.push(['cache', metric, '', value, w]);
  const k = d.compliance;
  rows.push(['compliance', 'checks', '', k.checks, w], ['compliance', 'averageScore', '', k.averageScore, w]);
  k.scoreHistogram.counts.forEach((n, i) => rows.push(['compliance', 'scoreBucket', `le ${k.scoreHistogram.bounds[i] ?? '+Inf'}`, n, w]));
  for (const v of k.topViolations) rows.push(['compliance', 'violations', v.rule, v.count, w]);
  for (const f of d.features.flags) {
    rows.push(
      ['features', 'enabled', f.flag, f.enabled ? 1 : 0, w],
      ['features', 'evaluations', f.flag, f.evaluations, w],
      ['features', 'exposures', f.flag, f.exposures, w],
    );
  }
  for (const s of d.cost.perSource) rows.push(['cost', 'calls', s.source, s.calls, w], ['cost', 'bytes', s.source, s.bytes, w]);
  rows.push(['cost', 'exports', '', d.cost.exports, w], ['cost', 'exportBytes', '', d.cost.exportBytes, w]);
  for (const r of snapshot.extras?.costPerReport ?? []) {
    rows.push(
      ['cost', 'reportCalls', r.reportId, r.calls, w],
      ['cost', 'reportBytes', r.reportId, r.bytes, w],
      ['cost', 'reportExports', r.reportId, r.exports, w],
    );
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
