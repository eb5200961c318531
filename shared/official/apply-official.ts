import { z } from 'zod';
import { canonicalAnmProcessNumber } from '../brazil/identifiers';
import type { FactGeometry, OfficialFact, Polygon, TrsReport } from '../trs/model';
import { insertFact } from './report-facts';

/**
 * "Apply to report": the report fields an ANM process fact can fill, each shown as current →
 * proposed and accepted or skipped one by one. Pure: the window displays `proposeAnmApplication`,
 * main and the CLI call `applyAnmFact` with the accepted fields.
 *
 * SIGMINE publishes no municipality (the project's reference notes: "no município"), so the
 * municipality and its IBGE code are never proposed from an ANM record.
 */

export const APPLY_FIELDS = ['processNumber', 'phase', 'holder', 'substances', 'areaHa', 'location', 'polygon'] as const;
export type ApplyField = (typeof APPLY_FIELDS)[number];
export const ApplyFieldSchema = z.enum(APPLY_FIELDS);

export const ProposedChangeSchema = z.object({
  field: ApplyFieldSchema,
  /** Dotted path of the report field the value goes to. */
  path: z.string(),
  current: z.string(),
  proposed: z.string(),
  /** True when current and proposed already agree (nothing to apply). */
  same: z.boolean(),
});
export type ProposedChange = z.infer<typeof ProposedChangeSchema>;

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .trim();

/** Shoelace area of a ring (degrees², only for choosing the largest part). */
function ringArea(ring: Array<[number, number]>): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return Math.abs(sum / 2);
}

/** The property polygon a process geometry gives: the polygon itself, or the largest part of a multi-part title. */
export function propertyPolygonOf(geometry: FactGeometry | null): Polygon | null {
  if (!geometry || geometry.type === 'Point') return null;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const largest = polygons.reduce((best, p) => (ringArea(p[0]!) > ringArea(best[0]!) ? p : best));
  return { type: 'Polygon', coordinates: largest };
}

/** Representative point: the vertex mean of the outer ring of the property polygon, 6 decimals. */
export function representativePoint(polygon: Polygon): { latitude: number; longitude: number } {
  const ring = polygon.coordinates[0]!.slice(0, -1);
  const mean = (i: 0 | 1) => Number((ring.reduce((s, p) => s + p[i], 0) / ring.length).toFixed(6));
  return { longitude: mean(0), latitude: mean(1) };
}

function processIndex(report: TrsReport, process: string): number {
  const key = canonicalAnmProcessNumber(process) ?? process;
  return (report.brazil?.anmProcesses ?? []).findIndex((p) => (canonicalAnmProcessNumber(p.processNumber) ?? p.processNumber.trim()) === key);
}

const formatPoint = (p: { latitude: number | null; longitude: number | null }) =>
  p.latitude === null || p.longitude === null ? '' : `${p.latitude}, ${p.longitude}`;
const describePolygon = (p: Polygon | null) => (p ? `${p.coordinates[0]!.length - 1} vertices` : '');

export function proposeAnmApplication(report: TrsReport, fact: OfficialFact): ProposedChange[] {
  if (fact.recordType !== 'anmProcess') return [];
  const process = canonicalAnmProcessNumber(fact.recordId) ?? fact.recordId;
  const index = processIndex(report, process);
  const row = index >= 0 ? report.brazil!.anmProcesses[index]! : undefined;
  const at = index >= 0 ? index : (report.brazil?.anmProcesses.length ?? 0);
  const base = `brazil.anmProcesses.${at}`;
  const out: ProposedChange[] = [];
  const push = (field: ApplyField, path: string, current: string, proposed: string, same = fold(current) === fold(proposed)) => {
    if (proposed !== '') out.push({ field, path, current, proposed, same });
  };
  push('processNumber', `${base}.processNumber`, row?.processNumber ?? '', process);
  push('phase', `${base}.phase`, row?.phase ?? '', str(fact.values.phase));
  push('holder', `${base}.holderName`, row?.holderName ?? '', str(fact.values.holder));
  push('substances', `${base}.substance`, row?.substance ?? '', str(fact.values.substances));
  const area = typeof fact.values.areaHa === 'number' ? fact.values.areaHa : null;
  if (area !== null)
    push(
      'areaHa',
      `${base}.areaHa`,
      row?.areaHa === null || row?.areaHa === undefined ? '' : String(row.areaHa),
      String(Number(area.toFixed(2))),
      row?.areaHa !== null && row?.areaHa !== undefined && Math.abs(row.areaHa - area) < 0.005,
    );
  const polygon = propertyPolygonOf(fact.geometry);
  if (polygon) {
    const point = representativePoint(polygon);
    push('location', 'property.location', formatPoint(report.property.location), formatPoint(point));
    const current = report.property.polygon;
    push('polygon', 'property.polygon', describePolygon(current), describePolygon(polygon), JSON.stringify(current) === JSON.stringify(polygon));
  }
  return out;
}

