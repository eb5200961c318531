import { describe, expect, it } from 'vitest';
import { buildDashboard, buildExtras } from '../../shared/metrics/aggregate';
import { snapshotToCsv, snapshotToFamilies, type MetricsSnapshot } from '../../shared/metrics/exposition';
import { formatExposition, pushgatewayPath } from '../../shared/metrics/prometheus';
import { mergeByKey, rollUp, type MetricSample } from '../../shared/metrics/rollup';
import { HOUR_MS, MINUTE_MS } from '../../shared/metrics/window';
import { parse as parseCsv } from 'csv-parse/sync';
import { checkWithPromtool, parseExposition } from '../support/metrics-exposition-parser';

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0);

function snapshotOf(samples: MetricSample[], extras: boolean): MetricsSnapshot {
  const rows = mergeByKey([...rollUp(samples, MINUTE_MS).values()].map((e) => e.stats));
  const dashboard = buildDashboard({
    window: '24h',
    range: { from: T0 - 24 * HOUR_MS, to: T0 + 1 },
    now: T0,
    rows,
    exact: null,
    slots: [],
    stepMs: 30 * MINUTE_MS,
    callsPerSlot: [],
    cachePerSlot: [],
    flags: [
      { flag: 'OFFICIAL_INTEGRATIONS', enabled: true, reason: 'SPLIT' },
      { flag: 'ADVANCED_ANALYTICS', enabled: extras, reason: 'STATIC' },
    ],
  });
  return { dashboard, extras: extras ? buildExtras('24h', rows, null) : null, totals: rows };
}

function stream(): MetricSample[] {
  const s: MetricSample[] = [];
  for (let i = 0; i < 10; i++)
    s.push({
      kind: 'regulator.call',
      at: T0 - i * 1000,
      name: 'anm.process',
      source: 'ANM',
      outcome: i < 9 ? 'success' : 'timeout',
      durationMs: 100 * (i + 1),
      bytes: 1000,
    });
  s.push({ kind: 'regulator.call', at: T0, name: 'sgb "geo"\\data', source: 'SGB "x"\nline', outcome: 'error', durationMs: 70000 });
  s.push({ kind: 'cache', at: T0, name: 'processes', source: 'ANM', outcome: 'hit' });
  s.push({ kind: 'cache', at: T0, name: 'processes', source: 'ANM', outcome: 'miss' });
  s.push({ kind: 'compliance.check', at: T0, name: 'report', outcome: 'scored', value: 72 });
  s.push({ kind: 'compliance.check', at: T0, name: 'KRCI-007', outcome: 'violation' });
  s.push({ kind: 'flag.exposure', at: T0, name: 'OFFICIAL_INTEGRATIONS', outcome: 'on' });
  s.push({ kind: 'export', at: T0, name: 'pdf', outcome: 'success', bytes: 2048, labels: { reportId: 'r-1' } });
  return s;
}

