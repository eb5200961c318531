import { QivoError } from '../errors';
import type { AnmEvent, AnmProcess, AreaGeometry } from './records';

/** A process number as ANM writes it in its three systems. */
export interface AnmProcessNumber {
  /** `NNN.NNN/AAAA`, zero-padded (SIGMINE DSProcesso, Cadastro Mineiro). */
  canonical: string;
  /** SIGMINE `NUMERO`. */
  number: number;
  /** SIGMINE `ANO`. */
  year: number;
  /** SIGMINE `PROCESSO`: `NUMERO/ANO`, unpadded. */
  sigmine: string;
}

/**
 * Accepts `802.563/1973`, `802563/1973`, `013.987/1967`, `13987/1967` (spaces tolerated) and
 * returns every form ANM uses. Anything else is a clear, translated error.
 */
export function normaliseAnmProcessNumber(input: string): AnmProcessNumber {
  const compact = input.replace(/\s+/g, '');
  const match = /^(\d{1,3}(?:\.\d{3})|\d{1,6})\/(\d{4})$/.exec(compact);
  if (!match) {
    throw new QivoError('official.invalidProcessNumber', `"${input.slice(0, 40)}" is not an ANM process number (expected e.g. 802.563/1973).`, {
      input: input.slice(0, 40),
    });
  }
  const digits = match[1]!.replace('.', '');
  const number = Number(digits);
  const year = Number(match[2]);
  if (number <= 0 || year < 1900 || year > 2100) {
    throw new QivoError('official.invalidProcessNumber', `"${input.slice(0, 40)}" is not an ANM process number (expected e.g. 802.563/1973).`, {
      input: input.slice(0, 40),
    });
  }
  const padded = String(number).padStart(6, '0');
  return { canonical: `${padded.slice(0, 3)}.${padded.slice(3)}/${year}`, number, year, sigmine: `${number}/${year}` };
}

/** A published scalar as text; an object or array where a scalar belongs is no value at all. */
function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return null;
}

/** `dd/mm/yyyy` → `yyyy-mm-dd`; ISO date-times are cut to the date; ArcGIS epoch milliseconds are converted. */
export function toIsoDate(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value).toISOString().slice(0, 10);
  const text = scalarText(value)?.trim() ?? '';
  const br = /^(\d{2})\/(\d{2})\/(\d{4})/.exec(text);
  if (br) return `${br[3]}-${br[2]}-${br[1]}`;
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  return null;
}

/**
 * `ULT_EVENTO` carries code, phase abbreviation, description and date in one string:
 * `131 - REQ PESQ/EXIGÊNCIA PUBL EM 18/08/2022`.
 */
export function parseUltEvento(text: string | null | undefined): AnmEvent | null {
  if (!text) return null;
  const match = /^\s*(\d+)\s*-\s*(.*?)(?:\s+EM\s+(\d{2}\/\d{2}\/\d{4}))?\s*$/.exec(text);
  if (!match) return null;
  return { code: Number(match[1]), description: match[2]!.trim(), date: match[3] ? toIsoDate(match[3]) : null };
}

/**
 * Numbers as the agencies publish them: `71,9994`, `1.010,5000`, `,000000`, `-38.33333694444`,
 * `2126006.0000000000`. A comma is always the decimal mark; dots before it are thousands.
 */
export function parseDecimal(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === null || value === undefined) return null;
  let text = scalarText(value)?.trim() ?? '';
  if (text === '') return null;
  if (text.includes(',')) text = text.replace(/\./g, '').replace(',', '.');
  if (text.startsWith('.')) text = `0${text}`;
  if (text.startsWith('-.')) text = `-0${text.slice(1)}`;
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return null;
  return Number(text);
}

/** Blank and placeholder texts become null; everything else is kept as published. */
export function publishedText(value: unknown): string | null {
  const text = scalarText(value)?.trim() ?? '';
  return text === '' ? null : text;
}

export interface ArcgisErrorInfo {
  code: number | null;
  message: string;
  details: string[];
}

/** ArcGIS answers errors with HTTP 200 and `{"error":{code,message,details}}`. */
export function detectArcgisError(body: unknown): ArcgisErrorInfo | null {
  if (!body || typeof body !== 'object' || !('error' in body)) return null;
  const error = body.error;
  if (!error || typeof error !== 'object') return null;
  const e = error as { code?: unknown; message?: unknown; details?: unknown };
  const details = Array.isArray(e.details) ? e.details.map((d) => String(d)) : [];
  return { code: typeof e.code === 'number' ? e.code : null, message: typeof e.message === 'string' ? e.message : '', details };
}

export interface WfsExceptionInfo {
  exceptionCode: string | null;
  locator: string | null;
  text: string;
}

/** OWS `ExceptionReport` (WFS 1.1/2.0) or `ServiceExceptionReport` (WFS 1.0), whatever the HTTP status. */
export function detectWfsException(text: string): WfsExceptionInfo | null {
  const head = text.slice(0, 4096);
  if (!/<(?:[\w-]+:)?(?:Service)?ExceptionReport[\s>]/.test(head)) return null;
  const code = /exceptionCode="([^"]*)"/.exec(head) ?? /code="([^"]*)"/.exec(head);
  const locator = /locator="([^"]*)"/.exec(head);
  const message =
    /<(?:[\w-]+:)?ExceptionText>([\s\S]*?)<\/(?:[\w-]+:)?ExceptionText>/.exec(head) ??
    /<(?:[\w-]+:)?ServiceException(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w-]+:)?ServiceException>/.exec(head);
  return {
    exceptionCode: code ? code[1]! : null,
    locator: locator ? locator[1]! : null,
    text: message ? message[1]!.trim() : '',
  };
}

