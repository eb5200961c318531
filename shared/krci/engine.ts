import { sameSlice } from './fingerprint';
import { getAtPath } from './json-path';
import { CRITICAL_CAP, SCORE_TARGET, computeScore } from './score';
import {
  KRCI_LANGUAGES,
  NOT_APPLICABLE,
  SEVERITIES,
  type CheckContext,
  type CheckResult,
  type ContextKey,
  type Finding,
  type FindingDraft,
  type FindingParams,
  type KrciLanguage,
  type Rule,
  type RuleResult,
  type Severity,
} from './types';

export { CRITICAL_CAP, SCORE_TARGET };

/** Fills `{{name}}` placeholders; an unknown placeholder stays visible rather than vanishing. */
export function interpolate(template: string, params: FindingParams): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (a.section ?? 99) - (b.section ?? 99) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.path.localeCompare(b.path)
  );
}

/** The rule's severity for this check: a filing (non-draft export) may weigh more than a draft. */
export function severityFor<R>(rule: Rule<R>, context: CheckContext): Severity {
  return context.purpose === 'filing' && rule.filingSeverity ? rule.filingSeverity : rule.severity;
}

function toFinding<R>(rule: Rule<R>, draft: FindingDraft, severity: Severity): Finding {
  const params = draft.params ?? {};
  const message = {} as Record<KrciLanguage, string>;
  const fix = {} as Record<KrciLanguage, string>;
  for (const lang of KRCI_LANGUAGES) {
    message[lang] = interpolate(rule.text[lang].message, params);
    fix[lang] = interpolate(rule.text[lang].fix, params);
  }
  const f: Finding = {
    ruleId: rule.id,
    category: rule.category,
    severity,
    citation: rule.citation,
    basis: rule.basis,
    citationVerified: rule.citationVerified,
    path: draft.path,
    params,
    message,
    fix,
  };
  if (rule.section !== undefined) f.section = rule.section;
  return f;
}

// A rule that throws never takes the check down: its result says so and it is left out of the score.
const ERROR_TEXT: Record<KrciLanguage, { message: string; fix: string }> = {
  en: {
    message: 'Rule {{ruleId}} could not evaluate this report: {{error}}',
    fix: 'Check the data this rule reads; if it looks right, report the problem.',
  },
  'pt-BR': {
    message: 'A regra {{ruleId}} não conseguiu avaliar este relatório: {{error}}',
    fix: 'Verifique os dados que esta regra lê; se estiverem corretos, relate o problema.',
  },
};

function ruleEnabled<R>(rule: Rule<R>, context: CheckContext): boolean {
  return rule.flag === undefined || context.flags?.[rule.flag] !== false;
}

export function evaluateRule<R>(rule: Rule<R>, report: R, context: CheckContext): RuleResult {
  if (!ruleEnabled(rule, context)) return { ruleId: rule.id, status: 'disabled', findings: [] };
  try {
    const outcome = rule.check(report, context);
    if (outcome === NOT_APPLICABLE) return { ruleId: rule.id, status: 'not-applicable', findings: [] };
    const severity = severityFor(rule, context);
    const findings = outcome.map((d) => toFinding(rule, d, severity));
    return { ruleId: rule.id, status: findings.length === 0 ? 'pass' : 'fail', findings };
  } catch (err) {
    const error = err instanceof Error ? err.message.slice(0, 200) : String(err).slice(0, 200);
    const params = { ruleId: rule.id, error };
    const message = { en: interpolate(ERROR_TEXT.en.message, params), 'pt-BR': interpolate(ERROR_TEXT['pt-BR'].message, params) };
    const fix = { en: ERROR_TEXT.en.fix, 'pt-BR': ERROR_TEXT['pt-BR'].fix };
    const f: Finding = {
      ruleId: rule.id,
      category: rule.category,
      severity: 'low',
      citation: rule.citation,
      basis: rule.basis,
      citationVerified: rule.citationVerified,
      path: rule.path,
      params,
      message,
      fix,
    };
    if (rule.section !== undefined) f.section = rule.section;
    return { ruleId: rule.id, status: 'error', findings: [f] };
  }
}

