import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { QivoError } from '../../shared/errors';
import { checkEdgarFileName } from '../../shared/edgar/rules';
import { lintEdgarHtml } from '../../shared/edgar/lint';
import { formatExportNumber } from '../../shared/exports/report-document';
import { SK1300_SECTIONS } from '../../shared/trs/sections';
import type { TrsReport } from '../../shared/trs/model';
import { parseTrsJson } from '../../shared/trs/migrations';
import { loadSample } from '../support/krci-fixtures';
import { docxParagraphs, makeExportService, pdfPages, squash } from '../support/exports-harness';
import { makeTempDir } from '../support/temp-dir';

// PDF rendering of a whole TRS takes seconds on a busy 2-core machine; correctness only, never timing.
vi.setConfig({ testTimeout: 240_000 });

const temp = makeTempDir('qivo-exports-');
afterAll(() => temp.cleanup());
let counter = 0;
const outDir = (name: string) => path.join(temp.dir, `${++counter}-${name}`);

const HEADINGS = SK1300_SECTIONS.map((s) => `${s.number}. ${s.title}`);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The pages after the table of contents, joined. */
function bodyText(pages: string[]): string {
  const tocLast = pages.findLastIndex((p) => p.includes('Table of contents'));
  return squash(pages.slice(tocLast + 1).join('\n'));
}

function expectInOrder(text: string, needles: string[]): void {
  let from = 0;
  for (const needle of needles) {
    const at = text.indexOf(squash(needle), from);
    expect(at, `"${needle}" after position ${from}`).toBeGreaterThanOrEqual(0);
    from = at + 1;
  }
}

function tableNumbers(report: TrsReport): string[] {
  const numbers: string[] = [];
  for (const table of [...report.mineralResources, ...report.mineralReserves]) {
    for (const row of table.rows) {
      numbers.push(formatExportNumber(row.tonnage.value));
      for (const g of row.grades) numbers.push(formatExportNumber(g.value));
      for (const c of row.contained) numbers.push(formatExportNumber(c.value));
    }
  }
  return numbers.filter((n) => n !== '-');
}

