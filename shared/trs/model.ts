import { z } from 'zod';
import { ElementIdSchema, RichTextSchema } from './rich-text';
import { SECTION_KEYS, SK1300_SECTIONS, type SectionKey } from './sections';
import { hasControlChars, TEXT_CONTROL_CHARS } from '../text/control-chars';

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
 * - Changes after schemaVersion 2 are additive; a breaking change needs a new version and a
 *   migration in migrations.ts.
 */

export const TRS_FORMAT = 'qivo.trs' as const;
export const TRS_SCHEMA_VERSION = 2 as const;

// ---- primitives ---------------------------------------------------------------------------

/** Bounded, control-character-free text; line breaks allowed (notes, addresses). */
export const boundedText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasControlChars(s, TEXT_CONTROL_CHARS), { message: 'control characters are not allowed' });
const shortText = boundedText(500);
const longText = boundedText(20_000);

export const IsoDateSchema = z.iso.date();
const optionalDate = IsoDateSchema.nullable();
const nullableNumber = z.number().nullable();
const percent = z.number().min(0).max(100);
const nullablePercent = percent.nullable();
const id = ElementIdSchema;

/** Commodity as written in reports: chemical symbol or product (Au, Ag, Cu, Li2O, LCE, Fe …). */
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

// ---- metadata -----------------------------------------------------------------------------

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
  registrantCik: z.string().regex(/^\d{1,10}$/).nullable(),
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

// ---- qualified persons --------------------------------------------------------------------

