// Synthetic metric events for the benchmarks: a realistic mix, seeded (the same events every run).
import type { MetricEvent } from '../../main/core/metrics-recorder';
import { MetricsStore } from '../../main/metrics/metrics-store';
import { DAY_MS, MINUTE_MS } from '../../shared/metrics/window';

const SOURCES = ['ANM', 'SGB', 'IBAMA', 'ANP', 'SIGMINE'];
const FLAGS = ['OFFICIAL_INTEGRATIONS', 'SEC_SK_1300', 'BRAZILIAN_FIELDS', 'ADVANCED_ANALYTICS'];

/** A seeded generator of events: 60 % regulator calls, 20 % cache, 10 % compliance, 8 % flags, 2 % exports. */
export function eventMaker(seed = 12345): (at: number) => MetricEvent {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return (at): MetricEvent => {
    const r = rnd();
    const source = SOURCES[Math.floor(rnd() * SOURCES.length)]!;
    const reportId = `report-${Math.floor(rnd() * 20)}`;
    if (r < 0.6) {
      const o = rnd();
      return {
        kind: 'regulator.call',
        at,
        name: `${source.toLowerCase()}.query`,
        source,
        outcome: o < 0.93 ? 'success' : o < 0.97 ? 'error' : 'timeout',
        durationMs: Math.round(50 + -Math.log(1 - rnd()) * 400),
        bytes: Math.round(rnd() * 50_000),
        labels: { reportId },
      };
    }
    if (r < 0.8) {
      const o = rnd();
      return { kind: 'cache', at, name: 'records', source, outcome: o < 0.8 ? 'hit' : o < 0.95 ? 'miss' : o < 0.98 ? 'stale' : 'eviction' };
    }
    if (r < 0.9) {
      return rnd() < 0.5
        ? { kind: 'compliance.check', at, name: 'report', outcome: 'ok', value: Math.round(40 + rnd() * 60), labels: { reportId } }
        : { kind: 'compliance.check', at, name: `KRCI-${String(Math.floor(rnd() * 114)).padStart(3, '0')}`, outcome: 'violation', labels: { reportId } };
    }
    if (r < 0.98) {
      // Drawn in the same order as before exposures carried their surface: the data set stays the same.
      const evaluation = rnd() < 0.5;
      const name = FLAGS[Math.floor(rnd() * 4)]!;
      const outcome = rnd() < 0.9 ? 'on' : 'off';
      return evaluation
        ? { kind: 'flag.evaluation', at, name, outcome }
        : { kind: 'flag.exposure', at, name, outcome, labels: { reason: 'SPLIT', surface: 'view' } };
    }
    return { kind: 'export', at, name: rnd() < 0.5 ? 'pdf' : 'docx', outcome: 'success', bytes: Math.round(rnd() * 2_000_000), labels: { reportId } };
  };
}

/** Writes `count` events spread evenly over the 30 days before `now` into `<dataDir>/metrics.db`. */
export function fillMetrics(dataDir: string, now: number, count = 1_000_000): MetricsStore {
  const store = new MetricsStore({
    dataDir,
    now: () => now,
    flushIntervalMs: 0,
    retentionIntervalMs: 0,
    batchSize: Number.MAX_SAFE_INTEGER,
    maxBuffered: 20_001,
  });
  const make = eventMaker();
  const span = 30 * DAY_MS - MINUTE_MS;
  for (let i = 0; i < count; i++) {
    store.record(make(now - span + Math.floor((i / count) * span)));
    if ((i + 1) % 20_000 === 0) store.flush();
  }
  store.flush();
  return store;
}
