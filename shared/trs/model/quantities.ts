import { z } from 'zod';
import { nullableNumber } from './primitives';

/** Commodities, units, estimate classes and the quantity / grade / contained-metal values of the tables. */

export const CommodityCodeSchema = z
  .string()
  .min(1)
  .max(20)
  .regex(/^[A-Za-z0-9 ()+-]+$/, 'commodity codes are letters and digits, e.g. Au or Li2O');

export const TONNAGE_UNITS = ['t', 'kt', 'Mt'] as const;
export const GRADE_UNITS = ['g/t', 'ppm', '%', 'oz/t'] as const;
export const CONTAINED_UNITS = ['g', 'kg', 't', 'kt', 'Mt', 'oz', 'koz', 'Moz', 'lb', 'Mlb'] as const;
export type TonnageUnit = (typeof TONNAGE_UNITS)[number];
export type GradeUnit = (typeof GRADE_UNITS)[number];
export type ContainedUnit = (typeof CONTAINED_UNITS)[number];

export const STUDY_TYPES = ['initialAssessment', 'preFeasibility', 'feasibility'] as const;
export const PROPERTY_STAGES = ['exploration', 'development', 'production'] as const;
export const RESOURCE_CLASSES = ['measured', 'indicated', 'measuredIndicated', 'inferred'] as const;
export const RESERVE_CLASSES = ['proven', 'probable', 'total'] as const;
export type StudyType = (typeof STUDY_TYPES)[number];
export type PropertyStage = (typeof PROPERTY_STAGES)[number];
export type ResourceClass = (typeof RESOURCE_CLASSES)[number];
export type ReserveClass = (typeof RESERVE_CLASSES)[number];

/** CBRR / ANM Resolução 94/2022 categories, shown beside the S-K 1300 class (brazil.md §6.3). */
export const CBRR_CATEGORIES = [
  'recursoMedido',
  'recursoIndicado',
  'recursoMedidoIndicado',
  'recursoInferido',
  'reservaProvada',
  'reservaProvavel',
  'reservaTotal',
] as const;
export type CbrrCategory = (typeof CBRR_CATEGORIES)[number];
export const CBRR_CATEGORY_BY_CLASS: Record<ResourceClass | ReserveClass, CbrrCategory> = {
  measured: 'recursoMedido',
  indicated: 'recursoIndicado',
  measuredIndicated: 'recursoMedidoIndicado',
  inferred: 'recursoInferido',
  proven: 'reservaProvada',
  probable: 'reservaProvavel',
  total: 'reservaTotal',
};

export const QuantitySchema = z.strictObject({ value: nullableNumber, unit: z.enum(TONNAGE_UNITS) });
export const GradeSchema = z.strictObject({ commodity: CommodityCodeSchema, value: nullableNumber, unit: z.enum(GRADE_UNITS) });
export const ContainedSchema = z.strictObject({ commodity: CommodityCodeSchema, value: nullableNumber, unit: z.enum(CONTAINED_UNITS) });
export type Quantity = z.infer<typeof QuantitySchema>;
export type Grade = z.infer<typeof GradeSchema>;
export type Contained = z.infer<typeof ContainedSchema>;
