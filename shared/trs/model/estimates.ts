import { z } from 'zod';
import { CBRR_CATEGORIES, CommodityCodeSchema, ContainedSchema, GradeSchema, QuantitySchema, RESERVE_CLASSES, RESOURCE_CLASSES } from './quantities';
import { id, longText, nullableNumber, nullablePercent, optionalDate, shortText } from './primitives';

/** Mineral resource and reserve tables (sections 11 and 12) and the prior-year comparison. */

export const PriceSchema = z.strictObject({
  commodity: CommodityCodeSchema,
  value: nullableNumber,
  /** e.g. "USD/oz", "USD/t LCE". */
  unit: z.string().max(30),
  /** Time frame the price rests on, e.g. "3-year trailing average to 30 Jun 2025" (§2.3). */
  timeFrame: shortText,
  basis: z.enum(['historicalAverage', 'consensusForecast', 'contract', 'spot', 'other']),
  justification: longText,
});
export type Price = z.infer<typeof PriceSchema>;

export const RecoverySchema = z.strictObject({ commodity: CommodityCodeSchema, percent: nullablePercent });
export const CutOffSchema = z.strictObject({
  value: nullableNumber,
  /** "g/t Au", "% Li2O", "USD/t NSR". */
  unit: z.string().max(30),
  description: shortText,
});

/** Parameters every resource and reserve table must state (§1304(d), staff comments in sk1300.md §4). */
const TableParameters = {
  id,
  title: shortText,
  effectiveDate: optionalDate,
  /** Where quantities are stated: in situ, ROM / mill feed, saleable product. */
  pointOfReference: shortText,
  cutOff: z.array(CutOffSchema).max(20),
  metallurgicalRecovery: z.array(RecoverySchema).max(20),
  prices: z.array(PriceSchema).max(20),
  /** Share attributable to the registrant. */
  attributablePercent: nullablePercent,
  notes: longText,
};

/** The columns a resource row and a reserve row share (after `id` and `class`, in this order). */
const EstimateRowColumns = {
  /** Domain, zone, pit or deposit; empty for a single-domain table. */
  domain: shortText,
  tonnage: QuantitySchema,
  grades: z.array(GradeSchema).max(20),
  contained: z.array(ContainedSchema).max(20),
  /** Brazilian field: CBRR / ANM Res. 94 category, normally CBRR_CATEGORY_BY_CLASS[class]. */
  cbrrCategory: z.enum(CBRR_CATEGORIES).nullable(),
};

export const ResourceRowSchema = z.strictObject({
  id,
  class: z.enum(RESOURCE_CLASSES),
  ...EstimateRowColumns,
});
export type ResourceRow = z.infer<typeof ResourceRowSchema>;

export const ResourceTableSchema = z.strictObject({
  ...TableParameters,
  /** True when the table excludes the resources converted to reserves (required form, §2.2). */
  exclusiveOfReserves: z.boolean(),
  rows: z.array(ResourceRowSchema).max(100_000),
});
export type ResourceTable = z.infer<typeof ResourceTableSchema>;

export const ReserveRowSchema = z.strictObject({
  id,
  class: z.enum(RESERVE_CLASSES),
  ...EstimateRowColumns,
});
export type ReserveRow = z.infer<typeof ReserveRowSchema>;

export const ReserveTableSchema = z.strictObject({
  ...TableParameters,
  rows: z.array(ReserveRowSchema).max(100_000),
});
export type ReserveTable = z.infer<typeof ReserveTableSchema>;

export const CHANGE_CAUSES = ['depletion', 'price', 'cost', 'drilling', 'reclassification', 'model', 'acquisition', 'disposal', 'other'] as const;

export const PriorYearComparisonRowSchema = z.strictObject({
  id,
  kind: z.enum(['resource', 'reserve']),
  class: z.enum([...RESOURCE_CLASSES, ...RESERVE_CLASSES]),
  commodity: CommodityCodeSchema,
  prior: z.strictObject({ tonnage: QuantitySchema, grade: GradeSchema, contained: ContainedSchema }),
  current: z.strictObject({ tonnage: QuantitySchema, grade: GradeSchema, contained: ContainedSchema }),
  causes: z.array(z.enum(CHANGE_CAUSES)).max(CHANGE_CAUSES.length),
  explanation: longText,
});
export type PriorYearComparisonRow = z.infer<typeof PriorYearComparisonRowSchema>;

export const PriorYearComparisonSchema = z.strictObject({
  priorEffectiveDate: optionalDate,
  rows: z.array(PriorYearComparisonRowSchema).max(1000),
});
