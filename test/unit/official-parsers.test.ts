import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { QivoError } from '../../shared/errors';
import {
  arcgisRingsToGeometry,
  detectArcgisError,
  detectWfsException,
  looksLikeHtml,
  mergeSigmineParts,
  normaliseAnmProcessNumber,
  parseBboxText,
  parseDecimal,
  parseUltEvento,
  toIsoDate,
  type SigmineAttributes,
} from '../../shared/official/parsers';
import { licenceMatches, normaliseSislicLicence, foldText } from '../../shared/official/normalise';
import { AnmProcessSchema } from '../../shared/official/records';

const FIXTURES = path.resolve(__dirname, '../fixtures/official');
const sigmine = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'anm_sigmine_featureserver0_attributes_MG_sample.json'), 'utf8')) as {
  attributes: SigmineAttributes[];
};

describe('ANM process numbers', () => {
  it.each([
    ['802.563/1973', '802.563/1973', 802563, 1973, '802563/1973'],
    ['802563/1973', '802.563/1973', 802563, 1973, '802563/1973'],
    ['013.987/1967', '013.987/1967', 13987, 1967, '13987/1967'],
    ['13987/1967', '013.987/1967', 13987, 1967, '13987/1967'],
    [' 2904 / 1935 ', '002.904/1935', 2904, 1935, '2904/1935'],
  ])('%s → %s', (input, canonical, number, year, sigmineForm) => {
    expect(normaliseAnmProcessNumber(input)).toEqual({ canonical, number, year, sigmine: sigmineForm });
  });

  it.each(['', '802.563', '8025631/1973', '80.2563/1973', 'abc/1973', '802563/73', '000000/1973', '802563/1899', "1/2000' OR 1=1"])(
    'rejects %j with a translated error',
    (input) => {
      const error = (() => {
        try {
          normaliseAnmProcessNumber(input);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(QivoError);
      expect((error as QivoError).code).toBe('official.invalidProcessNumber');
    },
  );

  it('agrees with DSProcesso and PROCESSO for every real SIGMINE row', () => {
    for (const a of sigmine.attributes) {
      const n = normaliseAnmProcessNumber(a.PROCESSO!);
      expect(n.canonical).toBe(a.DSProcesso);
      expect(n.number).toBe(a.NUMERO);
      expect(n.year).toBe(a.ANO);
      expect(normaliseAnmProcessNumber(a.DSProcesso!).sigmine).toBe(a.PROCESSO);
    }
  });

  it('round-trips any number/year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 1900, max: 2100 }), (number, year) => {
        const a = normaliseAnmProcessNumber(`${number}/${year}`);
        const b = normaliseAnmProcessNumber(a.canonical);
        expect(b).toEqual(a);
        expect(a.canonical).toMatch(/^\d{3}\.\d{3}\/\d{4}$/);
      }),
    );
  });
});

