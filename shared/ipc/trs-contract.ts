import { z } from 'zod';
import { ReportIdSchema } from '../domain/report-draft';
import { TRS_JSON_MAX_BYTES } from '../trs/migrations';
import { TrsReportSchema } from '../trs/model';
import { TrsPatchSchema } from '../trs/patch';
import { channel } from './contract-kit';

/** A stored snapshot of a TRS document. */
export const TrsVersionSchema = z.object({
  id: z.number().int(),
  reportId: z.string(),
  /** auto: periodic while editing; named: saved by the user; beforeRestore / beforeImport: taken automatically before a replace. */
  kind: z.enum(['auto', 'named', 'beforeRestore', 'beforeImport']),
  name: z.string(),
  revision: z.number().int(),
  createdAt: z.string(),
  sizeBytes: z.number().int(),
});
export type TrsVersion = z.infer<typeof TrsVersionSchema>;

export const TrsStoredDocumentSchema = z.object({
  reportId: z.string(),
  /** Increases by one with every stored change; a save must name the revision it edits. */
  revision: z.number().int(),
  updatedAt: z.string(),
  document: TrsReportSchema,
});
export type TrsStoredDocument = z.infer<typeof TrsStoredDocumentSchema>;

export const TrsDiffEntrySchema = z.object({
  /** Stable path of the part, e.g. `sections.11`, `metadata.effectiveDate`, `mineralResources.res-au-2025.rows`. */
  path: z.string(),
  /** Section number when the entry is a section. */
  section: z.number().int().nullable(),
  change: z.enum(['added', 'removed', 'changed']),
  before: z.string(),
  after: z.string(),
  /** Word-level diff of the plain text (sections) or of the JSON (fields). */
  parts: z.array(z.object({ op: z.enum(['equal', 'added', 'removed']), text: z.string() })),
});
export type TrsDiffEntry = z.infer<typeof TrsDiffEntrySchema>;

/** `null` means the current stored document. */
const VersionRef = z.number().int().positive().nullable();

export const trsChannels = {
  /** The TRS of a report draft; a draft without one gets the 25-section template. */
  'trs.get': channel({ input: z.object({ reportId: ReportIdSchema }).strict(), output: TrsStoredDocumentSchema, flag: 'SEC_SK_1300' }),
  /**
   * Autosave / save: either the parts that changed since `baseRevision` (`changes`, what the
   * editor sends) or a whole `document`. Refused with `trs.conflict` when `baseRevision` is not
   * the stored revision.
   */
  'trs.save': channel({
    input: z
      .object({ reportId: ReportIdSchema, baseRevision: z.number().int().min(0), document: TrsReportSchema.optional(), changes: TrsPatchSchema.optional() })
      .strict()
      .refine((v) => (v.document === undefined) !== (v.changes === undefined), { message: 'give either document or changes' }),
    output: z.object({ revision: z.number().int(), updatedAt: z.string() }),
    flag: 'SEC_SK_1300',
  }),
  'trs.listVersions': channel({ input: z.object({ reportId: ReportIdSchema }).strict(), output: z.array(TrsVersionSchema), flag: 'SEC_SK_1300' }),
  'trs.createVersion': channel({
    input: z.object({ reportId: ReportIdSchema, name: z.string().trim().min(1).max(120) }).strict(),
    output: TrsVersionSchema,
    flag: 'SEC_SK_1300',
  }),
  'trs.diff': channel({
    input: z.object({ reportId: ReportIdSchema, from: VersionRef, to: VersionRef }).strict(),
    output: z.array(TrsDiffEntrySchema),
    flag: 'SEC_SK_1300',
  }),
  'trs.restoreVersion': channel({
    input: z.object({ reportId: ReportIdSchema, versionId: z.number().int().positive() }).strict(),
    output: z.object({ revision: z.number().int(), updatedAt: z.string() }),
    flag: 'SEC_SK_1300',
  }),
  /** Imports a canonical JSON file: into a new report, or replacing the TRS of `targetReportId` (snapshot taken first). */
  'trs.importJson': channel({
    input: z.object({ json: z.string().max(TRS_JSON_MAX_BYTES), targetReportId: ReportIdSchema.optional() }).strict(),
    output: z.object({ reportId: z.string(), revision: z.number().int(), migratedFrom: z.number().int().nullable() }),
    flag: 'SEC_SK_1300',
  }),
  'trs.exportJson': channel({
    input: z.object({ reportId: ReportIdSchema }).strict(),
    output: z.object({ fileName: z.string(), json: z.string() }),
    flag: 'SEC_SK_1300',
  }),
};

export const trsEvents = {
  /** A stored TRS changed (save, restore, import): the rule engine's live panel re-checks. */
  'trs.saved': z.object({ reportId: z.string(), revision: z.number().int() }),
};
