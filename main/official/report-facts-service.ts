import { randomUUID } from 'node:crypto';
import { QivoError } from '../../shared/errors';
import { applyAnmFact, type AppliedChange, type ApplyField, APPLY_FIELDS } from '../../shared/official/apply-official';
import {
  anmProcessFact,
  anpBlockFact,
  anpFieldFact,
  anpWellFact,
  factAgeSeconds,
  factChanges,
  findFact,
  ibamaEmbargoFact,
  ibamaLicenceFact,
  insertFact,
  officialFactsOf,
  removeFact,
  type FactValueChange,
} from '../../shared/official/report-facts';
import type { Bbox, Provenance } from '../../shared/official/records';
import type { OfficialFact, TrsReport } from '../../shared/trs/model';
import type { OfficialService } from './official-service';

/** What the report-facts core needs of the TRS store (structural: the TrsService fits). */
export interface TrsStore {
  get(reportId: string): { revision: number; document: TrsReport };
  save(reportId: string, baseRevision: number, document: TrsReport): { revision: number; updatedAt: string };
}

export interface ListedFact {
  referenceId: string;
  fact: OfficialFact;
  citation: string;
  ageSeconds: number;
}

export interface RefreshedFact {
  referenceId: string;
  stored: OfficialFact;
  latest: OfficialFact;
  changes: FactValueChange[];
  /** How the agency's answer came: live (miss), or from the cache with its age. */
  source: Provenance;
}

/** [minLon, minLat, maxLon, maxLat] of a fact geometry, widened by `km` kilometres. */
export function bboxAround(geometry: NonNullable<OfficialFact['geometry']>, km = 0): Bbox {
  const points: number[][] =
    geometry.type === 'Point' ? [geometry.coordinates] : geometry.type === 'Polygon' ? geometry.coordinates.flat() : geometry.coordinates.flat(2);
  const lons = points.map((p) => p[0]!);
  const lats = points.map((p) => p[1]!);
  const dLat = km / 110.574;
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const dLon = km / (111.32 * Math.max(0.1, Math.cos((midLat * Math.PI) / 180)));
  return [
    Math.max(-180, Math.min(...lons) - dLon),
    Math.max(-90, Math.min(...lats) - dLat),
    Math.min(180, Math.max(...lons) + dLon),
    Math.min(90, Math.max(...lats) + dLat),
  ];
}

/**
 * Official facts of a stored report: insert (once per record), apply an ANM process to the
 * report's fields, remove, and fetch a fact again to show old → new before applying. Every write
 * is one TRS save (revision checked, snapshot and Brazilian-fields gate as for any edit).
 */
export class ReportFactsService {
  constructor(private readonly deps: { trs: () => TrsStore; official: () => OfficialService; now: () => Date; newId?: () => string }) {}

  private get newId() {
    return this.deps.newId ?? randomUUID;
  }

  list(reportId: string): ListedFact[] {
    const { document } = this.deps.trs().get(reportId);
    const now = this.deps.now();
    return officialFactsOf(document).map((f) => ({
      referenceId: f.reference.id,
      fact: f.fact,
      citation: f.reference.citation,
      ageSeconds: factAgeSeconds(f.fact, now),
    }));
  }

  insert(reportId: string, fact: OfficialFact): { referenceId: string; added: boolean; revision: number } {
    const store = this.deps.trs();
    const stored = store.get(reportId);
    const result = insertFact(stored.document, fact, this.newId);
    const saved = store.save(reportId, stored.revision, result.report);
    return { referenceId: result.referenceId, added: result.added, revision: saved.revision };
  }

  apply(reportId: string, fact: OfficialFact, accept: readonly ApplyField[]): { referenceId: string; applied: AppliedChange[]; revision: number } {
    const store = this.deps.trs();
    const stored = store.get(reportId);
    const result = applyAnmFact(stored.document, fact, accept, this.newId);
    const saved = store.save(reportId, stored.revision, result.report);
    return { referenceId: result.referenceId, applied: result.applied, revision: saved.revision };
  }

  remove(reportId: string, referenceId: string): { revision: number } {
    const store = this.deps.trs();
    const stored = store.get(reportId);
    if (!findFact(stored.document, referenceId)) throw new QivoError('official.factNotFound', 'The report holds no such official fact.', { id: referenceId });
    return { revision: store.save(reportId, stored.revision, removeFact(stored.document, referenceId)).revision };
  }

  /** Fetches the record of a stored fact again (cache first, as every lookup) and says what changed. Nothing is written. */
  async refresh(reportId: string, referenceId: string): Promise<RefreshedFact> {
    const { document } = this.deps.trs().get(reportId);
    const found = findFact(document, referenceId);
    if (!found) throw new QivoError('official.factNotFound', 'The report holds no such official fact.', { id: referenceId });
    const { latest, source } = await fetchAgain(this.deps.official(), found.fact);
    const merged = { ...latest, appliedTo: found.fact.appliedTo };
    return { referenceId, stored: found.fact, latest: merged, changes: factChanges(found.fact, merged), source };
  }
}

