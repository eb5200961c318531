import { z } from 'zod';
import { SK1300_SECTIONS, type SectionKey } from '../sections';
import { BrazilFieldsSchema } from './brazil';
import { CostEstimateSchema, EconomicAnalysisSchema } from './economics';
import { PriorYearComparisonSchema, ReserveTableSchema, ResourceTableSchema, type ReserveTable, type ResourceTable } from './estimates';
import { FigureSchema } from './figures';
import { MetadataSchema } from './metadata';
import { PropertySchema } from './property';
import { QualifiedPersonSchema, SigningFirmSchema } from './qualified-persons';
import type { PropertyStage, StudyType } from './quantities';
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

export const TRS_FORMAT = 'qivo.trs' as const;
export const TRS_SCHEMA_VERSION = 3 as const;

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

// ---- templates ----------------------------------------------------------------------------

export interface NewReportOptions {
  title?: string;
  registrantName?: string;
  propertyName?: string;
  studyType?: StudyType;
  propertyStage?: PropertyStage;
  language?: 'en' | 'pt-BR';
}

export function createEmptySections(): Section[] {
  return SK1300_SECTIONS.map((s) => ({ number: s.number, key: s.key, title: s.title, status: 'draft' as const, body: [], notApplicableReason: '' }));
}

/** The "new report" template: the 25 official headings, empty, with every optional fact unset. */
export function createEmptyReport(options: NewReportOptions = {}): TrsReport {
  return {
    format: TRS_FORMAT,
    schemaVersion: TRS_SCHEMA_VERSION,
    metadata: {
      title: options.title ?? 'Technical Report Summary',
      registrantName: options.registrantName ?? '',
      registrantCik: null,
      propertyName: options.propertyName ?? '',
      effectiveDate: null,
      reportDate: null,
      studyType: options.studyType ?? 'initialAssessment',
      propertyStage: options.propertyStage ?? 'exploration',
      commodities: [],
      supersedes: null,
      language: options.language ?? 'en',
    },
    qualifiedPersons: [],
    signingFirm: null,
    property: {
      location: { latitude: null, longitude: null, sirgas2000: null, description: '' },
      polygon: null,
      areaHa: null,
      mineralRights: [],
      ownershipPercent: null,
      royalties: [],
      encumbrances: '',
    },
    sections: createEmptySections(),
    mineralResources: [],
    mineralReserves: [],
    priorYearComparison: null,
    capitalCosts: null,
    operatingCosts: null,
    economicAnalysis: null,
    brazil: null,
    references: [],
    figures: [],
  };
}

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
