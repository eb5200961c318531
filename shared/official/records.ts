import { z } from 'zod';

/**
 * Normalised official records. Field names are English; values are kept exactly as the agency
 * publishes them (upper-case phases, Portuguese ages…), except dates, which become YYYY-MM-DD,
 * and decimal-comma numbers, which become numbers.
 */

export const AGENCIES = ['ANM', 'SGB', 'IBAMA', 'ANP'] as const;
export const AgencySchema = z.enum(AGENCIES);
export type Agency = z.output<typeof AgencySchema>;

/** One configurable upstream service. Several datasets may come from one source. */
export const SOURCE_IDS = ['anm', 'sgb', 'ibamaEmbargo', 'ibamaSislic', 'anp'] as const;
export const SourceIdSchema = z.enum(SOURCE_IDS);
export type SourceId = z.output<typeof SourceIdSchema>;

export const SOURCE_AGENCY: Record<SourceId, Agency> = {
  anm: 'ANM',
  sgb: 'SGB',
  ibamaEmbargo: 'IBAMA',
  ibamaSislic: 'IBAMA',
  anp: 'ANP',
};

/** Datasets, named as the agencies name them; each has its own time-to-live in the cache. */
export const DATASETS = [
  'SIGMINE',
  'geosgb:ocorrencias_recursos_minerais',
  'geosgb:litoestratigrafia_1m',
  'adm_embargos_ibama_a',
  'SISLIC',
  'BD_ANP:BLOCOS_EXPLORATORIOS_SIRGAS',
  'BD_ANP:CAMPOS_PRODUCAO_SIRGAS',
  'BD_ANP:POCOS_SIRGAS',
] as const;
export const DatasetSchema = z.enum(DATASETS);
export type Dataset = z.output<typeof DatasetSchema>;

export const CacheStateSchema = z.enum(['miss', 'fresh', 'stale']);
export type CacheState = z.output<typeof CacheStateSchema>;

/** Where a fact came from: a filing must say this for every number it quotes. */
export const ProvenanceSchema = z.object({
  agency: AgencySchema,
  dataset: z.string(),
  /** The exact request URL (API keys travel in headers, never here). */
  url: z.string(),
  /** When the agency answered (ISO 8601). */
  fetchedAt: z.string(),
  cache: CacheStateSchema,
  /** Seconds since fetchedAt, given whenever the answer came from the cache. */
  ageSeconds: z.number().optional(),
});
export type Provenance = z.output<typeof ProvenanceSchema>;

const Position = z.array(z.number());
export const PointGeometrySchema = z.object({ type: z.literal('Point'), coordinates: Position });
export const PolygonGeometrySchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)) });
export const MultiPolygonGeometrySchema = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(Position))) });
export const AreaGeometrySchema = z.union([PolygonGeometrySchema, MultiPolygonGeometrySchema]);
export const GeometrySchema = z.union([PointGeometrySchema, PolygonGeometrySchema, MultiPolygonGeometrySchema]);
export type PointGeometry = z.output<typeof PointGeometrySchema>;
export type AreaGeometry = z.output<typeof AreaGeometrySchema>;
export type Geometry = z.output<typeof GeometrySchema>;

/** [minLon, minLat, maxLon, maxLat] in WGS84 / SIRGAS 2000 degrees. */
export const BboxSchema = z
  .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)])
  .refine(([minLon, minLat, maxLon, maxLat]) => minLon < maxLon && minLat < maxLat, { message: 'min must be below max' });
export type Bbox = [number, number, number, number];

export const AnmEventSchema = z.object({
  code: z.number().int(),
  description: z.string(),
  /** YYYY-MM-DD, or null when the published text carries no date. */
  date: z.string().nullable(),
});
export type AnmEvent = z.output<typeof AnmEventSchema>;

export const AnmProcessSchema = z.object({
  /** Canonical `NNN.NNN/AAAA` (SIGMINE DSProcesso, the Cadastro Mineiro key). */
  process: z.string(),
  number: z.number().int(),
  year: z.number().int(),
  holder: z.string(),
  phase: z.string(),
  substances: z.array(z.string()),
  use: z.string(),
  uf: z.string(),
  /** Sum over the polygon parts, hectares. */
  areaHa: z.number(),
  parts: z.number().int(),
  lastEvent: AnmEventSchema.nullable(),
  geometry: AreaGeometrySchema.nullable(),
});
export type AnmProcess = z.output<typeof AnmProcessSchema>;

export const SgbOccurrenceSchema = z.object({
  id: z.string(),
  toponym: z.string().nullable(),
  municipality: z.string().nullable(),
  uf: z.string().nullable(),
  substances: z.string().nullable(),
  economicStatus: z.string().nullable(),
  importance: z.string().nullable(),
  mineSituation: z.string().nullable(),
  province: z.string().nullable(),
  rocks: z.string().nullable(),
  registeredOn: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
  /** Distance from the queried point, km (great circle). */
  distanceKm: z.number(),
});
export type SgbOccurrence = z.output<typeof SgbOccurrenceSchema>;

export const SgbUnitSchema = z.object({
  code: z.string(),
  name: z.string().nullable(),
  hierarchy: z.string().nullable(),
  legend: z.string().nullable(),
  lithotypes: z.string().nullable(),
  ageMinMa: z.number().nullable(),
  ageMaxMa: z.number().nullable(),
  eraMin: z.string().nullable(),
  eraMax: z.string().nullable(),
  geometry: AreaGeometrySchema.nullable(),
});
export type SgbUnit = z.output<typeof SgbUnitSchema>;

