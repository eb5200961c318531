import { canonicalAnmProcessNumber } from '../brazil/identifiers';
import type { FactGeometry, FactValue, OfficialFact, OfficialRecordType, Reference, TrsReport } from '../trs/model';
import type { AnmProcessResult, AnpBlock, AnpField, AnpWell, Geometry, IbamaEmbargo, IbamaLicence, Provenance, SgbOccurrence, SgbUnit } from './records';

/**
 * Official facts as part of the TRS document: a fact is a reference of kind "officialFact"
 * (section 24) carrying its provenance and the values taken from the record. Pure functions on
 * the document; the window, main and the CLI all use these.
 */

export interface StoredFact {
  reference: Reference;
  fact: OfficialFact;
  /** Index of the reference in `report.references`. */
  index: number;
}

/** The record id compared in canonical form (ANM numbers come as `831245/2004` and `831.245/2004`). */
function canonicalRecordId(fact: Pick<OfficialFact, 'recordType' | 'recordId'>): string {
  return fact.recordType === 'anmProcess' ? (canonicalAnmProcessNumber(fact.recordId) ?? fact.recordId.trim()) : fact.recordId.trim();
}

/** One fact per record: agency + dataset + record id. */
export function factKey(fact: Pick<OfficialFact, 'agency' | 'dataset' | 'recordType' | 'recordId'>): string {
  return `${fact.agency.trim().toUpperCase()}|${fact.dataset.trim()}|${canonicalRecordId(fact)}`;
}

export function officialFactsOf(report: TrsReport): StoredFact[] {
  const out: StoredFact[] = [];
  report.references.forEach((reference, index) => {
    if (reference.officialFact) out.push({ reference, fact: reference.officialFact, index });
  });
  return out;
}

export function findFact(report: TrsReport, referenceId: string): StoredFact | undefined {
  return officialFactsOf(report).find((f) => f.reference.id === referenceId);
}

/** The citation printed in section 24: agency, dataset, record, retrieval date, URL. */
export function factCitation(fact: OfficialFact): string {
  return `${fact.agency} — ${fact.dataset}, record ${fact.recordId}, retrieved ${fact.fetchedAt.slice(0, 10)}: ${fact.url}`;
}

/** Age of a fact in whole seconds at `now` (never negative). */
export function factAgeSeconds(fact: OfficialFact, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(fact.fetchedAt)) / 1000));
}

// ---- facts from records ---------------------------------------------------------------------

const clean = (value: string | null | undefined): FactValue =>
  value === null || value === undefined || value.trim() === '' ? null : value.trim().slice(0, 20_000);

/** Keeps only what the TRS geometry schema holds (2-D positions, closed rings of ≥ 4 points). */
export function toFactGeometry(geometry: Geometry | null | undefined): FactGeometry | null {
  if (!geometry) return null;
  const pos = (p: number[]): [number, number] => [p[0]!, p[1]!];
  const ring = (r: number[][]) => r.map(pos);
  const okRing = (r: number[][]) => r.length >= 4 && r.every((p) => p.length >= 2 && Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90);
  if (geometry.type === 'Point') return geometry.coordinates.length >= 2 ? { type: 'Point', coordinates: pos(geometry.coordinates) } : null;
  if (geometry.type === 'Polygon') {
    const rings = geometry.coordinates.filter(okRing).map(ring);
    return rings.length ? { type: 'Polygon', coordinates: rings } : null;
  }
  const polygons = geometry.coordinates.map((poly) => poly.filter(okRing).map(ring)).filter((poly) => poly.length > 0);
  return polygons.length ? { type: 'MultiPolygon', coordinates: polygons } : null;
}

function fact(
  source: Provenance,
  recordType: OfficialRecordType,
  recordId: string,
  values: Record<string, FactValue>,
  geometry: Geometry | null | undefined,
): OfficialFact {
  return {
    agency: source.agency,
    dataset: source.dataset,
    recordId,
    recordType,
    url: source.url,
    fetchedAt: source.fetchedAt,
    values,
    geometry: toFactGeometry(geometry),
    appliedTo: [],
    contentSha256: null,
  };
}

