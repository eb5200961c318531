import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IBGE_DV_EXCEPTIONS,
  IBGE_UF_CODES,
  canonicalAnmProcessNumber,
  checkAnmProcessNumber,
  checkCnpj,
  checkIbgeMunicipalityCode,
  cnpjCheckDigits,
  cpfCheckDigits,
  findCpfLikeNumbers,
  formatCnpj,
  formatCpf,
  formatSirgasDms,
  ibgeCheckDigit,
  isValidCnpj,
  isValidCpf,
  isValidIbgeMunicipalityCode,
  isWithinBrazilBounds,
  parseSirgasDms,
} from '../../shared/brazil/identifiers';

const NOW = new Date('2026-11-27T00:00:00Z');

describe('CNPJ', () => {
  it('accepts the numeric reference vector masked and bare', () => {
    expect(checkCnpj('11.222.333/0001-81')).toEqual({ valid: true, normalized: '11222333000181', alphanumeric: false });
    expect(isValidCnpj('11222333000181')).toBe(true);
    expect(cnpjCheckDigits('112223330001')).toBe('81');
  });

  it('accepts the alphanumeric SERPRO vector (IN RFB 2.229/2024)', () => {
    expect(checkCnpj('12.ABC.345/01DE-35')).toEqual({ valid: true, normalized: '12ABC34501DE35', alphanumeric: true });
    expect(isValidCnpj('12abc34501de35')).toBe(true);
    expect(cnpjCheckDigits('12ABC34501DE')).toBe('35');
  });

  it('rejects wrong check digits, every single-character change, letters in the DV, and bad shapes', () => {
    expect(checkCnpj('11.222.333/0001-82')).toEqual({ valid: false, problem: 'checkDigits' });
    expect(checkCnpj('12.ABC.345/01DE-36')).toEqual({ valid: false, problem: 'checkDigits' });
    expect(checkCnpj('12.ABC.345/01DE-3A').valid).toBe(false);
    expect(checkCnpj('')).toEqual({ valid: false, problem: 'empty' });
    expect(checkCnpj('11.222.333/0001')).toEqual({ valid: false, problem: 'format' });
    expect(checkCnpj('11-222-333-0001-81')).toEqual({ valid: false, problem: 'format' });
    expect(checkCnpj('11.222.333/0001-8$').valid).toBe(false);
    expect(checkCnpj('00000000000000')).toEqual({ valid: false, problem: 'repeated' });
    expect(checkCnpj('11111111111111')).toEqual({ valid: false, problem: 'repeated' });
    // Any single substitution in the 12-character base breaks the DV (mod 11 catches all single errors).
    const base = '12ABC34501DE';
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (let i = 0; i < 12; i++) {
      for (const ch of alphabet) {
        if (ch === base[i]) continue;
        const mutated = base.slice(0, i) + ch + base.slice(i + 1) + '35';
        const dv = cnpjCheckDigits(mutated.slice(0, 12));
        expect(isValidCnpj(mutated)).toBe(dv === '35');
      }
    }
  });

  it('round-trips: any 12-character base plus its computed DVs validates, and formatting is stable', () => {
    const baseChar = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    fc.assert(
      fc.property(fc.array(baseChar, { minLength: 12, maxLength: 12 }), (chars) => {
        const base = chars.join('');
        const full = base + cnpjCheckDigits(base);
        if (/^(\d)\1{13}$/.test(full)) return;
        expect(isValidCnpj(full)).toBe(true);
        expect(isValidCnpj(formatCnpj(full))).toBe(true);
        expect(formatCnpj(formatCnpj(full))).toBe(formatCnpj(full));
      }),
      { numRuns: 2000 },
    );
  });

  it('formats', () => {
    expect(formatCnpj('11222333000181')).toBe('11.222.333/0001-81');
    expect(formatCnpj('12abc34501de35')).toBe('12.ABC.345/01DE-35');
    expect(formatCnpj('123')).toBe('123');
    expect(cnpjCheckDigits('12345')).toBeUndefined();
  });
});

