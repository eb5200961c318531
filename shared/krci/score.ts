import type { RuleResult, Severity } from './types';

/**
 * The KRCI score, 0–100.
 *
 * - Every rule that applied to the report (passed or failed) carries a weight by severity:
 *   critical 10, high 5, medium 2, low 1. Rules that do not apply, are disabled by a flag, or could
 *   not be evaluated carry none.
 * - score = round(100 × weight of passed rules ÷ weight of applicable rules); 100 when no rule applies.
 *   A rule counts once however many findings it has (25 missing sections are 25 rules; 40 bad table
 *   rows are one rule), so one systematic slip does not sink a report.
 * - Cap: while any critical finding is open the score is at most CRITICAL_CAP (49), i.e. below half
 *   and well below the target — a report the SEC staff would bounce cannot look nearly compliant.
 * - Target: the rollout plan asks for an average score above 80 (SCORE_TARGET).
 */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = { critical: 10, high: 5, medium: 2, low: 1 };
export const CRITICAL_CAP = 49;
export const SCORE_TARGET = 80;

export interface ScoreBreakdown {
  score: number;
  capped: boolean;
  passedWeight: number;
  applicableWeight: number;
}

export function computeScore(results: readonly RuleResult[], severityOf: (ruleId: string) => Severity): ScoreBreakdown {
  let passedWeight = 0;
  let applicableWeight = 0;
  let critical = false;
  for (const r of results) {
    if (r.status !== 'pass' && r.status !== 'fail') continue;
    const w = SEVERITY_WEIGHTS[severityOf(r.ruleId)];
    applicableWeight += w;
    if (r.status === 'pass') passedWeight += w;
    else if (r.findings.some((f) => f.severity === 'critical')) critical = true;
  }
  const raw = applicableWeight === 0 ? 100 : Math.round((100 * passedWeight) / applicableWeight);
  const capped = critical && raw > CRITICAL_CAP;
  return { score: capped ? CRITICAL_CAP : raw, capped, passedWeight, applicableWeight };
}