export function anmProcessFact(result: AnmProcessResult): OfficialFact {
  const r = result.record;
  return fact(
    result.source,
    'anmProcess',
    r.process,
    {
      process: r.process,
      holder: clean(r.holder),
      phase: clean(r.phase),
      substances: clean(r.substances.join(', ')),
      use: clean(r.use),
      uf: clean(r.uf),
      areaHa: Number(r.areaHa.toFixed(4)),
      lastEvent: r.lastEvent ? clean(`${r.lastEvent.code} - ${r.lastEvent.description}`) : null,
      lastEventDate: r.lastEvent?.date ?? null,
    },
    r.geometry,
  );
}

export function ibamaEmbargoFact(e: IbamaEmbargo, source: Provenance): OfficialFact {
  return fact(
    source,
    'ibamaEmbargo',
    e.series ? `${e.term}-${e.series}` : e.term,
    {
      term: e.term,
      series: clean(e.series),
      embargoDate: clean(e.embargoDate),
      holder: clean(e.holder),
      propertyName: clean(e.propertyName),
      municipality: clean(e.municipality),
      uf: clean(e.uf),
      infraction: clean(e.infraction),
      description: clean(e.description),
      areaHa: e.areaHa,
      process: clean(e.process),
      lastChange: clean(e.lastChange),
    },
    e.geometry,
  );
}

export function ibamaLicenceFact(l: IbamaLicence, source: Provenance): OfficialFact {
  return fact(
    source,
    'ibamaLicence',
    l.number,
    {
      number: l.number,
      type: clean(l.type),
      process: clean(l.process),
      holder: clean(l.holder),
      enterprise: clean(l.enterprise),
      typology: clean(l.typology),
      issuedOn: clean(l.issuedOn),
      expiresOn: clean(l.expiresOn),
      updatedAt: clean(l.updatedAt),
    },
    null,
  );
}

export function anpBlockFact(b: AnpBlock, source: Provenance): OfficialFact {
  return fact(
    source,
    'anpBlock',
    b.code,
    {
      code: b.code,
      name: clean(b.name),
      basin: clean(b.basin),
      operator: clean(b.operator),
      contract: clean(b.contract),
      round: clean(b.round),
      signedOn: clean(b.signedOn),
      endsOn: clean(b.endsOn),
      areaKm2: b.areaKm2,
      environment: clean(b.environment),
    },
    b.geometry,
  );
}

export function anpFieldFact(f: AnpField, source: Provenance): OfficialFact {
  return fact(
    source,
    'anpField',
    f.code,
    {
      code: f.code,
      name: clean(f.name),
      basin: clean(f.basin),
      operator: clean(f.operator),
      contract: clean(f.contract),
      stage: clean(f.stage),
      fluid: clean(f.fluid),
      discoveredOn: clean(f.discoveredOn),
      environment: clean(f.environment),
    },
    f.geometry,
  );
}

export function anpWellFact(w: AnpWell, source: Provenance): OfficialFact {
  const geometry: Geometry | null = w.lon !== null && w.lat !== null ? { type: 'Point', coordinates: [w.lon, w.lat] } : null;
  return fact(
    source,
    'anpWell',
    w.register,
    {
      register: w.register,
      name: clean(w.name),
      operator: clean(w.operator),
      state: clean(w.state),
      basin: clean(w.basin),
      block: clean(w.block),
      field: clean(w.field),
      category: clean(w.category),
      situation: clean(w.situation),
      startedOn: clean(w.startedOn),
    },
    geometry,
  );
}

export function sgbOccurrenceFact(o: SgbOccurrence, source: Provenance): OfficialFact {
  return fact(
    source,
    'sgbOccurrence',
    o.id,
    {
      toponym: clean(o.toponym),
      municipality: clean(o.municipality),
      uf: clean(o.uf),
      substances: clean(o.substances),
      economicStatus: clean(o.economicStatus),
      mineSituation: clean(o.mineSituation),
      distanceKm: Number(o.distanceKm.toFixed(3)),
    },
    { type: 'Point', coordinates: [o.lon, o.lat] },
  );
}

// ---- inserting, replacing, removing -------------------------------------------------------

export interface InsertFactResult {
  report: TrsReport;
  referenceId: string;
  /** False when the report already held a fact of this record (it was replaced, not duplicated). */
  added: boolean;
  previous: OfficialFact | null;
}

/**
 * Puts a fact into the report's references. The same record twice replaces the stored fact
 * (keeping the fields it filled), so "Insert into report" pressed twice stores it once.
 */
