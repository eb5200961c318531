import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AnmProcess, IbamaEmbargo, Provenance } from '../../shared/official/records';
import { anmProcessFact, ibamaEmbargoFact, insertFact } from '../../shared/official/report-facts';
import { TrsReportSchema, type TrsReport } from '../../shared/trs/model';
import type { CheckContext } from '../../shared/krci';

const SAMPLES = path.resolve(__dirname, '../../assets/samples');

export function loadSample(name: 'gold' | 'lithium'): TrsReport {
  const file = name === 'gold' ? 'trs-gold-ribeirao-dourado.json' : 'trs-lithium-lagoa-seca.json';
  return TrsReportSchema.parse(JSON.parse(readFileSync(path.join(SAMPLES, file), 'utf8')));
}

/** A fixed clock: samples are dated 2025, the session runs in late 2026. */
export const NOW = new Date('2026-11-27T12:00:00Z');

/** The SIGMINE record of the gold sample's concession, as the official-data client returns it. */
export function goldAnmRecord(overrides: Partial<AnmProcess> = {}): AnmProcess {
  return {
    process: '831.245/2004',
    number: 831245,
    year: 2004,
    holder: 'MINERAÇÃO RIBEIRÃO DOURADO LTDA',
    phase: 'CONCESSÃO DE LAVRA',
    substances: ['MINÉRIO DE OURO'],
    use: 'Industrial',
    uf: 'MG',
    areaHa: 612.4,
    parts: 1,
    lastEvent: null,
    geometry: null,
    ...overrides,
  };
}

export function embargo(coordinates: number[][][], term = 'TAD 123456-E'): IbamaEmbargo {
  return {
    term,
    series: 'E',
    uf: 'MG',
    municipality: 'ITABIRITO',
    propertyName: null,
    holder: null,
    cpfCnpj: null,
    embargoDate: '2023-05-10',
    infraction: null,
    description: null,
    areaHa: 12,
    process: null,
    controlUnit: null,
    lastChange: null,
    geometry: { type: 'Polygon', coordinates },
  };
}

/** A square of `size` degrees with its south-west corner at (lon, lat). */
export function square(lon: number, lat: number, size: number): number[][][] {
  return [
    [
      [lon, lat],
      [lon + size, lat],
      [lon + size, lat + size],
      [lon, lat + size],
      [lon, lat],
    ],
  ];
}

export function context(extra: Partial<CheckContext> = {}): CheckContext {
  return { now: NOW, flags: { BRAZILIAN_FIELDS: true }, ...extra };
}

/** Deep copy then mutate: fixtures never share state. */
export function mutate(base: TrsReport, fn: (r: TrsReport) => void): TrsReport {
  const copy = structuredClone(base);
  fn(copy);
  return copy;
}

/** An economic analysis for an initial assessment (lithium sample), taken from the gold sample's shape. */
export function lithiumWithEconomics(statement: string, includesInferred = false): TrsReport {
  const gold = loadSample('gold');
  return mutate(loadSample('lithium'), (r) => {
    r.economicAnalysis = { ...structuredClone(gold.economicAnalysis!), includesInferred, cautionaryStatement: statement };
  });
}

export const IA_STATEMENT =
  'This initial assessment is preliminary in nature. Mineral resources that are not mineral reserves do not have demonstrated economic viability.';
export const IA_INFERRED_STATEMENT = `${IA_STATEMENT} It includes inferred mineral resources that are considered too speculative geologically to have modifying factors applied to them; the economic assessment may not be realized.`;

const FAKE_SIGMINE_URL =
  'https://geo.anm.gov.br/arcgis/rest/services/SIGMINE/dados_anm/MapServer/0/query?where=NUMERO%3D831245+AND+ANO%3D2004&outFields=*&f=json';
const FAKE_IBAMA_URL = 'https://pamgia.ibama.gov.br/server/rest/services/01_Publicacoes_Bases/adm_embargos_ibama_a/FeatureServer/0/query?f=json';

/** Provenance of a SIGMINE answer fetched at `fetchedAt`. */
export function anmSource(fetchedAt = '2026-11-20T10:00:00.000Z'): Provenance {
  return { agency: 'ANM', dataset: 'SIGMINE', url: FAKE_SIGMINE_URL, fetchedAt, cache: 'miss' };
}

/** The report with a stored ANM fact of the gold concession (as "Insert into report" stores it). */
export function withAnmFact(report: TrsReport, overrides: Partial<AnmProcess> = {}, fetchedAt?: string): TrsReport {
  let n = 0;
  return insertFact(report, anmProcessFact({ record: goldAnmRecord(overrides), source: anmSource(fetchedAt) }), () => `fact-anm-${++n}`).report;
}

/** The report with a stored IBAMA embargo fact. */
export function withEmbargoFact(report: TrsReport, coordinates: number[][][], term = 'TAD 123456-E'): TrsReport {
  const source: Provenance = { agency: 'IBAMA', dataset: 'adm_embargos_ibama_a', url: FAKE_IBAMA_URL, fetchedAt: '2026-11-20T10:05:00.000Z', cache: 'miss' };
  return insertFact(report, ibamaEmbargoFact(embargo(coordinates, term), source), () => `fact-ibama-${term}`).report;
}