export const CONSENT_STATUSES = ['notRequested', 'requested', 'received', 'refused'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const QualifiedPersonSchema = z.strictObject({
  id,
  name: shortText,
  /** Recognised professional organisation (e.g. AusIMM, AIPG, SME RM, CBRR PQR). */
  rpo: shortText,
  membershipNumber: shortText,
  /** Professional designation, e.g. "FAusIMM (CP)". */
  credentials: shortText,
  yearsRelevantExperience: z.number().min(0).max(80).nullable(),
  employer: shortText,
  isRegistrantEmployee: z.boolean(),
  /** Any affiliation with the registrant or with another holder of an interest or royalty in the property. */
  affiliationWithRegistrant: longText,
  sectionsResponsible: z.array(z.number().int().min(1).max(25)).max(25),
  /** Date and description of the personal inspection, or why none was made (section 2). */
  personalInspection: z.strictObject({ date: optionalDate, description: longText }),
  signatureDate: optionalDate,
  consentStatus: z.enum(CONSENT_STATUSES),
  consentDate: optionalDate,
});
export type QualifiedPerson = z.infer<typeof QualifiedPersonSchema>;

/** §1302(b)(1)(ii): a third-party firm of mining experts may date and sign instead of its QP employees. */
export const SigningFirmSchema = z.strictObject({
  name: shortText,
  address: longText,
  signatureDate: optionalDate,
  consentStatus: z.enum(CONSENT_STATUSES),
  consentDate: optionalDate,
  /** The QPs (ids in `qualifiedPersons`) employed by the firm who prepared the report. */
  qualifiedPersonIds: z.array(id).max(100),
});
export type SigningFirm = z.infer<typeof SigningFirmSchema>;

// ---- property -----------------------------------------------------------------------------

/** One ring: [lon, lat] pairs, first == last (GeoJSON order). */
const PositionSchema = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export const PolygonSchema = z.strictObject({
  type: z.literal('Polygon'),
  coordinates: z.array(z.array(PositionSchema).min(4).max(100_000)).min(1).max(1000),
});
export type Polygon = z.infer<typeof PolygonSchema>;

export const MINERAL_RIGHT_KINDS = ['anmProcess', 'concession', 'claim', 'licence', 'lease', 'surfaceRight', 'other'] as const;

export const MineralRightSchema = z.strictObject({
  id,
  kind: z.enum(MINERAL_RIGHT_KINDS),
  /** ANM process number (NNN.NNN/AAAA) for Brazilian rights, claim or licence number elsewhere. */
  identifier: shortText,
  description: longText,
  areaHa: z.number().min(0).nullable(),
  holder: shortText,
  status: shortText,
  expiresOn: optionalDate,
});
export type MineralRight = z.infer<typeof MineralRightSchema>;

export const RoyaltySchema = z.strictObject({
  id,
  holder: shortText,
  /** e.g. "NSR", "CFEM", "landowner". */
  kind: shortText,
  ratePercent: nullablePercent,
  description: longText,
});

export const PropertySchema = z.strictObject({
  location: z.strictObject({
    /** WGS 84 / SIRGAS 2000 decimal degrees of a representative point (section 3, "within one mile"). */
    latitude: z.number().min(-90).max(90).nullable(),
    longitude: z.number().min(-180).max(180).nullable(),
    /** ANM form (Res. ANM 142/2023): `±GG:MM:SS,SSS`. Brazilian field. */
    sirgas2000: z.strictObject({ latitude: z.string().max(20), longitude: z.string().max(20) }).nullable(),
    description: longText,
  }),
  polygon: PolygonSchema.nullable(),
  areaHa: z.number().min(0).nullable(),
  mineralRights: z.array(MineralRightSchema).max(5000),
  /** Registrant's interest in the property. */
  ownershipPercent: nullablePercent,
  royalties: z.array(RoyaltySchema).max(200),
  encumbrances: longText,
});
export type Property = z.infer<typeof PropertySchema>;

// ---- sections -----------------------------------------------------------------------------

export const SECTION_STATUSES = ['draft', 'complete', 'notApplicable'] as const;
export type SectionStatus = (typeof SECTION_STATUSES)[number];

export const SectionSchema = z.strictObject({
  number: z.number().int().min(1).max(25),
  key: z.enum(SECTION_KEYS),
  title: shortText,
  status: z.enum(SECTION_STATUSES),
  body: RichTextSchema,
  notApplicableReason: longText,
});
export type Section = z.infer<typeof SectionSchema>;

const SectionsSchema = z
  .array(SectionSchema)
  .length(SK1300_SECTIONS.length)
  .superRefine((sections, ctx) => {
    sections.forEach((section, index) => {
      const expected = SK1300_SECTIONS[index]!;
      if (section.number !== expected.number || section.key !== expected.key) {
        ctx.addIssue({ code: 'custom', path: [index, 'key'], message: `section ${index + 1} must be "${expected.key}" (${expected.title})` });
      } else if (section.title !== expected.title) {
        ctx.addIssue({ code: 'custom', path: [index, 'title'], message: `section ${expected.number} title must be "${expected.title}"` });
      }
    });
  });

// ---- resource and reserve tables ----------------------------------------------------------

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

// ---- costs and economics ------------------------------------------------------------------

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

// ---- Brazil -------------------------------------------------------------------------------

export const UFS = [
  'AC', 'AL', 'AP', 'AM', 'BA', 'CE', 'DF', 'ES', 'GO', 'MA', 'MT', 'MS', 'MG', 'PA', 'PB', 'PR', 'PE', 'PI', 'RJ', 'RN', 'RS', 'RO', 'RR', 'SC', 'SP', 'SE', 'TO',
] as const;
export type Uf = (typeof UFS)[number];

export const AnmProcessSchema = z.strictObject({
  /** `NNN.NNN/AAAA` as displayed by ANM (SIGMINE stores it without the dot). */
  processNumber: z.string().max(20),
  /** ANM phase, e.g. "Autorização de Pesquisa", "Concessão de Lavra". */
  phase: shortText,
  substance: shortText,
  areaHa: z.number().min(0).nullable(),
  holderName: shortText,
  lastEvent: shortText,
});

export const IbamaLicenceSchema = z.strictObject({
  id,
  number: z.string().max(60),
  /** LP (prévia), LI (instalação), LO (operação) or another instrument. */
  type: z.enum(['LP', 'LI', 'LO', 'LAU', 'LAS', 'other']),
  issuer: shortText,
  issuedOn: optionalDate,
  validUntil: optionalDate,
  description: shortText,
});

export const BrazilFieldsSchema = z.strictObject({
  holderName: shortText,
  /** Holder's CNPJ, numeric or alphanumeric, formatted `NN.NNN.NNN/NNNN-DD`. */
  holderCnpj: z.string().max(18),
  anmProcesses: z.array(AnmProcessSchema).max(5000),
  municipalities: z.array(z.strictObject({ ibgeCode: z.string().max(7), name: shortText, uf: z.enum(UFS) })).max(200),
  ibamaLicences: z.array(IbamaLicenceSchema).max(500),
  /** Whether a Declaração Pública under ANM Res. 94/2022 was or will be filed with ANM. */
  res94PublicDeclaration: z.enum(['notPlanned', 'planned', 'filed']),
  notes: longText,
});
export type BrazilFields = z.infer<typeof BrazilFieldsSchema>;

// ---- references and figures ---------------------------------------------------------------

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

/** Inline images: ~20 MB of base64 per figure at most. */
export const FIGURE_BASE64_MAX = 28_000_000;
export const FigureSchema = z
  .strictObject({
    id,
    caption: longText,
    mimeType: z.enum(['image/jpeg', 'image/gif']),
    fileName: z.string().max(200).regex(/^[^/\\]+$/, 'a file name, not a path'),
    widthPx: z.number().int().positive().nullable(),
    heightPx: z.number().int().positive().nullable(),
    dataBase64: z.string().max(FIGURE_BASE64_MAX).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
  })
  .refine((f) => (f.mimeType === 'image/jpeg' ? f.dataBase64.startsWith('/9j/') : f.dataBase64.startsWith('R0lGOD')), {
    message: 'image data does not match its type (JPEG or GIF only)',
    path: ['dataBase64'],
  });
export type Figure = z.infer<typeof FigureSchema>;

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
