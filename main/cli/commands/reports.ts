import { Option, type Command } from 'commander';
import { QivoError } from '../../../shared/errors';
import type { ReportSummary } from '../../../shared/domain/report-draft';
import type { ReportsService } from '../../reports/reports-service';
import type { CliContext } from '../cli-context';
import { reportsFeature } from '../../reports/feature';

/** Report drafts live in app.db; nothing else of the core is needed. */
export const REPORTS_FEATURES = [reportsFeature];

function service(ctx: CliContext): ReportsService {
  const reports = ctx.core(REPORTS_FEATURES).services.reports;
  if (!reports) throw new QivoError('internal', 'reports service missing', { detail: 'reports service missing' });
  return reports;
}

/** Full ids are long; accept any unique prefix of at least 6 characters, as git does. */
export function resolveReportId(reports: ReportsService, idOrPrefix: string): string {
  const needle = idOrPrefix.trim().toLowerCase();
  const all = reports.list();
  const exact = all.find((r) => r.id === needle);
  if (exact) return exact.id;
  const matches = needle.length >= 6 ? all.filter((r) => r.id.startsWith(needle)) : [];
  if (matches.length === 1) return matches[0]!.id;
  throw new QivoError('reports.notFound', `No report draft with id ${idOrPrefix}`, { id: idOrPrefix });
}

function humanLine(r: ReportSummary): string {
  return [r.id.slice(0, 8), r.title, r.propertyName || '-', r.commodity || '-', r.updatedAt].join('\t');
}

export function register(program: Command, ctx: CliContext): void {
  const reports = program.command('reports').description('report drafts stored in the app database');

  reports
    .command('list')
    .description('list report drafts, most recently changed first')
    .action(() => {
      const list = service(ctx).list();
      ctx.print(list, () => (list.length === 0 ? ctx.t('reports.cli.empty') : list.map(humanLine).join('\n')));
    });

  reports
    .command('create')
    .description('create a report draft')
    .requiredOption('--title <title>', 'report title')
    .option('--property <name>', 'property name', '')
    .option('--commodity <name>', 'main commodity', '')
    .action((opts: { title: string; property: string; commodity: string }) => {
      const created = service(ctx).create({ title: opts.title, propertyName: opts.property, commodity: opts.commodity });
      ctx.print(created, () => ctx.t('reports.cli.created', { id: created.id, title: created.title }));
    });

  reports
    .command('show')
    .description('show one report draft')
    .argument('<id>', 'id or unique id prefix')
    .action((id: string) => {
      const svc = service(ctx);
      const found = svc.get(resolveReportId(svc, id));
      ctx.print(found, () => humanLine(found));
    });

  reports
    .command('rename')
    .description('change the title (and optionally property or commodity) of a draft')
    .argument('<id>', 'id or unique id prefix')
    .option('--title <title>', 'new title')
    .option('--property <name>', 'new property name')
    .option('--commodity <name>', 'new commodity')
    .action((id: string, opts: { title?: string; property?: string; commodity?: string }) => {
      const svc = service(ctx);
      const changes: { title?: string; propertyName?: string; commodity?: string } = {};
      if (opts.title !== undefined) changes.title = opts.title;
      if (opts.property !== undefined) changes.propertyName = opts.property;
      if (opts.commodity !== undefined) changes.commodity = opts.commodity;
      if (Object.keys(changes).length === 0) throw new QivoError('cli.nothingToChange', 'Give --title, --property or --commodity');
      const updated = svc.update(resolveReportId(svc, id), changes);
      ctx.print(updated, () => ctx.t('reports.cli.renamed', { id: updated.id, title: updated.title }));
    });

  reports
    .command('delete')
    .description('delete a report draft')
    .argument('<id>', 'id or unique id prefix')
    .action((id: string) => {
      const svc = service(ctx);
      const resolved = resolveReportId(svc, id);
      svc.delete(resolved);
      ctx.print({ id: resolved, deleted: true }, () => ctx.t('reports.cli.deleted', { id: resolved }));
    });

  reports
    .command('seed')
    .description('create N numbered demo drafts, one transaction each (demos and crash-safety drills)')
    .addOption(new Option('--count <n>', 'how many').default('10').argParser((v) => Number.parseInt(v, 10)))
    .option('--title-prefix <text>', 'title prefix', 'Demo report')
    .action((opts: { count: number; titlePrefix: string }) => {
      if (!Number.isInteger(opts.count) || opts.count < 1 || opts.count > 100_000) {
        throw new QivoError('cli.badCount', 'Give --count between 1 and 100000');
      }
      const svc = service(ctx);
      for (let i = 1; i <= opts.count; i++) svc.create({ title: `${opts.titlePrefix} ${i}`, propertyName: 'Demo', commodity: 'Au' });
      ctx.print({ created: opts.count }, () => ctx.t('reports.cli.seeded', { count: opts.count }));
    });
}
