import { describe, expect, it } from 'vitest';
import { teeRecorders, type MetricEvent } from '../../../main/core/metrics-recorder';
import { InMemoryGuardMetrics } from '../../../main/flags/guard-metrics';

const q = { operations: ['regulator.call', 'cache'], fromMs: 0, toMs: 1e12 };

describe('in-memory guard metrics (tap on core.metrics)', () => {
  it('keeps regulator calls and cache lookups only, not evictions or other kinds', () => {
    const mem = new InMemoryGuardMetrics();
    const events: MetricEvent[] = [
      { kind: 'regulator.call', at: 1, name: 'anm.process', source: 'ANM', outcome: 'success', durationMs: 120 },
      { kind: 'regulator.call', at: 2, name: 'anm.process', source: 'ANM', outcome: 'timeout', durationMs: 20000 },
      { kind: 'cache', at: 3, name: 'records', outcome: 'hit' },
      { kind: 'cache', at: 4, name: 'records', outcome: 'eviction' },
      { kind: 'export', at: 5, name: 'docx', outcome: 'error' },
      { kind: 'flag.exposure', at: 6, name: 'SEC_SK_1300', outcome: 'on', labels: { reason: 'SPLIT', surface: 'view' } },
    ];
    // Through a tee, as the flags feature installs it: the other recorder still gets everything.
    const seen: MetricEvent[] = [];
    const tee = teeRecorders({ record: (e) => seen.push(e) }, mem);
    events.forEach((e) => tee.record(e));
    expect(seen).toHaveLength(6);
    expect(mem.size).toBe(3);
    expect(mem.windowStats(q)).toMatchObject({ calls: 2, successes: 1, timeouts: 1, errors: 0, cacheLookups: 1, cacheHits: 1, p95LatencyMs: 20000 });
  });

  it('is bounded: the oldest samples are overwritten', () => {
    const mem = new InMemoryGuardMetrics(100);
    for (let i = 0; i < 250; i++) mem.record({ kind: 'regulator.call', at: i, name: 'x', outcome: i < 200 ? 'error' : 'success' });
    expect(mem.size).toBe(100);
    const stats = mem.windowStats(q);
    expect(stats.calls).toBe(100);
    expect(stats.successes).toBe(50);
  });
});
