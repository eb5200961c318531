import { describe, expect, it } from 'vitest';
import { checkEdgarFileName } from '../../shared/edgar/rules';
import { lintEdgarHtml } from '../../shared/edgar/lint';
import { renderConsents } from '../../shared/exports/ex23';
import { renderEx96 } from '../../shared/exports/ex96';
import { numberSectionTables } from '../../shared/exports/document/captions';
import { buildReportDocument, figureFileName, formatExportNumber, formatFilingDate } from '../../shared/exports/report-document';
import type { TrsReport } from '../../shared/trs/model';
import { QivoError } from '../../shared/errors';
import { assertEdgarClean, slugify } from '../../main/exports/export-service';
import { breakLongWords } from '../../main/exports/pdf-renderer';
import { loadSample } from '../support/krci-fixtures';

const gold = loadSample('gold');
const lithium = loadSample('lithium');

describe('report document', () => {
  it('formats dates and numbers as filings print them', () => {
    expect(formatFilingDate('2025-06-30')).toBe('June 30, 2025');
    expect(formatFilingDate('2024-02-29')).toBe('February 29, 2024');
    expect(formatFilingDate(null)).toBe('not stated');
    expect(formatExportNumber(13870)).toBe('13,870');
    expect(formatExportNumber(1.73)).toBe('1.73');
    expect(formatExportNumber(null)).toBe('-');
  });

  it('names figure attachments within the EDGAR file-name rule for every exhibit number, draft or not', () => {
    for (let n = 1; n <= 99; n++) {
      for (const prefix of [`ex96-${n}`, `ex96-${n}-draft`]) {
        for (const mime of ['image/jpeg', 'image/gif'] as const) {
          expect(checkEdgarFileName(figureFileName(prefix, 500, mime), ['jpg', 'gif'])).toBeUndefined();
        }
      }
    }
  });

  it('keeps the 25 official headings in order and says why a section does not apply', () => {
    const doc = buildReportDocument(lithium, { draft: false, figurePrefix: 'ex96-1' });
    expect(doc.sections.map((s) => s.number)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const s13 = doc.sections[12]!;
    expect(s13.heading).toBe('13. Mining methods');
    expect(s13.blocks[0]).toMatchObject({ kind: 'paragraph', inlines: [{ kind: 'text', text: expect.stringMatching(/^Not applicable\. \S/) }] });
  });

  it('refers to figures by the number their caption gives them, and lists figures no section placed', () => {
    const withRef: TrsReport = {
      ...gold,
      sections: gold.sections.map((s) =>
        s.number === 1
          ? { ...s, body: [{ type: 'paragraph', content: [{ type: 'figureRef', figureId: gold.figures[0]!.id }] }] }
          : s.number === 3
            ? { ...s, body: [] }
            : s,
      ),
    };
    const doc = buildReportDocument(withRef, { draft: false, figurePrefix: 'ex96-1' });
    expect(doc.sections[0]!.blocks[0]).toMatchObject({ inlines: [{ text: 'Figure 3-1' }] });
    expect(doc.unplacedFigures.map((f) => f.figureId)).toEqual([gold.figures[0]!.id]);
    const html = renderEx96(doc, 'ex96-1.htm').html;
    expect(html).toMatch(/<h2 id="figures"[^>]*>Figures<\/h2>/);
    expect(html).not.toContain('<a name=');
    expect(lintEdgarHtml(html).ok).toBe(true);
  });

  it('prints the structured resource and reserve statements with their parameters', () => {
    const doc = buildReportDocument(gold, { draft: false, figurePrefix: 'ex96-1' });
    const s11 = doc.sections[10]!.blocks;
    const table = s11.find((b) => b.kind === 'table' && b.role === 'resources');
    expect(table).toMatchObject({ caption: expect.stringContaining('exclusive of mineral reserves') });
    const list = JSON.stringify(s11.filter((b) => b.kind === 'list'));
    for (const label of ['Effective date: ', 'Point of reference: ', 'Cut-off: ', 'Metallurgical recovery: ', 'Price: ']) expect(list).toContain(label);
    expect(doc.sections[11]!.blocks.some((b) => b.kind === 'table' && b.role === 'reserves')).toBe(true);
  });

  it("numbers every table by its section as the author numbers theirs, keeping the author's own numbers", () => {
    const doc = buildReportDocument(gold, { draft: false, figurePrefix: 'ex96-1' });
    const captions = doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'table' && b.caption ? [b.caption] : [])));
    // The author's own (Table 11-1.) then ours after it in the same section, the basis said once.
    expect(captions).toContain('Table 11-1. Mineral resources exclusive of reserves, 30 June 2025 (100% attributable)');
    expect(captions).toContain('Table 11-2. Mineral resources exclusive of mineral reserves, 30 June 2025 (100% basis)');
    expect(captions).toContain('Table 3-1. Mineral rights');
    for (const c of captions) expect(c).toMatch(/^Table \d+-\d+\. \S/);
    expect(new Set(captions.map((c) => /^Table (\d+-\d+)/.exec(c)![1])).size).toBe(captions.length);
  });

  it("gives the exporter's tables the numbers an author has not used in that section", () => {
    const table = (caption: string) => ({ kind: 'table' as const, role: 'content' as const, caption, header: [], rows: [], align: [] });
    const blocks = [
      table('Ours first'),
      table('Table 4-2. Author, second'),
      table('Ours second'),
      table('Table 4-1: Author, out of order'),
      table('Ours third'),
    ];
    numberSectionTables(blocks, 4);
    expect(blocks.map((b) => b.caption)).toEqual([
      'Table 4-3. Ours first',
      'Table 4-2. Author, second',
      'Table 4-4. Ours second',
      'Table 4-1: Author, out of order',
      'Table 4-5. Ours third',
    ]);
  });
});

