import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';

/**
 * The records the fake regulator servers publish: the real samples copied into
 * test/fixtures/official/ (public data) plus SYNTHETIC records in the same formats where no real
 * sample exists (all geometries of ANM processes, records near the test property, all of ANP).
 * Synthetic holders are named "SINTÉTICA …" and use the test CNPJ 11.222.333/0001-81.
 */

const here = __dirname;
export const FIXTURES_DIR = path.resolve(here, '../fixtures/official');

const readJson = <T>(name: string): T => JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, name), 'utf8')) as T;

export type Ring = number[][];
export interface PolygonGeom {
  type: 'Polygon';
  coordinates: Ring[];
}
export interface MultiPolygonGeom {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}
export interface PointGeom {
  type: 'Point';
  coordinates: number[];
}
export type Geom = PolygonGeom | MultiPolygonGeom | PointGeom;

export interface FakeFeature {
  attributes: Record<string, unknown>;
  geometry: Geom | null;
}

/** The test property: real process 802.563/1973 (two parts), placed near Ouro Preto (placement synthetic). */
export const PROPERTY = { process: '802.563/1973', lon: -43.52, lat: -20.3 } as const;
export const SYNTHETIC_CNPJ = '11.222.333/0001-81';

/** A square of `areaHa` hectares centred on a point, counter-clockwise (GeoJSON). */
export function square(lon: number, lat: number, areaHa: number): PolygonGeom {
  const sideM = Math.sqrt(areaHa * 10_000);
  const dLat = sideM / 2 / 110_574;
  const dLon = sideM / 2 / (111_320 * Math.cos((lat * Math.PI) / 180));
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon - dLon, lat - dLat],
        [lon + dLon, lat - dLat],
        [lon + dLon, lat + dLat],
        [lon - dLon, lat + dLat],
        [lon - dLon, lat - dLat],
      ],
    ],
  };
}

export function rect(minLon: number, minLat: number, maxLon: number, maxLat: number): PolygonGeom {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [minLon, minLat],
        [maxLon, minLat],
        [maxLon, maxLat],
        [minLon, maxLat],
        [minLon, minLat],
      ],
    ],
  };
}