function contextSlice(key: ContextKey, context: CheckContext): unknown {
  switch (key) {
    case 'now':
      // Rules compare calendar dates only, so a new day (not a new millisecond) invalidates them.
      return Number.isNaN(context.now.getTime()) ? 'invalid' : context.now.toISOString().slice(0, 10);
    case 'anmProcess':
      return context.official?.anmProcess?.record;
    case 'ibamaEmbargoes':
      return context.official?.ibamaEmbargoes?.records;
    case 'purpose':
      return context.purpose ?? 'drafting';
  }
}

const contextKeysMemo = new WeakMap<object, readonly ContextKey[]>();
/** Context a rule depends on: what it reads, and the purpose when its severity depends on it. */
function contextKeysOf<R>(rule: Rule<R>): readonly ContextKey[] {
  let keys = contextKeysMemo.get(rule);
  if (!keys) {
    keys = rule.filingSeverity ? [...(rule.contextReads ?? []), 'purpose'] : (rule.contextReads ?? []);
    contextKeysMemo.set(rule, keys);
  }
  return keys;
}

interface CacheEntry {
  slices: unknown[];
  contextSlices: unknown[];
  enabled: boolean;
  result: RuleResult;
}

/**
 * The score of a check's findings, leaving out rules that could not run (their low "could not
 * evaluate" finding informs, it is not a defect of the report) and, when given, accepted findings.
 */
export function scoreOf(results: readonly RuleResult[], findings: readonly Finding[], isAccepted?: (f: Finding) => boolean) {
  const failed = new Set<string>();
  for (const r of results) if (r.status === 'error') failed.add(r.ruleId);
  return computeScore(findings, (f) => !failed.has(f.ruleId) && !(isAccepted?.(f) ?? false));
}

function summarise(results: RuleResult[], evaluated: number, reused: number): CheckResult {
  const findings: Finding[] = [];
  for (const r of results) for (const f of r.findings) findings.push(f);
  findings.sort(compareFindings);
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity]++;
  const { score, capped } = scoreOf(results, findings);
  return { score, target: SCORE_TARGET, capped, findings, rules: results, counts, evaluated, reused };
}

/**
 * Reports are treated as immutable values: several rules memoise per object (plain text of a
 * section, CPF scan, contained-metal per row, fingerprints), so change a report by copying the
 * changed path (as the editor store does), never by mutating it in place between checks.
 *
 * The engine. `check` is incremental: each rule's last result is kept with the report slices it
 * read (its `reads` paths) and the context it used; when all are unchanged the result is reused,
 * so one keystroke in a section re-runs only the rules that read that section.
 */
export class KrciEngine<R> {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(readonly rules: readonly Rule<R>[]) {
    const seen = new Set<string>();
    for (const r of rules) {
      if (seen.has(r.id)) throw new Error(`duplicate rule id ${r.id}`);
      seen.add(r.id);
    }
  }

  check(report: R, context: CheckContext): CheckResult {
    let evaluated = 0;
    let reused = 0;
    const results: RuleResult[] = [];
    for (const rule of this.rules) {
      const slices = rule.reads.map((p) => getAtPath(report, p));
      const contextSlices = contextKeysOf(rule).map((k) => contextSlice(k, context));
      const enabled = ruleEnabled(rule, context);
      const prev = this.cache.get(rule.id);
      if (
        prev &&
        prev.enabled === enabled &&
        prev.slices.length === slices.length &&
        prev.slices.every((s, i) => sameSlice(s, slices[i])) &&
        prev.contextSlices.every((s, i) => sameSlice(s, contextSlices[i]))
      ) {
        reused++;
        results.push(prev.result);
        continue;
      }
      const result = evaluateRule(rule, report, context);
      evaluated++;
      this.cache.set(rule.id, { slices, contextSlices, enabled, result });
      results.push(result);
    }
    return summarise(results, evaluated, reused);
  }

  /** Forgets every cached result (e.g. when switching to another report). */
  reset(): void {
    this.cache.clear();
  }
}

/** One-shot full check without a cache (CLI, main). */
export function runRules<R>(rules: readonly Rule<R>[], report: R, context: CheckContext): CheckResult {
  const results = rules.map((rule) => evaluateRule(rule, report, context));
  return summarise(results, results.length, 0);
}

/** The finding in one language, in the CLI's JSON shape. */
export function findingForOutput(f: Finding, lang: KrciLanguage) {
  return { ruleId: f.ruleId, severity: f.severity, citation: f.citation, basis: f.basis, message: f.message[lang], path: f.path };
}
