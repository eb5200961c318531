import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderDocx } from '../../main/exports/docx-renderer';
import { renderPdf } from '../../main/exports/pdf-renderer';
import { buildReportDocument } from '../../shared/exports/report-document';
import type { Block } from '../../shared/trs/rich-text';
import { loadSample } from '../support/krci-fixtures';
import { makeTempDir } from '../support/temp-dir';

// A table the author made in the editor keeps the editor's column alignment in the PDF and the
// DOCX: a column of numbers right-aligned (automatic), a column set to centre or right by hand
// stays so, and a text column stays left.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const temp = makeTempDir('qivo-exports-align-');
const cell = (text: string) => [{ type: 'text' as const, text }];
const TABLE: Block = {
  type: 'table',
  caption: 'Drill results',
  headerRows: 1,
  align: ['auto', 'auto', 'center', 'right'],
  rows: [
    [cell('Hole'), cell('Grade g/t'), cell('Status'), cell('Lab')],
    [cell('DDS-0001 collar north'), cell('1,234.56'), cell('Assayed'), cell('SGS')],
    [cell('DDS-0002'), cell('7.8'), cell('Pending'), cell('ALS Brasil')],
    [cell('DDS-0003'), cell('45.12'), cell('Assayed'), cell('SGS')],
  ],
};
const report = loadSample('gold');
report.sections = report.sections.map((s) => (s.number === 7 ? { ...s, body: [...s.body, TABLE] } : s));
const doc = buildReportDocument(report, { draft: false, figurePrefix: 'ex96-1' });
const pdfFile = path.join(temp.dir, 'align.pdf');

beforeAll(async () => {
  fs.writeFileSync(pdfFile, await renderPdf(doc, { fontDir: path.resolve(__dirname, '../../assets/fonts'), now: new Date(0) }));
});
afterAll(() => temp.cleanup());

interface Word {
  xMin: number;
  xMax: number;
  yMin: number;
  text: string;
}

function words(): Word[] {
  const r = spawnSync('pdftotext', ['-bbox', pdfFile, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`pdftotext is needed for this test (scripts/setup.sh installs it): ${r.error.message}`);
  return [...r.stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({
    xMin: +m[1]!,
    yMin: +m[2]!,
    xMax: +m[3]!,
    text: m[4]!,
  }));
}

describe('editor tables keep their column alignment', () => {
  it('the document model carries the editor alignment: numbers right, set columns as set, text left', () => {
    const table = doc.sections.flatMap((s) => s.blocks).find((b) => b.kind === 'table' && b.caption?.endsWith('. Drill results'));
    expect(table && table.kind === 'table' ? table.align : null).toEqual(['left', 'right', 'center', 'right']);
  });

  it('PDF: the numbers end at one right edge, the centred column is centred, the text column starts at the cell', () => {
    const all = words();
    const find = (text: string) => all.find((w) => w.text === text)!;
    const [a, b, c] = [find('1,234.56'), find('7.8'), find('45.12')];
    for (const w of [a, b, c]) expect(w, 'number printed').toBeDefined();
    // Right-aligned on the decimal point: the decimal parts differ, so the edges differ by at most a digit's width.
    const digit = (a.xMax - a.xMin) / 8;
    expect(Math.max(a.xMax, b.xMax, c.xMax) - Math.min(a.xMax, b.xMax, c.xMax)).toBeLessThan(digit * 1.6);
    expect(b.xMin).toBeGreaterThan(a.xMin + 3 * digit);
    // The header "Grade" starts left of the short numbers' start: the numbers are not at the cell's left.
    const holes = ['DDS-0001', 'DDS-0002', 'DDS-0003'].map(find);
    expect(new Set(holes.map((w) => w.xMin.toFixed(1))).size).toBe(1);
    // Centred: "Assayed" and "Pending" have one centre, and "Status" the same centre.
    const centre = (w: Word) => (w.xMin + w.xMax) / 2;
    // The words of our table: around "Pending" (pdftotext may list a row out of order).
    const pending = all.findIndex((w) => w.text === 'Pending');
    const body = all.slice(Math.max(0, pending - 12), pending + 12);
    const status = body.find((w) => w.text === 'Status')!;
    const states = body.filter((x) => x.text === 'Assayed' || x.text === 'Pending');
    expect(states.length).toBe(3);
    for (const w of states) expect(Math.abs(centre(w) - centre(status))).toBeLessThan(0.6);
    // Set to the right by hand (a text column): "SGS" and "Brasil" end at one edge.
    const labs = body.filter((w) => w.text === 'SGS' || w.text === 'Brasil');
    expect(labs.length).toBe(3);
    expect(Math.max(...labs.map((w) => w.xMax)) - Math.min(...labs.map((w) => w.xMax))).toBeLessThan(0.6);
  });

  it('DOCX: the cells of the number and right columns are w:jc right, the centred one center, the text one left', async () => {
    const zip = await JSZip.loadAsync(await renderDocx(doc));
    const xml = await zip.file('word/document.xml')!.async('string');
    const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((m) => m[1]!);
    const ours = tables.find((t) => t.includes('DDS-0002'))!;
    expect(ours).toBeDefined();
    const rows = [...ours.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>|<w:tr [^>]*>([\s\S]*?)<\/w:tr>/g)].map((m) => m[1] ?? m[2]!);
    expect(rows.length).toBe(4);
    for (const row of rows) {
      const jc = [...row.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((m) => /<w:jc w:val="(\w+)"\/>/.exec(m[1]!)?.[1]);
      expect(jc).toEqual(['left', 'right', 'center', 'right']);
    }
  });
});
