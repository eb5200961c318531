import { z } from 'zod';
import { id, longText, optionalDate, shortText } from './primitives';

/** Section 24: the references the report relies on, official facts among them. */


export const OfficialFactSchema = z.strictObject({
  /** Agency: ANM, IBAMA, IBGE, SGB, SEC … */
  source: z.string().max(40),
  dataset: shortText,
  recordId: shortText,
  field: shortText,
  value: longText,
  retrievedAt: z.iso.datetime({ offset: true }),
  sourceUrl: z.string().max(2000),
  /** Hash of the raw response the fact was read from, for audit. */
  contentSha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
});
export type OfficialFact = z.infer<typeof OfficialFactSchema>;

export const ReferenceSchema = z.strictObject({
  id,
  kind: z.enum(['publication', 'report', 'dataset', 'website', 'officialFact', 'other']),
  citation: longText,
  url: z.string().max(2000).nullable(),
  accessedOn: optionalDate,
  officialFact: OfficialFactSchema.nullable(),
});
export type Reference = z.infer<typeof ReferenceSchema>;