describe('CPF', () => {
  it('validates the reference vector and rejects repeated digits', () => {
    expect(isValidCpf('111.444.777-35')).toBe(true);
    expect(isValidCpf('11144477735')).toBe(true);
    expect(cpfCheckDigits('111444777')).toBe('35');
    expect(isValidCpf('111.444.777-36')).toBe(false);
    expect(isValidCpf('111.444.77735')).toBe(false);
    for (let d = 0; d <= 9; d++) expect(isValidCpf(String(d).repeat(11))).toBe(false);
    expect(formatCpf('11144477735')).toBe('111.444.777-35');
  });

  it('round-trips random bases', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), (base) => {
        const full = base + cpfCheckDigits(base);
        expect(isValidCpf(full)).toBe(!/^(\d)\1{10}$/.test(full));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds CPF-looking numbers in free text but not CNPJs, ANM or SEI numbers', () => {
    const text =
      'QP: João, CPF 111.444.777-35; bare 11144477735; typo 123.456.789-00. ' +
      'Empresa CNPJ 11.222.333/0001-81 (11222333000181), processo ANM 803.237/2022, SEI 48051.004086/2021-11, ' +
      'telefone 31987654321.';
    const found = findCpfLikeNumbers(text);
    expect(found.map((f) => f.text)).toEqual(['111.444.777-35', '11144477735', '123.456.789-00']);
    expect(found.map((f) => f.checkDigitsValid)).toEqual([true, true, false]);
    expect(found[0]?.index).toBe(text.indexOf('111.444.777-35'));
    expect(findCpfLikeNumbers('no numbers here')).toEqual([]);
    // A valid CPF embedded in a longer digit run is not a CPF.
    expect(findCpfLikeNumbers('x 9111444777350 y')).toEqual([]);
  });
});

