import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CRITICAL_CAP,
  KRCI_RULES,
  KrciEngine,
  SCORE_TARGET,
  SEVERITY_PENALTIES,
  MAX_COUNTED_PER_RULE,
  checkReport,
  computeScore,
  createKrciChecker,
  interpolate,
  runRules,
  type CheckResult,
  type Finding,
  type Rule,
  type Severity,
} from '../../shared/krci';
import { fingerprint, sameSlice } from '../../shared/krci/fingerprint';
import { TrsReportSchema, type TrsReport } from '../../shared/trs/model';
import { context, embargo, goldAnmRecord, loadSample, mutate, square } from '../support/krci-fixtures';

const gold = loadSample('gold');
const lithium = loadSample('lithium');

function ids(result: CheckResult): string[] {
  return [...new Set(result.findings.map((f) => f.ruleId))].sort();
}

describe('samples', () => {
  it('the complete gold PFS sample scores at least 90 with no critical finding, with and without official data', () => {
    const plain = checkReport(gold, context());
    expect(plain.score).toBeGreaterThanOrEqual(90);
    expect(plain.counts.critical).toBe(0);
    expect(plain.capped).toBe(false);
    const official = checkReport(
      gold,
      context({ official: { anmProcess: { record: goldAnmRecord() }, ibamaEmbargoes: { records: [embargo(square(-44.5, -20.9, 0.05))] } } }),
    );
    expect(official.score).toBeGreaterThanOrEqual(90);
    expect(official.counts.critical).toBe(0);
    // Self-consistency rules, the stored ANM fact's phase, and the cache-side checks (nothing out of date, no uncited embargo).
    expect(
      official.rules
        .filter((r) => r.ruleId.startsWith('official.') && r.status === 'pass')
        .map((r) => r.ruleId)
        .sort(),
    ).toEqual([
      'official.anm-phase',
      'official.fact-outdated',
      'official.ibama-embargo-uncited',
      'official.reserves-on-research-application',
      'official.title-supports-stage',
    ]);
  });

  it('the lithium exploration IA is flagged for what it lacks and nothing else', () => {
    const result = checkReport(lithium, context());
    // It skips section 14 although it discloses resources, and its two exploration permits expired in April 2026.
    expect(ids(result)).toEqual(['property.rights-expired-since', 'structure.processing-for-resources']);
    expect(result.findings.map((f) => f.path).sort()).toEqual(['property.mineralRights.0.expiresOn', 'property.mineralRights.1.expiresOn', 'sections.13']);
    expect(result.counts.critical).toBe(0);
    // What an exploration IA legitimately lacks (reserves, costs, economics) is "not applicable", never a finding.
    const status = new Map(result.rules.map((r) => [r.ruleId, r.status]));
    const stillApply = ['reserves.stage-consistency', 'economics.price-justified']; // no reserves on an exploration property; resource price justified
    for (const r of KRCI_RULES.filter((x) => /^(reserves|costs|economics)\./.test(x.id))) {
      expect(status.get(r.id), r.id).toBe(stillApply.includes(r.id) ? 'pass' : 'not-applicable');
    }
    // At its own report date (before the permits expired) only the skipped processing section remains.
    expect(ids(checkReport(lithium, context({ now: new Date('2025-10-20T00:00:00Z') })))).toEqual(['structure.processing-for-resources']);
  });

  it('an empty new report scores low and is capped by its critical findings', () => {
    const empty = TrsReportSchema.parse({
      ...structuredClone(gold),
      qualifiedPersons: [],
      signingFirm: null,
      metadata: { ...gold.metadata, reportDate: null },
    });
    const r = checkReport(empty, context());
    expect(r.counts.critical).toBeGreaterThan(0);
    expect(r.score).toBeLessThanOrEqual(CRITICAL_CAP);
  });

  it('reserves while every ANM process of the report is at REQUERIMENTO DE PESQUISA is critical and caps the score, with no official data', () => {
    const atApplication = structuredClone(gold);
    for (const p of atApplication.brazil!.anmProcesses) p.phase = 'REQUERIMENTO DE PESQUISA';
    const r = checkReport(atApplication, context());
    expect(r.findings.filter((f) => f.severity === 'critical').map((f) => f.ruleId)).toContain('official.reserves-on-research-application');
    expect(r.score).toBe(CRITICAL_CAP);
    expect(r.capped).toBe(true);
  });

  it('Brazil rules are skipped when BRAZILIAN_FIELDS is off', () => {
    const bad = mutate(gold, (r) => {
      r.brazil!.holderCnpj = '00.000.000/0000-00';
    });
    expect(ids(checkReport(bad, context()))).toContain('brazil.cnpj');
    const off = checkReport(bad, context({ flags: { BRAZILIAN_FIELDS: false } }));
    expect(ids(off)).not.toContain('brazil.cnpj');
    expect(off.rules.filter((r) => r.status === 'disabled').length).toBe(KRCI_RULES.filter((r) => r.flag === 'BRAZILIAN_FIELDS').length);
  });
});

