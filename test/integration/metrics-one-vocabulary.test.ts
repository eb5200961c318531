import { afterEach, describe, expect, it } from 'vitest';
import { ALL_ON_GATE } from '../../shared/flags/flag-keys';
import { evaluateGuard } from '../../shared/flags/guards';
import { GuardSchema } from '../../shared/flags/config-schema';
import { MINUTE_MS } from '../../shared/metrics/window';
import type { MetricEvent } from '../../main/core/metrics-recorder';
import { MetricsService } from '../../main/metrics/metrics-service';
import { MetricsStore } from '../../main/metrics/metrics-store';
import { makeTempDir } from '../support/temp-dir';

// The dashboard and the rollout guards read the same metrics.db with one vocabulary of outcomes
// (shared/metrics/outcomes.ts) and one percentile: for the same events they must give the same
// success rate, error and timeout rates, p95 and cache hit rate.
const NOW = Date.UTC(2026, 10, 27, 12, 30, 0);
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('one metric vocabulary', () => {
  it('the dashboard and a guard agree on success rate, p95 and cache hit rate for the same events', () => {
    const tmp = makeTempDir('qivo-vocab-');
    const store = new MetricsStore({ dataDir: tmp.dir, now: () => NOW, flushIntervalMs: 0, retentionIntervalMs: 0 });
    const service = new MetricsService(store, { now: () => NOW, gate: () => ALL_ON_GATE });
    cleanups.push(() => {
      store.close();
      tmp.cleanup();
    });
    const at = (i: number) => NOW - 40 * MINUTE_MS + i * 997;
    // 137 ANM calls: every outcome of the closed set, and one outside it ("ok", counted as an error by both).
    const events: MetricEvent[] = [];
    for (let i = 0; i < 137; i++) {
      const outcome = i % 11 === 0 ? 'timeout' : i % 7 === 0 ? 'error' : i === 5 ? 'ok' : 'success';
      // "ok" is outside the type (a row an older version or a hostile import wrote): cast on purpose.
      events.push({ kind: 'regulator.call', at: at(i), name: 'anm.process', source: 'ANM', outcome, durationMs: ((i * 37) % 500) + 3 } as MetricEvent);
    }
    // Cache: hits, stale serves, misses, and events that are not lookups (eviction, size).
    const cacheOutcomes = ['hit', 'hit', 'hit', 'stale', 'miss', 'eviction', 'size'];
    for (let i = 0; i < 140; i++)
      events.push({
        kind: 'cache',
        at: at(i),
        name: 'lookup',
        source: 'ANM',
        outcome: cacheOutcomes[i % cacheOutcomes.length]!,
        value: 1,
        bytes: 10,
      } as MetricEvent);
    for (const e of events) store.record(e);

    const dashboard = service.dashboard('1h');
    const anm = dashboard.api.sources.find((s) => s.source === 'ANM')!;
    const guard = GuardSchema.parse({ operations: ['regulator.call', 'cache'], windowMinutes: 60, minSample: 20 });
    const verdict = evaluateGuard(guard, service.windowStats({ operations: guard.operations, fromMs: NOW - 60 * MINUTE_MS, toMs: NOW }));

    expect(anm.calls).toBe(137);
    expect(verdict.calls).toBe(137);
    expect(verdict.metrics.successRate).toBe(anm.successRate);
    expect(verdict.metrics.errorRate).toBe(anm.errorRate);
    expect(verdict.metrics.timeoutRate).toBe(anm.timeoutRate);
    expect(anm.percentileMethod).toBe('exact');
    expect(verdict.metrics.p95LatencyMs).toBe(anm.p95Ms);
    expect(verdict.metrics.cacheHitRate).toBe(dashboard.cache.hitRate);
    // And the figures are the ones the events define, not merely equal.
    const success = events.filter((e) => e.kind === 'regulator.call' && e.outcome === 'success').length;
    expect(anm.successRate).toBe(success / 137);
    const sorted = events
      .filter((e) => e.kind === 'regulator.call')
      .map((e) => e.durationMs!)
      .sort((a, b) => a - b);
    expect(anm.p95Ms).toBe(sorted[Math.ceil(0.95 * 137) - 1]);
    expect(dashboard.cache.hitRate).toBe(60 / 100);
  });
});
