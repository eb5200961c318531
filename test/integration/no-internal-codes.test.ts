import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serializeTrsReport } from '../../shared/trs/migrations';
import { CODE_VALUES } from '../../shared/trs/code-values';
import type { CodeGroup } from '../../shared/trs/code-labels';
import { RESERVE_CLASSES, RESOURCE_CLASSES, TrsReportSchema, type TrsReport } from '../../shared/trs/model';
import { runQivoInProcess } from '../support/cli';
import { docxParagraphs, makeExportService, pdfPages } from '../support/exports-harness';
import { loadSample } from '../support/krci-fixtures';
import { makeTempDir } from '../support/temp-dir';

// Issue 13 point 4: no output ever prints an internal code. Every coded value of the TRS model
// (shared/trs/code-values.ts) is put into reports, every output format is produced from them and
// from both samples, and the text a reader sees is scanned for the codes. Slow: five filing
// packages with PDF and DOCX on a loaded machine.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

type Values = readonly string[];
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
/** `values` laid over `rows` (cloned from the first row when there are more values than rows). */
function spread<R extends object>(rows: R[], values: Values, set: (row: R, value: string) => void): R[] {
  return values.map((value, i) => {
    const row = clone(rows[i % rows.length]!) as R & { id?: unknown };
    if (typeof row.id === 'string') row.id = `${row.id}-${i}`;
    set(row, value);
    return row;
  });
}

/**
 * Where each group of coded values lives in the report. Typed by CodeGroup: a group added to
 * code-values.ts does not compile until it is placed here. Fields holding one value take the
 * `variant`-th value (so three variants cover every value of the largest such group).
 */
const PLACE: { [G in CodeGroup]: (r: TrsReport, values: Values, variant: number) => void } = {
  studyType: (r, v, i) => void (r.metadata.studyType = v[i % v.length] as never),
  propertyStage: (r, v, i) => void (r.metadata.propertyStage = v[i % v.length] as never),
  textLanguage: (r, v, i) => void (r.metadata.language = v[i % v.length] as never),
  consentStatus: (r, v) => {
    r.qualifiedPersons = spread(r.qualifiedPersons, v, (q, value) => {
      q.consentStatus = value as never;
      q.name = `${q.name} ${value.length}`;
    });
    r.signingFirm = {
      name: 'Vale do Jequitinhonha Geoconsultoria Ltda.',
      address: 'Rua Dom Serafim 214, Teófilo Otoni, MG, Brazil',
      signatureDate: '2025-10-20',
      consentStatus: v[1] as never,
      consentDate: '2025-10-20',
      qualifiedPersonIds: [r.qualifiedPersons[0]!.id],
    } as never;
  },
  mineralRightKind: (r, v) => void (r.property.mineralRights = spread(r.property.mineralRights, v, (m, value) => void (m.kind = value as never))),
  sectionStatus: (r, v) => r.sections.forEach((s, i) => void (s.status = v[i % v.length] as never)),
  priceBasis: (r, v) => void (r.mineralResources[0]!.prices = spread(r.mineralResources[0]!.prices, v, (p, value) => void (p.basis = value as never))),
  estimateClass: (r, v) => {
    const resourceClasses = v.filter((c) => (RESOURCE_CLASSES as readonly string[]).includes(c));
    const reserveClasses = v.filter((c) => (RESERVE_CLASSES as readonly string[]).includes(c));
    r.mineralResources[0]!.rows = spread(r.mineralResources[0]!.rows, resourceClasses, (row, value) => void (row.class = value as never));
    r.mineralReserves[0]!.rows = spread(r.mineralReserves[0]!.rows, reserveClasses, (row, value) => void (row.class = value as never));
    const kindOf = (c: string) => (resourceClasses.includes(c) ? 'resource' : 'reserve');
    r.priorYearComparison!.rows = spread(r.priorYearComparison!.rows, v, (row, value) => {
      row.class = value as never;
      row.kind = kindOf(value) as never;
    });
  },
  cbrrCategory: (r, v) => {
    const rows = [...r.mineralResources[0]!.rows, ...r.mineralReserves[0]!.rows];
    rows.forEach((row, i) => void (row.cbrrCategory = v[i % v.length] as never));
  },
  estimateKind: (r, v) => {
    // Set by the class (a resource class is a resource row); check that both kinds are there.
    for (const kind of v)
      expect(
        r.priorYearComparison!.rows.some((row) => row.kind === kind),
        kind,
      ).toBe(true);
  },
  changeCause: (r, v) => r.priorYearComparison!.rows.forEach((row) => void (row.causes = [...v] as never)),
  costPhase: (r, v) => {
    r.capitalCosts!.items = spread(r.capitalCosts!.items, v, (item, value) => void (item.phase = value as never));
    r.operatingCosts!.items = spread(r.operatingCosts!.items, v, (item, value) => void (item.phase = value as never));
  },
  taxBasis: (r, v, i) => void (r.economicAnalysis!.taxBasis = v[i % v.length] as never),
  sensitivityVariable: (r, v) =>
    void (r.economicAnalysis!.sensitivity = spread(r.economicAnalysis!.sensitivity, v, (s, value) => void (s.variable = value as never))),
  licenceType: (r, v) => void (r.brazil!.ibamaLicences = spread(r.brazil!.ibamaLicences, v, (l, value) => void (l.type = value as never))),
  res94Declaration: (r, v, i) => void (r.brazil!.res94PublicDeclaration = v[i % v.length] as never),
  referenceKind: (r, v) => {
    const plain = r.references.find((ref) => !ref.officialFact)!;
    const others = v.filter((k) => k !== 'officialFact').map((kind, i) => ({ ...clone(plain), id: `ref-kind-${i}`, kind: kind as never }));
    r.references = [...r.references.filter((ref) => ref.officialFact), ...others];
  },
  officialRecordType: (r, v) => {
    const fact = r.references.find((ref) => ref.officialFact)!;
    const facts = v.map((recordType, i) => {
      const ref = clone(fact);
      ref.id = `ref-fact-${i}`;
      ref.officialFact!.recordType = recordType as never;
      ref.officialFact!.recordId = `R-${i}`;
      ref.officialFact!.dataset = `dataset ${i}`;
      return ref;
    });
    r.references = [...facts, ...r.references.filter((ref) => !ref.officialFact)];
  },
};

