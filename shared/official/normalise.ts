import { digitsOnly, parseDecimal, publishedText, toIsoDate } from './parsers';
import type { AnpBlock, AnpField, AnpWell, AreaGeometry, IbamaEmbargo, IbamaLicence, SgbOccurrence, SgbUnit } from './records';

type Props = Record<string, unknown>;

/**
 * Field lookup that ignores case: the same SGB layer is upper-case on ArcGIS and lower-case on
 * GeoServer, and SISLIC's key spelling differs between its JSON and the collectors' copies.
 */
export function pick(props: Props, ...names: string[]): unknown {
  for (const name of names) {
    if (name in props && props[name] !== undefined) return props[name];
  }
  const lower = new Map(Object.keys(props).map((k) => [k.toLowerCase(), k]));
  for (const name of names) {
    const key = lower.get(name.toLowerCase());
    if (key !== undefined && props[key] !== undefined) return props[key];
  }
  return undefined;
}

const text = (props: Props, ...names: string[]) => publishedText(pick(props, ...names));
const date = (props: Props, ...names: string[]) => toIsoDate(pick(props, ...names));
const num = (props: Props, ...names: string[]) => parseDecimal(pick(props, ...names));

export function asAreaGeometry(geometry: unknown): AreaGeometry | null {
  if (!geometry || typeof geometry !== 'object') return null;
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if ((g.type === 'Polygon' || g.type === 'MultiPolygon') && Array.isArray(g.coordinates)) return g as AreaGeometry;
  return null;
}

export function normaliseSgbOccurrence(props: Props, lon: number, lat: number, distanceKm: number): SgbOccurrence {
  return {
    id: text(props, 'id_ocorrencia', 'ID_OCORRENCIA', 'OBJECTID') ?? `${lon},${lat}`,
    toponym: text(props, 'toponimia'),
    municipality: text(props, 'municipio'),
    uf: text(props, 'uf'),
    substances: text(props, 'substancias'),
    economicStatus: text(props, 'status_economico'),
    importance: text(props, 'importancia'),
    mineSituation: text(props, 'situacao_mina'),
    province: text(props, 'provincia'),
    rocks: text(props, 'rochas'),
    registeredOn: date(props, 'data_cadastro'),
    lon,
    lat,
    distanceKm: Math.round(distanceKm * 1000) / 1000,
  };
}

export function normaliseSgbUnit(props: Props, geometry: unknown): SgbUnit {
  return {
    code: text(props, 'sigla', 'SIGLA', 'sigla_unid') ?? '',
    name: text(props, 'nome', 'NOME_UNIDADE', 'nome_unida'),
    hierarchy: text(props, 'hierarquia'),
    legend: text(props, 'legenda'),
    lithotypes: text(props, 'litotipos'),
    ageMinMa: num(props, 'idade_min'),
    ageMaxMa: num(props, 'idade_max'),
    eraMin: text(props, 'era_min'),
    eraMax: text(props, 'era_max'),
    geometry: asAreaGeometry(geometry),
  };
}

export function normaliseIbamaEmbargo(props: Props, geometry: AreaGeometry | null): IbamaEmbargo {
  return {
    term: text(props, 'num_tad') ?? '',
    series: text(props, 'serie_tad', 'ser_tad'),
    uf: text(props, 'uf'),
    municipality: text(props, 'municipio'),
    propertyName: text(props, 'nome_imovel'),
    holder: text(props, 'nome_embargado'),
    cpfCnpj: text(props, 'cpf_cnpj_embargado'),
    embargoDate: date(props, 'dat_embargo'),
    infraction: text(props, 'des_infracao'),
    description: text(props, 'des_tad'),
    areaHa: num(props, 'qtd_area_embargada'),
    process: text(props, 'num_processo'),
    controlUnit: text(props, 'unid_controle'),
    lastChange: date(props, 'dat_ult_alteracao'),
    geometry,
  };
}

