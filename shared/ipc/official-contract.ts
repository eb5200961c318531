import { z } from 'zod';
import {
  AgencySchema,
  AnmAreaResultSchema,
  AnmProcessResultSchema,
  AnpOverlapsResultSchema,
  BboxSchema,
  CacheStateSchema,
  IbamaEmbargoesResultSchema,
  IbamaLicencesResultSchema,
  OfficialFactReferenceSchema,
  OfficialStatusSchema,
  SgbOccurrencesResultSchema,
  SgbUnitResultSchema,
  SourceIdSchema,
} from '../official/records';
import { channel } from './contract-kit';

// Channels of the official-data feature (issue 4). Every channel is gated by OFFICIAL_INTEGRATIONS.

const FLAG = 'OFFICIAL_INTEGRATIONS' as const;

/** As typed by a user: `802.563/1973`, `802563/1973`; normalised (or refused) in main. */
const ProcessNumberInput = z.string().trim().min(1).max(40);
const Lat = z.number().min(-90).max(90);
const Lon = z.number().min(-180).max(180);
const Cnpj = z.string().trim().min(11).max(20);

export const FactProvenanceInputSchema = z
  .object({
    agency: AgencySchema,
    dataset: z.string().max(100),
    url: z.string().max(4096),
    fetchedAt: z.string().max(40),
    cache: CacheStateSchema,
    ageSeconds: z.number().int().nonnegative().optional(),
  })
  .strict();

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
      .object({ number: z.string().trim().min(1).max(40).optional(), process: z.string().trim().min(1).max(40).optional(), holder: z.string().trim().min(2).max(200).optional(), cnpj: Cnpj.optional() })
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
  /** Stores a fact with its citation against a report; the report-model helper lists them with listOfficialFactReferences(). */
  'official.insertIntoReport': channel({
    input: z.object({ reportId: z.string().uuid(), fact: z.string().trim().min(1).max(2000), provenance: FactProvenanceInputSchema }).strict(),
    output: OfficialFactReferenceSchema,
    flag: FLAG,
  }),
  'official.listFactReferences': channel({
    input: z.object({ reportId: z.string().uuid() }).strict(),
    output: z.array(OfficialFactReferenceSchema),
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
