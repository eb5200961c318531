import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAnmProcessNumber, checkIbgeMunicipalityCode, isValidCnpj, parseSirgasDms } from '../../shared/brazil/identifiers';
import {
  brazilianFieldsEqual,
  containedAmount,
  containedMismatch,
  createEmptyReport,
  formatLocaleNumber,
  irr,
  li2oToLce,
  npv,
  parseLocaleNumber,
  parseTrsJson,
  parseTrsValue,
  paybackYears,
  reserveTotals,
  resourceTotals,
  richTextFromPlain,
  richTextToPlainText,
  serializeTrsReport,
  TRS_SCHEMA_VERSION,
  TrsReportSchema,
  withBrazilianFieldsOf,
  type TrsReport,
} from '../../shared/trs';

const SAMPLES_DIR = path.resolve(__dirname, '../../assets/samples');
const loadSample = (file: string): TrsReport => {
  const parsed = parseTrsJson(fs.readFileSync(path.join(SAMPLES_DIR, file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.issues)}`);
  return parsed.report;
};

// Typed out from 17 CFR 229.601(b)(96)(iii)(B) on purpose, independently of shared/trs/sections.ts.
const OFFICIAL_TITLES = [
  'Executive summary',
  'Introduction',
  'Property description',
  'Accessibility, climate, local resources, infrastructure and physiography',
  'History',
  'Geological setting, mineralization, and deposit',
  'Exploration',
  'Sample preparation, analyses, and security',
  'Data verification',
  'Mineral processing and metallurgical testing',
  'Mineral resource estimates',
  'Mineral reserve estimates',
  'Mining methods',
  'Processing and recovery methods',
  'Infrastructure',
  'Market studies',
  'Environmental studies, permitting, and plans, negotiations, or agreements with local individuals or groups',
  'Capital and operating costs',
  'Economic analysis',
  'Adjacent properties',
  'Other relevant data and information',
  'Interpretation and conclusions',
  'Recommendations',
  'References',
  'Reliance on information provided by the registrant',
];

describe('new report template', () => {
  it('has the 25 sections of Item 601(b)(96)(iii)(B) in order with the official titles, all empty drafts', () => {
    const report = createEmptyReport();
    expect(report.sections.map((s) => s.title)).toEqual(OFFICIAL_TITLES);
    expect(report.sections.map((s) => s.number)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(report.sections.every((s) => s.status === 'draft' && s.body.length === 0)).toBe(true);
    expect(TrsReportSchema.safeParse(report).success).toBe(true);
  });

  it('rejects a document whose sections are reordered, renamed or missing', () => {
    const report = createEmptyReport();
    const swapped = { ...report, sections: [report.sections[1]!, report.sections[0]!, ...report.sections.slice(2)] };
    const r1 = parseTrsValue(swapped);
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.issues[0]!.path).toBe('$.sections[0].key');
    const renamed = { ...report, sections: report.sections.map((s, i) => (i === 10 ? { ...s, title: 'Resources' } : s)) };
    const r2 = parseTrsValue(renamed);
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.issues.map((i) => i.path)).toContain('$.sections[10].title');
    expect(parseTrsValue({ ...report, sections: report.sections.slice(0, 24) }).ok).toBe(false);
  });
});

describe('canonical JSON', () => {
  it('round-trips the samples without change', () => {
    for (const file of ['trs-gold-ribeirao-dourado.json', 'trs-lithium-lagoa-seca.json']) {
      const text = fs.readFileSync(path.join(SAMPLES_DIR, file), 'utf8');
      const report = loadSample(file);
      expect(serializeTrsReport(report)).toBe(text);
      const again = parseTrsJson(serializeTrsReport(report));
      expect(again.ok && again.report).toEqual(report);
    }
  });

  it('migrates a schema-1 file (plain-text sections) to the current version', () => {
    const current = createEmptyReport({ title: 'Old file' });
    const { language: _l, registrantCik: _c, ...oldMetadata } = current.metadata;
    const { sirgas2000: _s, ...oldLocation } = current.property.location;
    const v1 = {
      ...current,
      schemaVersion: 1,
      metadata: oldMetadata,
      property: { ...current.property, location: oldLocation },
      sections: current.sections.map(({ body: _b, ...s }) => ({ ...s, text: s.number === 1 ? 'First paragraph.\n\nSecond line one\nline two' : '' })),
    };
    const result = parseTrsJson(JSON.stringify(v1));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.migratedFrom).toBe(1);
    expect(result.report.schemaVersion).toBe(TRS_SCHEMA_VERSION);
    expect(result.report.metadata.language).toBe('en');
    expect(result.report.property.location.sirgas2000).toBeNull();
    expect(result.report.sections[0]!.body).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'First paragraph.' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'Second line one' }, { type: 'lineBreak' }, { type: 'text', text: 'line two' }] },
    ]);
    expect(result.report.sections[1]!.body).toEqual([]);
  });

  it('gives clear errors with JSON paths for broken and hostile files', () => {
    const invalid = parseTrsJson('{"format": "qivo.trs", ');
    expect(invalid).toMatchObject({ ok: false, reason: 'invalidJson' });
    expect(parseTrsJson('['.repeat(100_000))).toMatchObject({ ok: false, reason: 'tooDeep' });
    expect(parseTrsJson('{"hello": 1}')).toMatchObject({ ok: false, reason: 'notTrs' });
    expect(parseTrsJson(JSON.stringify({ ...createEmptyReport(), schemaVersion: 99 }))).toMatchObject({ ok: false, reason: 'newerVersion' });

    const base = JSON.parse(serializeTrsReport(createEmptyReport())) as Record<string, unknown>;
    const proto = parseTrsJson(JSON.stringify(base).replace('"metadata":{', '"metadata":{"__proto__":{"polluted":true},'));
    expect(proto.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const html = createEmptyReport();
    html.sections[0]!.body = [{ type: 'paragraph', content: [{ type: 'text', text: 'ok' }] }];
    const withScript = JSON.parse(JSON.stringify(html));
    withScript.sections[0].body.push({ type: 'html', html: '<script>alert(1)</script>' });
    const scriptResult = parseTrsJson(JSON.stringify(withScript));
    expect(scriptResult.ok).toBe(false);
    if (!scriptResult.ok) expect(scriptResult.issues[0]!.path).toBe('$.sections[0].body[1].type');

    const control = JSON.parse(JSON.stringify(html));
    control.sections[0].body[0].content[0].text = 'bad\u0007bell';
    const controlResult = parseTrsJson(JSON.stringify(control));
    expect(controlResult.ok).toBe(false);
    if (!controlResult.ok) expect(controlResult.issues[0]!.path).toBe('$.sections[0].body[0].content[0].text');

    const fakeImage = JSON.parse(serializeTrsReport(loadSample('trs-gold-ribeirao-dourado.json')));
    fakeImage.figures[0].mimeType = 'image/jpeg';
    const imageResult = parseTrsJson(JSON.stringify(fakeImage));
    expect(imageResult.ok).toBe(false);
    if (!imageResult.ok) expect(imageResult.issues[0]!.path).toBe('$.figures[0].dataBase64');
  });
});

describe('samples', () => {
  const gold = loadSample('trs-gold-ribeirao-dourado.json');
  const lithium = loadSample('trs-lithium-lagoa-seca.json');

  it('gold: production stage, PFS, resources and reserves, two signed QPs, all 25 sections written', () => {
    expect(gold.metadata).toMatchObject({ propertyStage: 'production', studyType: 'preFeasibility' });
    expect(gold.qualifiedPersons).toHaveLength(2);
    expect(gold.qualifiedPersons.every((q) => q.signatureDate && q.consentStatus === 'received' && (q.yearsRelevantExperience ?? 0) >= 5)).toBe(true);
    expect(gold.sections.every((s) => s.status === 'complete' && richTextToPlainText(s.body).length > 50)).toBe(true);
    expect(gold.mineralResources[0]!.exclusiveOfReserves).toBe(true);
    for (const table of [...gold.mineralResources, ...gold.mineralReserves]) {
      expect(table.pointOfReference).not.toBe('');
      expect(table.cutOff.length).toBeGreaterThan(0);
      expect(table.metallurgicalRecovery[0]!.percent).toBeGreaterThan(0);
      expect(table.prices[0]!.timeFrame).not.toBe('');
      expect(table.attributablePercent).toBe(100);
    }
    const ea = gold.economicAnalysis!;
    expect(ea.cashFlow.length).toBeGreaterThan(5);
    expect(ea.sensitivity.length).toBeGreaterThan(0);
    const flows = ea.cashFlow.map((r) => r.netCashFlow!);
    expect(npv(ea.discountRatePercent!, flows)).toBeCloseTo(ea.npv!, 1);
    expect(irr(flows)).toBeCloseTo(ea.irrPercent!, 0);
    expect(paybackYears(flows)).toBeCloseTo(ea.paybackYears!, 1);
    for (const row of ea.cashFlow) {
      const net = row.revenue! - row.operatingCost! - row.royalties! - row.capitalCost! - row.taxes!;
      expect(Math.abs(net - row.netCashFlow!)).toBeLessThan(0.25);
    }
  });

  it('contained metal in every sample row equals tonnage × grade (within rounding)', () => {
    for (const report of [gold, lithium]) {
      for (const table of [...report.mineralResources, ...report.mineralReserves]) {
        for (const row of table.rows) {
          for (const c of row.contained) expect(containedMismatch(row, c.commodity)).toBeLessThan(0.002);
        }
      }
    }
    const reserves = reserveTotals(gold.mineralReserves[0]!);
    expect(reserves.total.tonnes).toBe(13_870_000);
    expect(reserves.total.contained[0]!.value).toBeCloseTo(773.4, 0);
  });

  it('Brazilian identifiers are valid: CNPJ check digits, IBGE codes, ANM process numbers, SIRGAS DMS', () => {
    for (const report of [gold, lithium]) {
      const br = report.brazil!;
      expect(isValidCnpj(br.holderCnpj)).toBe(true);
      for (const m of br.municipalities) expect(checkIbgeMunicipalityCode(m.ibgeCode).valid).toBe(true);
      for (const p of br.anmProcesses) expect(checkAnmProcessNumber(p.processNumber, new Date('2026-01-01')).valid).toBe(true);
      const loc = report.property.location;
      const lat = parseSirgasDms(loc.sirgas2000!.latitude, 'lat');
      const lon = parseSirgasDms(loc.sirgas2000!.longitude, 'lon');
      expect(lat.ok && lat.degrees).toBeCloseTo(loc.latitude!, 6);
      expect(lon.ok && lon.degrees).toBeCloseTo(loc.longitude!, 6);
    }
  });

  it('lithium: exploration stage, initial assessment, resources only, what it lacks marked not applicable with a reason', () => {
    expect(lithium.metadata).toMatchObject({ propertyStage: 'exploration', studyType: 'initialAssessment' });
    expect(lithium.mineralReserves).toEqual([]);
    expect(lithium.economicAnalysis).toBeNull();
    expect(lithium.signingFirm?.qualifiedPersonIds).toEqual(['qp-andrade']);
    const na = lithium.sections.filter((s) => s.status === 'notApplicable');
    expect(na.map((s) => s.number)).toContain(12);
    expect(na.every((s) => s.notApplicableReason.length > 20)).toBe(true);
    const totals = resourceTotals(lithium.mineralResources[0]!);
    expect(totals.measured.rowCount).toBe(0);
    expect(totals.measuredIndicated.tonnes).toBe(totals.indicated.tonnes);
  });
});

describe('units and numbers', () => {
  it('converts contained metal: g/t → oz and kg, % → t, Li2O → LCE', () => {
    expect(containedAmount({ value: 1, unit: 'Mt' }, { value: 1, unit: 'g/t' }, 'oz')).toBeCloseTo(32_150.7466, 3);
    expect(containedAmount({ value: 1, unit: 'Mt' }, { value: 1, unit: 'g/t' }, 'kg')).toBeCloseTo(1000, 9);
    expect(containedAmount({ value: 250, unit: 'kt' }, { value: 1.2, unit: '%' }, 't')).toBeCloseTo(3000, 9);
    expect(containedAmount({ value: 10, unit: 't' }, { value: 2, unit: 'ppm' }, 'g')).toBeCloseTo(20, 9);
    expect(containedAmount({ value: null, unit: 't' }, { value: 2, unit: 'g/t' }, 'oz')).toBeNull();
    expect(li2oToLce(1000)).toBeCloseTo(2472.9, 1);
  });

  it('parses pt-BR and en number entry strictly', () => {
    expect(parseLocaleNumber('1.234,56', 'pt-BR')).toBe(1234.56);
    expect(parseLocaleNumber('1.234', 'pt-BR')).toBe(1234);
    expect(parseLocaleNumber('0,45', 'pt-BR')).toBe(0.45);
    expect(parseLocaleNumber('-12.345.678,9', 'pt-BR')).toBe(-12345678.9);
    expect(parseLocaleNumber('1 234,5', 'pt-BR')).toBe(1234.5);
    expect(parseLocaleNumber('1.23', 'pt-BR')).toBeNull();
    expect(parseLocaleNumber('1,2,3', 'pt-BR')).toBeNull();
    expect(parseLocaleNumber('12a', 'pt-BR')).toBeNull();
    expect(parseLocaleNumber('', 'pt-BR')).toBeNull();
    expect(parseLocaleNumber('1,234.56', 'en')).toBe(1234.56);
    expect(parseLocaleNumber('1.234', 'en')).toBe(1.234);
    expect(parseLocaleNumber('1,23', 'en')).toBeNull();
    expect(formatLocaleNumber(1234567.891, 'pt-BR', { maximumFractionDigits: 2 })).toBe('1.234.567,89');
    expect(formatLocaleNumber(1234567.891, 'en', { maximumFractionDigits: 2 })).toBe('1,234,567.89');
    for (const v of [0, 0.5, 12.25, 1234.5, 987654321.125]) {
      expect(parseLocaleNumber(formatLocaleNumber(v, 'pt-BR'), 'pt-BR')).toBe(v);
      expect(parseLocaleNumber(formatLocaleNumber(v, 'en'), 'en')).toBe(v);
    }
  });

  it('plain text ↔ rich text', () => {
    const body = richTextFromPlain('A **b**\n\nSecond\nline');
    expect(richTextToPlainText(body)).toBe('A **b**\n\nSecond\nline');
  });
});

describe('Brazilian fields', () => {
  it('detects a change and can carry over stored values', () => {
    const gold = loadSample('trs-gold-ribeirao-dourado.json');
    const edited: TrsReport = { ...gold, brazil: { ...gold.brazil!, holderCnpj: '11.222.333/0001-81' } };
    expect(brazilianFieldsEqual(gold, edited)).toBe(false);
    expect(brazilianFieldsEqual(gold, withBrazilianFieldsOf(edited, gold))).toBe(true);
    const textOnly: TrsReport = { ...gold, metadata: { ...gold.metadata, title: 'x' } };
    expect(brazilianFieldsEqual(gold, textOnly)).toBe(true);
  });
});

describe('autosave patches and version diffs', () => {
  it('a patch carries only the changed parts and rebuilds the same document', async () => {
    const { applyTrsPatch, diffForPatch, diffTrsReports } = await import('../../shared/trs');
    const base = loadSample('trs-gold-ribeirao-dourado.json');
    const section = { ...base.sections[6]!, body: richTextFromPlain('New exploration text.') };
    const next: TrsReport = {
      ...base,
      sections: base.sections.map((s, i) => (i === 6 ? section : s)),
      metadata: { ...base.metadata, reportDate: '2025-10-01' },
    };
    const patch = diffForPatch(base, next);
    expect(Object.keys(patch).sort()).toEqual(['metadata', 'sections']);
    expect(patch.sections).toEqual([section]);
    expect(applyTrsPatch(base, patch)).toEqual(next);
    expect(() => applyTrsPatch(base, { sections: [{ ...section, title: 'Drilling' }] })).toThrow(/section 7/);

    const diff = diffTrsReports(base, next);
    expect(diff.map((d) => d.path)).toEqual(['metadata.reportDate', 'sections.7']);
    expect(diff[1]!.parts.some((p) => p.op === 'added' && p.text.includes('New'))).toBe(true);
    expect(diffTrsReports(base, base)).toEqual([]);
  });
});
