import path from 'node:path';
import { Option, type Command } from 'commander';
import { QivoError, isQivoError } from '../../../shared/errors';
import { EXPORT_FORMATS, type ExportFormat, type ExportResult } from '../../../shared/exports/export-types';
import type { CliContext } from '../cli-context';
import { readTrsFile } from '../trs-file';
import { reportCommand } from './report-group';
import { allFeatures } from '../../core/features';

function humanResult(ctx: CliContext, result: ExportResult): string {
  const lines = [
    ctx.t(result.draft ? 'exports.cli.writtenDraft' : 'exports.cli.written', { destination: result.destination, count: result.files.length }),
    ...result.files.map((f) => `  ${f.name}\t${f.bytes}\t${f.sha256}`),
  ];
  return lines.join('\n');
}

/** `qivo report export FILE.json --format … --out PATH [--draft]`. */
export function register(program: Command, ctx: CliContext): void {
  reportCommand(program)
    .command('export')
    .description('export a TRS JSON file as EX-96 or EX-23 (EDGAR HTML), PDF, DOCX, canonical JSON or a filing package')
    .argument('<file>', 'canonical TRS JSON file')
    .addOption(new Option('--format <format>', 'what to produce').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .requiredOption('--out <path>', 'folder (ex96, ex23, package), file (pdf, docx, json) or .zip (package)')
    .option('--draft', 'export despite critical compliance findings; every page and file name says DRAFT')
    .option('--filing <text>', 'the filing the consents refer to (EX-23)', 'Annual Report on Form 10-K')
    .option(
      '--exhibit <n>',
      'n of Exhibit 96.n',
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 99)
          throw new QivoError('exports.badExhibit', `--exhibit must be a whole number from 1 to 99, not "${v}"`, { value: v });
        return n;
      },
      1,
    )
    .action(async (file: string, opts: { format: ExportFormat; out: string; draft?: boolean; filing: string; exhibit: number }) => {
      const report = readTrsFile(file);
      // The app's own export service on the same core: the same flag-gated KRCI check, and every
      // export from the command line lands in the metrics (qivo_exports_total) like one from the window.
      const service = ctx.core(allFeatures).services.exports;
      if (!service) throw new QivoError('exports.unavailable', 'The export feature is not available in this build.');
      try {
        const result = await service.export({
          report,
          format: opts.format,
          draft: Boolean(opts.draft),
          destination: path.resolve(opts.out),
          filing: opts.filing,
          exhibitNumber: opts.exhibit,
          language: ctx.lang,
        });
        ctx.print(result, () => humanResult(ctx, result));
      } catch (error) {
        // The refusal names what to fix: one line per finding (or the linter's violations).
        if (isQivoError(error) && error.details && error.details.length > 0) {
          if (ctx.json()) ctx.print({ refused: true, code: error.code, details: error.details });
          else for (const line of error.details) ctx.io.stderr(`${line}\n`);
        }
        throw error;
      }
    });
}
