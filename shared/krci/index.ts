import type { TrsReport } from '../trs/model';
import { KrciEngine, runRules } from './engine';
import { KRCI_RULES } from './rules';
import type { CheckContext, CheckResult, Rule } from './types';

export * from './types';
export { CRITICAL_CAP, MAX_COUNTED_PER_RULE, SCORE_TARGET, SEVERITY_PENALTIES, computeScore } from './score';
export { KrciEngine, compareFindings, evaluateRule, findingForOutput, interpolate, runRules, scoreOf, severityFor } from './engine';
export { findingId } from './finding-id';
export { KRCI_RULES } from './rules';

/** Full check of a TRS with every rule (no cache): main, CLI. */
export function checkReport(report: TrsReport, context: CheckContext): CheckResult {
  return runRules(KRCI_RULES, report, context);
}

/** An incremental checker for one open report (renderer, live as the user types). */
export function createKrciChecker(): KrciEngine<TrsReport> {
  return new KrciEngine(KRCI_RULES);
}

/** The rule catalogue in the CLI's `report rules --json` shape. */
export function ruleCatalogue(rules: readonly Rule<TrsReport>[] = KRCI_RULES) {
  return rules.map((r) => ({
    id: r.id,
    category: r.category,
    severity: r.severity,
    ...(r.filingSeverity !== undefined ? { filingSeverity: r.filingSeverity } : {}),
    citation: r.citation,
    basis: r.basis,
    citationVerified: r.citationVerified,
    ...(r.section !== undefined ? { section: r.section } : {}),
    ...(r.flag !== undefined ? { flag: r.flag } : {}),
    message: { en: r.text.en.message, 'pt-BR': r.text['pt-BR'].message },
    fix: { en: r.text.en.fix, 'pt-BR': r.text['pt-BR'].fix },
  }));
}