export const IbamaEmbargoSchema = z.object({
  term: z.string(),
  series: z.string().nullable(),
  uf: z.string().nullable(),
  municipality: z.string().nullable(),
  propertyName: z.string().nullable(),
  holder: z.string().nullable(),
  cpfCnpj: z.string().nullable(),
  embargoDate: z.string().nullable(),
  infraction: z.string().nullable(),
  description: z.string().nullable(),
  areaHa: z.number().nullable(),
  process: z.string().nullable(),
  controlUnit: z.string().nullable(),
  lastChange: z.string().nullable(),
  geometry: AreaGeometrySchema.nullable(),
});
export type IbamaEmbargo = z.output<typeof IbamaEmbargoSchema>;

export const IbamaLicenceSchema = z.object({
  number: z.string(),
  type: z.string().nullable(),
  process: z.string().nullable(),
  holder: z.string().nullable(),
  cpfCnpj: z.string().nullable(),
  enterprise: z.string().nullable(),
  typology: z.string().nullable(),
  issuedOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  /** SISLIC's own edition stamp (`atualizacao`), as published. */
  updatedAt: z.string().nullable(),
});
export type IbamaLicence = z.output<typeof IbamaLicenceSchema>;

export const AnpBlockSchema = z.object({
  code: z.string(),
  name: z.string().nullable(),
  basin: z.string().nullable(),
  operator: z.string().nullable(),
  contract: z.string().nullable(),
  round: z.string().nullable(),
  signedOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  areaKm2: z.number().nullable(),
  environment: z.string().nullable(),
  geometry: AreaGeometrySchema.nullable(),
});
export type AnpBlock = z.output<typeof AnpBlockSchema>;

export const AnpFieldSchema = z.object({
  code: z.string(),
  name: z.string().nullable(),
  basin: z.string().nullable(),
  operator: z.string().nullable(),
  contract: z.string().nullable(),
  stage: z.string().nullable(),
  fluid: z.string().nullable(),
  discoveredOn: z.string().nullable(),
  environment: z.string().nullable(),
  geometry: AreaGeometrySchema.nullable(),
});
export type AnpField = z.output<typeof AnpFieldSchema>;

export const AnpWellSchema = z.object({
  register: z.string(),
  name: z.string().nullable(),
  operator: z.string().nullable(),
  state: z.string().nullable(),
  basin: z.string().nullable(),
  block: z.string().nullable(),
  field: z.string().nullable(),
  onshoreOffshore: z.string().nullable(),
  category: z.string().nullable(),
  situation: z.string().nullable(),
  startedOn: z.string().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
});
export type AnpWell = z.output<typeof AnpWellSchema>;

/** A list answer with the provenance of the one request (or request family) it came from. */
export function sourced<T extends z.ZodType>(item: T) {
  return z.object({ records: z.array(item), source: ProvenanceSchema });
}

export const AnmProcessResultSchema = z.object({ record: AnmProcessSchema, source: ProvenanceSchema });
export type AnmProcessResult = z.output<typeof AnmProcessResultSchema>;
export const AnmAreaResultSchema = sourced(AnmProcessSchema);
export const SgbOccurrencesResultSchema = sourced(SgbOccurrenceSchema);
export const SgbUnitResultSchema = z.object({ record: SgbUnitSchema.nullable(), source: ProvenanceSchema });
export const IbamaEmbargoesResultSchema = sourced(IbamaEmbargoSchema);
export const IbamaLicencesResultSchema = sourced(IbamaLicenceSchema);
export const AnpOverlapsResultSchema = z.object({
  blocks: sourced(AnpBlockSchema),
  fields: sourced(AnpFieldSchema),
  wells: sourced(AnpWellSchema),
});
export type AnmAreaResult = z.output<typeof AnmAreaResultSchema>;
export type SgbOccurrencesResult = z.output<typeof SgbOccurrencesResultSchema>;
export type SgbUnitResult = z.output<typeof SgbUnitResultSchema>;
export type IbamaEmbargoesResult = z.output<typeof IbamaEmbargoesResultSchema>;
export type IbamaLicencesResult = z.output<typeof IbamaLicencesResultSchema>;
export type AnpOverlapsResult = z.output<typeof AnpOverlapsResultSchema>;

export const CircuitStateSchema = z.enum(['closed', 'open', 'halfOpen']);
export type CircuitState = z.output<typeof CircuitStateSchema>;

export const SourceHealthSchema = z.object({
  source: SourceIdSchema,
  agency: AgencySchema,
  baseUrl: z.string(),
  circuit: CircuitStateSchema,
  consecutiveFailures: z.number().int(),
  lastSuccessAt: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  lastErrorCode: z.string().nullable(),
  /** Age of the newest cached answer of this source, seconds; null when nothing is cached. */
  cacheAgeSeconds: z.number().nullable(),
  cachedEntries: z.number().int(),
  apiKeyConfigured: z.boolean(),
});
export type SourceHealth = z.output<typeof SourceHealthSchema>;

export const CacheFiguresSchema = z.object({
  entries: z.number().int(),
  bytes: z.number().int(),
  maxBytes: z.number().int(),
  hits: z.number().int(),
  misses: z.number().int(),
  staleServes: z.number().int(),
  evictions: z.number().int(),
  bytesWritten: z.number().int(),
});
export type CacheFigures = z.output<typeof CacheFiguresSchema>;

export const OfficialStatusSchema = z.object({ sources: z.array(SourceHealthSchema), cache: CacheFiguresSchema });
export type OfficialStatus = z.output<typeof OfficialStatusSchema>;