/** The current copy of a fact's record, by its type. */
export async function fetchAgain(official: OfficialService, fact: OfficialFact): Promise<{ latest: OfficialFact; source: Provenance }> {
  const missing = () =>
    new QivoError('official.recordGone', `${fact.agency} no longer publishes record ${fact.recordId} in ${fact.dataset}.`, { record: fact.recordId });
  switch (fact.recordType) {
    case 'anmProcess': {
      const result = await official.anmProcess(fact.recordId);
      return { latest: anmProcessFact(result), source: result.source };
    }
    case 'ibamaEmbargo': {
      if (!fact.geometry) throw missing();
      const result = await official.ibamaEmbargoes({ bbox: bboxAround(fact.geometry, 0.1) });
      const term = String(fact.values.term ?? '');
      const record = result.records.find((e) => e.term === term);
      if (!record) throw missing();
      return { latest: ibamaEmbargoFact(record, result.source), source: result.source };
    }
    case 'ibamaLicence': {
      const result = await official.ibamaLicences({ number: fact.recordId });
      const record = result.records.find((l) => l.number === fact.recordId);
      if (!record) throw missing();
      return { latest: ibamaLicenceFact(record, result.source), source: result.source };
    }
    case 'anpBlock':
    case 'anpField':
    case 'anpWell': {
      if (!fact.geometry) throw missing();
      const result = await official.anpOverlaps(bboxAround(fact.geometry, 0.1));
      if (fact.recordType === 'anpBlock') {
        const r = result.blocks.records.find((b) => b.code === fact.recordId);
        if (r) return { latest: anpBlockFact(r, result.blocks.source), source: result.blocks.source };
      } else if (fact.recordType === 'anpField') {
        const r = result.fields.records.find((b) => b.code === fact.recordId);
        if (r) return { latest: anpFieldFact(r, result.fields.source), source: result.fields.source };
      } else {
        const r = result.wells.records.find((b) => b.register === fact.recordId);
        if (r) return { latest: anpWellFact(r, result.wells.source), source: result.wells.source };
      }
      throw missing();
    }
    default:
      throw new QivoError('official.cannotRefresh', `Facts from ${fact.agency} ${fact.dataset} cannot be fetched again by the workstation.`, {
        dataset: fact.dataset,
      });
  }
}

export interface ApplyOfficialOutcome {
  report: TrsReport;
  applied: AppliedChange[];
  /** Facts of records near the property (IBAMA embargoes and licences, ANP overlaps), inserted once each. */
  nearby: Array<{ referenceId: string; fact: OfficialFact; added: boolean }>;
  /** Provenance of each answer used (cache state and age). */
  sources: Provenance[];
  /** Lookups that failed (agency unreachable and nothing cached); the rest of the outcome stands. */
  failures: Array<{ agency: string; dataset: string; error: unknown }>;
}

/**
 * Everything "Apply to report" does, on a document (the CLI runs it on a file): the ANM process
 * fields (all proposed fields accepted), then the IBAMA embargoes and ANP overlaps within
 * `radiusKm` of the process polygon become facts of the report. No network and no cache → throws.
 */
export async function applyOfficialToDocument(
  official: OfficialService,
  report: TrsReport,
  processNumber: string,
  options: { radiusKm?: number; newId?: () => string } = {},
): Promise<ApplyOfficialOutcome> {
  const newId = options.newId ?? randomUUID;
  const anm = await official.anmProcess(processNumber);
  const fact = anmProcessFact(anm);
  const first = applyAnmFact(report, fact, APPLY_FIELDS, newId);
  let next = first.report;
  const sources: Provenance[] = [anm.source];
  const failures: ApplyOfficialOutcome['failures'] = [];
  const nearby: ApplyOfficialOutcome['nearby'] = [];
  const add = (f: OfficialFact) => {
    const r = insertFact(next, f, newId);
    next = r.report;
    nearby.push({ referenceId: r.referenceId, fact: f, added: r.added });
  };
  if (fact.geometry) {
    const bbox = bboxAround(fact.geometry, options.radiusKm ?? 2);
    const [embargoes, anp] = await Promise.allSettled([official.ibamaEmbargoes({ bbox }), official.anpOverlaps(bbox)]);
    if (embargoes.status === 'fulfilled') {
      sources.push(embargoes.value.source);
      for (const e of embargoes.value.records) add(ibamaEmbargoFact(e, embargoes.value.source));
    } else failures.push({ agency: 'IBAMA', dataset: 'adm_embargos_ibama_a', error: embargoes.reason });
    if (anp.status === 'fulfilled') {
      sources.push(anp.value.blocks.source, anp.value.fields.source, anp.value.wells.source);
      for (const b of anp.value.blocks.records) add(anpBlockFact(b, anp.value.blocks.source));
      for (const f of anp.value.fields.records) add(anpFieldFact(f, anp.value.fields.source));
      for (const w of anp.value.wells.records) add(anpWellFact(w, anp.value.wells.source));
    } else failures.push({ agency: 'ANP', dataset: 'GISHUB', error: anp.reason });
  }
  return { report: next, applied: first.applied, nearby, sources, failures };
}
