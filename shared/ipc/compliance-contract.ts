import { z } from 'zod';
import { ReportIdSchema } from '../domain/report-draft';
import { CITATION_BASES, KRCI_LANGUAGES, RULE_CATEGORIES, SEVERITIES } from '../krci/types';
import { AnmProcessSchema, IbamaEmbargoSchema, ProvenanceSchema } from '../official/records';
import { channel } from './contract-kit';

const Bilingual = z.object({ en: z.string(), 'pt-BR': z.string() });

export const FindingSchema = z.object({
  ruleId: z.string(),
  category: z.enum(RULE_CATEGORIES),
  severity: z.enum(SEVERITIES),
  citation: z.string(),
  /** law: a legal citation; convention / dataFormat: not a legal paragraph (shown as such). */
  basis: z.enum(CITATION_BASES),
  citationVerified: z.boolean(),
  section: z.number().int().optional(),
  /** Dotted JSON path into the TRS document (`sections.10`, `qualifiedPersons.0.signatureDate`). */
  path: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  message: Bilingual,
  fix: Bilingual,
});

export const SeverityCountsSchema = z.object({ critical: z.number().int(), high: z.number().int(), medium: z.number().int(), low: z.number().int() });

/** Official data the engine used, with where it came from (null: not available — offline, flag off, not in cache). */
export const ComplianceOfficialContextSchema = z.object({
  anmProcess: z.object({ record: AnmProcessSchema, source: ProvenanceSchema }).nullable(),
  ibamaEmbargoes: z.object({ records: z.array(IbamaEmbargoSchema), source: ProvenanceSchema }).nullable(),
});
export type ComplianceOfficialContext = z.output<typeof ComplianceOfficialContextSchema>;

export const ComplianceCheckResultSchema = z.object({
  reportId: z.string(),
  /** Revision of the stored TRS that was checked. */
  revision: z.number().int(),
  checkedAt: z.string(),
  score: z.number().int().min(0).max(100),
  /** The rollout plan's target average score. */
  target: z.number(),
  /** True when a critical finding held the score at the cap. */
  capped: z.boolean(),
  counts: SeverityCountsSchema,
  findings: z.array(FindingSchema),
  rulesEvaluated: z.number().int(),
  rulesNotApplicable: z.number().int(),
  official: ComplianceOfficialContextSchema,
});
export type ComplianceCheckResult = z.output<typeof ComplianceCheckResultSchema>;

export const RuleInfoSchema = z.object({
  id: z.string(),
  category: z.enum(RULE_CATEGORIES),
  severity: z.enum(SEVERITIES),
  /** Severity when checked for a filing (non-draft export), where it differs. */
  filingSeverity: z.enum(SEVERITIES).optional(),
  citation: z.string(),
  basis: z.enum(CITATION_BASES),
  citationVerified: z.boolean(),
  section: z.number().int().optional(),
  flag: z.string().optional(),
  message: Bilingual,
  fix: Bilingual,
});

export const ComplianceLanguageSchema = z.enum(KRCI_LANGUAGES);

// Channels and events of this feature. Owned by the feature's issue; merged in contract.ts.
export const complianceChannels = {
  /** Full KRCI check of the stored TRS of a report, with official data from the cache where available; recorded in metrics. */
  'compliance.check': channel({
    input: z.object({ reportId: ReportIdSchema, useOfficialData: z.boolean().optional() }).strict(),
    output: ComplianceCheckResultSchema,
    flag: 'SEC_SK_1300',
  }),
  /** The official data for a report's live (renderer-side) checks: ANM record and IBAMA embargoes, cache first. */
  'compliance.officialContext': channel({
    input: z.object({ reportId: ReportIdSchema }).strict(),
    output: ComplianceOfficialContextSchema,
    flag: 'SEC_SK_1300',
  }),
  /** The rule catalogue (id, category, severity, citation, whether it is verified). */
  'compliance.rules': channel({ input: z.object({}).strict().optional(), output: z.array(RuleInfoSchema), flag: 'SEC_SK_1300' }),
};

export const complianceEvents = {
  /** A full check finished in main (score for status displays). */
  'compliance.checked': z.object({ reportId: z.string(), score: z.number().int(), critical: z.number().int() }),
};
