import { z } from 'zod';
import { id, longText, optionalDate, shortText } from './primitives';

/** Section 24: the references the report relies on, official facts among them. */

/** What kind of official record a fact was taken from (decides how rules and the mineral-rights table read its values). */
export const OFFICIAL_RECORD_TYPES = [
  'anmProcess',
  'ibamaEmbargo',
  'ibamaLicence',
  'anpBlock',
  'anpField',
  'anpWell',
  'sgbOccurrence',
  'sgbUnit',
  'other',
] as const;
export type OfficialRecordType = (typeof OFFICIAL_RECORD_TYPES)[number];

const PositionSchema = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const RingSchema = z.array(PositionSchema).min(4).max(100_000);
/** Where the record lies (embargo polygon, process polygon…), kept so a check needs no network. */
export const FactGeometrySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('Point'), coordinates: PositionSchema }),
  z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(RingSchema).min(1).max(1000) }),
  z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(RingSchema).min(1).max(1000)).min(1).max(1000) }),
]);
export type FactGeometry = z.infer<typeof FactGeometrySchema>;

/** One value taken from the record: text as the agency published it, or a number. */
export const FactValueSchema = z.union([longText, z.number(), z.null()]);
export type FactValue = z.infer<typeof FactValueSchema>;

/**
 * A fact taken from an official record, with its provenance (schema 3). A report holds at most one
 * fact per record: agency + dataset + recordId is the key ("Update from source" replaces it).
 */
export const OfficialFactSchema = z.strictObject({
  /** Agency: ANM, IBAMA, ANP, SGB, IBGE, SEC … */
  agency: z.string().min(1).max(40),
  dataset: shortText,
  /** The record's own identifier at the agency (process number, embargo term, licence number…). */
  recordId: shortText,
  recordType: z.enum(OFFICIAL_RECORD_TYPES),
  /** The exact request URL the record was read from. */
  url: z.string().max(4096),
  /** When the agency answered (not when the fact was inserted: a cached answer keeps its date). */
  fetchedAt: z.iso.datetime({ offset: true }),
  /** The values taken, keyed by record field (`phase`, `holder`, `areaHa`…). */
  values: z.record(z.string().min(1).max(60), FactValueSchema).refine((v) => Object.keys(v).length <= 200, { message: 'at most 200 values' }),
  geometry: FactGeometrySchema.nullable(),
  /** Dotted paths of the report fields filled from this fact ("Apply to report"). */
  appliedTo: z.array(z.string().max(200)).max(200),
  /** Hash of the raw response the fact was read from, for audit. */
  contentSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
});
export type OfficialFact = z.infer<typeof OfficialFactSchema>;

export const REFERENCE_KINDS = ['publication', 'report', 'dataset', 'website', 'officialFact', 'other'] as const;

export const ReferenceSchema = z.strictObject({
  id,
  kind: z.enum(REFERENCE_KINDS),
  citation: longText,
  url: z.string().max(4096).nullable(),
  accessedOn: optionalDate,
  /** Set exactly when kind is "officialFact". */
  officialFact: OfficialFactSchema.nullable(),
});
export type Reference = z.infer<typeof ReferenceSchema>;