const GROUPS = Object.keys(CODE_VALUES) as CodeGroup[];
// The single-value fields have at most three values (study type, stage, Res. 94 declaration); the
// first test checks that the variants together hold every value.
const VARIANTS = 3;

function everyCodeReport(variant: number): TrsReport {
  const r = loadSample('gold');
  // Order matters: classes before CBRR categories and kinds; kinds of references before record types.
  for (const group of GROUPS) PLACE[group](r, CODE_VALUES[group], variant);
  return TrsReportSchema.parse(r);
}

/**
 * The codes a reader must never see: every coded value written as code (camelCase, like
 * `anmProcess` or `measuredIndicated`). Plain words (`claim`, `draft`) and abbreviations (`LP`)
 * print as they are in labels too, so they cannot be told apart in text.
 */
const CODES = [...new Set(GROUPS.flatMap((g) => [...CODE_VALUES[g]]))].filter((v) => /[a-z][A-Z]/.test(v));
const leaksIn = (text: string) => CODES.filter((code) => new RegExp(`(^|[^A-Za-z0-9])${code}([^A-Za-z0-9]|$)`).test(text));

const temp = makeTempDir('qivo-no-codes-');
const reports: Array<{ name: string; report: TrsReport }> = [
  { name: 'gold', report: loadSample('gold') },
  { name: 'lithium', report: loadSample('lithium') },
  ...Array.from({ length: VARIANTS }, (_, i) => ({ name: `every-code-${i}`, report: everyCodeReport(i) })),
];
/** Each report's outputs as text a reader sees: file or command → text. */
const outputs = new Map<string, Map<string, string>>();

