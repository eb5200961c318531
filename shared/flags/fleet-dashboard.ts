import { FLEET_METRICS } from '../metrics/exposition';
import type { FlagConfig } from './config-schema';
import { recordName } from './fleet-rules';

/**
 * A Grafana dashboard (JSON model, schemaVersion 39) for the fleet: the rollout plan's five metric
 * groups — API performance, cache efficiency, compliance scores, feature usage, cost — and the
 * rollout state per flag and phase, over the series the workstations push and the recorded rules.
 */

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Array<{ refId: string; expr: string; legendFormat?: string }>;
  fieldConfig?: unknown;
  collapsed?: boolean;
  panels?: Panel[];
  datasource?: { type: string; uid: string };
}

const DS = { type: 'prometheus', uid: '${datasource}' };

export function fleetDashboard(config: FlagConfig): Record<string, unknown> {
  const panels: Panel[] = [];
  let id = 1;
  let y = 0;
  let col = 0;
  const row = (title: string) => {
    if (col) y += 8;
    col = 0;
    panels.push({ id: id++, type: 'row', title, gridPos: { x: 0, y: y++, w: 24, h: 1 }, collapsed: false, panels: [] });
  };
  // Two panels side by side per line, 8 units high.
  const panel = (type: string, title: string, targets: Array<[string, string]>, unit?: string) => {
    const x = col * 12;
    const w = 12;
    col = col ? 0 : 1;
    panels.push({
      id: id++,
      type,
      title,
      datasource: DS,
      gridPos: { x, y, w, h: 8 },
      targets: targets.map(([expr, legend], i) => ({ refId: String.fromCharCode(65 + i), expr, legendFormat: legend })),
      ...(unit ? { fieldConfig: { defaults: { unit }, overrides: [] } } : {}),
    });
    if (!col) y += 8;
  };

  row('Rollout state');
  const flags = Object.keys(config.flags);
  const flagRe = flags.join('|');
  panel('table', 'Workstations per flag, phase and step (on)', [
    [`count by (flag, phase, step, config_version) (${FLEET_METRICS.flagState}{flag=~"${flagRe}"} == 1)`, '{{flag}} {{phase}} step {{step}}'],
  ]);
  panel('timeseries', 'Local rollbacks by kind', [[`count by (flag, rollback) (${FLEET_METRICS.flagState}{rollback!="none"})`, '{{flag}} {{rollback}}']]);
  panel('timeseries', 'Guard success rate per flag and phase (cohort with the flag on)', [[recordName('successRate'), '{{flag}} {{phase}}']], 'percentunit');
  panel('timeseries', 'Satisfaction (1-5) and complaint rate per flag and phase', [
    [recordName('satisfaction'), 'satisfaction {{flag}} {{phase}}'],
    [recordName('complaintRate'), 'complaints {{flag}} {{phase}}'],
  ]);

  row('API performance');
  panel(
    'timeseries',
    'Success rate by source',
    [[`sum by (source) (rate(${FLEET_METRICS.calls}{outcome="success"}[15m])) / sum by (source) (rate(${FLEET_METRICS.calls}[15m]))`, '{{source}}']],
    'percentunit',
  );
  panel(
    'timeseries',
    'p95 latency by source',
    [[`histogram_quantile(0.95, sum by (source, le) (rate(${FLEET_METRICS.latency}_bucket[15m])))`, '{{source}}']],
    's',
  );
  panel(
    'timeseries',
    'Error and timeout rate by source',
    [
      [`sum by (source) (rate(${FLEET_METRICS.calls}{outcome="error"}[15m])) / sum by (source) (rate(${FLEET_METRICS.calls}[15m]))`, 'errors {{source}}'],
      [`sum by (source) (rate(${FLEET_METRICS.calls}{outcome="timeout"}[15m])) / sum by (source) (rate(${FLEET_METRICS.calls}[15m]))`, 'timeouts {{source}}'],
    ],
    'percentunit',
  );

  row('Cache efficiency');
  panel(
    'timeseries',
    'Cache hit rate',
    [[`sum(rate(${FLEET_METRICS.cache}{outcome=~"hit|stale"}[15m])) / sum(rate(${FLEET_METRICS.cache}{outcome=~"hit|miss|stale"}[15m]))`, 'hit rate']],
    'percentunit',
  );
  panel('timeseries', 'Evictions and cache size', [
    [`sum(rate(${FLEET_METRICS.cache}{outcome="eviction"}[15m]))`, 'evictions/s'],
    ['sum(qivo_cache_size_bytes)', 'bytes'],
  ]);

  row('Compliance scores');
  panel('timeseries', 'Average compliance score', [['avg(qivo_compliance_score_average)', 'average']]);
  panel('table', 'Top KRCI violations', [['topk(10, sum by (rule) (qivo_krci_violations_total))', '{{rule}}']]);

  row('Feature usage');
  panel('timeseries', 'Exposures by flag and variant', [['sum by (flag, variant) (rate(qivo_flag_exposures_total[1h]))', '{{flag}} {{variant}}']]);
  panel('timeseries', 'Feedback answers by flag and phase', [
    [`sum by (flag, phase) (${FLEET_METRICS.ratings})`, 'ratings {{flag}} {{phase}}'],
    [`sum by (flag, phase) (${FLEET_METRICS.problemReports})`, 'problem reports {{flag}} {{phase}}'],
  ]);

  row('Cost');
  panel('timeseries', 'API calls by source', [[`sum by (source) (increase(${FLEET_METRICS.calls}[1h]))`, '{{source}}']]);
  panel(
    'timeseries',
    'Bytes from regulators and exports',
    [
      ['sum by (source) (increase(qivo_regulator_bytes_total[1h]))', '{{source}}'],
      ['sum by (format) (increase(qivo_export_bytes_total[1h]))', 'export {{format}}'],
    ],
    'bytes',
  );

  return {
    title: 'QIVO fleet rollout',
    uid: 'qivo-fleet-rollout',
    tags: ['qivo', 'rollout'],
    schemaVersion: 39,
    version: config.version,
    time: { from: 'now-7d', to: 'now' },
    refresh: '1m',
    templating: { list: [{ name: 'datasource', type: 'datasource', query: 'prometheus', current: {} }] },
    panels,
  };
}
