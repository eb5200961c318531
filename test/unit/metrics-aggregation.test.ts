import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apiStats, buildExtras, cacheStats, complianceStats, costStats, featureUsage, guardMeasurement } from '../../shared/metrics/aggregate';
import {
  LATENCY_BUCKETS_MS,
  SCORE_BUCKETS,
  bucketIndex,
  cumulativeCounts,
  emptyHistogram,
  estimateQuantile,
  mergeHistograms,
  observe,
} from '../../shared/metrics/histogram';
import { nearestRank, percentiles, rate } from '../../shared/metrics/percentiles';
import { derivedSamples, mergeByKey, rollUp, type MetricSample } from '../../shared/metrics/rollup';
import { HOUR_MS, MINUTE_MS, chartSlots, parseWindow, planRollups } from '../../shared/metrics/window';

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);

function calls(source: string, outcomes: Record<string, number>, durations: (i: number) => number): MetricSample[] {
  const out: MetricSample[] = [];
  let i = 0;
  for (const [outcome, n] of Object.entries(outcomes)) {
    for (let k = 0; k < n; k++, i++)
      out.push({ kind: 'regulator.call', at: T0 + i * 1000, name: `${source.toLowerCase()}.search`, source, outcome, durationMs: durations(i), bytes: 100 });
  }
  return out;
}

function statsOf(samples: MetricSample[]) {
  return mergeByKey([...rollUp(samples, MINUTE_MS).values()].map((e) => e.stats));
}

describe('percentiles (nearest rank)', () => {
  it('gives the textbook values for 1..100', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // unsorted on purpose
    expect(percentiles(values, [50, 95, 99, 100])).toEqual({ 50: 50, 95: 95, 99: 99, 100: 100 });
  });
  it('handles tiny and empty samples', () => {
    expect(nearestRank([], 95)).toBeNull();
    expect(nearestRank(Float64Array.from([7]), 50)).toBe(7);
    expect(percentiles([15, 20, 35, 40, 50], [30, 40, 50, 100])).toEqual({ 30: 20, 40: 20, 50: 35, 100: 50 });
  });
  it('rates are null without a denominator, never NaN', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(3, 4)).toBe(0.75);
  });
});

describe('fixed-bucket histograms', () => {
  it('puts values on the bound into that bucket and above the last into +Inf', () => {
    expect(bucketIndex(LATENCY_BUCKETS_MS, 0)).toBe(0);
    expect(bucketIndex(LATENCY_BUCKETS_MS, 5)).toBe(0);
    expect(bucketIndex(LATENCY_BUCKETS_MS, 5.01)).toBe(1);
    expect(bucketIndex(LATENCY_BUCKETS_MS, 60000)).toBe(LATENCY_BUCKETS_MS.length - 1);
    expect(bucketIndex(LATENCY_BUCKETS_MS, 60001)).toBe(LATENCY_BUCKETS_MS.length);
  });
  it('merging is element-wise and equals observing everything at once', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100000, noNaN: true })), fc.array(fc.double({ min: 0, max: 100000, noNaN: true })), (a, b) => {
        const ha = emptyHistogram(LATENCY_BUCKETS_MS);
        const hb = emptyHistogram(LATENCY_BUCKETS_MS);
        const all = emptyHistogram(LATENCY_BUCKETS_MS);
        a.forEach((v) => (observe(ha, LATENCY_BUCKETS_MS, v), observe(all, LATENCY_BUCKETS_MS, v)));
        b.forEach((v) => (observe(hb, LATENCY_BUCKETS_MS, v), observe(all, LATENCY_BUCKETS_MS, v)));
        expect(mergeHistograms(LATENCY_BUCKETS_MS, [ha, hb])).toEqual(all);
      }),
    );
  });
  it('estimates quantiles by linear interpolation inside the bucket', () => {
    // 100 samples spread evenly in (100, 150]: p50 is the middle of that bucket.
    const h = emptyHistogram(LATENCY_BUCKETS_MS);
    for (let i = 1; i <= 100; i++) observe(h, LATENCY_BUCKETS_MS, 100 + i * 0.5);
    expect(estimateQuantile(h, LATENCY_BUCKETS_MS, 0.5)).toBeCloseTo(125, 6);
    expect(estimateQuantile(h, LATENCY_BUCKETS_MS, 0.95)).toBeCloseTo(147.5, 6);
    // Capped by the observed max, which the rollups keep.
    expect(estimateQuantile(h, LATENCY_BUCKETS_MS, 1, 150)).toBe(150);
    expect(estimateQuantile(emptyHistogram(LATENCY_BUCKETS_MS), LATENCY_BUCKETS_MS, 0.5)).toBeNull();
  });
  it("the estimate lies within the true value's bucket", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 59000 }), { minLength: 1, maxLength: 300 }), fc.constantFrom(0.5, 0.95, 0.99), (values, q) => {
        const h = emptyHistogram(LATENCY_BUCKETS_MS);
        values.forEach((v) => observe(h, LATENCY_BUCKETS_MS, v));
        const truth = nearestRank(Float64Array.from(values).sort(), q * 100) as number;
        const est = estimateQuantile(h, LATENCY_BUCKETS_MS, q, Math.max(...values)) as number;
        const i = bucketIndex(LATENCY_BUCKETS_MS, truth);
        const lower = i === 0 ? 0 : (LATENCY_BUCKETS_MS[i - 1] as number);
        expect(est).toBeGreaterThanOrEqual(lower);
        expect(est).toBeLessThanOrEqual(LATENCY_BUCKETS_MS[i] as number);
      }),
    );
  });
  it('cumulative counts end with the total', () => {
    expect(cumulativeCounts([1, 0, 2, 3])).toEqual([1, 1, 3, 6]);
  });
});