export function normaliseSislicLicence(props: Props): IbamaLicence {
  return {
    number: text(props, 'num_licenca', 'numero_licenca', 'numLicenca') ?? '',
    type: text(props, 'des_tipo_licenca', 'tipo_licenca', 'desTipoLicenca'),
    process: text(props, 'numero_processo', 'num_processo', 'numeroProcesso'),
    holder: text(props, 'nome_pessoa', 'nome_empreendedor', 'nomePessoa'),
    cpfCnpj: text(props, 'cpf_cnpj', 'cnpj', 'nu_cpf_cnpj', 'cpfCnpj'),
    enterprise: text(props, 'empreendimento'),
    typology: text(props, 'tipologia'),
    issuedOn: date(props, 'data_emissao', 'dat_emissao', 'dataEmissao'),
    expiresOn: date(props, 'data_vencimento', 'dat_vencimento', 'dataVencimento'),
    updatedAt: text(props, 'atualizacao'),
  };
}

/** Query of the licence list: by licence number, process number, holder name or CNPJ. */
export interface LicenceQuery {
  number?: string;
  process?: string;
  holder?: string;
  cnpj?: string;
}

export function licenceMatches(licence: IbamaLicence, query: LicenceQuery): boolean {
  if (query.number && digitsOnly(licence.number) !== digitsOnly(query.number)) return false;
  if (query.process && digitsOnly(licence.process) !== digitsOnly(query.process)) return false;
  if (query.cnpj && digitsOnly(licence.cpfCnpj) !== digitsOnly(query.cnpj)) return false;
  if (query.holder && !foldText(licence.holder ?? '').includes(foldText(query.holder))) return false;
  return Boolean(query.number || query.process || query.cnpj || query.holder);
}

/** Case- and accent-insensitive comparison for names typed by a user ("mineracao" finds "MINERAÇÃO"). */
export function foldText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}

export function normaliseAnpBlock(props: Props, geometry: unknown): AnpBlock {
  return {
    code: text(props, 'COD_BLOCO') ?? '',
    name: text(props, 'NOM_BLOCO', 'NOM_FANTAS'),
    basin: text(props, 'NOM_BACIA'),
    operator: text(props, 'OPERADOR_C'),
    contract: text(props, 'NUM_CONTRA'),
    round: text(props, 'RODADA'),
    signedOn: date(props, 'DAT_ASSINA'),
    endsOn: date(props, 'DAT_TERMIN'),
    areaKm2: num(props, 'AREA_TOTAL'),
    environment: text(props, 'AMBIENTE'),
    geometry: asAreaGeometry(geometry),
  };
}

export function normaliseAnpField(props: Props, geometry: unknown): AnpField {
  return {
    code: text(props, 'COD_CAMPO') ?? '',
    name: text(props, 'NOM_CAMPO'),
    basin: text(props, 'NOM_BACIA'),
    operator: text(props, 'OPERADOR_C'),
    contract: text(props, 'NUM_CONTRA'),
    stage: text(props, 'ETAPA'),
    fluid: text(props, 'FLUIDO_PRI'),
    discoveredOn: date(props, 'DAT_DESCOB'),
    environment: text(props, 'AMBIENTE'),
    geometry: asAreaGeometry(geometry),
  };
}

export function normaliseAnpWell(props: Props, geometry: unknown): AnpWell {
  const coords =
    (geometry as { type?: string; coordinates?: unknown } | null)?.type === 'Point' ? ((geometry as { coordinates: number[] }).coordinates ?? []) : [];
  return {
    register: text(props, 'CADASTRO') ?? '',
    name: text(props, 'POCO'),
    operator: text(props, 'OPERADOR'),
    state: text(props, 'ESTADO'),
    basin: text(props, 'BACIA'),
    block: text(props, 'BLOCO'),
    field: text(props, 'CAMPO'),
    onshoreOffshore: text(props, 'TERRA_MAR'),
    category: text(props, 'CATEGORIA'),
    situation: text(props, 'SITUACAO'),
    startedOn: date(props, 'INICIO'),
    lon: typeof coords[0] === 'number' ? coords[0] : num(props, 'LONG_DD'),
    lat: typeof coords[1] === 'number' ? coords[1] : num(props, 'LAT_DD'),
  };
}