describe('IBGE municipality code', () => {
  it('accepts known municipalities', () => {
    for (const code of ['3550308', '5208707', '3106200', '5300108']) {
      expect(checkIbgeMunicipalityCode(code)).toMatchObject({ valid: true, exception: false });
    }
    expect(checkIbgeMunicipalityCode(3106200)).toEqual({ valid: true, uf: 'MG', exception: false });
  });

  it('accepts the 9 official exceptions although their DV does not match', () => {
    expect(IBGE_DV_EXCEPTIONS.size).toBe(9);
    for (const code of IBGE_DV_EXCEPTIONS) {
      expect(ibgeCheckDigit(code.slice(0, 6))).not.toBe(Number(code[6]));
      expect(checkIbgeMunicipalityCode(code)).toMatchObject({ valid: true, exception: true });
    }
  });

  it('rejects bad UF prefixes, wrong DVs and bad shapes', () => {
    expect(checkIbgeMunicipalityCode('3550309')).toEqual({ valid: false, problem: 'checkDigit' });
    expect(checkIbgeMunicipalityCode('1850308')).toEqual({ valid: false, problem: 'uf' });
    expect(checkIbgeMunicipalityCode('3450308')).toEqual({ valid: false, problem: 'uf' });
    expect(checkIbgeMunicipalityCode('355030')).toEqual({ valid: false, problem: 'format' });
    expect(checkIbgeMunicipalityCode('35503O8')).toEqual({ valid: false, problem: 'format' });
    expect(Object.keys(IBGE_UF_CODES)).toHaveLength(27);
  });

  it('exactly one DV per 6-digit base under a valid UF', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(IBGE_UF_CODES)), fc.stringMatching(/^\d{4}$/), (uf, mid) => {
        const valid = [...'0123456789'].filter((d) => isValidIbgeMunicipalityCode(uf + mid + d));
        const exceptions = [...'0123456789'].filter((d) => IBGE_DV_EXCEPTIONS.has(uf + mid + d));
        expect(valid.length).toBe(1 + exceptions.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('ANM process number', () => {
  it('accepts NNN.NNN/AAAA and SIGMINE NNNNNN/AAAA', () => {
    expect(checkAnmProcessNumber('803.237/2022', NOW)).toEqual({
      valid: true,
      number: '803237',
      year: 2022,
      canonical: '803.237/2022',
      compact: '803237/2022',
    });
    expect(checkAnmProcessNumber('803237/2022', NOW)).toMatchObject({ valid: true, canonical: '803.237/2022' });
    expect(canonicalAnmProcessNumber('803237/2022')).toBe('803.237/2022');
    expect(canonicalAnmProcessNumber('x')).toBeUndefined();
  });

  it('rejects future years, SEI/NUP numbers and other shapes', () => {
    expect(checkAnmProcessNumber('803.237/2026', NOW).valid).toBe(true);
    expect(checkAnmProcessNumber('803.237/2027', NOW)).toEqual({ valid: false, problem: 'futureYear' });
    expect(checkAnmProcessNumber('48051.004086/2021-11', NOW)).toEqual({ valid: false, problem: 'seiNup' });
    expect(checkAnmProcessNumber('80.3237/2022', NOW)).toEqual({ valid: false, problem: 'format' });
    expect(checkAnmProcessNumber('803.237/22', NOW)).toEqual({ valid: false, problem: 'format' });
    expect(checkAnmProcessNumber('', NOW)).toEqual({ valid: false, problem: 'format' });
  });
});

describe('SIRGAS 2000 coordinates (ANM Res. 142/2023)', () => {
  it('parses the reference example and requires the sign, the comma and three decimals', () => {
    const r = parseSirgasDms('-13:00:12,037', 'lat');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.degrees).toBeCloseTo(-(13 + 12.037 / 3600), 10);
    expect(parseSirgasDms('13:00:12,037', 'lat')).toEqual({ ok: false, problem: 'format' });
    expect(parseSirgasDms('-13:00:12.037', 'lat')).toEqual({ ok: false, problem: 'format' });
    expect(parseSirgasDms('-13:00:12', 'lat')).toEqual({ ok: false, problem: 'format' });
    expect(parseSirgasDms('-13:60:12,037', 'lat')).toEqual({ ok: false, problem: 'range' });
    expect(parseSirgasDms('-13:00:60,000', 'lat')).toEqual({ ok: false, problem: 'range' });
    expect(parseSirgasDms('+91:00:00,000', 'lat')).toEqual({ ok: false, problem: 'range' });
    expect(parseSirgasDms('-179:59:59,999', 'lon').ok).toBe(true);
  });

  it('formats with carry and round-trips to the millisecond of arc', () => {
    expect(formatSirgasDms(-(13 + 12.037 / 3600), 'lat')).toBe('-13:00:12,037');
    expect(formatSirgasDms(-43.9999999999, 'lon')).toBe('-44:00:00,000');
    expect(formatSirgasDms(0, 'lat')).toBe('+00:00:00,000');
    expect(formatSirgasDms(-0, 'lon')).toBe('+00:00:00,000');
    expect(formatSirgasDms(5.25, 'lat')).toBe('+05:15:00,000');
    expect(() => formatSirgasDms(95, 'lat')).toThrow(RangeError);
    expect(() => formatSirgasDms(Number.NaN, 'lon')).toThrow(RangeError);
    fc.assert(
      fc.property(fc.double({ min: -180, max: 180, noNaN: true }), (deg) => {
        const text = formatSirgasDms(deg, 'lon');
        const back = parseSirgasDms(text, 'lon');
        expect(back.ok).toBe(true);
        if (back.ok) expect(Math.abs(back.degrees - deg)).toBeLessThanOrEqual(0.0005 / 3600 + 1e-12);
      }),
      { numRuns: 3000 },
    );
  });

  it('bounds check', () => {
    expect(isWithinBrazilBounds(-19.9, -43.9)).toBe(true);
    expect(isWithinBrazilBounds(40.7, -74)).toBe(false);
  });
});
