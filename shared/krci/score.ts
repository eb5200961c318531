import type { Finding, Severity } from './types';

/**
 * The KRCI score, 0–100: it starts at 100 and every open finding takes points off.
 *
 * - Penalty per open finding: critical 25, high 10, medium 4, low 1 (SEVERITY_PENALTIES).
 * - A rule's findings count at most MAX_COUNTED_PER_RULE (3) times, so one systematic slip (40 bad
 *   rows of one table) costs at most three findings' worth, while 3 different high findings cost 30.
 * - score = max(0, 100 − Σ penalties). One open high finding leaves at most 90; a missing section
 *   14 (high) costs 10 points; one open medium costs 4.
 * - Cap: while any critical finding is open the score is at most CRITICAL_CAP (49) — a report the
 *   SEC staff would bounce cannot look nearly compliant.
 * - Findings a compliance officer accepted (with a justification) are not open and cost nothing;
 *   rules that do not apply, are switched off by a flag, or could not run cost nothing either (a
 *   rule that could not run shows a low finding).
 * - Target: the rollout plan asks for an average score above 80 (SCORE_TARGET).
 */
export const SEVERITY_PENALTIES: Readonly<Record<Severity, number>> = { critical: 25, high: 10, medium: 4, low: 1 };
export const MAX_COUNTED_PER_RULE = 3;
export const CRITICAL_CAP = 49;
export const SCORE_TARGET = 80;

export interface ScoreBreakdown {
  score: number;
  capped: boolean;
  /** Points taken off by open findings (before the critical cap). */
  penalty: number;
}

/** Score of a set of findings; `isOpen` leaves out accepted findings (default: every finding is open). */
export function computeScore(findings: readonly Finding[], isOpen: (f: Finding) => boolean = () => true): ScoreBreakdown {
  const perRule = new Map<string, number>();
  let penalty = 0;
  let critical = false;
  for (const f of findings) {
    if (!isOpen(f)) continue;
    const n = (perRule.get(f.ruleId) ?? 0) + 1;
    perRule.set(f.ruleId, n);
    if (f.severity === 'critical') critical = true;
    if (n <= MAX_COUNTED_PER_RULE) penalty += SEVERITY_PENALTIES[f.severity];
  }
  const raw = Math.max(0, 100 - penalty);
  const capped = critical && raw > CRITICAL_CAP;
  return { score: capped ? CRITICAL_CAP : raw, capped, penalty };
}
