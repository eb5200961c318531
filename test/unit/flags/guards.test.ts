import { describe, expect, it } from 'vitest';
import { GuardSchema } from '../../../shared/flags/config-schema';
import { computeWindowStats, describeVerdict, evaluateGuard, operationMatches, type GuardMetricSample } from '../../../shared/flags/guards';

const guard = GuardSchema.parse({
  operations: ['regulator.call', 'cache'],
  windowMinutes: 15,
  minSample: 20,
  targets: { successRate: 0.95, p95LatencyMs: 2000, cacheHitRate: 0.8, errorRate: 0.01 },
  rollbackTriggers: { successRateBelow: 0.85, errorRateAbove: 0.05 },
});

function calls(n: number, outcome: string, durationMs = 100, at = 1000, source = 'anm'): GuardMetricSample[] {
  return Array.from({ length: n }, (_, i) => ({ at: at + i, kind: 'regulator.call', name: 'anm.process', source, outcome, durationMs }));
}
const q = { operations: guard.operations, fromMs: 0, toMs: 10_000 };

describe('guard evaluation over a metric window', () => {
  it('does not judge below the minimum sample', () => {
    const v = evaluateGuard(guard, computeWindowStats(calls(19, 'error'), q));
    expect(v.status).toBe('insufficientData');
    expect(v.breaches).toEqual([]);
  });

  it('is healthy when every target holds', () => {
    const samples = [
      ...calls(100, 'success', 300),
      ...Array.from({ length: 30 }, (_, i) => ({ at: 2000 + i, kind: 'cache', name: 'get', outcome: i < 27 ? 'hit' : 'miss' })),
    ];
    const v = evaluateGuard(guard, computeWindowStats(samples, q));
    expect(v.status).toBe('healthy');
    expect(v.metrics).toMatchObject({ successRate: 1, errorRate: 0, timeoutRate: 0, p95LatencyMs: 300, cacheHitRate: 0.9 });
  });

  it('reports a missed target without tripping (soft level)', () => {
    const v = evaluateGuard(guard, computeWindowStats([...calls(90, 'success', 3000), ...calls(10, 'timeout', 5000)], q));
    expect(v.status).toBe('belowTarget');
    expect(v.breaches.map((b) => `${b.kind}:${b.metric}`).sort()).toEqual(['target:p95LatencyMs', 'target:successRate']);
  });

  it('trips when the success rate falls below 85 % or errors exceed 5 %', () => {
    const lowSuccess = evaluateGuard(guard, computeWindowStats([...calls(80, 'success'), ...calls(20, 'timeout')], q));
    expect(lowSuccess.status).toBe('tripped');
    expect(lowSuccess.breaches).toContainEqual({
      metric: 'successRate',
      kind: 'trigger',
      rollback: 'immediate',
      expected: 'above',
      threshold: 0.85,
      actual: 0.8,
    });
    const errors = evaluateGuard(guard, computeWindowStats([...calls(94, 'success'), ...calls(6, 'error')], q));
    expect(errors.status).toBe('tripped');
    expect(errors.breaches.find((b) => b.kind === 'trigger')).toMatchObject({ metric: 'errorRate', actual: 0.06 });
    expect(describeVerdict(errors)).toContain('errorRate 6.0 %');
    // Exactly at the threshold is not a rollback.
    expect(evaluateGuard(guard, computeWindowStats([...calls(95, 'success'), ...calls(5, 'error')], q)).status).not.toBe('tripped');
  });

  it('counts only covered operations inside the window', () => {
    const samples = [
      ...calls(50, 'error', 10, 20_000),
      ...calls(50, 'error', 10, 1000, 'sigmine'),
      { at: 500, kind: 'export', name: 'docx', outcome: 'error' },
    ];
    expect(computeWindowStats(samples, q).calls).toBe(50);
    expect(computeWindowStats(samples, { ...q, operations: ['regulator.call/anm'] }).calls).toBe(0);
    expect(computeWindowStats(samples, { ...q, operations: ['regulator.call/sigmine'] }).calls).toBe(50);
    expect(operationMatches('regulator.call/anm', { kind: 'regulator.call', source: 'anm' })).toBe(true);
    expect(operationMatches('regulator.call', { kind: 'cache', source: 'anm' })).toBe(false);
  });

  it('uses the nearest-rank 95th percentile', () => {
    const q = { operations: ['regulator.call'], fromMs: 0, toMs: 1e9 };
    expect(computeWindowStats([], q).p95LatencyMs).toBeNull();
    expect(
      computeWindowStats(
        Array.from({ length: 100 }, (_, i) => calls(1, 'success', i + 1, 1000 + i)[0]!),
        q,
      ).p95LatencyMs,
    ).toBe(95);
  });

  it('an outcome outside the closed set of a call is an error, not a success', () => {
    const q = { operations: ['regulator.call'], fromMs: 0, toMs: 1e9 };
    expect(computeWindowStats([...calls(3, 'ok'), ...calls(1, 'success')], q)).toMatchObject({ calls: 4, successes: 1, errors: 3 });
  });
});
