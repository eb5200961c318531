import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { decodeHTML, decodeXML } from 'entities';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildReportDocument, plain, type DocTable } from '../../shared/exports/report-document';
import { SK1300_SECTIONS } from '../../shared/trs/sections';
import { launchBrowser } from '../support/e2e';
import { makeExportService, squash } from '../support/exports-harness';
import { loadSample } from '../support/krci-fixtures';
import { makeTempDir } from '../support/temp-dir';

// Every output of one filing package (gold sample) handed to the programs its readers and
// checkers use: OpenSP with the HTML 4.01 Transitional DTD (EX-96, EX-23), Chromium in quirks and
// standards mode, qpdf, pdffonts, pdfinfo, pdftoppm and pdftotext (PDF), LibreOffice (DOCX).
// Exported once, converted once, many assertions. Slow programs on a busy machine: generous timeout.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const temp = makeTempDir('qivo-exports-checked-');
const report = loadSample('gold');
const doc = buildReportDocument(report, { draft: false, figurePrefix: 'ex96-1' });
const dir = path.join(temp.dir, 'package');
const file = (name: string) => path.join(dir, name);
const HTML4 = path.resolve(__dirname, '../fixtures/html4/HTML4.decl');
const DTD_DIR = '/usr/share/xml/w3c-sgml-lib/schema/dtd/REC-html401-19991224';

function run(command: string, args: string[], options: { input?: string; cwd?: string } = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 240_000, ...options });
  if (r.error) throw new Error(`${command} is needed for this test (scripts/setup.sh installs it): ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  const { service } = makeExportService();
  await service.export({ report, format: 'package', draft: false, destination: dir });
});
afterAll(() => temp.cleanup());

describe('EX-96 and EX-23 checked as EDGAR HTML', () => {
  // EDGAR's subset is HTML 3.2/4.0 tags (EFM Vol. II 5.2.2); the closest public validator is the
  // W3C one with the HTML 4.01 Transitional DTD, which is OpenSP with these files.
  const catalog = path.join(temp.dir, 'html4.soc');
  const validate = (html: string) => {
    fs.writeFileSync(
      catalog,
      [
        `PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "${DTD_DIR}/loose.dtd"`,
        `PUBLIC "-//W3C//ENTITIES Latin1//EN//HTML" "${DTD_DIR}/HTMLlat1.ent"`,
        `PUBLIC "-//W3C//ENTITIES Special//EN//HTML" "${DTD_DIR}/HTMLspecial.ent"`,
        `PUBLIC "-//W3C//ENTITIES Symbols//EN//HTML" "${DTD_DIR}/HTMLsymbol.ent"`,
      ].join('\n'),
    );
    const withDoctype = path.join(temp.dir, 'validate.htm');
    fs.writeFileSync(withDoctype, `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n${html}`, 'latin1');
    return run('onsgmls', ['-s', '-wvalid', '-c', catalog, HTML4, withDoctype]);
  };

  it('the validator itself rejects a duplicate id, an unknown attribute and a misplaced cell', () => {
    const bad = validate('<html><head><title>x</title></head><body><h2 id="a">x</h2><h2 id="a">y</h2><p foo="1">z<td>q</td></body></html>');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('ID "A" already defined');
    expect(bad.stderr).toContain('there is no attribute "FOO"');
  });

  it('the EX-96 and every EX-23 validate against HTML 4.01 Transitional, with id anchors and no heading-level skip', () => {
    const names = fs.readdirSync(dir).filter((n) => n.endsWith('.htm'));
    expect(names).toContain('ex96-1.htm');
    expect(names.filter((n) => n.startsWith('ex23-')).length).toBeGreaterThan(0);
    for (const name of names) {
      const html = fs.readFileSync(file(name), 'latin1');
      const result = validate(html);
      expect(result.stderr, name).toBe('');
      expect(result.status, name).toBe(0);
      expect(html, name).not.toMatch(/<a name=/);
      let previous = 0;
      for (const m of html.matchAll(/<h([1-6])[\s>]/g)) {
        const level = Number(m[1]);
        expect(level, `${name}: h${previous} then h${level}`).toBeLessThanOrEqual(previous + 1);
        previous = level;
      }
    }
    const ex96 = fs.readFileSync(file('ex96-1.htm'), 'latin1');
    for (const s of doc.sections) expect(ex96).toContain(`<h2 id="${s.anchor}"`);
    // Human labels, never codes, in the mineral-rights table.
    expect(ex96).not.toMatch(/>(anmProcess|surfaceRight|measuredIndicated)</);
  });

  it('the EX-96 renders the same in quirks mode (as filed, no DOCTYPE) and in standards mode', async () => {
    const browser = await launchBrowser();
    try {
      const html = fs.readFileSync(file('ex96-1.htm'), 'latin1');
      const standards = file('standards.htm');
      fs.writeFileSync(standards, `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">\n${html}`, 'latin1');
      const sizes = async (url: string) => {
        const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
        await page.goto(url);
        const result = await page.evaluate(() => ({
          mode: document.compatMode,
          bodyWidth: document.body.getBoundingClientRect().width,
          bodyLeft: document.body.getBoundingClientRect().left,
          sizes: [...document.body.querySelectorAll('*')]
            .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && (n.textContent ?? '').trim() !== ''))
            .map((e) => `${e.tagName}:${getComputedStyle(e).fontSize}`),
        }));
        await page.close();
        return result;
      };
      const quirks = await sizes(`file://${file('ex96-1.htm')}`);
      const strict = await sizes(`file://${standards}`);
      expect(quirks.mode).toBe('BackCompat');
      expect(strict.mode).toBe('CSS1Compat');
      expect(quirks.sizes.length).toBeGreaterThan(100);
      expect(quirks.sizes).toEqual(strict.sizes);
      // A page's measure (7.5 in = 720 CSS px), centred on a wide screen, in both modes.
      for (const mode of [quirks, strict]) {
        expect(mode.bodyWidth).toBeLessThanOrEqual(720);
        expect(mode.bodyLeft).toBeGreaterThan(500);
      }
      // Table text is not larger than body text (the quirks-mode defect).
      const px = (tag: string) => quirks.sizes.filter((s) => s.startsWith(`${tag}:`)).map((s) => parseFloat(s.split(':')[1]!));
      expect(Math.max(...px('TD'))).toBeLessThanOrEqual(Math.min(...px('P')));
    } finally {
      await browser.close();
    }
  });
});

