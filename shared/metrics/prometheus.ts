/**
 * Prometheus text exposition format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/):
 * one `# HELP` and one `# TYPE` line per family, then its samples; histograms as cumulative
 * `_bucket{le=…}` series ending in `le="+Inf"`, plus `_sum` and `_count`.
 */

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type Labels = Record<string, string>;

export interface SimpleFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: { labels: Labels; value: number }[];
}

export interface HistogramFamily {
  name: string;
  help: string;
  type: 'histogram';
  /** `counts` are per bucket (not cumulative), one more than `bounds` (+Inf). */
  series: { labels: Labels; bounds: readonly number[]; counts: readonly number[]; sum: number }[];
}

export type MetricFamily = SimpleFamily | HistogramFamily;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function isValidMetricName(name: string): boolean {
  return METRIC_NAME.test(name);
}

export function isValidLabelName(name: string): boolean {
  return LABEL_NAME.test(name) && !name.startsWith('__');
}

/** Label values escape backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and line feed only. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  for (const [k] of entries) if (!isValidLabelName(k)) throw new Error(`invalid Prometheus label name: ${k}`);
  return `{${entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(',')}}`;
}

export function formatExposition(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const f of families) {
    if (!isValidMetricName(f.name)) throw new Error(`invalid Prometheus metric name: ${f.name}`);
    if (seen.has(f.name)) throw new Error(`duplicate Prometheus metric family: ${f.name}`);
    seen.add(f.name);
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`);
    lines.push(`# TYPE ${f.name} ${f.type}`);
    if (f.type === 'histogram') {
      for (const s of f.series) {
        let cumulative = 0;
        s.bounds.forEach((bound, i) => {
          cumulative += s.counts[i] ?? 0;
          lines.push(`${f.name}_bucket${formatLabels({ ...s.labels, le: formatValue(bound) })} ${formatValue(cumulative)}`);
        });
        cumulative += s.counts[s.bounds.length] ?? 0;
        lines.push(`${f.name}_bucket${formatLabels({ ...s.labels, le: '+Inf' })} ${formatValue(cumulative)}`);
        lines.push(`${f.name}_sum${formatLabels(s.labels)} ${formatValue(s.sum)}`);
        lines.push(`${f.name}_count${formatLabels(s.labels)} ${formatValue(cumulative)}`);
      }
    } else {
      for (const s of f.samples) lines.push(`${f.name}${formatLabels(s.labels)} ${formatValue(s.value)}`);
    }
  }
  // The format requires the last line to end with a line feed.
  return lines.join('\n') + '\n';
}

/**
 * Pushgateway grouping-key path: `/metrics/job/<job>/<label>/<value>…`. Values are sent as
 * base64url with the `@base64` suffix, which the Pushgateway decodes, so any character
 * (slashes, dots, spaces in versions or ids) is safe.
 */
export function pushgatewayPath(job: string, grouping: Labels, toBase64Url: (text: string) => string): string {
  const parts = [`job@base64`, toBase64Url(job) || '='];
  for (const [k, v] of Object.entries(grouping)) {
    if (!isValidLabelName(k)) throw new Error(`invalid Prometheus label name: ${k}`);
    parts.push(`${k}@base64`, toBase64Url(v) || '=');
  }
  return `/metrics/${parts.join('/')}`;
}
