import { computeWindowStats, type GuardMetricSample, type GuardMetricsSource, type GuardWindowQuery, type GuardWindowStats } from '../../shared/flags/guards';
import type { MetricEvent, MetricsRecorder } from '../core/metrics-recorder';

/** Only these kinds feed guards; the rest (flag evaluations, exports …) are not kept here. */
const GUARDED_KINDS = new Set(['regulator.call', 'cache']);

/**
 * Guard metrics kept in memory: a bounded ring of recent regulator calls and cache lookups,
 * fed by tapping core.metrics. Used until the metrics store (SQLite) provides its own
 * GuardMetricsSource; it forgets on restart, which only delays a guard, never trips one wrongly.
 */
export class InMemoryGuardMetrics implements GuardMetricsSource, MetricsRecorder {
  private readonly ring: GuardMetricSample[] = [];
  private next = 0;

  constructor(private readonly capacity = 20_000) {}

  record(event: MetricEvent): void {
    if (!GUARDED_KINDS.has(event.kind)) return;
    // Cache evictions are housekeeping, not lookups; they must not dilute the hit rate.
    if (event.kind === 'cache' && event.outcome === 'eviction') return;
    const sample: GuardMetricSample = { at: event.at, kind: event.kind, name: event.name };
    if (event.source !== undefined) sample.source = event.source;
    if (event.outcome !== undefined) sample.outcome = event.outcome;
    if (event.durationMs !== undefined) sample.durationMs = event.durationMs;
    if (this.ring.length < this.capacity) this.ring.push(sample);
    else this.ring[this.next] = sample;
    this.next = (this.next + 1) % this.capacity;
  }

  windowStats(query: GuardWindowQuery): GuardWindowStats {
    return computeWindowStats(this.ring, query);
  }

  get size(): number {
    return this.ring.length;
  }
}