/** Portal, WAF and proxy pages arrive as HTML with HTTP 200 where JSON was asked for. */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 512).trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || /<html[\s>]/.test(head) || /<body[\s>]/.test(head);
}

/** The attributes of one SIGMINE layer-0 feature (a process may have several). */
export interface SigmineAttributes {
  PROCESSO?: string;
  NUMERO?: number;
  ANO?: number;
  AREA_HA?: number | string;
  ID?: string;
  FID?: number;
  FASE?: string;
  ULT_EVENTO?: string;
  NOME?: string;
  SUBS?: string;
  USO?: string;
  UF?: string;
  DSProcesso?: string;
  [key: string]: unknown;
}

export interface SigminePart {
  attributes: SigmineAttributes;
  geometry: AreaGeometry | null;
}

function roundArea(value: number): number {
  // Parts carry two decimals; summing binary floats adds noise like 13.899999999.
  return Math.round(value * 10_000) / 10_000;
}

function mergeGeometries(geometries: AreaGeometry[]): AreaGeometry | null {
  if (geometries.length === 0) return null;
  if (geometries.length === 1) return geometries[0]!;
  const polygons: number[][][][] = [];
  for (const g of geometries) {
    if (g.type === 'Polygon') polygons.push(g.coordinates);
    else polygons.push(...g.coordinates);
  }
  return { type: 'MultiPolygon', coordinates: polygons };
}

/**
 * One record per process: SIGMINE returns one feature per polygon part (same PROCESSO,
 * different ID/FID/AREA_HA). Areas are summed, parts counted, the latest event kept.
 * Records come back in the order their first part was seen.
 */
export function mergeSigmineParts(parts: SigminePart[]): AnmProcess[] {
  const groups = new Map<string, SigminePart[]>();
  for (const part of parts) {
    const a = part.attributes;
    const key = a.PROCESSO ?? (a.NUMERO !== undefined && a.ANO !== undefined ? `${a.NUMERO}/${a.ANO}` : a.DSProcesso);
    if (!key) continue;
    const list = groups.get(key) ?? [];
    // The same part can arrive twice when a split query's envelopes both touch it.
    const partId = a.ID ?? a.FID;
    if (partId === undefined || !list.some((p) => (p.attributes.ID ?? p.attributes.FID) === partId)) list.push(part);
    groups.set(key, list);
  }
  const records: AnmProcess[] = [];
  for (const [key, list] of groups) {
    const first = list[0]!.attributes;
    const number = normaliseAnmProcessNumber(first.DSProcesso ?? key);
    const substances: string[] = [];
    for (const p of list) {
      const s = publishedText(p.attributes.SUBS);
      if (s && !substances.includes(s)) substances.push(s);
    }
    let lastEvent: AnmEvent | null = null;
    for (const p of list) {
      const e = parseUltEvento(p.attributes.ULT_EVENTO);
      if (e && (!lastEvent || (e.date ?? '') > (lastEvent.date ?? ''))) lastEvent = e;
    }
    const area = list.reduce((sum, p) => sum + (parseDecimal(p.attributes.AREA_HA) ?? 0), 0);
    records.push({
      process: number.canonical,
      number: number.number,
      year: number.year,
      holder: publishedText(first.NOME) ?? '',
      phase: publishedText(first.FASE) ?? '',
      substances,
      use: publishedText(first.USO) ?? '',
      uf: publishedText(first.UF) ?? '',
      areaHa: roundArea(area),
      parts: list.length,
      lastEvent,
      geometry: mergeGeometries(list.map((p) => p.geometry).filter((g): g is AreaGeometry => g !== null)),
    });
  }
  return records;
}

/** ArcGIS JSON polygon rings → GeoJSON. Rings are grouped by orientation: clockwise = outer (ArcGIS rule). */
export function arcgisRingsToGeometry(rings: unknown): AreaGeometry | null {
  if (!Array.isArray(rings) || rings.length === 0) return null;
  const polygons: number[][][][] = [];
  for (const ring of rings as number[][][]) {
    if (!Array.isArray(ring) || ring.length < 4) continue;
    let signed = 0;
    for (let i = 0; i < ring.length - 1; i++) {
      const [x1, y1] = ring[i]!;
      const [x2, y2] = ring[i + 1]!;
      signed += (x2! - x1!) * (y2! + y1!);
    }
    const clockwise = signed > 0;
    if (clockwise || polygons.length === 0) polygons.push([ring]);
    else polygons[polygons.length - 1]!.push(ring);
  }
  if (polygons.length === 0) return null;
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0]! } : { type: 'MultiPolygon', coordinates: polygons };
}

/** Parses a `--bbox minLon,minLat,maxLon,maxLat` argument. */
export function parseBboxText(text: string): [number, number, number, number] {
  const parts = text.split(',').map((p) => Number(p.trim()));
  const valid =
    parts.length === 4 &&
    parts.every((n) => Number.isFinite(n)) &&
    parts[0]! < parts[2]! &&
    parts[1]! < parts[3]! &&
    Math.abs(parts[0]!) <= 180 &&
    Math.abs(parts[2]!) <= 180 &&
    Math.abs(parts[1]!) <= 90 &&
    Math.abs(parts[3]!) <= 90;
  if (!valid) {
    throw new QivoError('official.invalidBbox', `"${text.slice(0, 80)}" is not a bounding box (expected minLon,minLat,maxLon,maxLat).`, {
      input: text.slice(0, 80),
    });
  }
  return parts as [number, number, number, number];
}

/** Brazilian CNPJ/CPF as digits only, so `12.345.678/0001-90` and `12345678000190` match. */
export function digitsOnly(value: string | null | undefined): string {
  return (value ?? '').replace(/\D/g, '');
}
