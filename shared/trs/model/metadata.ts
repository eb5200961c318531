import { z } from 'zod';
import { CommodityCodeSchema, PROPERTY_STAGES, STUDY_TYPES } from './quantities';
import { optionalDate, shortText } from './primitives';

/** The report's title block: registrant, property, dates, study type, commodities. */

export const CommoditySchema = z.strictObject({
  code: CommodityCodeSchema,
  name: shortText,
  /** True for the commodity the property is chiefly valued for. */
  primary: z.boolean(),
});

export const MetadataSchema = z.strictObject({
  title: shortText,
  registrantName: shortText,
  /** SEC Central Index Key, when the registrant has one. */
  registrantCik: z
    .string()
    .regex(/^\d{1,10}$/)
    .nullable(),
  propertyName: shortText,
  /** Date of the estimates (the TRS "effective date"). */
  effectiveDate: optionalDate,
  /** Date the TRS is dated and signed. */
  reportDate: optionalDate,
  studyType: z.enum(STUDY_TYPES),
  propertyStage: z.enum(PROPERTY_STAGES),
  commodities: z.array(CommoditySchema).max(20),
  /** The earlier TRS this one supersedes, or null for a first TRS. */
  supersedes: z
    .strictObject({
      title: shortText,
      effectiveDate: optionalDate,
      filedWith: shortText,
    })
    .nullable(),
  /** Language the section texts are written in. EDGAR filings are in English. */
  language: z.enum(['en', 'pt-BR']),
});
export type Metadata = z.infer<typeof MetadataSchema>;
