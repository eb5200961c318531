import { z } from 'zod';
import { ContainedSchema } from './quantities';
import { id, longText, nullableNumber, nullablePercent, optionalDate, shortText } from './primitives';

/** Capital and operating cost estimates and the economic analysis (sections 18 and 19). */

export const CostItemSchema = z.strictObject({
  id,
  category: shortText,
  description: shortText,
  /** Amount in `unit` (currency for capital; currency per unit for operating costs). */
  amount: nullableNumber,
  unit: z.string().max(30),
  phase: z.enum(['initial', 'sustaining', 'closure', 'operating']),
});
export type CostItem = z.infer<typeof CostItemSchema>;

export const CostEstimateSchema = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** Base date of the estimate (price level). */
  basisDate: optionalDate,
  /** ± accuracy of the estimate in percent (IA ±50, PFS ±25, FS ±15; sk1300.md §2.5). */
  accuracyPercent: nullablePercent,
  contingencyPercent: nullablePercent,
  items: z.array(CostItemSchema).max(5000),
  notes: longText,
});
export type CostEstimate = z.infer<typeof CostEstimateSchema>;

export const CashFlowRowSchema = z.strictObject({
  /** Calendar or project year, e.g. 2026, or 0…n for project years. */
  year: z.number().int().min(-10).max(2200),
  oreProcessedT: nullableNumber,
  production: z.array(ContainedSchema).max(20),
  revenue: nullableNumber,
  operatingCost: nullableNumber,
  royalties: nullableNumber,
  capitalCost: nullableNumber,
  taxes: nullableNumber,
  /** Net (after-tax) cash flow of the year, in `currency`. */
  netCashFlow: nullableNumber,
});
export type CashFlowRow = z.infer<typeof CashFlowRowSchema>;

export const SENSITIVITY_VARIABLES = ['price', 'grade', 'recovery', 'capex', 'opex', 'exchangeRate', 'discountRate', 'other'] as const;
export const SensitivityRowSchema = z.strictObject({
  id,
  variable: z.enum(SENSITIVITY_VARIABLES),
  label: shortText,
  changePercent: z.number().min(-100).max(1000),
  npv: nullableNumber,
  irrPercent: nullableNumber,
});
export type SensitivityRow = z.infer<typeof SensitivityRowSchema>;

export const EconomicAnalysisSchema = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** Currency amounts are stated in this multiple (1 = units, 1e6 = millions). */
  amountScale: z.union([z.literal(1), z.literal(1_000), z.literal(1_000_000)]),
  discountRatePercent: z.number().min(0).max(100).nullable(),
  npv: nullableNumber,
  irrPercent: nullableNumber,
  paybackYears: z.number().min(0).max(200).nullable(),
  taxBasis: z.enum(['preTax', 'afterTax']),
  exchangeRates: z.array(z.strictObject({ pair: z.string().regex(/^[A-Z]{3}\/[A-Z]{3}$/), rate: z.number().positive() })).max(20),
  /** True when inferred resources are part of the mine plan feeding the cash flow. */
  includesInferred: z.boolean(),
  /** Equal-prominence cautionary statement(s) for an initial assessment (§1302(d)(4)). */
  cautionaryStatement: longText,
  cashFlow: z.array(CashFlowRowSchema).max(500),
  sensitivity: z.array(SensitivityRowSchema).max(500),
});
export type EconomicAnalysis = z.infer<typeof EconomicAnalysisSchema>;