describe('window math', () => {
  it('splits a window into whole hours plus ragged minutes', () => {
    const from = T0 - 3 * HOUR_MS + 17 * MINUTE_MS + 5000; // 07:17:05
    const to = T0 + 42 * MINUTE_MS; // 10:42
    expect(planRollups({ from, to })).toEqual({
      hours: { from: T0 - 2 * HOUR_MS, to: T0 },
      minutes: [
        { from: T0 - 3 * HOUR_MS + 17 * MINUTE_MS, to: T0 - 2 * HOUR_MS },
        { from: T0, to },
      ],
    });
  });
  it('a window inside one hour uses minutes only, an aligned one hours only', () => {
    expect(planRollups({ from: T0 + 5 * MINUTE_MS, to: T0 + 50 * MINUTE_MS })).toEqual({
      hours: null,
      minutes: [{ from: T0 + 5 * MINUTE_MS, to: T0 + 50 * MINUTE_MS }],
    });
    expect(planRollups({ from: T0, to: T0 + 2 * HOUR_MS })).toEqual({ hours: { from: T0, to: T0 + 2 * HOUR_MS }, minutes: [] });
    expect(planRollups({ from: T0, to: T0 })).toEqual({ hours: null, minutes: [] });
  });
  it('every minute of a window is covered exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 * 24 * 60 }), fc.integer({ min: 1, max: 40 * 24 * 60 }), (startMin, lenMin) => {
        const from = T0 + startMin * MINUTE_MS;
        const to = from + lenMin * MINUTE_MS;
        const plan = planRollups({ from, to });
        const covered = (plan.hours ? plan.hours.to - plan.hours.from : 0) + plan.minutes.reduce((n, m) => n + m.to - m.from, 0);
        expect(covered).toBe(to - from);
        if (plan.hours) {
          expect(plan.hours.from % HOUR_MS).toBe(0);
          expect(plan.hours.to % HOUR_MS).toBe(0);
        }
      }),
    );
  });
  it("chart slots cover the window at the window's step", () => {
    const slots = chartSlots('1h', T0 + 30 * 1000);
    expect(slots.length).toBe(61);
    expect(slots[0]).toBe(T0 - HOUR_MS);
    expect(slots.at(-1)).toBe(T0);
    expect(chartSlots('30d', T0).length).toBe(31);
  });
  it('parses CLI windows', () => {
    expect(parseWindow('24H')).toBe('24h');
    expect(parseWindow('2d')).toBeNull();
  });
});