beforeAll(async () => {
  const { service } = makeExportService();
  const dataDir = path.join(temp.dir, 'data');
  for (const { name, report } of reports) {
    const texts = new Map<string, string>();
    const dir = path.join(temp.dir, name);
    // Draft, so a variant with critical findings (a pt-BR report, inferred material) still exports.
    await service.export({ report, format: 'package', draft: true, destination: dir });
    for (const file of fs.readdirSync(dir)) {
      const full = path.join(dir, file);
      if (file.endsWith('.htm')) texts.set(file, fs.readFileSync(full, 'latin1'));
      else if (file.endsWith('.pdf')) texts.set(file, pdfPages(full).join('\n'));
      else if (file.endsWith('.docx')) texts.set(file, (await docxParagraphs(fs.readFileSync(full))).map((p) => p.text).join('\n'));
      else if (file.endsWith('.txt')) texts.set(file, fs.readFileSync(full, 'utf8'));
    }
    // The command line's human (not --json) outputs on the same file, in both languages.
    const json = path.join(temp.dir, `${name}.json`);
    fs.writeFileSync(json, serializeTrsReport(report));
    for (const lang of ['en', 'pt-BR']) {
      for (const args of [
        ['report', 'check', json, '--no-official'],
        ['report', 'check', json, '--no-official', '--format', 'csv'],
        ['report', 'facts', json],
        ['report', 'validate', json],
      ]) {
        const run = await runQivoInProcess(dataDir, ['--lang', lang, ...args], { QIVO_LANG: lang });
        // 0, or 2 for `check` with a critical finding; never an error.
        expect([0, args[1] === 'check' ? 2 : 0], `${args.join(' ')} ${lang}: ${run.stderr}`).toContain(run.status);
        texts.set(`qivo ${args.slice(0, 2).join(' ')}${args.includes('csv') ? ' --format csv' : ''} (${lang})`, run.stdout + run.stderr);
      }
    }
    outputs.set(name, texts);
  }
});
afterAll(() => temp.cleanup());

describe('no output prints an internal code', () => {
  it('the every-code reports hold every coded value of code-values.ts', () => {
    const all = reports.filter((r) => r.name.startsWith('every-code')).map((r) => JSON.stringify(r.report));
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (const group of GROUPS) {
      for (const value of CODE_VALUES[group])
        expect(
          all.some((json) => json.includes(`"${value}"`)),
          `${group}.${value}`,
        ).toBe(true);
    }
    // The scan has something to find: the camelCase codes of the model are many, and these are among them.
    expect(CODES).toEqual(
      expect.arrayContaining([
        'anmProcess',
        'surfaceRight',
        'measuredIndicated',
        'preFeasibility',
        'notApplicable',
        'recursoMedidoIndicado',
        'afterTax',
        'exchangeRate',
        'officialFact',
        'ibamaEmbargo',
      ]),
    );
    expect(leaksIn('Kind: surfaceRight.')).toEqual(['surfaceRight']);
    expect(leaksIn('Surface right; measured + indicated')).toEqual([]);
  });

  it('every format of every report was produced and read: EX-96, EX-23, PDF, DOCX, export log, CLI text', () => {
    for (const { name } of reports) {
      const names = [...outputs.get(name)!.keys()];
      for (const pattern of [
        /^ex96-1-draft\.htm$/,
        /^ex23-.*\.htm$/,
        /\.pdf$/,
        /\.docx$/,
        /^export-log-draft\.txt$/,
        /^qivo report check \(en\)$/,
        /^qivo report facts \(pt-BR\)$/,
      ]) {
        expect(
          names.some((n) => pattern.test(n)),
          `${name}: ${pattern}`,
        ).toBe(true);
      }
      for (const [file, text] of outputs.get(name)!) expect(text.length, `${name} ${file}`).toBeGreaterThan(20);
    }
    // The every-code report's EX-96 prints the labels of what it holds.
    const ex96 = outputs.get('every-code-0')!.get('ex96-1-draft.htm')!;
    for (const label of ['Surface right', 'ANM mining title (process)', 'Measured + Indicated']) expect(ex96).toContain(label);
  });

  for (const { name } of reports) {
    it(`${name}: no internal code in any output`, () => {
      const found: string[] = [];
      for (const [file, text] of outputs.get(name)!) for (const code of leaksIn(text)) found.push(`${file}: ${code}`);
      expect(found).toEqual([]);
    });
  }
});
