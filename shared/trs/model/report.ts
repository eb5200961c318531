import { z } from 'zod';
import type { SectionKey } from '../sections';
import { BrazilFieldsSchema } from './brazil';
import { CostEstimateSchema, EconomicAnalysisSchema } from './economics';
import { PriorYearComparisonSchema, ReserveTableSchema, ResourceTableSchema, type ReserveTable, type ResourceTable } from './estimates';
import { FigureSchema } from './figures';
import { MetadataSchema } from './metadata';
import { PropertySchema } from './property';
import { QualifiedPersonSchema, SigningFirmSchema } from './qualified-persons';
import { ReferenceSchema } from './references';
import { SectionsSchema, type Section } from './sections';

/**
 * The S-K 1300 Technical Report Summary (Exhibit 96) document: the canonical JSON file the CLI
 * reads and writes, what the app stores per report, what the KRCI rule engine checks and what the
 * exporters render.
 *
 * Design rules:
 * - The schema accepts an INCOMPLETE draft (a geologist fills it in over weeks): optional facts are
 *   `null` / empty, never absent keys; the rule engine — not the schema — says what is missing.
 *   The schema rejects what is malformed: wrong types, unknown keys, oversize strings, bad dates.
 * - Units are explicit next to every number.
 * - Brazilian fields live in `brazil`, `property.location.sirgas2000` and the rows' `cbrrCategory`
 *   (see `brazilian-fields.ts`); they are shown and writable only with the BRAZILIAN_FIELDS flag.
 * - Figures are stored inline as base64 JPEG or GIF (EDGAR accepts only those), so one JSON file
 *   is the whole report.
 * - Changes after schemaVersion 3 are additive; a breaking change needs a new version and a
 *   migration in migrations.ts.
 */

import { TRS_FORMAT, TRS_SCHEMA_VERSION } from './template';

export { TRS_FORMAT, TRS_SCHEMA_VERSION } from './template';

// ---- the document -------------------------------------------------------------------------

export const TrsReportSchema = z.strictObject({
  format: z.literal(TRS_FORMAT),
  schemaVersion: z.literal(TRS_SCHEMA_VERSION),
  metadata: MetadataSchema,
  qualifiedPersons: z.array(QualifiedPersonSchema).max(100),
  signingFirm: SigningFirmSchema.nullable(),
  property: PropertySchema,
  sections: SectionsSchema,
  mineralResources: z.array(ResourceTableSchema).max(100),
  mineralReserves: z.array(ReserveTableSchema).max(100),
  priorYearComparison: PriorYearComparisonSchema.nullable(),
  capitalCosts: CostEstimateSchema.nullable(),
  operatingCosts: CostEstimateSchema.nullable(),
  economicAnalysis: EconomicAnalysisSchema.nullable(),
  brazil: BrazilFieldsSchema.nullable(),
  references: z.array(ReferenceSchema).max(5000),
  figures: z.array(FigureSchema).max(500),
});
export type TrsReport = z.infer<typeof TrsReportSchema>;

// ---- templates: in template.ts, which needs no schema (opening app.db uses it without loading them)
export { createEmptyReport, createEmptySections, type NewReportOptions } from './template';

export function getSection(report: TrsReport, key: SectionKey): Section {
  const section = report.sections.find((s) => s.key === key);
  if (!section) throw new Error(`report has no section ${key}`);
  return section;
}

/** Random element id for rows, persons, references (crypto.randomUUID exists in Node 20 and browsers). */
export function newElementId(): string {
  const c = (globalThis as unknown as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `id-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function emptyResourceTable(idValue: string = newElementId()): ResourceTable {
  return {
    id: idValue,
    title: 'Mineral resources',
    effectiveDate: null,
    pointOfReference: '',
    cutOff: [],
    metallurgicalRecovery: [],
    prices: [],
    attributablePercent: null,
    notes: '',
    exclusiveOfReserves: true,
    rows: [],
  };
}

export function emptyReserveTable(idValue: string = newElementId()): ReserveTable {
  return {
    id: idValue,
    title: 'Mineral reserves',
    effectiveDate: null,
    pointOfReference: '',
    cutOff: [],
    metallurgicalRecovery: [],
    prices: [],
    attributablePercent: null,
    notes: '',
    rows: [],
  };
}