describe('EX-96 signatures and draft marks', () => {
  it('signs for each QP with /s/ Name and the date when no firm signs', () => {
    const report: TrsReport = { ...gold, signingFirm: null };
    const html = renderEx96(buildReportDocument(report, { draft: false, figurePrefix: 'ex96-1' }), 'ex96-1.htm').html;
    for (const qp of report.qualifiedPersons) {
      const at = html.indexOf(`<b>/s/ ${qp.name}</b>`);
      expect(at, qp.name).toBeGreaterThan(0);
      expect(html.slice(at, at + 600)).toContain(`Date: ${formatFilingDate(qp.signatureDate ?? report.metadata.reportDate)}`);
    }
  });

  it('signs once for a third-party firm', () => {
    const html = renderEx96(buildReportDocument(lithium, { draft: false, figurePrefix: 'ex96-1' }), 'ex96-1.htm').html;
    expect(html.match(/<b>\/s\/ /g)).toHaveLength(1);
    expect(html).toContain('third-party firm');
  });

  it('marks a draft in the title and at the top and bottom of the document', () => {
    const html = renderEx96(buildReportDocument(gold, { draft: true, figurePrefix: 'ex96-1-draft' }), 'ex96-1-draft.htm').html;
    expect(html).toMatch(/<title>DRAFT - /);
    const body = html.slice(html.indexOf('<body'));
    expect(body.indexOf('DRAFT - NOT FOR FILING')).toBeLessThan(400);
    expect(body.lastIndexOf('DRAFT - NOT FOR FILING')).toBeGreaterThan(body.length - 300);
    expect(html).toContain('<img src="ex96-1-draft-fig01.gif"');
  });
});

describe('EX-23 consents', () => {
  it('writes one consent per QP, skips a refused one and states the sections', () => {
    const report: TrsReport = {
      ...gold,
      signingFirm: null,
      qualifiedPersons: gold.qualifiedPersons.map((q, i) => (i === 1 ? { ...q, consentStatus: 'refused' as const } : q)),
    };
    const { consents, skipped } = renderConsents(report, { draft: false, filing: 'Form 10-K', trsExhibit: '96.1' });
    expect(consents.map((c) => [c.fileName, c.exhibit, c.signer])).toEqual([['ex23-1.htm', '23.1', gold.qualifiedPersons[0]!.name]]);
    expect(skipped).toEqual([{ signer: gold.qualifiedPersons[1]!.name, reason: 'consent refused' }]);
    expect(consents[0]!.html).toContain(`sections ${gold.qualifiedPersons[0]!.sectionsResponsible.join(', ')} of the Technical Report Summary`);
    expect(lintEdgarHtml(consents[0]!.html, { fileName: 'ex23-1.htm' }).ok).toBe(true);
  });

  it('writes a single consent for the signing firm, marked when a draft', () => {
    const { consents } = renderConsents(lithium, { draft: true, filing: 'Form 10-K', trsExhibit: '96.3', firstNumber: 4 });
    expect(consents.map((c) => c.fileName)).toEqual(['ex23-4-draft.htm']);
    expect(consents[0]!.kind).toBe('firm');
    expect(consents[0]!.html).toContain('CONSENT OF THIRD-PARTY FIRM');
    expect(consents[0]!.html).toContain('Exhibit 96.3');
    expect(consents[0]!.html.match(/DRAFT - NOT FOR FILING/g)).toHaveLength(2);
  });
});

describe('file names and PDF text helpers', () => {
  it('slugs property names to ASCII', () => {
    expect(slugify('Ribeirão Dourado Gold Mine')).toBe('ribeirao-dourado-gold-mine');
    expect(slugify('<script>')).toBe('script');
    expect(slugify('\u{1F600}')).toBe('report');
    expect(slugify('a'.repeat(80)).length).toBe(40);
  });

  it('gives huge words break points without changing the visible text', () => {
    const word = 'W'.repeat(100);
    const broken = breakLongWords(`short ${word} words`);
    expect(broken.replace(/\u200B/g, '')).toBe(`short ${word} words`);
    expect(broken.split('\u200B').every((part) => part.replace(/^short /, '').replace(/ words$/, '').length <= 24)).toBe(true);
    expect(breakLongWords('normal text stays as it is')).toBe('normal text stays as it is');
    // Never between the halves of an emoji.
    expect(breakLongWords('\u{1F600}'.repeat(30)).replace(/\u200B/g, '')).toBe('\u{1F600}'.repeat(30));
    expect(breakLongWords('\u{1F600}'.repeat(30))).not.toMatch(/[\uD800-\uDBFF]\u200B/);
  });
});

describe('lint before write', () => {
  it('stops an export whose EDGAR HTML breaks a rule, naming file, line and rule', () => {
    const good = { name: 'ex96-1.htm', data: Buffer.from('<html><body><p>ok</p></body></html>') };
    const bad = { name: 'ex23-1.htm', data: Buffer.from('<html>\n<body>\n<span>x</span>\n</body></html>') };
    const figure = { name: 'ex96-1-fig01.gif', data: Buffer.from('GIF89a') };
    expect(assertEdgarClean([good, figure])).toEqual(['EDGAR lint ex96-1.htm: 0 violations']);
    let error: unknown;
    try {
      assertEdgarClean([good, bad, figure]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QivoError);
    expect((error as QivoError).code).toBe('exports.edgarLint');
    expect((error as QivoError).details).toEqual(['ex23-1.htm:3:1: unrecognizedElement: <span> is not a recognised EDGAR HTML element']);
  });
});
