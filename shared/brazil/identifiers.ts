/**
 * Brazilian identifiers and geodesy used by the report model and the KRCI rules.
 * Pure functions, no I/O: they run in main, in the renderer and in the CLI.
 *
 * Sources (the project's reference notes on Brazil, §6.4): CNPJ numeric (mod 11, weights 5..2/9..2) and
 * alphanumeric (IN RFB 2.229/2024: positions 1–12 in [0-9A-Z], value = ASCII − 48, numeric DVs);
 * CPF (mod 11, weights 10..2 / 11..2); IBGE municipality code (UF prefix, weights 1,2,1,2,1,2 with digit
 * sums, 9 official exceptions); ANM process number `NNN.NNN/AAAA`; SIRGAS 2000 `±GG:MM:SS,SSS` (ANM Res. 142/2023).
 */

// ---------------------------------------------------------------------------------------------
// CNPJ (numeric and alphanumeric)
// ---------------------------------------------------------------------------------------------

const CNPJ_DV1_WEIGHTS = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const CNPJ_DV2_WEIGHTS = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] as const;

/** Removes the usual punctuation (`.`, `/`, `-`, spaces) and upper-cases letters. */
export function normalizeCnpj(input: string): string {
  return input.replace(/[./\-\s]/g, '').toUpperCase();
}

/** Character value for the CNPJ DV: ASCII code − 48, so '0'..'9' → 0..9 and 'A'..'Z' → 17..42. */
function cnpjCharValue(ch: string): number {
  return ch.charCodeAt(0) - 48;
}

function mod11Dv(values: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (values[i] ?? 0) * (weights[i] ?? 0);
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

/**
 * The two check digits of a CNPJ base (12 characters, digits or A–Z). Returns undefined when the
 * base is not 12 valid characters.
 */
export function cnpjCheckDigits(base: string): string | undefined {
  const b = normalizeCnpj(base);
  if (!/^[0-9A-Z]{12}$/.test(b)) return undefined;
  const values = [...b].map(cnpjCharValue);
  const dv1 = mod11Dv(values, CNPJ_DV1_WEIGHTS);
  const dv2 = mod11Dv([...values, dv1], CNPJ_DV2_WEIGHTS);
  return `${dv1}${dv2}`;
}

export type CnpjProblem = 'empty' | 'format' | 'repeated' | 'checkDigits';
export type CnpjCheck = { valid: true; normalized: string; alphanumeric: boolean } | { valid: false; problem: CnpjProblem };

/**
 * Validates a CNPJ in either form. Accepted shapes: 14 bare characters or the masked
 * `NN.NNN.NNN/NNNN-DD`; the last two are always digits. All-identical numeric CNPJs
 * (00000000000000, 11111111111111…) satisfy the arithmetic but are not issued, so they are refused.
 */
export function checkCnpj(input: string): CnpjCheck {
  const trimmed = input.trim();
  if (trimmed === '') return { valid: false, problem: 'empty' };
  const masked = /^[0-9A-Za-z]{2}\.[0-9A-Za-z]{3}\.[0-9A-Za-z]{3}\/[0-9A-Za-z]{4}-\d{2}$/.test(trimmed);
  const bare = /^[0-9A-Za-z]{12}\d{2}$/.test(trimmed);
  if (!masked && !bare) return { valid: false, problem: 'format' };
  const n = normalizeCnpj(trimmed);
  if (/^(\d)\1{13}$/.test(n)) return { valid: false, problem: 'repeated' };
  if (cnpjCheckDigits(n.slice(0, 12)) !== n.slice(12)) return { valid: false, problem: 'checkDigits' };
  return { valid: true, normalized: n, alphanumeric: /[A-Z]/.test(n) };
}

export function isValidCnpj(input: string): boolean {
  return checkCnpj(input).valid;
}

/** `NN.NNN.NNN/NNNN-DD`; returns the input unchanged when it is not 14 CNPJ characters. */
export function formatCnpj(input: string): string {
  const n = normalizeCnpj(input);
  if (!/^[0-9A-Z]{12}\d{2}$/.test(n)) return input;
  return `${n.slice(0, 2)}.${n.slice(2, 5)}.${n.slice(5, 8)}/${n.slice(8, 12)}-${n.slice(12)}`;
}

// ---------------------------------------------------------------------------------------------
// CPF
// ---------------------------------------------------------------------------------------------

function cpfDv(digits: readonly number[], firstWeight: number): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += (digits[i] ?? 0) * (firstWeight - i);
  return ((sum * 10) % 11) % 10;
}