describe('ULT_EVENTO', () => {
  it('splits code, description and date', () => {
    expect(parseUltEvento('131 - REQ PESQ/EXIGÊNCIA PUBL EM 18/08/2022')).toEqual({ code: 131, description: 'REQ PESQ/EXIGÊNCIA PUBL', date: '2022-08-18' });
    expect(parseUltEvento('418 - CONC LAV/RAL ANO BASE APRESENTADO EM 15/03/2026')).toEqual({
      code: 418,
      description: 'CONC LAV/RAL ANO BASE APRESENTADO',
      date: '2026-03-15',
    });
  });

  it('keeps an event without a date', () => {
    expect(parseUltEvento('2275 - APTO DISP/ÁREA APTA PARA DISPONIBILIDADE')).toEqual({
      code: 2275,
      description: 'APTO DISP/ÁREA APTA PARA DISPONIBILIDADE',
      date: null,
    });
    expect(parseUltEvento('')).toBeNull();
    expect(parseUltEvento('DADO NÃO CADASTRADO')).toBeNull();
  });

  it('parses every real ULT_EVENTO of the sample', () => {
    for (const a of sigmine.attributes) {
      const e = parseUltEvento(a.ULT_EVENTO);
      expect(e, a.ULT_EVENTO).not.toBeNull();
      expect(e!.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(a.ULT_EVENTO!.startsWith(`${e!.code} - ${e!.description} EM `)).toBe(true);
    }
  });
});

describe('multi-part SIGMINE processes', () => {
  it('merges the real two-part 802563/1973 into one record, areas summed', () => {
    const merged = mergeSigmineParts(sigmine.attributes.map((attributes) => ({ attributes, geometry: null })));
    const property = merged.filter((r) => r.process === '802.563/1973');
    expect(property).toHaveLength(1);
    expect(property[0]).toMatchObject({ parts: 2, areaHa: 27.05, holder: 'TRATEX MINERACAO LTDA', substances: ['MANGANÊS'], uf: 'MG' });
    expect(property[0]!.lastEvent).toEqual({ code: 131, description: 'REQ PESQ/EXIGÊNCIA PUBL', date: '2022-08-18' });
    // 37 rows, one process twice.
    expect(merged).toHaveLength(36);
    for (const r of merged) AnmProcessSchema.parse(r);
  });

  it('counts a part seen twice (split query overlap) once', () => {
    const part = sigmine.attributes.find((a) => a.PROCESSO === '802563/1973')!;
    const merged = mergeSigmineParts([
      { attributes: part, geometry: null },
      { attributes: { ...part }, geometry: null },
    ]);
    expect(merged[0]).toMatchObject({ parts: 1, areaHa: 13.9 });
  });

  it('keeps polygon parts as one MultiPolygon', () => {
    const ring = (x: number) => [
      [x, 0],
      [x, 1],
      [x + 1, 1],
      [x + 1, 0],
      [x, 0],
    ]; // clockwise
    const parts = sigmine.attributes.filter((a) => a.PROCESSO === '802563/1973');
    const merged = mergeSigmineParts(parts.map((attributes, i) => ({ attributes, geometry: arcgisRingsToGeometry([ring(i * 2)]) })));
    expect(merged[0]!.geometry?.type).toBe('MultiPolygon');
    expect(merged[0]!.geometry?.coordinates).toHaveLength(2);
  });
});

describe('ArcGIS rings', () => {
  it('groups a hole with its clockwise outer ring', () => {
    const outer = [
      [0, 0],
      [0, 10],
      [10, 10],
      [10, 0],
      [0, 0],
    ];
    const hole = [
      [2, 2],
      [4, 2],
      [4, 4],
      [2, 4],
      [2, 2],
    ];
    const second = [
      [20, 0],
      [20, 1],
      [21, 1],
      [21, 0],
      [20, 0],
    ];
    expect(arcgisRingsToGeometry([outer, hole])).toEqual({ type: 'Polygon', coordinates: [outer, hole] });
    expect(arcgisRingsToGeometry([outer, hole, second])).toEqual({ type: 'MultiPolygon', coordinates: [[outer, hole], [second]] });
    expect(arcgisRingsToGeometry(undefined)).toBeNull();
  });
});

describe('wire-level error detection', () => {
  it('finds the ArcGIS error object that comes with HTTP 200', () => {
    expect(
      detectArcgisError({ error: { code: 400, message: 'Cannot perform query. Invalid query parameters.', details: ["'where' parameter is invalid"] } }),
    ).toEqual({ code: 400, message: 'Cannot perform query. Invalid query parameters.', details: ["'where' parameter is invalid"] });
    expect(detectArcgisError({ error: { code: 400, message: '', details: ['The requested layer (layerId: 99) was not found.'] } })?.details[0]).toContain(
      'layerId: 99',
    );
    expect(detectArcgisError({ features: [] })).toBeNull();
    expect(detectArcgisError({ count: 3 })).toBeNull();
  });

  it('finds WFS 2.0 ExceptionReport and WFS 1.0 ServiceExceptionReport', () => {
    const ows = `<?xml version="1.0" encoding="UTF-8"?>
<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1" version="2.0.0">
<ows:Exception exceptionCode="InvalidParameterValue" locator="typeName">
<ows:ExceptionText>Feature type geosgb:xyz unknown</ows:ExceptionText></ows:Exception></ows:ExceptionReport>`;
    expect(detectWfsException(ows)).toEqual({ exceptionCode: 'InvalidParameterValue', locator: 'typeName', text: 'Feature type geosgb:xyz unknown' });
    const v1 =
      '<ServiceExceptionReport version="1.2.0"><ServiceException code="NoApplicableCode">Service WFS is disabled</ServiceException></ServiceExceptionReport>';
    expect(detectWfsException(v1)).toMatchObject({ exceptionCode: 'NoApplicableCode', text: 'Service WFS is disabled' });
    expect(detectWfsException('{"type":"FeatureCollection","features":[]}')).toBeNull();
  });

  it('recognises HTML pages', () => {
    expect(looksLikeHtml('  <!DOCTYPE html><html><body>Manutenção</body></html>')).toBe(true);
    expect(looksLikeHtml('<HTML><BODY>blocked</BODY></HTML>')).toBe(true);
    expect(looksLikeHtml('{"features":[]}')).toBe(false);
  });
});

describe('numbers and dates as published', () => {
  it.each([
    ['71,9994', 71.9994],
    ['1.010,5000', 1010.5],
    [',000000', 0],
    ['359154146,180000', 359154146.18],
    ['-38.33333694444', -38.33333694444],
    ['2126006.0000000000', 2126006],
    ['', null],
    ['n/d', null],
    [13.9, 13.9],
  ])('%j → %j', (input, expected) => {
    expect(parseDecimal(input)).toBe(expected);
  });

  it('dates become YYYY-MM-DD, absurd published years kept', () => {
    expect(toIsoDate('18/08/2022')).toBe('2022-08-18');
    expect(toIsoDate('2030-03-18T00:00:00')).toBe('2030-03-18');
    expect(toIsoDate('2925-09-25 15:10:00')).toBe('2925-09-25');
    expect(toIsoDate(Date.UTC(2024, 4, 14))).toBe('2024-05-14');
    expect(toIsoDate('')).toBeNull();
  });

  it('bbox text', () => {
    expect(parseBboxText('-43.6,-20.4,-43.3,-20.1')).toEqual([-43.6, -20.4, -43.3, -20.1]);
    expect(() => parseBboxText('-43.3,-20.4,-43.6,-20.1')).toThrow(QivoError);
    expect(() => parseBboxText('1,2,3')).toThrow(/bounding box/);
  });
});

describe('SISLIC licences', () => {
  it('reads both the raw and the collectors spelling', () => {
    const raw = normaliseSislicLicence({
      num_licenca: '9901/2024',
      des_tipo_licenca: 'Licença de Operação',
      nome_pessoa: 'X',
      data_emissao: '02/01/2024',
      cpf_cnpj: '11.222.333/0001-81',
    });
    expect(raw).toMatchObject({ number: '9901/2024', type: 'Licença de Operação', holder: 'X', issuedOn: '2024-01-02', cpfCnpj: '11.222.333/0001-81' });
    const collected = normaliseSislicLicence({
      numero_licenca: '01858/2026',
      tipo_licenca: 'Anuência',
      nome_empreendedor: 'VALE S.A.',
      data_emissao: '2026-03-04T00:00:00',
    });
    expect(collected).toMatchObject({ number: '01858/2026', type: 'Anuência', holder: 'VALE S.A.', issuedOn: '2026-03-04' });
    expect(licenceMatches(raw, { cnpj: '11222333000181' })).toBe(true);
    expect(licenceMatches(collected, { holder: 'vale' })).toBe(true);
    expect(licenceMatches(collected, {})).toBe(false);
    expect(foldText('MINERAÇÃO')).toBe('mineracao');
  });
});
