import type { Command } from 'commander';
import { QivoError } from '../../../shared/errors';
import fs from 'node:fs';
import { findingForOutput, findingId, ruleCatalogue, type Finding, type KrciLanguage } from '../../../shared/krci';
import { ComplianceService } from '../../krci/compliance-service';
import { findingsCsv } from '../../krci/findings-export';
import type { CliContext } from '../cli-context';
import { readTrsFile } from '../trs-file';
import { reportCommand } from './report-group';
import { allFeatures } from '../../core/features';

/** The app's service when the core runs (flags, official data, metrics), built on the same core. */
function complianceService(ctx: CliContext): ComplianceService {
  const svc = ctx.core(allFeatures).services.compliance;
  if (!svc) throw new QivoError('compliance.unavailable', 'The compliance feature is not running.');
  return svc;
}

/** A legal citation with its verification mark; a convention or data format says so instead. */
function citationText(f: Pick<Finding, 'citation' | 'basis' | 'citationVerified'>, t: CliContext['t']): string {
  if (f.basis !== 'law') return `${f.citation} (${t(`compliance.basis.${f.basis}`)})`;
  return `${f.citation}${f.citationVerified ? '' : ` (${t('compliance.unverified')})`}`;
}

function humanFindings(findings: readonly Finding[], lang: KrciLanguage, t: CliContext['t']): string {
  if (findings.length === 0) return t('compliance.cli.noFindings');
  return findings
    .map(
      (f) =>
        `[${t(`compliance.severity.${f.severity}`).toUpperCase()}] ${f.ruleId} — ${f.message[lang]}\n    ${f.path} · ${citationText(f, t)}\n    → ${f.fix[lang]}`,
    )
    .join('\n');
}

/** `qivo report check FILE.json` and `qivo report rules`: the KRCI engine on the command line. */
export function register(program: Command, ctx: CliContext): void {
  const report = reportCommand(program);

  report
    .command('check')
    .description('run the KRCI compliance rules on a TRS JSON file; exit 0 without critical findings, 2 with')
    .argument('<file>', 'canonical TRS JSON file')
    .option('--no-official', 'do not consult official data (ANM, IBAMA) even when available')
    .option('--format <format>', 'text, json or csv (the findings as CSV on stdout)', 'text')
    .option('--filing', 'check as for a filing (non-draft export): Portuguese text and CPFs are critical')
    .action(async (file: string, opts: { official?: boolean; format: string; filing?: boolean }) => {
      if (!['text', 'json', 'csv'].includes(opts.format))
        throw new QivoError('cli.usage', `Unknown format "${opts.format}"; use text, json or csv`, { value: opts.format });
      const document = readTrsFile(file);
      const lang = ctx.lang;
      const { result } = await complianceService(ctx).checkDocument(document, {
        useOfficialData: opts.official !== false,
        source: 'cli',
        purpose: opts.filing ? 'filing' : 'drafting',
      });
      const out = { score: result.score, findings: result.findings.map((f) => findingForOutput(f, lang)) };
      if (opts.format === 'csv')
        ctx.io.stdout(
          findingsCsv(
            result.findings.map((f) => ({ ...f, id: findingId(f) })),
            lang,
          ),
        );
      else if (opts.format === 'json') ctx.io.stdout(`${JSON.stringify(out, null, 2)}\n`);
      else
        ctx.print(out, () =>
          [
            ctx.t('compliance.cli.score', { score: result.score, target: result.target }),
            ctx.t('compliance.cli.counts', result.counts),
            '',
            humanFindings(result.findings, lang, ctx.t),
          ].join('\n'),
        );
      if (result.counts.critical > 0) {
        throw new QivoError('cli.policy', ctx.t('compliance.cli.critical', { count: result.counts.critical }), { count: result.counts.critical });
      }
    });

  registerFindings(report, ctx);

  report
    .command('rules')
    .description('list every KRCI rule with its category, severity, citation and whether the citation is verified')
    .action(() => {
      const lang = ctx.lang;
      const rules = ruleCatalogue().map((r) => ({
        id: r.id,
        category: r.category,
        severity: r.severity,
        ...(r.filingSeverity ? { filingSeverity: r.filingSeverity } : {}),
        citation: r.citation,
        basis: r.basis,
        citationVerified: r.citationVerified,
      }));
      ctx.print(rules, () =>
        ruleCatalogue()
          .map((r) => `${r.id.padEnd(44)} ${r.severity.padEnd(8)} ${citationText(r, ctx.t)}\n    ${r.message[lang]}`)
          .join('\n'),
      );
    });
}

/**
 * `qivo report findings list|accept|reopen|assign|audit|history|export|compare REPORT_ID …`: the
 * review workflow on a stored report, recorded as the same reviewer as in the window (settings
 * `user.displayName`, else `flags.userId`, else the install id).
 */