describe('Prometheus text exposition', () => {
  it('promtool check metrics accepts the full export with no warning', () => {
    for (const extras of [true, false]) {
      const result = checkWithPromtool(formatExposition(snapshotToFamilies(snapshotOf(stream(), extras))));
      expect(result.output).toBe('');
      expect(result.status).toBe(0);
    }
  });

  it('the full export parses strictly and carries the known values', () => {
    const text = formatExposition(snapshotToFamilies(snapshotOf(stream(), true)));
    const families = parseExposition(text);
    for (const f of families.values()) {
      expect(f.help, f.name).toBeTruthy();
      expect(f.type, f.name).not.toBe('untyped');
    }
    const calls = families.get('qivo_regulator_calls_total')!;
    expect(calls.type).toBe('counter');
    expect(calls.samples).toContainEqual({ name: 'qivo_regulator_calls_total', labels: { source: 'ANM', outcome: 'success' }, value: 9 });
    expect(calls.samples).toContainEqual({ name: 'qivo_regulator_calls_total', labels: { source: 'ANM', outcome: 'timeout' }, value: 1 });
    // Awkward label values survive escaping.
    expect(calls.samples).toContainEqual({ name: 'qivo_regulator_calls_total', labels: { source: 'SGB "x"\nline', outcome: 'error' }, value: 1 });
    const latency = families.get('qivo_regulator_call_duration_seconds')!;
    expect(latency.type).toBe('histogram');
    const anmInf = latency.samples.find((s) => s.name.endsWith('_bucket') && s.labels.source === 'ANM' && s.labels.le === '+Inf');
    expect(anmInf?.value).toBe(10);
    const anmSum = latency.samples.find((s) => s.name.endsWith('_sum') && s.labels.source === 'ANM');
    expect(anmSum?.value).toBeCloseTo(5.5, 10);
    // 70 s lies beyond the last finite bucket (60 s): only +Inf holds it.
    const sgb = latency.samples.filter((s) => s.name.endsWith('_bucket') && s.labels.source?.startsWith('SGB'));
    expect(sgb.find((s) => s.labels.le === '60')?.value).toBe(0);
    expect(sgb.find((s) => s.labels.le === '+Inf')?.value).toBe(1);
    expect(families.get('qivo_regulator_success_ratio')!.samples).toContainEqual({
      name: 'qivo_regulator_success_ratio',
      labels: { source: 'ANM', window: '24h' },
      value: 0.9,
    });
    expect(
      families
        .get('qivo_regulator_latency_percentile_seconds')!
        .samples.filter((s) => s.labels.source === 'ANM')
        .map((s) => s.labels.percentile),
    ).toEqual(['p50', 'p95', 'p99']);
    expect(families.get('qivo_cache_hit_ratio')!.samples[0]?.value).toBe(0.5);
    expect(families.get('qivo_krci_violations_total')!.samples).toEqual([{ name: 'qivo_krci_violations_total', labels: { rule: 'KRCI-007' }, value: 1 }]);
    expect(families.get('qivo_compliance_score')!.type).toBe('histogram');
    expect(families.get('qivo_flag_enabled')!.samples).toContainEqual({ name: 'qivo_flag_enabled', labels: { flag: 'ADVANCED_ANALYTICS' }, value: 1 });
    expect(families.get('qivo_export_bytes_total')!.samples[0]?.value).toBe(2048);
  });

  it('without ADVANCED_ANALYTICS the p99 gauges are left out', () => {
    const families = parseExposition(formatExposition(snapshotToFamilies(snapshotOf(stream(), false))));
    expect(families.get('qivo_regulator_latency_percentile_seconds')!.samples.some((s) => s.labels.percentile === 'p99')).toBe(false);
  });

  it('an empty store still gives a valid document (families with HELP and TYPE, no fake zeros for rates)', () => {
    const text = formatExposition(snapshotToFamilies(snapshotOf([], false)));
    const families = parseExposition(text);
    expect(families.get('qivo_regulator_success_ratio')!.samples).toEqual([]);
    expect(families.get('qivo_cache_hit_ratio')!.samples).toEqual([]);
    expect(families.get('qivo_metrics_window_events')!.samples[0]?.value).toBe(0);
  });

  it('the strict parser rejects what Prometheus would reject', () => {
    const bad = [
      'x 1', // no trailing newline
      'x 1\n', // sample without TYPE
      '# TYPE x gauge\nx{a="b\\q"} 1\n', // bad escape
      '# TYPE x gauge\nx{a="1",a="2"} 1\n', // duplicate label
      '# TYPE x gauge\nx 1\n# TYPE y gauge\ny 1\nx{a="1"} 2\n', // family not contiguous
      '# TYPE x gauge\nx 1\nx 2\n', // duplicate series
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n', // no +Inf
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n', // not cumulative
      '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n', // count differs
      '# TYPE 1x gauge\n',
      '# TYPE x gauge\nx one\n',
    ];
    for (const text of bad) expect(() => parseExposition(text), JSON.stringify(text)).toThrow();
    expect(() => parseExposition('# HELP x a \\\\ b\n# TYPE x gauge\nx{a="q\\"\\n"} 1.5e3 1700000000000\n')).not.toThrow();
  });

  it('the formatter refuses invalid names instead of writing a broken document', () => {
    expect(() => formatExposition([{ name: 'bad-name', help: 'h', type: 'gauge', samples: [] }])).toThrow();
    expect(() => formatExposition([{ name: 'ok', help: 'h', type: 'gauge', samples: [{ labels: { 'bad-label': 'x' }, value: 1 }] }])).toThrow();
    expect(() =>
      formatExposition([
        { name: 'dup', help: 'h', type: 'gauge', samples: [] },
        { name: 'dup', help: 'h', type: 'gauge', samples: [] },
      ]),
    ).toThrow();
  });

  it('Pushgateway grouping path encodes every value in base64url', () => {
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
    expect(pushgatewayPath('qivo', { workstation: 'a/b', app_version: '0.1.0' }, b64)).toBe(
      `/metrics/job@base64/${b64('qivo')}/workstation@base64/${b64('a/b')}/app_version@base64/${b64('0.1.0')}`,
    );
  });
});

describe('CSV export', () => {
  it('is RFC 4180 and keeps "no data" apart from 0', () => {
    const csv = snapshotToCsv(snapshotOf(stream(), true));
    const rows = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.group === 'api' && r.metric === 'successRate' && r.subject === 'ANM')?.value).toBe('0.9');
    expect(rows.find((r) => r.group === 'api' && r.metric === 'calls' && r.subject === 'SGB "x"\nline')?.value).toBe('1');
    expect(rows.find((r) => r.group === 'cost' && r.metric === 'reportExports' && r.subject === 'r-1')?.value).toBe('1');
    const empty = parseCsv(snapshotToCsv(snapshotOf([], false)), { columns: true }) as Record<string, string>[];
    expect(empty.find((r) => r.group === 'cache' && r.metric === 'hitRate')?.value).toBe('');
    expect(empty.find((r) => r.group === 'cache' && r.metric === 'lookups')?.value).toBe('0');
  });
});