interface BboxWord {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

function bboxWords(pdf: string, first: number, last: number): BboxWord[] {
  const out = run('pdftotext', ['-bbox', '-f', String(first), '-l', String(last), pdf, '-']).stdout;
  const words: BboxWord[] = [];
  let page = first - 1;
  for (const line of out.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/.exec(line);
    if (m)
      words.push({
        page,
        xMin: +m[1]!,
        yMin: +m[2]!,
        xMax: +m[3]!,
        yMax: +m[4]!,
        text: m[5]!
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&apos;/g, "'"),
      });
  }
  return words;
}

/** Rows (in points at 72 dpi) of the top band of a page rendered by pdftoppm that hold a long horizontal line. */
function ruleRows(pdf: string, page: number): number[] {
  const base = path.join(temp.dir, `rule-${page}`);
  expect(run('pdftoppm', ['-gray', '-r', '72', '-f', String(page), '-l', String(page), '-singlefile', pdf, base]).status).toBe(0);
  const data = fs.readFileSync(`${base}.pgm`);
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 40).toString('latin1'))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const pixels = data.subarray(header[0].length);
  const rows: number[] = [];
  for (let y = 0; y < Math.min(height, 72); y++) {
    let dark = 0;
    for (let x = 0; x < width; x++) if (pixels[y * width + x]! < 200) dark++;
    if (dark > width * 0.6) rows.push(y);
  }
  return rows;
}

