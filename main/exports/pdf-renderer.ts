import path from 'node:path';
import PDFDocument from 'pdfkit';
import { figureCaption, plain, type DocBlock, type DocFigure, type DocInline, type DocTable, type ReportDocument } from '../../shared/exports/report-document';
import { imageForPdf } from './images';

export interface PdfRenderOptions {
  /** Folder holding DejaVuSans*.ttf (assets/fonts); the fonts are embedded (subset) in the PDF. */
  fontDir: string;
  /** Creation date written into the PDF's metadata. */
  now: Date;
}

const PAGE = { width: 612, height: 792 }; // US Letter, as SEC filings are printed
const MARGIN = { top: 72, bottom: 72, left: 64, right: 64 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BODY_SIZE = 10;
const TABLE_SIZE = 8;
const CELL_PAD = 3;

type Doc = PDFKit.PDFDocument;

const LONG_WORD_CHUNK = 24;
/**
 * PDFKit wraps a word longer than the line one character at a time, in quadratic time (a
 * 10 000-character word takes minutes). Zero-width spaces every few characters give the line
 * breaker ordinary break points; they print as nothing.
 */
export function breakLongWords(text: string): string {
  return text.replace(new RegExp(`[^\\s\u200B]{${LONG_WORD_CHUNK + 1},}`, 'gu'), (word) => {
    const chars = Array.from(word);
    const parts: string[] = [];
    for (let i = 0; i < chars.length; i += LONG_WORD_CHUNK) parts.push(chars.slice(i, i + LONG_WORD_CHUNK).join(''));
    return parts.join('\u200B');
  });
}

interface TocEntry {
  text: string;
  level: 1 | 2;
  anchor: string;
  page?: number;
}

/**
 * The unofficial PDF copy: cover, table of contents with page numbers, the sections, tables split
 * across pages with their header rows repeated, figures, signatures; every page carries the
 * title, the effective date and "Page x of y" (and DRAFT marks for a draft).
 *
 * Pages are buffered, so the table of contents is written after the body, into pages reserved
 * for it up front (its size depends only on the headings, which are known before layout).
 */
export async function renderPdf(report: ReportDocument, options: PdfRenderOptions): Promise<Buffer> {
  const fonts = {
    regular: path.join(options.fontDir, 'DejaVuSans.ttf'),
    bold: path.join(options.fontDir, 'DejaVuSans-Bold.ttf'),
    italic: path.join(options.fontDir, 'DejaVuSans-Oblique.ttf'),
  };
  const doc: Doc = new PDFDocument({
    size: 'LETTER',
    margins: MARGIN,
    bufferPages: true,
    // No `font` option on purpose: PDFKit then starts on Helvetica (never used, so never embedded),
    // and our three registered fonts stay distinct from it. With DejaVu as the start font, every
    // later `font('regular')` reopened and re-parsed the TTF (PDFKit finds it "equal" to the start
    // font and skips its name cache): 80% of the time of a long report.
    lang: 'en-US',
    displayTitle: true,
    info: {
      Title: report.draft ? `DRAFT - ${report.title}` : report.title,
      Author: report.registrant,
      Subject: 'Technical Report Summary (S-K 1300), unofficial copy',
      Creator: 'QIVO Compliance Workstation',
      CreationDate: options.now,
    },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  doc.registerFont('italic', fonts.italic);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const maxY = () => PAGE.height - MARGIN.bottom;
  const currentPage = () => {
    const range = doc.bufferedPageRange();
    return range.start + range.count - 1;
  };
  const ensureSpace = (height: number) => {
    if (doc.y + height > maxY()) doc.addPage();
  };

  // ---- cover ----
  if (report.draft) {
    doc.font('bold').fontSize(16).fillColor('#c00000').text('DRAFT - NOT FOR FILING', { align: 'center' }).fillColor('#000000');
    doc.moveDown(1);
  }
  doc.font('bold').fontSize(11).text(`Exhibit ${report.exhibit}`, { align: 'right' });
  doc.moveDown(6);
  doc.font('bold').fontSize(20).text(report.title, { align: 'center' });
  doc.moveDown(1.5);
  doc.font('regular').fontSize(12);
  for (const line of report.cover) doc.text(line, { align: 'center' }).moveDown(0.3);

  // ---- table of contents: reserve its pages now, fill them at the end ----
  const toc: TocEntry[] = [
    ...report.sections.map((s) => ({ text: s.heading, level: 1 as const, anchor: s.anchor })),
    ...(report.unplacedFigures.length > 0 ? [{ text: 'Figures', level: 1 as const, anchor: 'figures' }] : []),
    { text: report.signatures.heading, level: 1, anchor: 'signatures' },
  ];
  const tocTitleHeight = 40;
  doc.font('regular').fontSize(BODY_SIZE);
  const tocHeights = toc.map((e) => doc.heightOfString(e.text, { width: CONTENT_WIDTH - 50 }) + 4);
  let tocPages = 1;
  let used = tocTitleHeight;
  for (const h of tocHeights) {
    if (used + h > maxY() - MARGIN.top) {
      tocPages++;
      used = 0;
    }
    used += h;
  }
  doc.addPage();
  const tocStart = currentPage();
  for (let i = 1; i < tocPages; i++) doc.addPage();

  // ---- body ----
  doc.addPage();
  const tocByAnchor = new Map(toc.map((e) => [e.anchor, e]));
  const heading = (rawText: string, level: 1 | 2 | 3, anchor?: string) => {
    const text = breakLongWords(rawText);
    const size = level === 1 ? 13 : level === 2 ? 11 : 10;
    doc.font('bold').fontSize(size);
    // Keep a heading with at least a few lines of what follows it.
    ensureSpace(doc.heightOfString(text, { width: CONTENT_WIDTH }) + 48);
    if (level === 1 && doc.y > MARGIN.top + 1) doc.moveDown(0.8);
    if (anchor) {
      doc.addNamedDestination(anchor);
      const entry = tocByAnchor.get(anchor);
      if (entry) entry.page = currentPage();
      doc.outline.addItem(rawText);
    }
    doc.fillColor('#000000').text(text, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
    doc.moveDown(0.4);
    doc.font('regular').fontSize(BODY_SIZE);
  };

  for (const section of report.sections) {
    heading(section.heading, 1, section.anchor);
    for (const block of section.blocks) renderBlock(doc, block, ensureSpace, heading);
  }
  if (report.unplacedFigures.length > 0) {
    heading('Figures', 1, 'figures');
    for (const figure of report.unplacedFigures) renderFigure(doc, figure, ensureSpace);
  }
  doc.addPage();
  heading(report.signatures.heading, 1, 'signatures');
  doc.font('regular').fontSize(BODY_SIZE).text(report.signatures.intro, { width: CONTENT_WIDTH, align: 'justify' });
  for (const entry of report.signatures.entries) {
    doc.moveDown(1.5);
    ensureSpace(80);
    doc.font('bold').text(entry.conformed, { width: CONTENT_WIDTH });
    doc.font('regular').text(entry.name, { width: CONTENT_WIDTH });
    for (const line of entry.lines) doc.text(line, { width: CONTENT_WIDTH });
    doc.text(`Date: ${entry.date}`, { width: CONTENT_WIDTH });
  }

  // ---- fill the table of contents ----
  doc.switchToPage(tocStart);
  doc.x = MARGIN.left;
  doc.y = MARGIN.top;
  doc.font('bold').fontSize(14).text('Table of contents', MARGIN.left, MARGIN.top, { width: CONTENT_WIDTH });
  doc.moveDown(0.8);
  let tocPage = tocStart;
  toc.forEach((entry, i) => {
    const h = tocHeights[i] ?? 14;
    if (doc.y + h > maxY()) {
      tocPage++;
      doc.switchToPage(tocPage);
      doc.y = MARGIN.top;
    }
    const y = doc.y;
    const pageLabel = entry.page !== undefined ? String(entry.page + 1) : '';
    doc.font('regular').fontSize(BODY_SIZE);
    doc.text(entry.text, MARGIN.left, y, { width: CONTENT_WIDTH - 50, goTo: entry.anchor });
    const after = doc.y;
    doc.text(pageLabel, MARGIN.left + CONTENT_WIDTH - 40, y, { width: 40, align: 'right', goTo: entry.anchor });
    doc.y = Math.max(after, doc.y) + 4;
  });

  // ---- running header and footer on every page ----
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = range.start; i < range.start + total; i++) {
    doc.switchToPage(i);
    // Writing inside the margins must not trigger PDFKit's automatic page break.
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8).fillColor('#444444');
    const headerTitle = report.title.length > 90 ? `${report.title.slice(0, 87)}...` : report.title;
    doc.text(headerTitle, MARGIN.left, 36, { width: CONTENT_WIDTH * 0.62, lineBreak: false, ellipsis: true });
    doc.text(`Effective date: ${report.effectiveDate}`, MARGIN.left + CONTENT_WIDTH * 0.62, 36, { width: CONTENT_WIDTH * 0.38, align: 'right', lineBreak: false });
    doc.moveTo(MARGIN.left, 50).lineTo(PAGE.width - MARGIN.right, 50).lineWidth(0.5).strokeColor('#888888').stroke();
    doc.text(`Page ${i - range.start + 1} of ${total}`, MARGIN.left, PAGE.height - 48, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
    if (report.draft) {
      doc.font('bold').fontSize(9).fillColor('#c00000');
      doc.text('DRAFT', MARGIN.left, PAGE.height - 48, { width: CONTENT_WIDTH, align: 'left', lineBreak: false });
      doc.text('DRAFT', MARGIN.left, 22, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
      // A faint diagonal watermark, so a printed draft cannot pass for the final copy.
      doc.save();
      doc.rotate(-35, { origin: [PAGE.width / 2, PAGE.height / 2] });
      doc.font('bold').fontSize(110).fillColor('#c00000').fillOpacity(0.08);
      doc.text('DRAFT', 0, PAGE.height / 2 - 60, { width: PAGE.width, align: 'center', lineBreak: false });
      doc.restore();
    }
    doc.fillColor('#000000').fillOpacity(1);
    doc.page.margins.bottom = savedBottom;
  }

  doc.end();
  await finished;
  return Buffer.concat(chunks);
}

function setInlineFont(doc: Doc, inline: DocInline, baseSize: number): void {
  if (inline.kind !== 'text') return;
  doc.font(inline.bold ? 'bold' : inline.italic ? 'italic' : 'regular');
  doc.fontSize(inline.sub || inline.sup ? baseSize * 0.7 : baseSize);
}

/** Writes a run of inlines as one flowing paragraph (PDFKit's `continued` text). */
function writeInlines(doc: Doc, inlines: readonly DocInline[], x: number, width: number, options: { align?: 'left' | 'justify'; size?: number } = {}): void {
  const size = options.size ?? BODY_SIZE;
  const runs = inlines.length > 0 ? inlines : [{ kind: 'text' as const, text: '' }];
  doc.x = x;
  runs.forEach((inline, index) => {
    const last = index === runs.length - 1;
    setInlineFont(doc, inline, size);
    const text = inline.kind === 'break' ? '\n' : breakLongWords(inline.text);
    const runOptions: PDFKit.Mixins.TextOptions = { width, continued: !last, align: options.align ?? 'left' };
    if (inline.kind === 'text' && inline.underline) runOptions.underline = true;
    else runOptions.underline = false;
    if (index === 0) doc.text(text, x, doc.y, runOptions);
    else doc.text(text, runOptions);
  });
  doc.font('regular').fontSize(BODY_SIZE);
}

function renderBlock(
  doc: Doc,
  block: DocBlock,
  ensureSpace: (h: number) => void,
  heading: (text: string, level: 1 | 2 | 3) => void,
): void {
  switch (block.kind) {
    case 'heading':
      heading(block.text, block.level);
      return;
    case 'paragraph': {
      ensureSpace(24);
      if (block.emphasis === 'caution') {
        doc.font('bold');
        writeInlines(doc, block.inlines.map((i) => (i.kind === 'text' ? { ...i, bold: true } : i)), MARGIN.left, CONTENT_WIDTH, { align: 'justify' });
      } else {
        writeInlines(doc, block.inlines, MARGIN.left, CONTENT_WIDTH, { align: 'justify', size: block.emphasis === 'note' ? 9 : BODY_SIZE });
      }
      doc.moveDown(0.5);
      return;
    }
    case 'list': {
      block.items.forEach((item, index) => {
        ensureSpace(24);
        const marker = block.ordered ? `${index + 1}.` : '\u2022';
        const y = doc.y;
        doc.font('regular').fontSize(BODY_SIZE).text(marker, MARGIN.left + 6, y, { width: 18 });
        doc.y = y;
        writeInlines(doc, item, MARGIN.left + 26, CONTENT_WIDTH - 26);
        doc.moveDown(0.2);
      });
      doc.x = MARGIN.left;
      doc.moveDown(0.3);
      return;
    }
    case 'table':
      renderTable(doc, block, ensureSpace);
      return;
    case 'figure':
      renderFigure(doc, block, ensureSpace);
      return;
  }
}

function renderFigure(doc: Doc, figure: DocFigure, ensureSpace: (h: number) => void): void {
  const maxHeight = 320;
  let width = figure.widthPx ?? CONTENT_WIDTH;
  let height = figure.heightPx ?? maxHeight;
  const scale = Math.min(1, CONTENT_WIDTH / width, maxHeight / height);
  width *= scale;
  height *= scale;
  ensureSpace(height + 40);
  const image = imageForPdf(figure.mimeType, Buffer.from(figure.dataBase64, 'base64'));
  const x = MARGIN.left + (CONTENT_WIDTH - width) / 2;
  doc.image(image, x, doc.y, { fit: [width, height], align: 'center' });
  doc.y += height + 6;
  doc.font('italic').fontSize(9).text(breakLongWords(figureCaption(figure)), MARGIN.left, doc.y, { width: CONTENT_WIDTH, align: 'center' });
  doc.font('regular').fontSize(BODY_SIZE).moveDown(0.6);
}

/** Column widths from the length of what they hold (header and a sample of rows), within limits. */
function columnWidths(table: DocTable, columns: number): number[] {
  const weights = Array.from({ length: columns }, () => 4);
  const sample = [...table.header, ...table.rows.slice(0, 60)];
  for (const row of sample) {
    row.forEach((cellInlines, i) => {
      const longest = Math.max(0, ...plain(cellInlines).split(/\s+/).map((w) => w.length));
      const length = plain(cellInlines).length;
      weights[i] = Math.max(weights[i] ?? 4, Math.min(40, Math.max(longest, Math.sqrt(length) * 3)));
    });
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (w / sum) * CONTENT_WIDTH);
}

/**
 * A table drawn cell by cell: when the next row does not fit, a new page starts with the header
 * rows repeated.
 */
function renderTable(doc: Doc, table: DocTable, ensureSpace: (h: number) => void): void {
  const columns = Math.max(1, ...[...table.header, ...table.rows].map((r) => r.length));
  const widths = columnWidths(table, columns);
  const pageBottom = PAGE.height - MARGIN.bottom;
  const usable = pageBottom - MARGIN.top;

  const cellText = (row: readonly DocInline[][], i: number) => breakLongWords(plain(row[i] ?? []));
  const cellHeight = (text: string, i: number, font: 'regular' | 'bold') => {
    doc.font(font).fontSize(TABLE_SIZE);
    return doc.heightOfString(text === '' ? ' ' : text, { width: (widths[i] ?? 40) - 2 * CELL_PAD }) + 2 * CELL_PAD;
  };
  const rowHeight = (texts: string[], font: 'regular' | 'bold') => Math.max(...texts.map((t, i) => cellHeight(t, i, font)));

  const drawRow = (texts: string[], font: 'regular' | 'bold', height: number) => {
    const y = doc.y;
    let x = MARGIN.left;
    texts.forEach((text, i) => {
      const w = widths[i] ?? 40;
      if (font === 'bold') doc.rect(x, y, w, height).fillColor('#e6e6e6').fill();
      doc.rect(x, y, w, height).lineWidth(0.5).strokeColor('#000000').stroke();
      doc.fillColor('#000000').font(font).fontSize(TABLE_SIZE);
      doc.text(text, x + CELL_PAD, y + CELL_PAD, { width: w - 2 * CELL_PAD, align: table.align[i] === 'right' ? 'right' : 'left' });
      x += w;
    });
    doc.x = MARGIN.left;
    doc.y = y + height;
  };

  const headerRows = table.header.map((row) => Array.from({ length: columns }, (_, i) => cellText(row, i)));
  const headerHeights = headerRows.map((r) => rowHeight(r, 'bold'));
  const headerTotal = headerHeights.reduce((a, b) => a + b, 0);
  const drawHeader = () => headerRows.forEach((r, i) => drawRow(r, 'bold', headerHeights[i] ?? 12));

  doc.font('bold').fontSize(9);
  const caption = table.caption ? breakLongWords(table.caption) : '';
  const captionHeight = caption ? doc.heightOfString(caption, { width: CONTENT_WIDTH }) + 4 : 0;
  const firstRowHeight = table.rows[0] ? Math.min(rowHeight(table.rows[0].map((_, i) => cellText(table.rows[0]!, i)), 'regular'), 60) : 0;
  ensureSpace(captionHeight + headerTotal + firstRowHeight);
  if (caption) {
    doc.font('bold').fontSize(9).text(caption, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
    doc.moveDown(0.2);
  }
  drawHeader();

  const headerLabels = headerRows[headerRows.length - 1] ?? [];
  for (const row of table.rows) {
    const texts = Array.from({ length: columns }, (_, i) => cellText(row, i));
    const height = rowHeight(texts, 'regular');
    if (doc.y + height <= pageBottom) {
      drawRow(texts, 'regular', height);
      continue;
    }
    if (height <= usable - headerTotal) {
      doc.addPage();
      drawHeader();
      drawRow(texts, 'regular', height);
      continue;
    }
    // A row taller than a whole page (a 10 000-character word in a cell) cannot be a table row:
    // print its cells one under the other, each labelled with its column, flowing over pages,
    // then carry on with the table and its header.
    doc.moveDown(0.3);
    texts.forEach((text, i) => {
      if (doc.y + 24 > pageBottom) doc.addPage();
      const label = headerLabels[i] ? `${headerLabels[i]}: ` : '';
      doc.font('bold').fontSize(TABLE_SIZE).text(label, MARGIN.left, doc.y, { width: CONTENT_WIDTH, continued: true });
      doc.font('regular').text(text || ' ', { width: CONTENT_WIDTH });
    });
    doc.moveDown(0.3);
    if (doc.y + headerTotal + 20 > pageBottom) doc.addPage();
    drawHeader();
  }
  doc.moveDown(0.6);
  doc.font('regular').fontSize(BODY_SIZE);
}