describe('score', () => {
  const severityOf = (id: string): Severity => (id.startsWith('c') ? 'critical' : id.startsWith('h') ? 'high' : id.startsWith('m') ? 'medium' : 'low');
  const finding = (ruleId: string, path = 'a'): Finding => ({
    ruleId,
    severity: severityOf(ruleId),
    category: 'structure',
    citation: 'x',
    basis: 'law',
    citationVerified: true,
    path,
    params: {},
    message: { en: '', 'pt-BR': '' },
    fix: { en: '', 'pt-BR': '' },
  });

  it('starts at 100 and every open finding takes its penalty off', () => {
    expect(SEVERITY_PENALTIES).toEqual({ critical: 25, high: 10, medium: 4, low: 1 });
    expect(computeScore([]).score).toBe(100);
    // One open high finding cannot leave 100.
    expect(computeScore([finding('h1')]).score).toBe(90);
    expect(computeScore([finding('m1')]).score).toBe(96);
    expect(computeScore([finding('h1'), finding('h2'), finding('m1'), finding('l1')])).toEqual({ score: 75, capped: false, penalty: 25 });
  });

  it('counts a rule at most three times, so one systematic slip does not sink the report', () => {
    const many = Array.from({ length: 40 }, (_, i) => finding('m1', `rows.${i}`));
    expect(MAX_COUNTED_PER_RULE).toBe(3);
    expect(computeScore(many).score).toBe(100 - 3 * 4);
  });

  it('leaves accepted findings out', () => {
    const fs = [finding('h1'), finding('h2')];
    expect(computeScore(fs, (f) => f.ruleId !== 'h2').score).toBe(90);
  });

  it('caps at 49 while a critical finding is open, whatever the rest', () => {
    const s = computeScore([finding('c1')]);
    expect(s.score).toBe(CRITICAL_CAP);
    expect(s.capped).toBe(true);
    expect(SCORE_TARGET).toBe(80);
    expect(computeScore([finding('c1')], () => false).score).toBe(100);
  });

  it('property: an integer within 0–100, lower with every added open high or medium finding, never above the cap with a critical', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('c', 'h', 'm', 'l'), { maxLength: 40 }), fc.constantFrom('h', 'm'), (sevs, extra) => {
        const fs = sevs.map((sev, i) => finding(`${sev}${i}`));
        const s = computeScore(fs);
        expect(Number.isInteger(s.score)).toBe(true);
        expect(s.score).toBeGreaterThanOrEqual(0);
        expect(s.score).toBeLessThanOrEqual(100);
        if (sevs.includes('c')) expect(s.score).toBeLessThanOrEqual(CRITICAL_CAP);
        const more = computeScore([...fs, finding(`${extra}new`)]);
        if (s.score > 0 && !s.capped) expect(more.score).toBeLessThan(s.score);
      }),
      { numRuns: 500 },
    );
  });
});

