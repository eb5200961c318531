import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAnmFact, APPLY_FIELDS, proposeAnmApplication } from '../../shared/official/apply-official';
import { anmProcessFact, factChanges, insertFact, officialFactsOf, removeFact } from '../../shared/official/report-facts';
import { parseTrsJson, serializeTrsReport } from '../../shared/trs/migrations';
import { createEmptyReport, TRS_SCHEMA_VERSION } from '../../shared/trs/model';
import { anmSource, goldAnmRecord, loadSample } from '../support/krci-fixtures';

const ids = () => {
  let n = 0;
  return () => `id-${++n}`;
};
const twoParts = {
  type: 'MultiPolygon' as const,
  coordinates: [
    [
      [
        [-43.53, -20.31],
        [-43.51, -20.31],
        [-43.51, -20.29],
        [-43.53, -20.29],
        [-43.53, -20.31],
      ],
    ],
    [
      [
        [-43.5, -20.3],
        [-43.499, -20.3],
        [-43.499, -20.299],
        [-43.5, -20.299],
        [-43.5, -20.3],
      ],
    ],
  ],
};

describe('official facts in the TRS document', () => {
  it('a schema-2 report still opens: its facts keep agency, dataset, record, URL, date and value', () => {
    const text = fs.readFileSync(path.resolve(__dirname, '../fixtures/trs/gold-schema2.json'), 'utf8');
    expect(JSON.parse(text).schemaVersion).toBe(2);
    const parsed = parseTrsJson(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.migratedFrom).toBe(2);
    expect(parsed.report.schemaVersion).toBe(TRS_SCHEMA_VERSION);
    const facts = officialFactsOf(parsed.report);
    expect(facts.map((f) => f.fact.agency)).toEqual(['ANM', 'IBGE']);
    expect(facts[0]!.fact).toMatchObject({
      dataset: 'SIGMINE processos minerários (FeatureServer/0)',
      recordId: '831245/2004',
      recordType: 'anmProcess',
      fetchedAt: '2025-08-04T13:22:08Z',
      values: { phase: 'CONCESSÃO DE LAVRA' },
    });
    expect(facts[0]!.fact.url).toContain("where=PROCESSO%3D'831245%2F2004'");
    // Serialised again it is a schema-3 file that parses without migration.
    const again = parseTrsJson(serializeTrsReport(parsed.report));
    expect(again).toMatchObject({ ok: true, migratedFrom: null });
  });

  it('inserting the same record twice stores it once (agency + dataset + record id), and a fact can be removed', () => {
    const fact = anmProcessFact({ record: goldAnmRecord(), source: anmSource() });
    const newId = ids();
    const first = insertFact(createEmptyReport(), fact, newId);
    expect(first.added).toBe(true);
    const second = insertFact(first.report, { ...fact, fetchedAt: '2026-11-25T10:00:00.000Z', recordId: '831245/2004' }, newId);
    expect(second.added).toBe(false);
    expect(second.referenceId).toBe(first.referenceId);
    expect(officialFactsOf(second.report)).toHaveLength(1);
    expect(officialFactsOf(second.report)[0]!.fact.fetchedAt).toBe('2026-11-25T10:00:00.000Z');
    expect(second.report.references[0]).toMatchObject({ kind: 'officialFact', url: fact.url, accessedOn: '2026-11-25' });
    expect(officialFactsOf(removeFact(second.report, first.referenceId))).toHaveLength(0);
  });

  it('"Update from source" says what changed, old → new', () => {
    const before = anmProcessFact({ record: goldAnmRecord(), source: anmSource() });
    const after = anmProcessFact({ record: goldAnmRecord({ phase: 'REQUERIMENTO DE LAVRA', areaHa: 600 }), source: anmSource('2026-11-26T00:00:00.000Z') });
    expect(factChanges(before, after)).toEqual([
      { field: 'phase', before: 'CONCESSÃO DE LAVRA', after: 'REQUERIMENTO DE LAVRA' },
      { field: 'areaHa', before: 612.4, after: 600 },
    ]);
  });
});

describe('Apply to report', () => {
  const fact = anmProcessFact({
    record: goldAnmRecord({ process: '802.563/1973', holder: 'TRATEX MINERACAO LTDA', phase: 'CONCESSÃO DE LAVRA', areaHa: 27.05, geometry: twoParts }),
    source: anmSource(),
  });

  it('proposes each field with current and proposed value, and applies only the accepted ones with a link to the fact', () => {
    const empty = createEmptyReport();
    const proposals = proposeAnmApplication(empty, fact);
    expect(proposals.map((p) => p.field)).toEqual([...APPLY_FIELDS]);
    expect(proposals.find((p) => p.field === 'holder')).toMatchObject({
      current: '',
      proposed: 'TRATEX MINERACAO LTDA',
      same: false,
      path: 'brazil.anmProcesses.0.holderName',
    });
    const { report, applied, referenceId } = applyAnmFact(empty, fact, ['processNumber', 'phase', 'holder', 'polygon'], ids());
    expect(applied.map((a) => a.field)).toEqual(['processNumber', 'phase', 'holder', 'polygon']);
    expect(report.brazil!.anmProcesses).toEqual([
      { processNumber: '802.563/1973', phase: 'CONCESSÃO DE LAVRA', substance: '', areaHa: null, holderName: 'TRATEX MINERACAO LTDA', lastEvent: '' },
    ]);
    // The larger part of a two-part title becomes the property polygon; the location was skipped.
    expect(report.property.polygon!.coordinates[0]![0]).toEqual([-43.53, -20.31]);
    expect(report.property.location.latitude).toBeNull();
    const stored = officialFactsOf(report);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.reference.id).toBe(referenceId);
    expect(stored[0]!.fact.appliedTo).toEqual([
      'brazil.anmProcesses.0.processNumber',
      'brazil.anmProcesses.0.phase',
      'brazil.anmProcesses.0.holderName',
      'property.polygon',
    ]);
    // Applied again, every field is "already the same" and the fact is not duplicated.
    const again = proposeAnmApplication(report, fact).filter((p) => ['processNumber', 'phase', 'holder', 'polygon'].includes(p.field));
    expect(again.every((p) => p.same)).toBe(true);
    expect(officialFactsOf(applyAnmFact(report, fact, APPLY_FIELDS, ids()).report)).toHaveLength(1);
  });

  it('fills the matching row of an existing process, leaving the others alone', () => {
    const gold = loadSample('gold');
    const result = applyAnmFact(gold, anmProcessFact({ record: goldAnmRecord({ holder: 'OUTRA MINERADORA S.A.' }), source: anmSource() }), ['holder'], ids());
    expect(result.report.brazil!.anmProcesses[0]!.holderName).toBe('OUTRA MINERADORA S.A.');
    expect(result.report.brazil!.anmProcesses[1]).toEqual(gold.brazil!.anmProcesses[1]);
    expect(result.report.brazil!.anmProcesses).toHaveLength(2);
  });
});
