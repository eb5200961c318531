import type { FlagKey } from '../flags/flag-keys';
import type { AnmProcess, IbamaEmbargo, Provenance } from '../official/records';

/**
 * Types of the KRCI rule engine. Pure: the same engine runs live in the renderer (on every
 * keystroke, incrementally) and headless in main and the CLI.
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const RULE_CATEGORIES = [
  'structure',
  'qp-consent',
  'resources',
  'reserves',
  'economics',
  'costs',
  'property-title',
  'environment',
  'brazil',
  'official-data',
] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

/**
 * What a rule's citation is: a paragraph of law or regulation (`law`), a professional convention
 * the reference notes record without a legal paragraph (`convention`, e.g. rounding, arithmetic
 * consistency), or a data format (`dataFormat`, e.g. CNPJ check digits, ANM process numbers).
 * Only `law` citations are shown as legal citations.
 */
export const CITATION_BASES = ['law', 'convention', 'dataFormat'] as const;
export type CitationBasis = (typeof CITATION_BASES)[number];

/**
 * Why the engine runs: `drafting` (the editor, Compliance view, `qivo report check`) or `filing`
 * (a non-draft export, which goes public on EDGAR). Some rules weigh more on a filing.
 */
export const CHECK_PURPOSES = ['drafting', 'filing'] as const;
export type CheckPurpose = (typeof CHECK_PURPOSES)[number];

export const KRCI_LANGUAGES = ['en', 'pt-BR'] as const;
export type KrciLanguage = (typeof KRCI_LANGUAGES)[number];

/** Message and fix hint of a rule; `{{name}}` placeholders are filled from the finding's params. */
export interface RuleText {
  message: string;
  fix: string;
}

export type FindingParams = Record<string, string | number>;

/** What a rule's check returns for one problem: where it is and the values for the message. */
export interface FindingDraft {
  /** Dotted JSON path into the report (`sections.mineralResourceEstimates`, `qps.0.yearsExperience`). */
  path: string;
  params?: FindingParams;
}

/** A rule that does not apply to this report (e.g. reserve rules on an exploration report) returns this. */
export const NOT_APPLICABLE = 'not-applicable' as const;
export type RuleOutcome = readonly FindingDraft[] | typeof NOT_APPLICABLE;

/** Official data available when checking; each piece is optional (offline, flag off, not fetched yet). */
export interface OfficialContext {
  /** The ANM (SIGMINE/Cadastro Mineiro) record of the report's process number. */
  anmProcess?: { record: AnmProcess; source?: Provenance } | undefined;
  /** IBAMA embargo polygons near the property (the caller queries by the property's bounding box). */
  ibamaEmbargoes?: { records: IbamaEmbargo[]; source?: Provenance } | undefined;
}

export interface CheckContext {
  /** The clock: effective dates and process years are compared with it. */
  now: Date;
  official?: OfficialContext;
  /** Flags that change which rules run; a missing flag counts as on. */
  flags?: Partial<Record<FlagKey, boolean>>;
  /** Default `drafting`. */
  purpose?: CheckPurpose;
}

export type ContextKey = 'now' | 'anmProcess' | 'ibamaEmbargoes' | 'purpose';

export interface Rule<R> {
  /** Stable id, `<category>.<name>`; findings, tests and the CLI refer to it. */
  id: string;
  category: RuleCategory;
  severity: Severity;
  /** Severity when the check is for a filing (non-draft export); defaults to `severity`. */
  filingSeverity?: Severity;
  /** The paragraph the rule rests on, e.g. `17 CFR 229.1302(b)(1)`. */
  citation: string;
  /** What the citation is (law, convention, data format); only `law` is a legal citation. */
  basis: CitationBasis;
  /** True only where the reference marks the fact [V]; [R]/UNVERIFIED rules are never critical. */
  citationVerified: boolean;
  /** TRS section (1–25) the rule belongs to, for grouping in the UI; undefined for cross-cutting rules. */
  section?: number;
  /** Default path of the rule's findings (a finding may point deeper). */
  path: string;
  text: Record<KrciLanguage, RuleText>;
  /**
   * Dotted paths of the report parts the check reads. The incremental checker re-runs the rule
   * only when one of these (or a `contextReads` entry) changed. Reading anything else is a bug
   * (a test runs every rule against a report whose unread parts are scrambled).
   */
  reads: readonly string[];
  contextReads?: readonly ContextKey[];
  /** The rule runs only while this flag is on (Brazil-category rules need BRAZILIAN_FIELDS). */
  flag?: FlagKey;
  check(report: R, context: CheckContext): RuleOutcome;
}

export interface Finding {
  ruleId: string;
  category: RuleCategory;
  severity: Severity;
  citation: string;
  basis: CitationBasis;
  citationVerified: boolean;
  section?: number;
  path: string;
  params: FindingParams;
  message: Record<KrciLanguage, string>;
  fix: Record<KrciLanguage, string>;
}

export type RuleStatus = 'pass' | 'fail' | 'not-applicable' | 'error' | 'disabled';

export interface RuleResult {
  ruleId: string;
  status: RuleStatus;
  findings: Finding[];
}

export interface CheckResult {
  score: number;
  /** The rollout plan's target average, shown beside the score. */
  target: number;
  capped: boolean;
  findings: Finding[];
  rules: RuleResult[];
  counts: Record<Severity, number>;
  /** Rules evaluated in this run vs answered from the incremental cache. */
  evaluated: number;
  reused: number;
}