export interface AppliedChange extends ProposedChange {
  referenceId: string;
}

/**
 * Applies the accepted fields of an ANM fact and stores the fact (once) with the paths it filled.
 * Fields not accepted, and fields already equal, are left alone.
 */
export function applyAnmFact(
  report: TrsReport,
  fact: OfficialFact,
  accept: readonly ApplyField[],
  newId: () => string,
): { report: TrsReport; applied: AppliedChange[]; referenceId: string } {
  const proposals = proposeAnmApplication(report, fact).filter((p) => accept.includes(p.field) && !p.same);
  // The document is plain JSON: a JSON round trip is a deep copy (shared/ has no structuredClone type).
  let next = JSON.parse(JSON.stringify(report)) as TrsReport;
  const process = canonicalAnmProcessNumber(fact.recordId) ?? fact.recordId;
  if (proposals.some((p) => p.path.startsWith('brazil.'))) {
    next.brazil ??= {
      holderName: '',
      holderCnpj: '',
      anmProcesses: [],
      municipalities: [],
      ibamaLicences: [],
      res94PublicDeclaration: 'notPlanned',
      notes: '',
    };
    let index = processIndex(next, process);
    if (index < 0) {
      next.brazil.anmProcesses.push({ processNumber: process, phase: '', substance: '', areaHa: null, holderName: '', lastEvent: '' });
      index = next.brazil.anmProcesses.length - 1;
    }
    const row = next.brazil.anmProcesses[index]!;
    for (const p of proposals) {
      if (p.field === 'processNumber') row.processNumber = process;
      if (p.field === 'phase') row.phase = str(fact.values.phase);
      if (p.field === 'holder') {
        row.holderName = str(fact.values.holder);
        if (next.brazil.holderName === '') next.brazil.holderName = row.holderName;
      }
      if (p.field === 'substances') row.substance = str(fact.values.substances);
      if (p.field === 'areaHa' && typeof fact.values.areaHa === 'number') row.areaHa = Number(fact.values.areaHa.toFixed(2));
    }
    if (proposals.some((p) => p.field === 'phase') && typeof fact.values.lastEvent === 'string') row.lastEvent = fact.values.lastEvent.slice(0, 500);
  }
  const polygon = propertyPolygonOf(fact.geometry);
  if (polygon && proposals.some((p) => p.field === 'location')) {
    next.property.location = { ...next.property.location, ...representativePoint(polygon) };
  }
  if (polygon && proposals.some((p) => p.field === 'polygon')) next.property.polygon = polygon;
  const stored = insertFact(next, { ...fact, appliedTo: proposals.map((p) => p.path) }, newId);
  next = stored.report;
  return { report: next, applied: proposals.map((p) => ({ ...p, referenceId: stored.referenceId })), referenceId: stored.referenceId };
}

/** The apply field a report path was filled by (the paths `proposeAnmApplication` writes), if any. */
export function applyFieldOfPath(path: string): ApplyField | undefined {
  if (path === 'property.location') return 'location';
  if (path === 'property.polygon') return 'polygon';
  const leaf = /^brazil\.anmProcesses\.\d+\.(\w+)$/.exec(path)?.[1];
  const byLeaf: Record<string, ApplyField> = {
    processNumber: 'processNumber',
    phase: 'phase',
    holderName: 'holder',
    substance: 'substances',
    areaHa: 'areaHa',
  };
  return leaf ? byLeaf[leaf] : undefined;
}
