import { FLAG_KEYS, type FeatureGate } from '../../shared/flags/flag-keys';
import { computeWindowStats, type GuardMetricSample, type GuardMetricsSource, type GuardWindowQuery, type GuardWindowStats } from '../../shared/flags/guards';
import { buildDashboard, buildExtras, guardMeasurement } from '../../shared/metrics/aggregate';
import { isCacheLookup } from '../../shared/metrics/outcomes';
import type { MetricsSnapshot } from '../../shared/metrics/exposition';
import type { Dashboard, DashboardExtras, GuardMeasurement } from '../../shared/metrics/model';
import { CHART_STEP_MS, chartSlots, windowRange, type MetricsWindow } from '../../shared/metrics/window';
import { timedCallCount, type MetricsStore } from './metrics-store';

export interface GuardQuery {
  /** Regulator call names or sources (e.g. `anm.process`, `ANM`) the guard watches; empty = every call and cache event. */
  operations?: readonly string[];
  windowMs: number;
}

/** The read side of metrics.db: what the dashboard, the export and the rollout guards ask. */
export class MetricsService implements GuardMetricsSource {
  constructor(
    readonly store: MetricsStore,
    private readonly deps: {
      now: () => number;
      gate: () => FeatureGate;
      /** The regulator cache's current size, read from the cache itself when the official-data feature runs. */
      cacheSize?: () => { entries: number; bytes: number } | null;
    },
  ) {}

  dashboard(window: MetricsWindow): Dashboard {
    const now = this.deps.now();
    const range = windowRange(window, now);
    const rows = this.store.windowRows(range);
    const stepMs = CHART_STEP_MS[window];
    const slots = chartSlots(window, now);
    const gate = this.deps.gate();
    const dashboard = buildDashboard({
      window,
      range,
      now,
      rows,
      exact: this.store.exactLatency(range, timedCallCount(rows)),
      slots,
      stepMs,
      callsPerSlot: this.store.slotCounts(range, stepMs, 'regulator.call'),
      cachePerSlot: this.store.slotCounts(range, stepMs, 'cache'),
      flags: FLAG_KEYS.map((flag) => ({ flag, enabled: gate.isEnabled(flag), reason: gate.reason(flag) })),
    });
    let size: { entries: number | null; bytes: number | null } | null = null;
    try {
      size = this.deps.cacheSize?.() ?? null;
    } catch {
      /* a closed or missing cache leaves the size from the events (or none) */
    }
    // Else the newest `cache` event with outcome `size` (value = entries, bytes = bytes), if any was recorded.
    const gauge = size ?? this.store.latestGauge('cache', 'size', range.to);
    if (gauge) {
      dashboard.cache.sizeEntries = 'entries' in gauge ? gauge.entries : gauge.value;
      dashboard.cache.sizeBytes = gauge.bytes;
    }
    return dashboard;
  }

  extras(window: MetricsWindow): DashboardExtras {
    const range = windowRange(window, this.deps.now());
    const rows = this.store.windowRows(range, { kinds: ['regulator.call'] });
    return buildExtras(window, rows, this.store.exactLatency(range, timedCallCount(rows)), this.store.reportRows(range));
  }

  /** Everything the export writes: the window's dashboard, the extras when allowed, and the all-time totals. */
  snapshot(window: MetricsWindow, withExtras: boolean): MetricsSnapshot {
    return { dashboard: this.dashboard(window), extras: withExtras ? this.extras(window) : null, totals: this.store.totals() };
  }

  /** Success, error and timeout rates, p95 and cache hit rate over the trailing window. */
  guard(query: GuardQuery): GuardMeasurement {
    const now = this.deps.now();
    const range = { from: now - query.windowMs, to: now + 1 };
    const ops = query.operations ?? [];
    const filter = ops.length ? { kinds: ['regulator.call', 'cache'], names: ops, sources: ops } : { kinds: ['regulator.call', 'cache'] };
    const rows = this.store.windowRows(range, filter);
    const exact = this.store.exactLatency(range, timedCallCount(rows), ops.length ? { names: ops, sources: ops } : undefined, true);
    return guardMeasurement(rows, exact ? (exact.get('*')?.p95 ?? null) : undefined);
  }

  /**
   * The rollout guards' view (GuardMetricsSource of shared/flags/guards.ts): computed from raw
   * events with the flags feature's own pure aggregation, so the guard judges exactly what its
   * tests define. Cache events that are not lookups (evictions, size reports) are left out so
   * they do not dilute the hit rate.
   */
  windowStats(query: GuardWindowQuery): GuardWindowStats {
    const samples: GuardMetricSample[] = [];
    for (const r of this.store.rawGuardSamples(query.fromMs, query.toMs)) {
      if (r.kind === 'cache') {
        if (!isCacheLookup(r.outcome)) continue;
      }
      const s: GuardMetricSample = { at: r.at, kind: r.kind, name: r.name };
      if (r.source) s.source = r.source;
      if (r.outcome) s.outcome = r.outcome;
      if (r.durationMs !== null) s.durationMs = r.durationMs;
      samples.push(s);
    }
    return computeWindowStats(samples, query);
  }
}