function registerFindings(report: Command, ctx: CliContext): void {
  const findings = report.command('findings').description('review the KRCI findings of a stored report (accept, reopen, assign, export, compare)');
  const reviewLine = (r: { findingId: string; status: string; updatedBy: string; updatedAt: string }) =>
    ctx.t('compliance.cli.reviewed', { id: r.findingId, status: r.status, by: r.updatedBy, at: r.updatedAt });

  findings
    .command('list')
    .description('check the stored report and list its findings with their ids and reviews')
    .argument('<reportId>')
    .option('--format <format>', 'text, json or csv', 'text')
    .action(async (reportId: string, opts: { format: string }) => {
      const result = await complianceService(ctx).check(reportId, true);
      const lang = ctx.lang;
      if (opts.format === 'csv') return ctx.io.stdout(findingsCsv(result.findings, lang));
      const out = {
        score: result.score,
        accepted: result.accepted,
        findings: result.findings.map((f) => ({ id: f.id, ...findingForOutput(f, lang), review: f.review ?? null })),
      };
      if (opts.format === 'json') return ctx.io.stdout(`${JSON.stringify(out, null, 2)}\n`);
      ctx.print(out, () =>
        [
          ctx.t('compliance.cli.score', { score: result.score, target: result.target }),
          ...result.findings.map(
            (f) =>
              `${f.id}  [${f.severity}] ${f.review?.status === 'accepted' ? `(${ctx.t('compliance.review.acceptedBy', { name: f.review.acceptedBy ?? '', date: f.review.acceptedAt ?? '' })}) ` : ''}${f.message[lang]}`,
          ),
        ].join('\n'),
      );
    });

  findings
    .command('accept')
    .description('accept a finding with a justification; a critical one also needs --confirm-critical')
    .argument('<reportId>')
    .argument('<findingId>')
    .requiredOption('--justification <text>', 'why the finding is accepted (at least 10 characters)')
    .option('--confirm-critical', 'the second, explicit confirmation a critical finding needs')
    .action((reportId: string, id: string, opts: { justification: string; confirmCritical?: boolean }) => {
      const r = complianceService(ctx).accept({ reportId, findingId: id, justification: opts.justification, confirmCritical: opts.confirmCritical === true });
      ctx.print(r, () => reviewLine(r));
    });

  findings
    .command('reopen')
    .argument('<reportId>')
    .argument('<findingId>')
    .option('--note <text>', 'why it is reopened')
    .action((reportId: string, id: string, opts: { note?: string }) => {
      const r = complianceService(ctx).reopen({ reportId, findingId: id, ...(opts.note ? { note: opts.note } : {}) });
      ctx.print(r, () => reviewLine(r));
    });

  findings
    .command('assign')
    .argument('<reportId>')
    .argument('<findingId>')
    .argument('<person>', 'the name of the person (use "" to unassign)')
    .action((reportId: string, id: string, person: string) => {
      const r = complianceService(ctx).assign({ reportId, findingId: id, assignee: person.trim() || null });
      ctx.print(r, () => reviewLine(r));
    });

  findings
    .command('audit')
    .description('the review audit trail: who accepted, reopened or assigned what, and when')
    .argument('<reportId>')
    .action((reportId: string) => {
      const entries = complianceService(ctx).audit(reportId);
      ctx.print(entries, () =>
        entries
          .map((e) => `${e.at}  ${e.actor}  ${e.action}  ${e.findingId}${e.assignee ? ` → ${e.assignee}` : ''}${e.justification ? `: ${e.justification}` : ''}`)
          .join('\n'),
      );
    });

  findings
    .command('history')
    .description('the score of the recent checks of the report')
    .argument('<reportId>')
    .action((reportId: string) => {
      const entries = complianceService(ctx).history(reportId);
      ctx.print(entries, () => entries.map((e) => `${e.checkedAt}  r${e.revision}  ${e.score}`).join('\n'));
    });

  findings
    .command('export')
    .description('write the findings as CSV or as a PDF review sheet')
    .argument('<reportId>')
    .requiredOption('--format <format>', 'csv or pdf')
    .requiredOption('--out <file>', 'where to write')
    .action(async (reportId: string, opts: { format: string; out: string }) => {
      if (opts.format !== 'csv' && opts.format !== 'pdf')
        throw new QivoError('cli.usage', `Unknown format "${opts.format}"; use csv or pdf`, { value: opts.format });
      const out = await complianceService(ctx).exportFindings({ reportId, format: opts.format, language: ctx.lang });
      fs.writeFileSync(opts.out, out.data);
      ctx.print({ file: opts.out, bytes: out.data.length }, `${opts.out} (${out.data.length} bytes)`);
    });

  findings
    .command('compare')
    .description('findings added, resolved and unchanged between two versions (default: the latest named version and the current document)')
    .argument('<reportId>')
    .option('--from <versionId>', 'version id (qivo report versions)')
    .option('--to <versionId>', 'version id; the current document when omitted')
    .action((reportId: string, opts: { from?: string; to?: string }) => {
      const num = (v: string | undefined) => (v === undefined ? null : Number.parseInt(v, 10));
      const diff = complianceService(ctx).compare({ reportId, from: num(opts.from), to: num(opts.to) });
      const lang = ctx.lang;
      ctx.print({ added: diff.added.map((f) => f.id), resolved: diff.resolved.map((f) => f.id), unchanged: diff.unchanged.map((f) => f.id) }, () =>
        [
          ctx.t('compliance.compare.added', { count: diff.added.length }),
          ...diff.added.map((f) => `  + ${f.id} ${f.message[lang]}`),
          ctx.t('compliance.compare.resolved', { count: diff.resolved.length }),
          ...diff.resolved.map((f) => `  - ${f.id} ${f.message[lang]}`),
          ctx.t('compliance.compare.unchanged', { count: diff.unchanged.length }),
        ].join('\n'),
      );
    });
}
