import fs from 'node:fs';
import { type Command } from 'commander';
import { QivoError } from '../../../shared/errors';
import { snapshotToCsv } from '../../../shared/metrics/exposition';
import { parseWindow, type MetricsWindow } from '../../../shared/metrics/window';
import type { MetricsFeatureService } from '../../metrics/feature';
import { parsePushgatewayUrl } from '../../metrics/pushgateway';
import type { CliContext } from '../cli-context';
import { allFeatures } from '../../core/features';

const FORMATS = ['json', 'csv', 'prometheus'] as const;
type ExportFormat = (typeof FORMATS)[number];

function service(ctx: CliContext): MetricsFeatureService {
  const metrics = ctx.core(allFeatures).services.metrics;
  if (!metrics) throw new QivoError('internal', 'metrics service missing', { detail: 'metrics service missing' });
  return metrics;
}

function windowOf(value: string): MetricsWindow {
  const w = parseWindow(value);
  if (!w) throw new QivoError('metrics.badWindow', `Unknown time window "${value}". Use 1h, 24h, 7d or 30d.`, { value: value.slice(0, 40) });
  return w;
}

function formatOf(value: string): ExportFormat {
  const f = value.trim().toLowerCase();
  if (!(FORMATS as readonly string[]).includes(f))
    throw new QivoError('metrics.badFormat', `Unknown format "${value}". Use json, csv or prometheus.`, { value: value.slice(0, 40) });
  return f as ExportFormat;
}

/** The export as text in the chosen format. JSON carries the dashboard (and the extras when allowed). */
export function renderExport(metrics: MetricsFeatureService, format: ExportFormat, window: MetricsWindow): string {
  if (format === 'prometheus') return metrics.exposition(window);
  const snapshot = metrics.queries.snapshot(window, metrics.extrasAllowed());
  if (format === 'csv') return snapshotToCsv(snapshot);
  const doc = {
    format: 'qivo-metrics/1',
    workstation: metrics.workstationId(),
    appVersion: metrics.core.appVersion,
    window,
    dashboard: snapshot.dashboard,
    extras: snapshot.extras,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function register(program: Command, ctx: CliContext): void {
  const metrics = program.command('metrics').description('local metrics of this workstation: export for IT, push to a Prometheus Pushgateway');

  metrics
    .command('export')
    .description('write the metrics of a time window as json, csv or Prometheus text exposition format')
    .requiredOption('--format <format>', 'json | csv | prometheus')
    .option('--window <window>', '1h | 24h | 7d | 30d', '24h')
    .option('--output <file>', 'write to this file instead of standard output')
    .action((opts: { format: string; window: string; output?: string }) => {
      const format = formatOf(opts.format);
      const window = windowOf(opts.window);
      const text = renderExport(service(ctx), format, window);
      if (opts.output) {
        fs.writeFileSync(opts.output, text);
        ctx.io.stderr(`${opts.output}\n`);
      } else {
        ctx.io.stdout(text);
      }
    });

  metrics
    .command('push')
    .description('push the metrics once to the Pushgateway of the flag configuration (metrics.pushgatewayUrl) or --url')
    .option('--window <window>', 'window of the ratio and percentile gauges: 1h | 24h | 7d | 30d', '24h')
    .option('--url <url>', 'Pushgateway base URL, e.g. http://pushgateway.example:9091 (overrides the flag configuration)')
    .action(async (opts: { window: string; url?: string }) => {
      const window = windowOf(opts.window);
      let url: URL | undefined;
      if (opts.url !== undefined) {
        const parsed = parsePushgatewayUrl(opts.url);
        if (!parsed) throw new QivoError('metrics.badUrl', `The Pushgateway address "${opts.url}" is not an http(s) URL.`, { value: opts.url.slice(0, 200) });
        url = parsed;
      }
      const svc = service(ctx);
      const result = await svc.push(url ? { window, url } : { window });
      ctx.print({ ...result, workstation: svc.workstationId(), appVersion: svc.core.appVersion }, () =>
        ctx.t('metrics.cli.pushed', { url: result.url, bytes: result.bytes, workstation: svc.workstationId() }),
      );
    });

  metrics
    .command('auto-push')
    .description('opt in or out of the automatic push (every 5 minutes while the app runs); off by default')
    .argument('<state>', 'on | off')
    .action((state: string) => {
      const s = state.trim().toLowerCase();
      if (s !== 'on' && s !== 'off') throw new QivoError('metrics.badSwitch', `Use "on" or "off", not "${state}".`, { value: state.slice(0, 40) });
      const status = service(ctx).setPushEnabled(s === 'on');
      ctx.print(status, () => ctx.t(status.enabled ? 'metrics.cli.autoPushOn' : 'metrics.cli.autoPushOff'));
    });

  metrics
    .command('status')
    .description('push settings, workstation id and the state of the metrics store')
    .action(() => {
      const svc = service(ctx);
      const status = { ...svc.pushStatus(), store: { ...svc.store.health(), events: svc.store.rawCount() } };
      ctx.print(status, () =>
        [
          ctx.t('metrics.push.workstation', { id: status.workstation }),
          status.url ? ctx.t('metrics.push.configured', { url: status.url }) : ctx.t('metrics.push.notConfigured'),
          ctx.t(status.enabled ? 'metrics.cli.autoPushOn' : 'metrics.cli.autoPushOff'),
          ctx.t('metrics.cli.events', { count: status.store.events }),
        ].join('\n'),
      );
    });
}