describe('engine', () => {
  it('interpolates placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{{a}} and {{b}}', { a: 1 })).toBe('1 and {{b}}');
  });

  it('a rule that throws is reported, left out of the score, and does not stop the others', () => {
    const boom: Rule<TrsReport> = {
      ...KRCI_RULES[0]!,
      id: 'test.boom',
      check: () => {
        throw new Error('kaput');
      },
    };
    const r = runRules([boom, ...KRCI_RULES], gold, context());
    expect(r.rules[0]).toMatchObject({ ruleId: 'test.boom', status: 'error' });
    expect(r.findings.find((f) => f.ruleId === 'test.boom')?.message.en).toContain('kaput');
    expect(r.score).toBe(checkReport(gold, context()).score);
  });

  it('refuses duplicate rule ids', () => {
    expect(() => new KrciEngine([KRCI_RULES[0]!, KRCI_RULES[0]!])).toThrow(/duplicate/);
  });

  it('incremental: one keystroke in a section re-runs only the rules that read it', () => {
    const engine = createKrciChecker();
    const first = engine.check(gold, context());
    expect(first.evaluated).toBe(KRCI_RULES.length);
    const unchanged = engine.check(gold, context());
    expect(unchanged.reused).toBe(KRCI_RULES.length);
    // Immutable update of section 6, as the editor store does it.
    const s6 = gold.sections[5]!;
    const edited: TrsReport = {
      ...gold,
      sections: gold.sections.map((s, i) => (i === 5 ? { ...s, body: [...s6.body, { type: 'paragraph', content: [{ type: 'text', text: 'x' }] }] } : s)),
    };
    const after = engine.check(edited, context());
    const readers = KRCI_RULES.filter((r) => r.reads.some((p) => p === 'sections' || p === 'sections.5'));
    expect(after.evaluated).toBe(readers.length);
    expect(after.evaluated).toBeLessThan(5);
    expect(after.findings).toEqual(runRules(KRCI_RULES, edited, context()).findings);
  });

  it('incremental: a report rebuilt from JSON reuses results through fingerprints', () => {
    const engine = createKrciChecker();
    engine.check(gold, context());
    const again = engine.check(JSON.parse(JSON.stringify(gold)) as TrsReport, context());
    expect(again.evaluated).toBe(0);
    expect(sameSlice({ a: [1, 2] }, { a: [1, 2] })).toBe(true);
    expect(sameSlice({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(fingerprint({ a: 1, b: undefined })).toBe(fingerprint({ a: 1 }));
  });

  it('incremental: a new day re-runs the date rules, new official data the official rules', () => {
    const engine = createKrciChecker();
    engine.check(gold, context());
    const later = engine.check(gold, context({ now: new Date('2026-11-28T08:00:00Z') }));
    expect(later.evaluated).toBe(KRCI_RULES.filter((r) => r.contextReads?.includes('now')).length);
    const withAnm = engine.check(gold, context({ now: new Date('2026-11-28T08:00:00Z'), official: { anmProcess: { record: goldAnmRecord() } } }));
    expect(withAnm.evaluated).toBe(KRCI_RULES.filter((r) => r.contextReads?.includes('anmProcess')).length);
    const flagOff = engine.check(
      gold,
      context({ now: new Date('2026-11-28T08:00:00Z'), official: { anmProcess: { record: goldAnmRecord() } }, flags: { BRAZILIAN_FIELDS: false } }),
    );
    expect(flagOff.evaluated).toBe(KRCI_RULES.filter((r) => r.flag === 'BRAZILIAN_FIELDS').length);
  });
});

// ---- random mutations ----------------------------------------------------------------------

type Path = Array<string | number>;
/** Leaf paths of the gold sample (figure pixels excepted). */
function leaves(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) {
    out.push(path); // arrays can be emptied / truncated
    value.forEach((v, i) => leaves(v, [...path, i], out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k !== 'dataBase64') leaves(v, [...path, k], out);
  } else out.push(path);
  return out;
}

function getIn(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((cur, k) => (cur as Record<string | number, unknown>)?.[k], root);
}

/** Copy-on-write update, like the editor's store: untouched subtrees keep their identity. */
function setIn<T>(root: T, path: Path, value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path;
  // An earlier mutation may have replaced a container by a scalar: write into a fresh object then.
  const container = (root !== null && typeof root === 'object' ? root : {}) as unknown as Record<string | number, unknown>;
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...container }) as Record<string | number, unknown>;
  copy[head!] = setIn(container[head!], rest, value);
  return copy as T;
}

