import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { QivoError } from '../../../shared/errors';
import { parseTrsJson, serializeTrsReport } from '../../../shared/trs/migrations';
import { createEmptyReport, PROPERTY_STAGES, STUDY_TYPES, type PropertyStage, type StudyType } from '../../../shared/trs/model';
import { writeFileAtomic } from '../../storage/atomic-file';
import type { TrsService } from '../../trs/trs-service';
import type { CliContext } from '../cli-context';
import { invalidTrsError, readTrsJsonText } from '../trs-file';
import { reportCommand } from './report-group';
import { resolveReportId } from './reports';
import { allFeatures } from '../../core/features';

function service(ctx: CliContext): TrsService {
  const trs = ctx.core(allFeatures).services.trs;
  if (!trs) throw new QivoError('internal', 'trs service missing', { detail: 'trs service missing' });
  return trs;
}

function writeOut(file: string, text: string, force: boolean): string {
  const target = path.resolve(file);
  if (!force && fs.existsSync(target)) throw new QivoError('trs.fileExists', `${target} exists; use --force to replace it`, { file: target });
  writeFileAtomic(target, text);
  return target;
}

/** `qivo report new | validate | import | export-json`: the canonical TRS JSON file on the command line. */
export function register(program: Command, ctx: CliContext): void {
  const report = reportCommand(program);

  report
    .command('new')
    .description('write a new Technical Report Summary file with the 25 official S-K 1300 headings')
    .addOption(new Option('--template <name>', 'template').choices(['sk1300']).default('sk1300'))
    .requiredOption('--out <file>', 'file to write (canonical TRS JSON)')
    .option('--title <title>', 'report title')
    .option('--registrant <name>', 'registrant name')
    .option('--property <name>', 'property name')
    .addOption(new Option('--study <type>', 'study type').choices([...STUDY_TYPES]))
    .addOption(new Option('--stage <stage>', 'property stage').choices([...PROPERTY_STAGES]))
    .option('--force', 'replace an existing file')
    .action((opts: { out: string; title?: string; registrant?: string; property?: string; study?: StudyType; stage?: PropertyStage; force?: boolean }) => {
      const document = createEmptyReport({
        ...(opts.title !== undefined ? { title: opts.title } : {}),
        ...(opts.registrant !== undefined ? { registrantName: opts.registrant } : {}),
        ...(opts.property !== undefined ? { propertyName: opts.property } : {}),
        ...(opts.study ? { studyType: opts.study } : {}),
        ...(opts.stage ? { propertyStage: opts.stage } : {}),
      });
      // Validate what we write, so a bad --title (control characters, too long) fails here, not later.
      const checked = parseTrsJson(JSON.stringify(document));
      if (!checked.ok) {
        const lines = checked.issues.map((i) => `${i.path}: ${i.message}`);
        throw new QivoError(
          'trs.invalidFile',
          `The file is not a valid TRS: ${lines.join('; ')}`,
          { detail: lines.slice(0, 3).join('; '), count: lines.length },
          lines,
        );
      }
      const written = writeOut(opts.out, serializeTrsReport(checked.report), Boolean(opts.force));
      ctx.print({ file: written, sections: document.sections.length }, () => ctx.t('trs.cli.created', { file: written }));
    });

  report
    .command('validate')
    .description('check a TRS JSON file against the schema; lists every problem with its JSON path')
    .argument('<file>', 'canonical TRS JSON file')
    .action((file: string) => {
      const parsed = parseTrsJson(readTrsJsonText(file));
      if (parsed.ok) {
        ctx.print({ file, valid: true, schemaVersion: parsed.report.schemaVersion, migratedFrom: parsed.migratedFrom }, () =>
          parsed.migratedFrom === null ? ctx.t('trs.cli.valid', { file }) : ctx.t('trs.cli.validMigrated', { file, from: parsed.migratedFrom }),
        );
        return;
      }
      if (ctx.json()) ctx.print({ file, valid: false, reason: parsed.reason, issues: parsed.issues });
      else for (const issue of parsed.issues) ctx.io.stderr(`${issue.path}: ${issue.message}\n`);
      throw invalidTrsError(parsed.issues);
    });

  report
    .command('import')
    .description('import a TRS JSON file into the app database as a new report draft (or replace one with --into)')
    .argument('<file>', 'canonical TRS JSON file')
    .option('--into <id>', 'replace the TRS of this report draft (a snapshot of the old one is kept)')
    .action((file: string, opts: { into?: string }) => {
      const json = readTrsJsonText(file);
      const svc = service(ctx);
      const target = opts.into ? resolveReportId(ctx.core(allFeatures).services.reports!, opts.into) : undefined;
      const result = svc.importJson(json, target);
      ctx.print(result, () => ctx.t('trs.cli.imported', { id: result.reportId }));
    });

  report
    .command('export-json')
    .description('write the TRS of a stored report draft as a canonical JSON file')
    .argument('<id>', 'report id or unique id prefix')
    .requiredOption('--out <file>', 'file to write')
    .option('--force', 'replace an existing file')
    .action((id: string, opts: { out: string; force?: boolean }) => {
      const reportId = resolveReportId(ctx.core(allFeatures).services.reports!, id);
      const { json } = service(ctx).exportJson(reportId);
      const written = writeOut(opts.out, json, Boolean(opts.force));
      ctx.print({ id: reportId, file: written }, () => ctx.t('trs.cli.exported', { file: written }));
    });
}