describe('known event streams give known figures', () => {
  it('API success, error, timeout rates and exact vs estimated percentiles', () => {
    // ANM: 90 successes, 6 errors, 4 timeouts, latencies 10, 20, …, 1000 ms.
    const samples = calls('ANM', { success: 90, error: 6, timeout: 4 }, (i) => (i + 1) * 10);
    const rows = statsOf(samples);
    const exact = new Map([
      [
        'ANM',
        percentiles(
          samples.map((s) => s.durationMs as number),
          [50, 95, 99],
        ),
      ],
    ]);
    const [anm] = apiStats(rows, new Map([['ANM', { p50: exact.get('ANM')![50], p95: exact.get('ANM')![95], p99: exact.get('ANM')![99] }]]));
    expect(anm).toMatchObject({
      source: 'ANM',
      calls: 100,
      successes: 90,
      errors: 6,
      timeouts: 4,
      successRate: 0.9,
      errorRate: 0.06,
      timeoutRate: 0.04,
      p50Ms: 500,
      p95Ms: 950,
      percentileMethod: 'exact',
      bytes: 10000,
    });
    // Without raw events the histogram estimate is used, and lands in the right buckets.
    const [est] = apiStats(rows, null);
    expect(est?.percentileMethod).toBe('estimated');
    expect(est?.p50Ms).toBeGreaterThan(400);
    expect(est?.p50Ms).toBeLessThanOrEqual(500);
    expect(est?.p95Ms).toBeGreaterThan(750);
    expect(est?.p95Ms).toBeLessThanOrEqual(1000);
  });
  it('a source with no calls does not appear, and an empty window has null rates', () => {
    expect(apiStats([], null)).toEqual([]);
    const g = guardMeasurement([], undefined);
    expect(g).toEqual({ samples: 0, successRate: null, errorRate: null, timeoutRate: null, p95LatencyMs: null, cacheLookups: 0, cacheHitRate: null });
  });
  it('cache hit, miss and eviction rates and the latest size', () => {
    const s: MetricSample[] = [];
    for (let i = 0; i < 80; i++) s.push({ kind: 'cache', at: T0 + i, name: 'lookup', outcome: 'hit' });
    for (let i = 0; i < 15; i++) s.push({ kind: 'cache', at: T0 + i, name: 'lookup', outcome: 'miss' });
    for (let i = 0; i < 5; i++) s.push({ kind: 'cache', at: T0 + i, name: 'lookup', outcome: 'stale' });
    for (let i = 0; i < 2; i++) s.push({ kind: 'cache', at: T0 + i, name: 'evict', outcome: 'eviction' });
    s.push({ kind: 'cache', at: T0 + 10, name: 'size', outcome: 'size', value: 40, bytes: 4000 });
    s.push({ kind: 'cache', at: T0 + 20, name: 'size', outcome: 'size', value: 42, bytes: 4200 });
    const c = cacheStats(statsOf(s), {
      slots: [T0],
      stepMs: MINUTE_MS,
      cachePerSlot: [
        { slot: T0, label: 'hit', count: 80 },
        { slot: T0, label: 'miss', count: 20 },
      ],
    });
    expect(c).toMatchObject({
      lookups: 100,
      hits: 80,
      misses: 15,
      stale: 5,
      evictions: 2,
      hitRate: 0.8,
      missRate: 0.2,
      evictionRate: 0.02,
      sizeEntries: 42,
      sizeBytes: 4200,
    });
    expect(c.hitRateOverTime.series[0]?.values).toEqual([0.8]);
  });
  it('compliance average, score histogram and top violations', () => {
    const s: MetricSample[] = [
      { kind: 'compliance.check', at: T0, name: 'report', outcome: 'scored', value: 55 },
      { kind: 'compliance.check', at: T0, name: 'report', outcome: 'scored', value: 85 },
      { kind: 'compliance.check', at: T0, name: 'report', outcome: 'scored', value: 100 },
      { kind: 'compliance.check', at: T0, name: 'KRCI-007', outcome: 'violation' },
      { kind: 'compliance.check', at: T0, name: 'KRCI-007', outcome: 'violation' },
      { kind: 'compliance.check', at: T0, name: 'KRCI-001', outcome: 'violation' },
      { kind: 'compliance.check', at: T0, name: 'KRCI-002', outcome: 'pass' },
    ];
    const c = complianceStats(statsOf(s));
    expect(c.averageScore).toBeCloseTo(80, 10);
    expect(c.scored).toBe(3);
    expect(c.checks).toBe(7);
    expect(c.scoreHistogram.bounds).toEqual([...SCORE_BUCKETS]);
    expect(c.scoreHistogram.counts[5]).toBe(1); // 55 → (50, 60]
    expect(c.scoreHistogram.counts[8]).toBe(1); // 85 → (80, 90]
    expect(c.scoreHistogram.counts[9]).toBe(1); // 100 → (90, 100]
    expect(c.topViolations).toEqual([
      { rule: 'KRCI-007', count: 2 },
      { rule: 'KRCI-001', count: 1 },
    ]);
  });
  it("top violations from the KRCI engine's labels.topRules, one count per check", () => {
    const checks: MetricSample[] = [
      { kind: 'compliance.check', at: T0, name: 'krci', source: 'app', outcome: 'critical', value: 40, labels: { topRules: 'SK-1300-12,BR-ANM-03' } },
      { kind: 'compliance.check', at: T0, name: 'krci', source: 'app', outcome: 'ok', value: 90, labels: { topRules: 'BR-ANM-03,BR-ANM-03' } },
      { kind: 'compliance.check', at: T0, name: 'krci', source: 'cli', outcome: 'ok', value: 100, labels: { topRules: '' } },
    ];
    const c = complianceStats(statsOf([...checks, ...derivedSamples(checks)]));
    expect(c.checks).toBe(3);
    expect(c.averageScore).toBeCloseTo(230 / 3, 10);
    expect(c.topViolations).toEqual([
      { rule: 'BR-ANM-03', count: 2 },
      { rule: 'SK-1300-12', count: 1 },
    ]);
  });
  it('feature usage lists every flag with its state, including flags never evaluated', () => {
    const s: MetricSample[] = [
      { kind: 'flag.evaluation', at: T0, name: 'SEC_SK_1300', outcome: 'on' },
      { kind: 'flag.exposure', at: T0, name: 'SEC_SK_1300', outcome: 'on' },
      { kind: 'flag.exposure', at: T0, name: 'SEC_SK_1300', outcome: 'on' },
      { kind: 'flag.exposure', at: T0, name: 'SEC_SK_1300', outcome: 'off' },
    ];
    const f = featureUsage(statsOf(s), [
      { flag: 'SEC_SK_1300', enabled: true, reason: 'SPLIT' },
      { flag: 'ADVANCED_ANALYTICS', enabled: false, reason: 'DISABLED' },
    ]);
    expect(f).toEqual([
      { flag: 'ADVANCED_ANALYTICS', enabled: false, reason: 'DISABLED', evaluations: 0, exposures: 0, variants: [] },
      {
        flag: 'SEC_SK_1300',
        enabled: true,
        reason: 'SPLIT',
        evaluations: 1,
        exposures: 3,
        variants: [
          { variant: 'on', exposures: 2 },
          { variant: 'off', exposures: 1 },
        ],
      },
    ]);
  });
  it('cost per source and per report', () => {
    const s: MetricSample[] = [
      { kind: 'regulator.call', at: T0, name: 'anm.process', source: 'ANM', outcome: 'success', bytes: 1000, durationMs: 100, labels: { reportId: 'r1' } },
      { kind: 'regulator.call', at: T0, name: 'anm.process', source: 'ANM', outcome: 'success', bytes: 500, durationMs: 100, labels: { reportId: 'r2' } },
      { kind: 'regulator.call', at: T0, name: 'sgb.occ', source: 'SGB', outcome: 'error', bytes: 0, durationMs: 100, labels: { reportId: 'r1' } },
      { kind: 'export', at: T0, name: 'pdf', outcome: 'success', bytes: 12345, labels: { reportId: 'r1' } },
    ];
    const rows = statsOf(s);
    expect(costStats(rows)).toEqual({
      perSource: [
        { source: 'ANM', calls: 2, bytes: 1500 },
        { source: 'SGB', calls: 1, bytes: 0 },
      ],
      totalCalls: 3,
      totalBytes: 1500,
      exports: 1,
      exportBytes: 12345,
    });
    const extras = buildExtras('24h', rows, null);
    expect(extras.costPerReport).toEqual([
      { reportId: 'r1', calls: 2, bytes: 1000, exports: 1, exportBytes: 12345, checks: 0 },
      { reportId: 'r2', calls: 1, bytes: 500, exports: 0, exportBytes: 0, checks: 0 },
    ]);
    expect(extras.latencyHistograms.map((h) => [h.source, h.counts.reduce((a, b) => a + b, 0)])).toEqual([
      ['ANM', 2],
      ['SGB', 1],
    ]);
  });
  it('guard measurement over a stream at the rollback trigger', () => {
    // 84 % success: below the 85 % immediate-rollback trigger; 10 % errors: above the 5 % trigger.
    const samples = calls('ANM', { success: 84, error: 10, timeout: 6 }, () => 300);
    for (let i = 0; i < 9; i++) samples.push({ kind: 'cache', at: T0, name: 'lookup', outcome: i < 8 ? 'hit' : 'miss' });
    const g = guardMeasurement(statsOf(samples), 300);
    expect(g).toEqual({ samples: 100, successRate: 0.84, errorRate: 0.1, timeoutRate: 0.06, p95LatencyMs: 300, cacheLookups: 9, cacheHitRate: 8 / 9 });
  });
});
