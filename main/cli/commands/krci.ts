import type { Command } from 'commander';
import { QivoError } from '../../../shared/errors';
import { findingForOutput, ruleCatalogue, type Finding, type KrciLanguage } from '../../../shared/krci';
import { ComplianceService } from '../../krci/compliance-service';
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

function humanFindings(findings: readonly Finding[], lang: KrciLanguage, t: CliContext['t']): string {
  if (findings.length === 0) return t('compliance.cli.noFindings');
  return findings
    .map((f) => `[${t(`compliance.severity.${f.severity}`).toUpperCase()}] ${f.ruleId} — ${f.message[lang]}\n    ${f.path} · ${f.citation}${f.citationVerified ? '' : ` (${t('compliance.unverified')})`}\n    → ${f.fix[lang]}`)
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
    .action(async (file: string, opts: { official?: boolean }) => {
      const document = readTrsFile(file);
      const lang = ctx.lang;
      const { result } = await complianceService(ctx).checkDocument(document, { useOfficialData: opts.official !== false, source: 'cli' });
      const out = { score: result.score, findings: result.findings.map((f) => findingForOutput(f, lang)) };
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

  report
    .command('rules')
    .description('list every KRCI rule with its category, severity, citation and whether the citation is verified')
    .action(() => {
      const lang = ctx.lang;
      const rules = ruleCatalogue().map((r) => ({ id: r.id, category: r.category, severity: r.severity, citation: r.citation, citationVerified: r.citationVerified }));
      ctx.print(rules, () =>
        ruleCatalogue()
          .map((r) => `${r.id.padEnd(44)} ${r.severity.padEnd(8)} ${r.citation}${r.citationVerified ? '' : ` (${ctx.t('compliance.unverified')})`}\n    ${r.message[lang]}`)
          .join('\n'),
      );
    });
}