/** The two check digits of the 9-digit CPF base, or undefined for a malformed base. */
export function cpfCheckDigits(base: string): string | undefined {
  const b = base.replace(/[.\-\s]/g, '');
  if (!/^\d{9}$/.test(b)) return undefined;
  const d = [...b].map(Number);
  const dv1 = cpfDv(d, 10);
  const dv2 = cpfDv([...d, dv1], 11);
  return `${dv1}${dv2}`;
}

/**
 * True for a CPF with correct check digits, bare (11 digits) or masked (`NNN.NNN.NNN-DD`).
 * All-identical sequences are refused (common practice; they pass the arithmetic but are not issued).
 */
export function isValidCpf(input: string): boolean {
  const t = input.trim();
  if (!/^\d{11}$/.test(t) && !/^\d{3}\.\d{3}\.\d{3}-\d{2}$/.test(t)) return false;
  const n = t.replace(/\D/g, '');
  if (/^(\d)\1{10}$/.test(n)) return false;
  return cpfCheckDigits(n.slice(0, 9)) === n.slice(9);
}

export function formatCpf(input: string): string {
  const n = input.replace(/\D/g, '');
  if (n.length !== 11) return input;
  return `${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6, 9)}-${n.slice(9)}`;
}

export interface CpfOccurrence {
  /** The text as it appears. */
  text: string;
  /** Offset of the first character in the scanned text. */
  index: number;
  /** Masked `NNN.NNN.NNN-DD` (a strong sign of a CPF even with wrong check digits). */
  masked: boolean;
  checkDigitsValid: boolean;
}

// Masked or bare 11-digit runs not glued to other digits/identifier punctuation, so parts of a CNPJ,
// a SEI/NUP number or a longer number are not taken for a CPF.
const THREE_DIGITS = /\d{3}/;
const CPF_CANDIDATE = /(?<![\d./-])(\d{3}\.\d{3}\.\d{3}-\d{2}|\d{11})(?![\d/-]|\.\d)/g;

/**
 * Finds CPF-looking numbers in free text (LGPD: a CPF must not reach an EDGAR exhibit).
 * Reported: every masked CPF (whatever its check digits — it reads as a CPF to a human), and bare
 * 11-digit runs whose check digits are valid (to avoid flagging every phone or serial number).
 */