/** Minimal WKT reader for the POLYGON / MULTIPOLYGON strings of the IBAMA embargo file. */
export function parseWkt(wkt: string): PolygonGeom | MultiPolygonGeom | null {
  const text = wkt.trim();
  const ringsOf = (body: string): Ring[] =>
    [...body.matchAll(/\(([^()]+)\)/g)].map((m) => m[1]!.split(',').map((pair) => pair.trim().split(/\s+/).map(Number)));
  if (/^MULTIPOLYGON/i.test(text)) {
    const inner = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
    const polygons = [...inner.matchAll(/\((\s*\([^()]+\)(?:\s*,\s*\([^()]+\))*)\s*\)/g)].map((m) => ringsOf(m[1]!));
    return polygons.length ? { type: 'MultiPolygon', coordinates: polygons } : null;
  }
  if (/^POLYGON/i.test(text)) {
    const rings = ringsOf(text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')));
    return rings.length ? { type: 'Polygon', coordinates: rings } : null;
  }
  return null;
}

// ---------------------------------------------------------------- ANM SIGMINE layer 0

interface SigmineSample {
  attributes: Record<string, unknown>[];
}

export function anmFeatures(): FakeFeature[] {
  const real = readJson<SigmineSample>('anm_sigmine_featureserver0_attributes_MG_sample.json').attributes;
  const features: FakeFeature[] = [];
  let slot = 0;
  let propertyPart = 0;
  for (const attributes of real) {
    const area = Number(attributes.AREA_HA);
    if (attributes.PROCESSO === '802563/1973') {
      // The two real parts of the property, side by side (~370 m squares), 500 m apart.
      const lon = PROPERTY.lon + propertyPart * 0.005;
      propertyPart += 1;
      features.push({ attributes, geometry: square(lon, PROPERTY.lat, area) });
      continue;
    }
    // Other real processes on a synthetic grid north-west of the property, 3 km apart.
    const col = slot % 6;
    const row = Math.floor(slot / 6);
    slot += 1;
    features.push({ attributes, geometry: square(-43.75 + col * 0.03, -20.2 + row * 0.03, Math.min(area, 400)) });
  }
  // A dense synthetic cluster (12 × 12 small processes) so that area queries exceed the record cap.
  let fid = 900_000;
  for (let i = 0; i < 12; i++) {
    for (let j = 0; j < 12; j++) {
      const numero = 900_000 + i * 12 + j;
      fid += 1;
      features.push({
        attributes: {
          PROCESSO: `${numero}/2020`,
          NUMERO: numero,
          ANO: 2020,
          FASE: 'AUTORIZAÇÃO DE PESQUISA',
          NOME: `SINTÉTICA MINERAÇÃO ${i * 12 + j} LTDA`,
          SUBS: 'MINÉRIO DE FERRO',
          USO: 'Industrial',
          AREA_HA: 20,
          UF: 'MG',
          ULT_EVENTO: '209 - AUT PESQ/ALVARÁ DE PESQUISA PUBL EM 02/03/2021',
          ID: `{SYNTH-${fid}}`,
          FID: fid,
          DSProcesso: `${String(numero).slice(0, 3)}.${String(numero).slice(3)}/2020`,
        },
        geometry: square(-43.45 + j * 0.004, -20.25 + i * 0.004, 20),
      });
    }
  }
  return features;
}

// ---------------------------------------------------------------- IBAMA embargo layer (PAMGIA, lower-case fields)

const epoch = (text: string): number | null => {
  if (!text) return null;
  const ms = Date.parse(`${text.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? null : ms;
};

export function ibamaEmbargoFeatures(): FakeFeature[] {
  const rows = parseCsv(fs.readFileSync(path.join(FIXTURES_DIR, 'ibama_termo_de_embargo_first5rows.csv'), 'utf8'), {
    columns: true,
    delimiter: ';',
    bom: true,
  }) as Record<string, string>[];
  const features: FakeFeature[] = rows.map((r, index) => ({
    attributes: {
      objectid: index + 1,
      num_tad: r.NUM_TAD,
      serie_tad: r.SER_TAD,
      uf: r.UF,
      municipio: r.MUNICIPIO,
      nome_imovel: r.NOME_IMOVEL,
      nome_embargado: r.NOME_EMBARGADO,
      cpf_cnpj_embargado: r.CPF_CNPJ_EMBARGADO,
      dat_embargo: epoch(r.DAT_EMBARGO ?? ''),
      des_infracao: null,
      des_tad: r.DES_TAD,
      // The ArcGIS layer is numeric; the CSV's decimal comma is converted as the layer would hold it.
      qtd_area_embargada: r.QTD_AREA_EMBARGADA ? Number(r.QTD_AREA_EMBARGADA.replace(',', '.')) : null,
      num_processo: r.NUM_PROCESSO,
      unid_controle: r.UNID_CONTROLE,
      sit_desmatamento: null,
      dat_ult_alteracao: epoch(r.DAT_ULT_ALTERACAO ?? ''),
    },
    geometry: r.GEOM_AREA_EMBARGADA ? parseWkt(r.GEOM_AREA_EMBARGADA) : null,
  }));
  const synthetic = (n: number, lon: number, lat: number, ha: number, municipio: string): FakeFeature => ({
    attributes: {
      objectid: 1000 + n,
      num_tad: `SINT${n}`,
      serie_tad: 'E',
      uf: 'MG',
      municipio,
      nome_imovel: `Fazenda Sintética ${n}`,
      nome_embargado: 'SINTÉTICA MINERAÇÃO LTDA',
      cpf_cnpj_embargado: SYNTHETIC_CNPJ,
      dat_embargo: Date.UTC(2024, 4, 14, 10, 30),
      des_infracao: 'Desmatar vegetação nativa sem autorização',
      des_tad: `Embargo sintético de ${ha} ha para testes`,
      qtd_area_embargada: ha,
      num_processo: `02015.00${n}/2024-11`,
      unid_controle: 'SUPES/MG',
      sit_desmatamento: 'D',
      dat_ult_alteracao: Date.UTC(2025, 0, 10),
    },
    geometry: square(lon, lat, ha),
  });
  // One overlapping the property's first part, one 40 km away.
  features.push(synthetic(1, PROPERTY.lon + 0.001, PROPERTY.lat + 0.001, 5, 'Ouro Preto'));
  features.push(synthetic(2, -43.9, -19.95, 12, 'Belo Horizonte'));
  return features;
}

// ---------------------------------------------------------------- SGB GeoServer layers (lower-case properties)

interface GeoJsonSample {
  features: Array<{ geometry: Geom; properties: Record<string, unknown> }>;
}

export interface WfsFeatureData {
  id: string;
  properties: Record<string, unknown>;
  geometry: Geom;
}

export function sgbOccurrenceFeatures(): WfsFeatureData[] {
  const real = readJson<GeoJsonSample>('sgb_geosgb_ocorrencias_sample.geojson').features;
  const features: WfsFeatureData[] = real.map((f, index) => {
    const properties: Record<string, unknown> = { id_ocorrencia: 50_000 + index };
    for (const [k, v] of Object.entries(f.properties)) properties[k.toLowerCase()] = v;
    return { id: `ocorrencias_recursos_minerais.${index + 1}`, properties, geometry: f.geometry };
  });
  const near: Array<[number, number, string, string, string]> = [
    [0.02, 0.01, 'Ferro', 'Mina', 'Depósito'],
    [-0.03, 0.02, 'Manganês', 'Garimpo', 'Ocorrência'],
    [0.05, -0.04, 'Ouro', 'Não explotado', 'Indício'],
    [-0.07, -0.06, 'Topázio imperial', 'Garimpo', 'Depósito'],
    [0.11, 0.09, 'Bauxita', 'Indeterminado', 'Indeterminado'],
  ];
  near.forEach(([dLon, dLat, substancias, status, importancia], i) => {
    features.push({
      id: `ocorrencias_recursos_minerais.${9000 + i}`,
      properties: {
        id_ocorrencia: 90_000 + i,
        toponimia: `Ocorrência sintética ${i + 1}`,
        municipio: 'Ouro Preto',
        uf: 'MG',
        substancias,
        status_economico: status,
        importancia,
        situacao_mina: status === 'Mina' ? 'Ativo(a)' : null,
        provincia: 'São Francisco',
        rochas: 'Itabirito',
        data_cadastro: '2003-06-12',
      },
      geometry: { type: 'Point', coordinates: [PROPERTY.lon + dLon, PROPERTY.lat + dLat] },
    });
  });
  return features;
}

export function sgbUnitFeatures(): WfsFeatureData[] {
  return [
    {
      id: 'litoestratigrafia_1m.1',
      properties: {
        sigla: 'PP1mi',
        nome: 'Grupo Itabira (sintético)',
        hierarquia: 'Grupo',
        legenda: 'Itabirito, dolomito ferruginoso, filito',
        litotipos: 'Itabirito, Dolomito, Filito',
        idade_min: 2420,
        idade_max: 2580,
        era_min: 'Paleoproterozóico',
        era_max: 'Neoarqueano',
        sistema_min: 'Sideriano',
        sistema_max: null,
        ambiente_tectonico: 'Margem passiva',
        mapa: 'Carta Geológica do Brasil ao Milionésimo',
      },
      geometry: rect(-43.7, -20.45, -43.45, -20.15),
    },
    {
      id: 'litoestratigrafia_1m.2',
      properties: {
        sigla: 'A4bc',
        nome: 'Complexo Bação (sintético)',
        hierarquia: 'Complexo',
        legenda: 'Gnaisse, migmatito',
        litotipos: 'Gnaisse, Migmatito',
        idade_min: 2700,
        idade_max: 3200,
        era_min: 'Neoarqueano',
        era_max: 'Mesoarqueano',
        sistema_min: null,
        sistema_max: null,
        ambiente_tectonico: null,
        mapa: 'Carta Geológica do Brasil ao Milionésimo',
      },
      geometry: rect(-43.95, -20.45, -43.7, -20.15),
    },
  ];
}

// ---------------------------------------------------------------- ANP GISHUB layers (all synthetic: no real sample exists)

export function anpBlockFeatures(): WfsFeatureData[] {
  const block = (n: number, code: string, name: string, geometry: PolygonGeom): WfsFeatureData => ({
    id: `BLOCOS_EXPLORATORIOS_SIRGAS.${n}`,
    properties: {
      COD_BLOCO: code,
      COD_FASE_C: 'E',
      DAT_ASSINA: '2021-01-22',
      DAT_TERMIN: '2028-01-22',
      NOM_BACIA: 'São Francisco',
      NOM_BLOCO: name,
      NOM_FANTAS: null,
      NUM_CONTRA: `48610.0000${n}/2021-11`,
      NUM_DESCOB: 0,
      OPERADOR_C: 'SINTÉTICA PETRÓLEO S.A.',
      RODADA: 'Oferta Permanente - Ciclo 2',
      AREA_TOTAL: 2914.5,
      AMBIENTE: 'TERRA',
      BLOCOS: name,
    },
    geometry,
  });
  return [block(1, 'SF-T-120-SINT', 'SF-T-120', rect(-43.6, -20.35, -43.4, -20.2)), block(2, 'SF-T-121-SINT', 'SF-T-121', rect(-45.2, -18.9, -44.9, -18.6))];
}

export function anpFieldFeatures(): WfsFeatureData[] {
  return [
    {
      id: 'CAMPOS_PRODUCAO_SIRGAS.1',
      properties: {
        NUM_RODADA: 'Rodada 7',
        NOM_CAMPO: 'CAMPO SINTÉTICO',
        AREA: 41.2,
        OPERADOR_C: 'SINTÉTICA PETRÓLEO S.A.',
        NUM_CONTRA: '48610.000111/2006-21',
        DAT_ASSINA: '2006-02-10',
        DAT_TERMIN: '2033-02-10',
        NOM_BACIA: 'São Francisco',
        COD_CAMPO: 9001,
        SIG_CAMPO: 'CSINT',
        DAT_DESCOB: '2012-09-30',
        DAT_INICIO: '2016-05-01',
        ETAPA: 'Produção',
        MED_LAMINA: null,
        FLUIDO_PRI: 'Gás Natural',
        ID: 9001,
        AMBIENTE: 'TERRA',
      },
      geometry: rect(-45.1, -18.85, -45.0, -18.75),
    },
  ];
}

/** 1,200 synthetic wells (enough for three WFS pages of 500) plus three inside the property block. */
export function anpWellFeatures(): WfsFeatureData[] {
  const wells: WfsFeatureData[] = [];
  const well = (n: number, lon: number, lat: number, bloco: string | null): WfsFeatureData => ({
    id: `POCOS_SIRGAS.${n}`,
    properties: {
      OGR_FID: n,
      POCO: `1-SINT-${n}-MG`,
      CADASTRO: String(300_000_000 + n),
      OPERADOR: 'SINTÉTICA PETRÓLEO S.A.',
      POCO_OPERA: `1SINT${n}MG`,
      ESTADO: 'MG',
      BACIA: 'São Francisco',
      BLOCO: bloco,
      SIG_CAMPO: null,
      CAMPO: null,
      TERRA_MAR: 'T',
      TIPO: 'Explotatório',
      CATEGORIA: 'Pioneiro',
      SITUACAO: 'Abandonado por logística operacional',
      INICIO: '2015-08-03',
      TERMINO: '2015-10-21',
    },
    geometry: { type: 'Point', coordinates: [lon, lat] },
  });
  for (let i = 0; i < 1200; i++) wells.push(well(i + 1, -45.5 + (i % 40) * 0.02, -19.0 + Math.floor(i / 40) * 0.02, 'SF-T-121'));
  wells.push(well(5001, -43.55, -20.3, 'SF-T-120'), well(5002, -43.5, -20.25, 'SF-T-120'), well(5003, -43.45, -20.28, 'SF-T-120'));
  return wells;
}

// ---------------------------------------------------------------- IBAMA SISLIC

export function sislicRecords(): Record<string, unknown>[] {
  const real = readJson<{ records: Record<string, unknown>[] }>('ibama_sislic_licencas_mineracao_sample.json').records;
  // Synthetic rows in the raw SISLIC spelling (UNVERIFIED per the reference), with a holder CNPJ.
  const synthetic = [
    {
      des_tipo_licenca: 'Licença de Operação',
      numero_processo: '02001.009999/2019-11',
      pac: 'No',
      data_vencimento: '31/12/2029',
      empreendimento: 'Lavra de minério de ferro - Mina Sintética',
      num_licenca: '9901/2024',
      nome_pessoa: 'SINTÉTICA MINERAÇÃO LTDA',
      cpf_cnpj: SYNTHETIC_CNPJ,
      atualizacao: '20/03/2026 22:36',
      data_emissao: '02/01/2024',
      tipologia: 'Mineração',
    },
    {
      des_tipo_licenca: 'Licença de Instalação',
      numero_processo: '02001.009999/2019-11',
      pac: 'No',
      data_vencimento: '15/06/2023',
      empreendimento: 'Lavra de minério de ferro - Mina Sintética',
      num_licenca: '8801/2021',
      nome_pessoa: 'SINTÉTICA MINERAÇÃO LTDA',
      cpf_cnpj: SYNTHETIC_CNPJ,
      atualizacao: '20/03/2026 22:36',
      data_emissao: '15/06/2021',
      tipologia: 'Mineração',
    },
  ];
  return [...real, ...synthetic];
}
