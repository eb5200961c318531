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

/** The review of one finding: accepted (with the justification, who, when) or open; an assignee. */
export const FindingReviewSchema = z.object({
  findingId: z.string(),
  ruleId: z.string(),
  path: z.string(),
  status: z.enum(['open', 'accepted']),
  justification: z.string().nullable(),
  /** A critical finding was accepted with the second, explicit confirmation. */
  criticalConfirmed: z.boolean(),
  assignee: z.string().nullable(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  acceptedBy: z.string().nullable(),
  acceptedAt: z.string().nullable(),
});
export type FindingReview = z.output<typeof FindingReviewSchema>;

/** A finding as the Compliance view shows it: its stable id and its review, if any. */
export const ReviewedFindingSchema = FindingSchema.extend({ id: z.string(), review: FindingReviewSchema.optional() });
export type ReviewedFinding = z.output<typeof ReviewedFindingSchema>;

export const ReviewAuditEntrySchema = z.object({
  id: z.number().int(),
  findingId: z.string(),
  ruleId: z.string(),
  action: z.enum(['accept', 'reopen', 'assign']),
  actor: z.string(),
  at: z.string(),
  justification: z.string().nullable(),
  assignee: z.string().nullable(),
  criticalConfirmed: z.boolean(),
});
export type ReviewAuditEntry = z.output<typeof ReviewAuditEntrySchema>;

export const SeverityCountsSchema = z.object({ critical: z.number().int(), high: z.number().int(), medium: z.number().int(), low: z.number().int() });

/** Official data the engine used, with where it came from (null: not available — offline, flag off, not in cache). */
export const ComplianceOfficialContextSchema = z.object({
  anmProcess: z.object({ record: AnmProcessSchema, source: ProvenanceSchema }).nullable(),
  ibamaEmbargoes: z.object({ records: z.array(IbamaEmbargoSchema), source: ProvenanceSchema }).nullable(),
});
export type ComplianceOfficialContext = z.output<typeof ComplianceOfficialContextSchema>;

export const ScoreHistoryEntrySchema = z.object({
  checkedAt: z.string(),
  revision: z.number().int(),
  score: z.number().int().min(0).max(100),
  counts: z.object({ critical: z.number().int(), high: z.number().int(), medium: z.number().int(), low: z.number().int() }),
  accepted: z.number().int(),
});
export type ScoreHistoryEntry = z.output<typeof ScoreHistoryEntrySchema>;

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
  /** Open findings by severity (accepted ones are counted in `accepted`). */
  counts: SeverityCountsSchema,
  /** Findings a reviewer accepted; they are listed apart and left out of the score. */
  accepted: z.number().int(),
  findings: z.array(ReviewedFindingSchema),
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
  /** Accepts a finding with a justification; a critical one needs `confirmCritical: true` as well (the second confirmation). */
  'compliance.accept': channel({
    input: z
      .object({
        reportId: ReportIdSchema,
        findingId: z.string().min(1).max(300),
        justification: z.string().trim().min(10).max(4000),
        confirmCritical: z.boolean().optional(),
      })
      .strict(),
    output: FindingReviewSchema,
    flag: 'SEC_SK_1300',
  }),
  /** Reopens an accepted finding (a note is optional). */
  'compliance.reopen': channel({
    input: z.object({ reportId: ReportIdSchema, findingId: z.string().min(1).max(300), note: z.string().trim().max(4000).optional() }).strict(),
    output: FindingReviewSchema,
    flag: 'SEC_SK_1300',
  }),
  /** Assigns a finding to a named person (null: unassign). */
  'compliance.assign': channel({
    input: z.object({ reportId: ReportIdSchema, findingId: z.string().min(1).max(300), assignee: z.string().trim().min(1).max(200).nullable() }).strict(),
    output: FindingReviewSchema,
    flag: 'SEC_SK_1300',
  }),
  /** The report's review audit trail: every accept, reopen and assignment, with who and when. */
  'compliance.audit': channel({ input: z.object({ reportId: ReportIdSchema }).strict(), output: z.array(ReviewAuditEntrySchema), flag: 'SEC_SK_1300' }),
  /** The score of the report's recent full checks, oldest first. */
  'compliance.history': channel({ input: z.object({ reportId: ReportIdSchema }).strict(), output: z.array(ScoreHistoryEntrySchema), flag: 'SEC_SK_1300' }),
  /** Who a review is recorded as (settings display name, else the flags user id, else the install id). */
  'compliance.reviewer': channel({
    input: z.object({}).strict().optional(),
    output: z.object({ name: z.string(), origin: z.enum(['displayName', 'userId', 'install']) }),
    flag: 'SEC_SK_1300',
  }),
  /** The findings (open and accepted) as CSV, or as a PDF review sheet (base64), in the given language. */
  'compliance.exportFindings': channel({
    input: z.object({ reportId: ReportIdSchema, format: z.enum(['csv', 'pdf']), language: ComplianceLanguageSchema }).strict(),
    output: z.object({ fileName: z.string(), mimeType: z.string(), dataBase64: z.string() }),
    flag: 'SEC_SK_1300',
  }),
  /** Compares the findings of two versions of the report (null: the current document): added, resolved, unchanged. */
  'compliance.compare': channel({
    input: z.object({ reportId: ReportIdSchema, from: z.number().int().positive().nullable(), to: z.number().int().positive().nullable() }).strict(),
    output: z.object({ added: z.array(ReviewedFindingSchema), resolved: z.array(ReviewedFindingSchema), unchanged: z.array(ReviewedFindingSchema) }),
    flag: 'SEC_SK_1300',
  }),
  /** The rule catalogue (id, category, severity, citation, whether it is verified). */
  'compliance.rules': channel({ input: z.object({}).strict().optional(), output: z.array(RuleInfoSchema), flag: 'SEC_SK_1300' }),
};

export const complianceEvents = {
  /** A full check finished in main (score for status displays). */
  'compliance.checked': z.object({ reportId: z.string(), score: z.number().int(), critical: z.number().int() }),
};