describe('PDF checked with qpdf, pdffonts, pdfinfo, pdftoppm and pdftotext', () => {
  const pdf = () => file('ex96-1.pdf');

  it('is a valid, tagged PDF 1.7 declaring PDF/A-2b, with every font embedded', () => {
    const check = run('qpdf', ['--check', pdf()]);
    expect(check.stdout).toContain('No syntax or stream encoding errors');
    expect(check.status).toBe(0);
    const fonts = run('pdffonts', [pdf()]).stdout.trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line, line).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+$/);
    const info = run('pdfinfo', [pdf()]).stdout;
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/PDF version:\s+1\.7/);
    const meta = run('pdfinfo', ['-meta', pdf()]).stdout;
    expect(meta).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(meta).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    // Poppler reads the marked content without complaint (balanced BDC/EMC on every page).
    const text = run('pdftotext', [pdf(), '-']);
    expect(text.stderr).toBe('');
    const raw = run('qpdf', ['--qdf', '--object-streams=disable', pdf(), '-']).stdout;
    expect(raw).toMatch(/\/StructTreeRoot/);
    expect(raw).toMatch(/\/Lang \(en-US\)/);
    for (const type of ['H1', 'H2', 'P', 'Table', 'TR', 'TH', 'TD', 'Figure', 'L', 'LI', 'TOC']) expect(raw, type).toContain(`/S /${type}`);
    expect(raw).toMatch(/\/Alt [(<]/);
  });

  it('prints the running header on one line, clear of its rule, on the first pages', () => {
    const words = bboxWords(pdf(), 1, 6);
    for (let page = 1; page <= 6; page++) {
      const rules = ruleRows(pdf(), page);
      expect(rules.length, `page ${page} rule`).toBeGreaterThan(0);
      const header = words.filter((w) => w.page === page && w.yMax < 60);
      expect(header.length, `page ${page} header`).toBeGreaterThan(3);
      expect(new Set(header.map((w) => w.yMin.toFixed(1))).size, `page ${page}: one line`).toBe(1);
      for (const w of header) expect(w.yMax, `"${w.text}" on page ${page}`).toBeLessThan(Math.min(...rules));
      expect(header.map((w) => w.text).join(' ')).toContain('Effective date: June 30, 2025');
    }
    const pngs = path.join(temp.dir, 'look');
    expect(run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '4', pdf(), pngs]).status).toBe(0);
    expect(fs.readdirSync(temp.dir).filter((n) => n.startsWith('look') && n.endsWith('.png')).length).toBe(4);
  });

  it('splits no word of a table cell across lines, and prints true subscripts and minus signs', () => {
    const words = bboxWords(pdf(), 1, 999);
    const quotes = (t: string) => t.replace(/[\u2018\u2019]/g, "'");
    const printed = new Set(words.map((w) => quotes(w.text)));
    const tables = doc.sections.flatMap((s) => s.blocks).filter((b): b is DocTable => b.kind === 'table');
    expect(tables.some((t) => t.role === 'priorYear')).toBe(true);
    let checked = 0;
    for (const table of tables) {
      for (const row of [...table.header, ...table.rows]) {
        for (const c of row) {
          for (const word of plain(c)
            .split(/\s+/)
            .filter((w) => w.length > 1)) {
            expect(printed.has(quotes(word)), `"${word}" (${table.role} table) printed whole`).toBe(true);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
    // SO₂: the "2" is smaller than "SO" and sits lower (its bottom below the text's).
    const so = words.find((w) => w.text.endsWith('SO'))!;
    const two = words.find((w) => w.page === so.page && w.text.startsWith('2') && Math.abs(w.xMin - so.xMax) < 1.5)!;
    expect(two, 'subscript 2 right after SO').toBeDefined();
    expect(two.yMax - two.yMin).toBeLessThan((so.yMax - so.yMin) * 0.8);
    expect(two.yMax).toBeGreaterThan(so.yMax + 0.5);
    // Negative cash flows print with U+2212, never a hyphen.
    const text = run('pdftotext', [pdf(), '-']).stdout;
    expect(text).toContain('\u221254');
    expect(text).not.toMatch(/(^|\s)-\d/m);
  });
});

describe('DOCX checked in its XML and by LibreOffice', () => {
  it('has a table grid and cell widths from content, a TOC field, the document language and captions', async () => {
    const zip = await JSZip.loadAsync(fs.readFileSync(file('ex96-1.docx')));
    const xml = await zip.file('word/document.xml')!.async('string');
    const styles = await zip.file('word/styles.xml')!.async('string');
    const settings = await zip.file('word/settings.xml')!.async('string');
    const grids = [...xml.matchAll(/<w:tblGrid>([\s\S]*?)<\/w:tblGrid>/g)].map((m) => [...m[1]!.matchAll(/w:w="(\d+)"/g)].map((g) => Number(g[1])));
    expect(grids.length).toBeGreaterThan(3);
    expect(grids.some((g) => new Set(g).size > 1)).toBe(true);
    for (const g of grids) expect(g.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(9360);
    expect(xml).toMatch(/<w:tcW w:type="dxa" w:w="\d+"\/>|<w:tcW w:w="\d+" w:type="dxa"\/>/);
    expect(xml).toMatch(/<w:tblLayout w:type="fixed"\/>/);
    // Table text is 8 pt through its paragraph style, in every cell.
    expect(styles).toMatch(/<w:style w:type="paragraph" w:styleId="TableText">(?:(?!<\/w:style>).)*<w:sz w:val="16"\/>/);
    const cells = [...xml.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((m) => m[1]!);
    expect(cells.length).toBeGreaterThan(20);
    for (const c of cells) expect(c).toContain('<w:pStyle w:val="TableText"/>');
    expect(xml).toMatch(/TOC (\\h )?\\o (&quot;|")1-3/);
    expect(settings).toMatch(/<w:updateFields( w:val="true")?\/>/);
    expect(styles).toMatch(/<w:lang w:val="en-US"/);
    expect(xml).toMatch(/<w:pStyle w:val="Caption"\/>/);
    // One numbering in every format: the DOCX captions are the EX-96's, in the same order, and
    // every table is numbered by its section as the author numbers theirs ("Table 3-1.").
    const docxCaptions = [...xml.matchAll(/<w:pStyle w:val="Caption"\/>(?:(?!<\/w:p>).)*?<w:t[^>]*>(Table [^<]*)<\/w:t>/g)].map((m) => decodeXML(m[1]!));
    const htmlCaptions = [...fs.readFileSync(file('ex96-1.htm'), 'latin1').matchAll(/<caption[^>]*>([^<]*)<\/caption>/g)].map((m) => decodeHTML(m[1]!));
    expect(docxCaptions.length).toBeGreaterThan(8);
    expect(docxCaptions).toEqual(htmlCaptions);
    for (const c of docxCaptions) expect(c).toMatch(/^Table \d+-\d+\. \S/);
    expect(new Set(docxCaptions.map((c) => /^Table (\d+-\d+)/.exec(c)![1])).size).toBe(docxCaptions.length);
    // Pages start with the paragraph that begins them: no empty paragraph holding only a page
    // break, which leaves a blank page when it falls just past a full page (the table of contents).
    const breakOnly = /<w:p>(<w:pPr>(?:(?!<\/w:pPr>).)*<\/w:pPr>)?<w:r>(<w:rPr>(?:(?!<\/w:rPr>).)*<\/w:rPr>)?<w:br w:type="page"\/><\/w:r><\/w:p>/;
    expect(breakOnly.test(xml), 'a paragraph holding only a page break').toBe(false);
    expect(/<w:pPr><w:pStyle w:val="TOCHeading"\/><w:pageBreakBefore\/>/.test(xml), 'the table of contents starts its page').toBe(true);
    expect(/<w:pPr><w:pStyle w:val="Heading1"\/><w:pageBreakBefore\/>(?:(?!<\/w:p>).)*1\. Executive summary/.test(xml), 'section 1 starts its page').toBe(true);
    let previous = 0;
    for (const m of xml.matchAll(/<w:pStyle w:val="Heading(\d)"\/>/g)) {
      const level = Number(m[1]);
      expect(level).toBeLessThanOrEqual(previous + 1);
      previous = level;
    }
  });

  it('opens in LibreOffice, converts to PDF with every section heading and the same tables', () => {
    const profile = path.join(temp.dir, 'lo-profile');
    const out = path.join(temp.dir, 'lo');
    // Our own profile: no clash with another LibreOffice on the machine; spawnSync waits for the exit.
    const convert = run('soffice', [
      `-env:UserInstallation=file://${profile}`,
      '--headless',
      '--norestore',
      '--convert-to',
      'pdf',
      '--outdir',
      out,
      file('ex96-1.docx'),
    ]);
    expect(convert.status, convert.stderr).toBe(0);
    const converted = path.join(out, 'ex96-1.pdf');
    expect(fs.existsSync(converted)).toBe(true);
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [converted]).stdout)?.[1]);
    expect(pages).toBeGreaterThan(8);
    expect(pages).toBeLessThan(60);
    const text = squash(run('pdftotext', [converted, '-']).stdout);
    for (const s of SK1300_SECTIONS) expect(text, s.title).toContain(squash(`${s.number}. ${s.title}`));
    expect(text).toContain('Table of contents');
    expect(text).toMatch(/Table 11-2\. Mineral resources exclusive of mineral reserves/);
  });
});
