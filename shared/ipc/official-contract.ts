import { z } from 'zod';
import {
  AnmAreaResultSchema,
  AnmProcessResultSchema,
  AnpOverlapsResultSchema,
  BboxSchema,
  IbamaEmbargoesResultSchema,
  IbamaLicencesResultSchema,
  ProvenanceSchema,
  OfficialStatusSchema,
  SgbOccurrencesResultSchema,
  SgbUnitResultSchema,
  SourceIdSchema,
} from '../official/records';
import { ReportIdSchema } from '../domain/report-draft';
import { APPLY_FIELDS, ApplyFieldSchema, ProposedChangeSchema } from '../official/apply-official';
import { FactValueSchema, OfficialFactSchema } from '../trs/model';
import { channel } from './contract-kit';

// Channels of the official-data feature. Every channel is gated by OFFICIAL_INTEGRATIONS.

const FLAG = 'OFFICIAL_INTEGRATIONS' as const;

/** As typed by a user: `802.563/1973`, `802563/1973`; normalised (or refused) in main. */
const ProcessNumberInput = z.string().trim().min(1).max(40);
const Lat = z.number().min(-90).max(90);
const Lon = z.number().min(-180).max(180);
const Cnpj = z.string().trim().min(11).max(20);

export const officialChannels = {
  'official.anmProcess': channel({ input: z.object({ number: ProcessNumberInput }).strict(), output: AnmProcessResultSchema, flag: FLAG }),
  /** Processes in an envelope; with `process`, only those touching that process's polygons (neighbours for section 20). */
  'official.anmArea': channel({
    input: z.object({ bbox: BboxSchema, process: ProcessNumberInput.optional() }).strict(),
    output: AnmAreaResultSchema,
    flag: FLAG,
  }),
  'official.sgbOccurrences': channel({
    input: z.object({ lat: Lat, lon: Lon, radiusKm: z.number().positive().max(200) }).strict(),
    output: SgbOccurrencesResultSchema,
    flag: FLAG,
  }),
  'official.sgbUnit': channel({ input: z.object({ lat: Lat, lon: Lon }).strict(), output: SgbUnitResultSchema, flag: FLAG }),
  'official.ibamaEmbargoes': channel({
    input: z
      .object({ bbox: BboxSchema.optional(), process: ProcessNumberInput.optional(), cnpj: Cnpj.optional() })
      .strict()
      .refine((q) => [q.bbox, q.process, q.cnpj].filter((v) => v !== undefined).length === 1, { message: 'give exactly one of bbox, process, cnpj' }),
    output: IbamaEmbargoesResultSchema,
    flag: FLAG,
  }),
  'official.ibamaLicences': channel({
    input: z
      .object({
        number: z.string().trim().min(1).max(40).optional(),
        process: z.string().trim().min(1).max(40).optional(),
        holder: z.string().trim().min(2).max(200).optional(),
        cnpj: Cnpj.optional(),
      })
      .strict()
      .refine((q) => Boolean(q.number || q.process || q.holder || q.cnpj), { message: 'give a licence number, process, holder or CNPJ' }),
    output: IbamaLicencesResultSchema,
    flag: FLAG,
  }),
  'official.anpOverlaps': channel({
    input: z.object({ bbox: BboxSchema, process: ProcessNumberInput.optional() }).strict(),
    output: AnpOverlapsResultSchema,
    flag: FLAG,
  }),
  'official.status': channel({ input: z.object({}).strict().optional(), output: OfficialStatusSchema, flag: FLAG }),
  /** Stores an official fact in the report's TRS (section 24); the same record twice replaces, never duplicates. */
  'official.insertIntoReport': channel({
    input: z.object({ reportId: ReportIdSchema, fact: OfficialFactSchema }).strict(),
    output: z.object({ referenceId: z.string(), added: z.boolean(), revision: z.number().int() }),
    flag: FLAG,
  }),
  /** The official facts stored in a report's TRS, with their age. */
  'official.reportFacts': channel({
    input: z.object({ reportId: ReportIdSchema }).strict(),
    output: z.array(z.object({ referenceId: z.string(), fact: OfficialFactSchema, citation: z.string(), ageSeconds: z.number().int().nonnegative() })),
    flag: FLAG,
  }),
  /** "Apply to report": writes the accepted fields of an ANM process fact and stores the fact with the paths it filled. */
  'official.applyToReport': channel({
    input: z.object({ reportId: ReportIdSchema, fact: OfficialFactSchema, accept: z.array(ApplyFieldSchema).max(APPLY_FIELDS.length) }).strict(),
    output: z.object({ referenceId: z.string(), applied: z.array(ProposedChangeSchema.extend({ referenceId: z.string() })), revision: z.number().int() }),
    flag: FLAG,
  }),
  'official.removeFact': channel({
    input: z.object({ reportId: ReportIdSchema, referenceId: z.string().min(1).max(100) }).strict(),
    output: z.object({ revision: z.number().int() }),
    flag: FLAG,
  }),
  /** Fetches a stored fact's record again and says what changed (old → new); writes nothing. */
  'official.refreshFact': channel({
    input: z.object({ reportId: ReportIdSchema, referenceId: z.string().min(1).max(100) }).strict(),
    output: z.object({
      referenceId: z.string(),
      stored: OfficialFactSchema,
      latest: OfficialFactSchema,
      changes: z.array(z.object({ field: z.string(), before: FactValueSchema, after: FactValueSchema })),
      source: ProvenanceSchema,
    }),
    flag: FLAG,
  }),
  /** Stores (or with null removes) a source's gateway API key in the SecretStore. The key never comes back out. */
  'official.setApiKey': channel({
    input: z.object({ source: SourceIdSchema, apiKey: z.string().trim().min(1).max(512).nullable() }).strict(),
    output: z.object({ source: SourceIdSchema, configured: z.boolean() }),
    flag: FLAG,
  }),
};

export const officialEvents = {};