const LEAF_PATHS = leaves(gold);

const anyJson = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.integer(),
  fc.string(),
  fc.constantFrom('', '2099-01-01', '1900-02-30', '111.444.777-35', '48051.004086/2021-11', 'NaN', '-20:17:10,104'),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);

/** A value of the same kind as the current one (schema-plausible mutation). */
function plausible(current: unknown): fc.Arbitrary<unknown> {
  if (Array.isArray(current)) return fc.constantFrom(current.slice(0, 0), current.slice(0, 1), current.slice(1), [...current, ...current.slice(0, 1)]);
  if (typeof current === 'number')
    return fc.oneof(
      fc.constant(0),
      fc.constant(-1),
      fc.integer({ min: -1000, max: 1_000_000 }),
      fc.double({ min: -1e6, max: 1e9, noNaN: true }),
      fc.constant(current * 10),
    );
  if (typeof current === 'boolean') return fc.boolean();
  if (typeof current === 'string')
    return fc.oneof(
      fc.constant(''),
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        '2031-12-31',
        '2025-06-30',
        'notApplicable',
        'complete',
        'draft',
        '111.444.777-35',
        '12.ABC.345/01DE-35',
        '999.999/2099',
        'proven',
        'inferred',
      ),
    );
  return fc.oneof(fc.constant(null), anyJson);
}

const mutationArb = fc.integer({ min: 0, max: LEAF_PATHS.length - 1 }).chain((i) => {
  const path = LEAF_PATHS[i]!;
  return fc.tuple(fc.constant(path), fc.oneof(plausible(getIn(gold, path)), fc.constant(null)));
});

const ctxArb = fc.record({
  now: fc.oneof(
    fc.constant(new Date('2026-11-27T00:00:00Z')),
    fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01') }),
    fc.constant(new Date(Number.NaN)),
  ),
  brazil: fc.boolean(),
  anmPhase: fc.option(fc.constantFrom('CONCESSÃO DE LAVRA', 'REQUERIMENTO DE PESQUISA', 'AUTORIZAÇÃO DE PESQUISA', ''), { nil: undefined }),
  embargo: fc.boolean(),
});

function toContext(c: { now: Date; brazil: boolean; anmPhase: string | undefined; embargo: boolean }) {
  return context({
    now: c.now,
    flags: { BRAZILIAN_FIELDS: c.brazil },
    official: {
      ...(c.anmPhase !== undefined ? { anmProcess: { record: goldAnmRecord({ phase: c.anmPhase }) } } : {}),
      ...(c.embargo ? { ibamaEmbargoes: { records: [embargo(square(-43.9, -20.29, 0.01))] } } : {}),
    },
  });
}

describe('random mutations never crash the engine', () => {
  it('arbitrary JSON at any path (even schema-invalid): a result with a score in 0–100, never a throw', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: LEAF_PATHS.length - 1 }), anyJson), { minLength: 1, maxLength: 4 }), ctxArb, (muts, c) => {
        let report: TrsReport = gold;
        for (const [i, v] of muts) report = setIn(report, LEAF_PATHS[i]!, v);
        const r = checkReport(report, toContext(c));
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(100);
      }),
      { numRuns: 2000, seed: 20261201 },
    );
  });

  it('schema-valid mutations: no rule errors, and the incremental checker agrees with a full check', () => {
    const engine = createKrciChecker();
    let checked = 0;
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 6 }), ctxArb, (muts, c) => {
        let report: TrsReport = gold;
        const ctx = toContext(c);
        for (const [path, value] of muts) {
          const next = setIn(report, path, value);
          if (!TrsReportSchema.safeParse(next).success) continue;
          report = next;
          const incremental = engine.check(report, ctx);
          const full = runRules(KRCI_RULES, report, ctx);
          expect(full.rules.filter((r) => r.status === 'error').map((r) => r.findings[0]?.message.en)).toEqual([]);
          expect(incremental.findings).toEqual(full.findings);
          expect(incremental.score).toBe(full.score);
          checked++;
        }
      }),
      { numRuns: 600, seed: 20261202 },
    );
    expect(checked).toBeGreaterThan(500);
  }, 120_000);
});