export function findCpfLikeNumbers(text: string): CpfOccurrence[] {
  const out: CpfOccurrence[] = [];
  // Fast path for prose: every CPF form contains three digits in a row.
  if (text.length < 11 || !THREE_DIGITS.test(text)) return out;
  CPF_CANDIDATE.lastIndex = 0;
  for (let m = CPF_CANDIDATE.exec(text); m !== null; m = CPF_CANDIDATE.exec(text)) {
    const raw = m[1] ?? m[0];
    const masked = raw.includes('-');
    const checkDigitsValid = isValidCpf(raw);
    if (masked || checkDigitsValid) out.push({ text: raw, index: m.index, masked, checkDigitsValid });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// IBGE municipality code
// ---------------------------------------------------------------------------------------------

/** IBGE UF codes (first two digits of a municipality code). */
export const IBGE_UF_CODES: Readonly<Record<string, string>> = {
  '11': 'RO',
  '12': 'AC',
  '13': 'AM',
  '14': 'RR',
  '15': 'PA',
  '16': 'AP',
  '17': 'TO',
  '21': 'MA',
  '22': 'PI',
  '23': 'CE',
  '24': 'RN',
  '25': 'PB',
  '26': 'PE',
  '27': 'AL',
  '28': 'SE',
  '29': 'BA',
  '31': 'MG',
  '32': 'ES',
  '33': 'RJ',
  '35': 'SP',
  '41': 'PR',
  '42': 'SC',
  '43': 'RS',
  '50': 'MS',
  '51': 'MT',
  '52': 'GO',
  '53': 'DF',
};

/** Official municipality codes whose last digit does not follow the DV algorithm (IBGE/SEFAZ NT2008.004). */
export const IBGE_DV_EXCEPTIONS: ReadonlySet<string> = new Set([
  '2201919',
  '2201988',
  '2202251',
  '2611533',
  '3117836',
  '3152131',
  '4305871',
  '5203939',
  '5203962',
]);

/** DV of the first 6 digits: weights 1,2,1,2,1,2, products ≥ 10 reduced to their digit sum. */
export function ibgeCheckDigit(first6: string): number | undefined {
  if (!/^\d{6}$/.test(first6)) return undefined;
  let sum = 0;
  for (let i = 0; i < 6; i++) {
    const p = Number(first6[i]) * (i % 2 === 0 ? 1 : 2);
    sum += p >= 10 ? Math.floor(p / 10) + (p % 10) : p;
  }
  const r = sum % 10;
  return r === 0 ? 0 : 10 - r;
}

export type IbgeProblem = 'format' | 'uf' | 'checkDigit';
export type IbgeCheck = { valid: true; uf: string; exception: boolean } | { valid: false; problem: IbgeProblem };

/**
 * Checks a 7-digit IBGE municipality code: a known UF prefix and the check digit, or one of the 9
 * official exceptions. This proves the code is well formed, not that the municipality exists —
 * that needs the IBGE table.
 */
export function checkIbgeMunicipalityCode(input: string | number): IbgeCheck {
  const code = String(input).trim();
  if (!/^\d{7}$/.test(code)) return { valid: false, problem: 'format' };
  const uf = IBGE_UF_CODES[code.slice(0, 2)];
  if (uf === undefined) return { valid: false, problem: 'uf' };
  if (IBGE_DV_EXCEPTIONS.has(code)) return { valid: true, uf, exception: true };
  if (ibgeCheckDigit(code.slice(0, 6)) !== Number(code[6])) return { valid: false, problem: 'checkDigit' };
  return { valid: true, uf, exception: false };
}

export function isValidIbgeMunicipalityCode(input: string | number): boolean {
  return checkIbgeMunicipalityCode(input).valid;
}

// ---------------------------------------------------------------------------------------------
// ANM mining process number ("processo minerário")
// ---------------------------------------------------------------------------------------------

export type AnmProcessProblem = 'format' | 'seiNup' | 'futureYear';
export type AnmProcessCheck = { valid: true; number: string; year: number; canonical: string; compact: string } | { valid: false; problem: AnmProcessProblem };

const ANM_PROCESS = /^(\d{3})\.?(\d{3})\/(\d{4})$/;
// SEI/NUP administrative number, e.g. 48051.004086/2021-11 — a different identifier with 2 check digits.
const SEI_NUP = /^\d{5}\.?\d{6}\/\d{4}-?\d{2}$/;

/**
 * Validates the format only (`NNN.NNN/AAAA` or SIGMINE's `NNNNNN/AAAA`) and that the year is not
 * after `now`'s year. The meaning of the first digits is unverified, so nothing else is checked.
 */
export function checkAnmProcessNumber(input: string, now: Date): AnmProcessCheck {
  const t = input.trim();
  const m = ANM_PROCESS.exec(t);
  if (!m) return { valid: false, problem: SEI_NUP.test(t) ? 'seiNup' : 'format' };
  const year = Number(m[3]);
  if (year > now.getUTCFullYear()) return { valid: false, problem: 'futureYear' };
  const number = `${m[1]}${m[2]}`;
  return { valid: true, number, year, canonical: `${m[1]}.${m[2]}/${m[3]}`, compact: `${number}/${m[3]}` };
}

/** Canonical `NNN.NNN/AAAA` form, used to compare the report's number with SIGMINE's `NNNNNN/AAAA`. */
export function canonicalAnmProcessNumber(input: string): string | undefined {
  const m = ANM_PROCESS.exec(input.trim());
  return m ? `${m[1]}.${m[2]}/${m[3]}` : undefined;
}

// ---------------------------------------------------------------------------------------------
// SIRGAS 2000 geodetic coordinates, ANM Res. 142/2023 text form `±GG:MM:SS,SSS`
// ---------------------------------------------------------------------------------------------

export type CoordinateAxis = 'lat' | 'lon';

const SIRGAS_DMS = /^([+-])(\d{1,3}):(\d{2}):(\d{2}),(\d{3})$/;

export type SirgasParse = { ok: true; degrees: number } | { ok: false; problem: 'format' | 'range' };

/**
 * Parses `±GG:MM:SS,SSS` (sign mandatory: + north/east, − south/west; comma decimal separator,
 * three decimals) into decimal degrees. Minutes and seconds must be < 60; |lat| ≤ 90, |lon| ≤ 180.
 */
export function parseSirgasDms(text: string, axis: CoordinateAxis): SirgasParse {
  const m = SIRGAS_DMS.exec(text.trim());
  if (!m) return { ok: false, problem: 'format' };
  const deg = Number(m[2]);
  const min = Number(m[3]);
  const sec = Number(`${m[4]}.${m[5]}`);
  if (min >= 60 || sec >= 60) return { ok: false, problem: 'range' };
  const abs = deg + min / 60 + sec / 3600;
  if (abs > (axis === 'lat' ? 90 : 180)) return { ok: false, problem: 'range' };
  return { ok: true, degrees: m[1] === '-' ? -abs : abs };
}

/**
 * Formats decimal degrees as `±GG:MM:SS,SSS`. Rounds to the millisecond of arc and carries
 * (59,9996″ becomes the next minute) so the output always re-parses.
 */
export function formatSirgasDms(degrees: number, axis: CoordinateAxis): string {
  if (!Number.isFinite(degrees)) throw new RangeError('coordinate is not a finite number');
  const limit = axis === 'lat' ? 90 : 180;
  if (Math.abs(degrees) > limit) throw new RangeError(`${axis} out of range: ${degrees}`);
  const sign = degrees < 0 ? '-' : '+';
  // Work in integer thousandths of an arc-second to avoid floating carry errors.
  const total = Math.round(Math.abs(degrees) * 3_600_000);
  let milli = total;
  const deg = Math.floor(milli / 3_600_000);
  milli -= deg * 3_600_000;
  const min = Math.floor(milli / 60_000);
  milli -= min * 60_000;
  const sec = Math.floor(milli / 1000);
  const frac = milli - sec * 1000;
  const degText = String(deg).padStart(2, '0');
  const out = `${degText}:${String(min).padStart(2, '0')}:${String(sec).padStart(2, '0')},${String(frac).padStart(3, '0')}`;
  // "-00:00:00,000" would be an odd way to write the equator/meridian.
  return (total === 0 ? '+' : sign) + out;
}

/**
 * Number of decimal places needed to locate a point to within one mile (1 609.344 m): 0.01° of
 * latitude is ~1.1 km, so two decimals suffice anywhere (a degree of longitude is never longer).
 */
export const DECIMAL_PLACES_FOR_ONE_MILE = 2;

/** Rough bounding box of Brazil incl. oceanic islands, for a plausibility check of SIRGAS coordinates. */
export const BRAZIL_BOUNDS = { minLat: -34.0, maxLat: 5.5, minLon: -74.1, maxLon: -28.6 } as const;

export function isWithinBrazilBounds(lat: number, lon: number): boolean {
  return lat >= BRAZIL_BOUNDS.minLat && lat <= BRAZIL_BOUNDS.maxLat && lon >= BRAZIL_BOUNDS.minLon && lon <= BRAZIL_BOUNDS.maxLon;
}