export function insertFact(report: TrsReport, next: OfficialFact, newId: () => string): InsertFactResult {
  const key = factKey(next);
  const existing = officialFactsOf(report).find((f) => factKey(f.fact) === key);
  const accessedOn = next.fetchedAt.slice(0, 10);
  if (existing) {
    const merged: OfficialFact = { ...next, appliedTo: [...new Set([...existing.fact.appliedTo, ...next.appliedTo])] };
    const references = report.references.slice();
    references[existing.index] = {
      ...existing.reference,
      kind: 'officialFact',
      url: next.url,
      accessedOn,
      officialFact: merged,
      citation: existing.reference.citation || factCitation(merged),
    };
    return { report: { ...report, references }, referenceId: existing.reference.id, added: false, previous: existing.fact };
  }
  const reference: Reference = { id: newId(), kind: 'officialFact', citation: factCitation(next), url: next.url, accessedOn, officialFact: next };
  return { report: { ...report, references: [...report.references, reference] }, referenceId: reference.id, added: true, previous: null };
}

export function removeFact(report: TrsReport, referenceId: string): TrsReport {
  return { ...report, references: report.references.filter((r) => !(r.id === referenceId && r.officialFact)) };
}

export interface FactValueChange {
  field: string;
  before: FactValue;
  after: FactValue;
}

/** What changed between the stored fact and a newer copy of the record (values, then geometry). */
export function factChanges(before: OfficialFact, after: OfficialFact): FactValueChange[] {
  const fields = [...new Set([...Object.keys(before.values), ...Object.keys(after.values)])];
  const out = fields
    .filter((f) => (before.values[f] ?? null) !== (after.values[f] ?? null))
    .map((field) => ({ field, before: before.values[field] ?? null, after: after.values[field] ?? null }));
  if (JSON.stringify(before.geometry) !== JSON.stringify(after.geometry)) {
    out.push({ field: 'geometry', before: before.geometry ? before.geometry.type : null, after: after.geometry ? after.geometry.type : null });
  }
  return out;
}

// ---- reading ANM facts ----------------------------------------------------------------------

export interface AnmFactView {
  referenceId: string;
  index: number;
  process: string;
  phase: string;
  holder: string;
  substances: string;
  areaHa: number | null;
  fact: OfficialFact;
}

const text = (v: FactValue | undefined) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

/** The report's stored ANM process facts, keyed by canonical process number. */
export function anmFactsOf(report: TrsReport): AnmFactView[] {
  return officialFactsOf(report)
    .filter((f) => f.fact.recordType === 'anmProcess')
    .map((f) => ({
      referenceId: f.reference.id,
      index: f.index,
      process: canonicalRecordId(f.fact),
      phase: text(f.fact.values.phase),
      holder: text(f.fact.values.holder),
      substances: text(f.fact.values.substances),
      areaHa: typeof f.fact.values.areaHa === 'number' ? f.fact.values.areaHa : null,
      fact: f.fact,
    }));
}

/**
 * The newest stored ANM fact of each process (a report may hold two facts of one process from
 * differently named datasets, e.g. a hand-entered SIGMINE citation and a lookup).
 */
export function latestAnmFacts(report: TrsReport): Map<string, AnmFactView> {
  const out = new Map<string, AnmFactView>();
  for (const f of anmFactsOf(report)) {
    const seen = out.get(f.process);
    if (!seen || Date.parse(f.fact.fetchedAt) >= Date.parse(seen.fact.fetchedAt)) out.set(f.process, f);
  }
  return out;
}

/** The newest stored ANM fact of a process number, if any. */
export function anmFactFor(report: TrsReport, processNumber: string): AnmFactView | undefined {
  return latestAnmFacts(report).get(canonicalAnmProcessNumber(processNumber) ?? processNumber.trim());
}

export function sgbUnitFact(u: SgbUnit, source: Provenance): OfficialFact {
  return fact(
    source,
    'sgbUnit',
    u.code,
    {
      code: u.code,
      name: clean(u.name),
      hierarchy: clean(u.hierarchy),
      lithotypes: clean(u.lithotypes),
      ageMinMa: u.ageMinMa,
      ageMaxMa: u.ageMaxMa,
      eraMin: clean(u.eraMin),
      eraMax: clean(u.eraMax),
    },
    null,
  );
}