describe.each(['gold', 'lithium'] as const)('exports of the %s sample', (name) => {
  const report = loadSample(name);

  it('writes an EX-96 that passes the EDGAR linter, with figures as relative .jpg/.gif attachments', async () => {
    const { service, events } = makeExportService();
    const dir = outDir(`${name}-ex96`);
    const result = await service.export({ report, format: 'ex96', draft: false, destination: dir });
    const exhibit = result.files.find((f) => f.role === 'exhibit')!;
    expect(exhibit.name).toBe('ex96-1.htm');
    const html = fs.readFileSync(exhibit.path, 'latin1');
    expect(lintEdgarHtml(html, { fileName: exhibit.name }).violations).toEqual([]);
    expect(html).not.toMatch(/<(thead|tbody|tfoot|style|script|span)\b/i);
    for (const heading of HEADINGS) expect(squash(html)).toContain(squash(heading).replace(/'/g, '&#39;'));
    const attachments = result.files.filter((f) => f.role === 'attachment');
    expect(attachments.length).toBe(report.figures.length);
    for (const a of attachments) {
      expect(checkEdgarFileName(a.name, ['jpg', 'gif'])).toBeUndefined();
      expect(html).toContain(`<img src="${a.name}"`);
      expect(fs.readFileSync(a.path).equals(Buffer.from(report.figures[attachments.indexOf(a)]!.dataBase64, 'base64'))).toBe(true);
    }
    // Conformed signatures with the date, per QP or for the firm.
    if (report.signingFirm) expect(html).toContain(`/s/ ${report.signingFirm.name.replace(/&/g, '&amp;')}`);
    else for (const qp of report.qualifiedPersons) expect(html).toMatch(new RegExp(`/s/ ${qp.name.split(' ')[0]}`));
    expect(html).toMatch(/Date: [A-Z][a-z]+ \d{1,2}, \d{4}/);
    expect(events).toEqual([expect.objectContaining({ kind: 'export', name: 'ex96', outcome: 'success', labels: { draft: 'false' } })]);
  });

  it('writes one EX-23 consent per QP or for the firm, each passing the linter', async () => {
    const { service } = makeExportService();
    const result = await service.export({
      report,
      format: 'ex23',
      draft: false,
      destination: outDir(`${name}-ex23`),
      filing: 'Annual Report on Form 10-K for 2025',
    });
    const expected = report.signingFirm ? 1 : report.qualifiedPersons.filter((q) => q.consentStatus !== 'refused').length;
    expect(result.files.map((f) => f.name)).toEqual(Array.from({ length: expected }, (_, i) => `ex23-${i + 1}.htm`));
    for (const file of result.files) {
      const html = fs.readFileSync(file.path, 'latin1');
      expect(lintEdgarHtml(html, { fileName: file.name }).violations).toEqual([]);
      expect(html).toContain('Annual Report on Form 10-K for 2025');
      expect(html).toMatch(/By: <b>\/s\/ /);
    }
  });

  it('writes a PDF whose text holds the 25 headings in order and the numbers of the resource and reserve tables', async () => {
    const { service } = makeExportService();
    const result = await service.export({ report, format: 'pdf', draft: false, destination: outDir(`${name}-pdf`) });
    const file = result.files[0]!;
    expect(file.name).toMatch(/^[a-z0-9-]+-trs\.pdf$/);
    const pdf = fs.readFileSync(file.path);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Fonts are embedded (a FontFile2 stream per subset), never referenced by name only.
    expect(pdf.toString('latin1')).toContain('/FontFile2');
    const pages = pdfPages(file.path);
    const body = bodyText(pages);
    expectInOrder(body, HEADINGS);
    const from = body.indexOf(squash(HEADINGS[10]!));
    const to = body.indexOf(squash(HEADINGS[12]!));
    const estimates = body.slice(from, to);
    for (const n of tableNumbers(report)) expect(estimates, n).toContain(n);
    // Table of contents with page numbers that point at the real pages.
    const toc = squash(pages.find((p) => p.includes('Table of contents'))!);
    for (const [i, heading] of HEADINGS.entries()) {
      const match = new RegExp(`${squash(heading).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (\\d+)`).exec(toc);
      expect(match, heading).not.toBeNull();
      const page = Number(match![1]);
      expect(squash(pages[page - 1]!), `section ${i + 1} on page ${page}`).toContain(squash(heading));
    }
    // Running header and footer on every page.
    pages.forEach((p, i) => {
      expect(p).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(p).toContain('Effective date:');
    });
  });

  it('writes a DOCX whose document.xml has the headings as Heading styles', async () => {
    const { service } = makeExportService();
    const result = await service.export({ report, format: 'docx', draft: false, destination: outDir(`${name}-docx`) });
    const paragraphs = await docxParagraphs(fs.readFileSync(result.files[0]!.path));
    const h1 = paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text);
    expect(h1.slice(0, 25)).toEqual(HEADINGS);
    const zip = await JSZip.loadAsync(fs.readFileSync(result.files[0]!.path));
    const styles = await zip.file('word/styles.xml')!.async('string');
    expect(styles).toMatch(/w:styleId="Heading1"><w:name w:val="Heading 1"\/>[\s\S]*?<w:outlineLvl w:val="0"\/>/);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('<w:tblHeader/>');
    expect(Object.keys(zip.files).filter((f) => f.startsWith('word/media/'))).toHaveLength(report.figures.length);
    const footer = await zip.file('word/footer1.xml')!.async('string');
    expect(footer).toContain('NUMPAGES');
  });

  it('writes the canonical JSON, which reads back as the same report', async () => {
    const { service } = makeExportService();
    const result = await service.export({ report, format: 'json', draft: false, destination: outDir(`${name}-json`) });
    const parsed = parseTrsJson(fs.readFileSync(result.files[0]!.path, 'utf8'));
    expect(parsed.ok && parsed.report).toEqual(report);
  });
});

describe('filing package', () => {
  const report = loadSample('gold');

  it('zips exhibits, attachments, consents, PDF, DOCX, JSON, log and a manifest whose hashes match', async () => {
    const { service } = makeExportService();
    const zipPath = path.join(outDir('pkg'), 'filing.zip');
    const result = await service.export({ report, format: 'package', draft: false, destination: zipPath });
    expect(result.destination).toBe(zipPath);
    const zip = await JSZip.loadAsync(fs.readFileSync(zipPath));
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual(
      expect.arrayContaining(['ex96-1.htm', 'ex96-1-fig01.gif', 'ex23-1.htm', 'ex96-1.pdf', 'ex96-1.docx', 'export-log.txt', 'manifest.json']),
    );
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as { files: { name: string; sha256: string; bytes: number }[] };
    expect(manifest.files.map((f) => f.name).sort()).toEqual(names.filter((n) => n !== 'manifest.json'));
    for (const entry of manifest.files) {
      const data = await zip.file(entry.name)!.async('nodebuffer');
      expect(sha256(data), entry.name).toBe(entry.sha256);
      expect(data.length).toBe(entry.bytes);
    }
    for (const name of names.filter((n) => n.endsWith('.htm'))) {
      expect(lintEdgarHtml(await zip.file(name)!.async('string'), { fileName: name }).ok, name).toBe(true);
    }
    const log = await zip.file('export-log.txt')!.async('string');
    expect(log).toContain('KRCI score');
    expect(log).toContain('EDGAR lint ex96-1.htm: 0 violations');
  });

  it('writes the same package as a folder', async () => {
    const { service } = makeExportService();
    const dir = outDir('pkg-folder');
    await service.export({ report, format: 'package', draft: false, destination: dir });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { files: { name: string; sha256: string }[] };
    expect(fs.readdirSync(dir).sort()).toEqual([...manifest.files.map((f) => f.name), 'manifest.json'].sort());
    for (const entry of manifest.files) expect(sha256(fs.readFileSync(path.join(dir, entry.name))), entry.name).toBe(entry.sha256);
  });
});

describe('guard rail: critical findings', () => {
  const blocked: TrsReport = { ...loadSample('lithium') };
  blocked.metadata = { ...blocked.metadata, reportDate: null };

  it('refuses, listing the findings, and writes nothing', async () => {
    const { service, events } = makeExportService();
    const dir = outDir('refused');
    const error = await service.export({ report: blocked, format: 'package', draft: false, destination: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QivoError);
    expect((error as QivoError).code).toBe('exports.criticalFindings');
    expect((error as QivoError).details).toEqual(expect.arrayContaining([expect.stringMatching(/^\[critical\] structure\.report-date: /)]));
    expect(fs.existsSync(dir)).toBe(false);
    expect(events).toEqual([expect.objectContaining({ kind: 'export', name: 'package', outcome: 'refused' })]);
  });

  it('exports a draft on purpose, marked DRAFT on every page, in the HTML and in the file names', async () => {
    const { service } = makeExportService();
    const dir = outDir('draft');
    const result = await service.export({ report: blocked, format: 'package', draft: true, destination: dir });
    for (const f of result.files) expect(f.name, f.name).toMatch(/draft/);
    const html = fs.readFileSync(path.join(dir, 'ex96-1-draft.htm'), 'latin1');
    expect(html).toContain('<title>DRAFT - ');
    expect(html.match(/DRAFT - NOT FOR FILING/g)?.length).toBeGreaterThanOrEqual(2);
    expect(lintEdgarHtml(html, { fileName: 'ex96-1-draft.htm' }).ok).toBe(true);
    const pages = pdfPages(path.join(dir, 'ex96-1-draft.pdf'));
    expect(pages.length).toBeGreaterThan(3);
    pages.forEach((p, i) => expect(p, `page ${i + 1}`).toContain('DRAFT'));
    const zip = await JSZip.loadAsync(fs.readFileSync(path.join(dir, 'ex96-1-draft.docx')));
    expect(await zip.file('word/header1.xml')!.async('string')).toContain('DRAFT');
    expect(fs.readFileSync(path.join(dir, 'export-log-draft.txt'), 'utf8')).toMatch(
      /Exported as a DRAFT despite 1 critical finding\(s\):\n {2}\[critical\] structure\.report-date/,
    );
  });

  it('puts "-draft" into a file name the user chose', async () => {
    const { service } = makeExportService();
    const result = await service.export({ report: blocked, format: 'pdf', draft: true, destination: path.join(outDir('draft-name'), 'Board copy.pdf') });
    expect(result.files[0]!.name).toBe('Board copy-draft.pdf');
  });
});

describe('PDF tables across pages', () => {
  it('repeats the header row on every page a long table runs onto', async () => {
    const base = loadSample('lithium');
    const table = base.mineralResources[0]!;
    const rows = Array.from({ length: 300 }, (_, i) => ({
      ...table.rows[i % table.rows.length]!,
      id: `row-${i}`,
      domain: `Block ${String(i).padStart(3, '0')}`,
    }));
    const report: TrsReport = { ...base, mineralResources: [{ ...table, rows }] };
    const { service } = makeExportService();
    const result = await service.export({ report, format: 'pdf', draft: false, destination: outDir('long-table') });
    const pages = pdfPages(result.files[0]!.path);
    const withRows = pages.filter((p) => /Block \d{3}/.test(p));
    expect(withRows.length).toBeGreaterThan(3);
    for (const page of withRows) {
      expect(page).toContain('Tonnage (kt)');
      expect(page).toContain('Contained Li2O (kt)');
    }
    // Every row is there, once, in order.
    const blocks = squash(withRows.join(' ')).match(/Block \d{3}/g)!;
    expect(blocks).toEqual(rows.map((r) => r.domain));
  });
});
