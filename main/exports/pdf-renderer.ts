import path from 'node:path';
import PDFDocument from 'pdfkit';
import { figureCaption, plain, type DocBlock, type DocFigure, type DocInline, type DocTable, type ReportDocument } from '../../shared/exports/report-document';
import { imageForPdf } from './images';
import { collectOutput, drawLine, layoutLines, lineHeight, num, TextMeasure, writeContent, type Line } from './pdf-layout';

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
/** Smallest type a wide table may shrink to so that its longest words fit side by side. */
const MIN_TABLE_SIZE = 6;

// Pages are added with `continueOnNewPage`: inside tagged content it closes the marked content on
// the old page and reopens it on the new one (`addPage` would leave it unbalanced).
type Doc = PDFKit.PDFDocument & { continueOnNewPage(): Doc };
type Struct = PDFKit.PDFStructureElement;

/** What PDFKit 0.20 takes for a structure element (its bundled types predate bbox, placement and scope). */
interface StructOptions {
  alt?: string;
  bbox?: [number, number, number, number];
  placement?: 'Block' | 'Inline';
  scope?: 'Column' | 'Row';
}

/** A structure element; with `content`, what the closure draws is its tagged content. */
function tag(doc: Doc, type: string, options?: StructOptions | (() => unknown), content?: () => unknown): Struct {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call(doc) below
  const struct = doc.struct as unknown as (this: Doc, type: string, options?: StructOptions, children?: (() => unknown) | null) => Struct;
  if (typeof options === 'function') return struct.call(doc, type, {}, options);
  return struct.call(doc, type, options ?? {}, content ?? null);
}

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
 * A tagged PDF (structure tree of headings, paragraphs, lists, tables with header cells, figures
 * with their caption as alternative text; running headers and decoration marked as artifacts;
 * document language en-US), declared PDF/A-2b (PDF 1.7, embedded fonts, sRGB output intent, XMP).
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
    tagged: true,
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
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
  const output = collectOutput(doc);
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const measure = new TextMeasure(doc);
  const maxY = () => PAGE.height - MARGIN.bottom;
  const currentPage = () => {
    const range = doc.bufferedPageRange();
    return range.start + range.count - 1;
  };
  const ensureSpace = (height: number) => {
    if (doc.y + height > maxY()) {
      doc.continueOnNewPage();
      doc.y = MARGIN.top;
    }
  };
  const addStruct = (element: PDFKit.PDFStructureElement) => doc.addStructure(element);
  const centered = (text: string, font: 'regular' | 'bold', size: number) => {
    const lines = layoutLines(measure, [{ kind: 'text', text, ...(font === 'bold' ? { bold: true } : {}) }], CONTENT_WIDTH, { size });
    const lh = lineHeight(doc, size);
    for (const line of lines) {
      drawLine(doc, measure, line, MARGIN.left, doc.y, CONTENT_WIDTH, 'center', size);
      doc.y += lh;
    }
  };

  // ---- cover ----
  doc.y = MARGIN.top;
  if (report.draft) {
    doc.fillColor('#c00000');
    addStruct(tag(doc, 'P', () => centered('DRAFT - NOT FOR FILING', 'bold', 16)));
    doc.fillColor('#000000');
    doc.moveDown(1);
  }
  addStruct(tag(doc, 'P', () => doc.font('bold').fontSize(11).text(`Exhibit ${report.exhibit}`, MARGIN.left, doc.y, { width: CONTENT_WIDTH, align: 'right' })));
  doc.moveDown(6);
  addStruct(tag(doc, 'H1', () => centered(report.title, 'bold', 20)));
  doc.moveDown(1.5);
  for (const line of report.cover) {
    addStruct(tag(doc, 'P', () => centered(line, 'regular', 12)));
    doc.moveDown(0.3);
  }

  // ---- table of contents: reserve its pages now, fill them at the end ----
  const toc: TocEntry[] = [
    ...report.sections.map((s) => ({ text: s.heading, level: 1 as const, anchor: s.anchor })),
    ...(report.unplacedFigures.length > 0 ? [{ text: 'Figures', level: 1 as const, anchor: 'figures' }] : []),
    { text: report.signatures.heading, level: 1, anchor: 'signatures' },
  ];
  const tocTitleHeight = 40;
  const tocLineHeight = lineHeight(doc, BODY_SIZE);
  const tocHeights = toc.map((e) => layoutLines(measure, [{ kind: 'text', text: e.text }], CONTENT_WIDTH - 50, { size: BODY_SIZE }).length * tocLineHeight + 4);
  let tocPages = 1;
  let used = tocTitleHeight;
  for (const h of tocHeights) {
    if (used + h > maxY() - MARGIN.top) {
      tocPages++;
      used = 0;
    }
    used += h;
  }
  doc.continueOnNewPage();
  const tocStart = currentPage();
  for (let i = 1; i < tocPages; i++) doc.continueOnNewPage();
  // In the structure tree the contents come after the cover, although they are written last.
  const tocStruct = tag(doc, 'TOC');
  addStruct(tocStruct);

  // ---- body ----
  doc.continueOnNewPage();
  doc.y = MARGIN.top;
  const tocByAnchor = new Map(toc.map((e) => [e.anchor, e]));
  const heading = (text: string, level: 1 | 2 | 3, anchor?: string) => {
    const size = level === 1 ? 13 : level === 2 ? 11 : 10;
    const lines = layoutLines(measure, [{ kind: 'text', text, bold: true }], CONTENT_WIDTH, { size });
    const lh = lineHeight(doc, size);
    // Keep a heading with at least a few lines of what follows it.
    ensureSpace(lines.length * lh + 48);
    if (level === 1 && doc.y > MARGIN.top + 1) doc.moveDown(0.8);
    if (anchor) {
      doc.addNamedDestination(anchor, 'XYZ', MARGIN.left, doc.y, null);
      const entry = tocByAnchor.get(anchor);
      if (entry) entry.page = currentPage();
      doc.outline.addItem(text);
    }
    doc.fillColor('#000000');
    addStruct(
      tag(doc, `H${level}`, () => {
        for (const line of lines) {
          drawLine(doc, measure, line, MARGIN.left, doc.y, CONTENT_WIDTH, 'left', size);
          doc.y += lh;
        }
      }),
    );
    doc.moveDown(0.4);
    doc.font('regular').fontSize(BODY_SIZE);
  };
  const ctx: Ctx = { doc, measure, ensureSpace, heading, addStruct };

  for (const section of report.sections) {
    heading(section.heading, 1, section.anchor);
    for (const block of section.blocks) renderBlock(ctx, block);
  }
  if (report.unplacedFigures.length > 0) {
    heading('Figures', 1, 'figures');
    for (const figure of report.unplacedFigures) renderFigure(ctx, figure);
  }
  doc.continueOnNewPage();
  doc.y = MARGIN.top;
  heading(report.signatures.heading, 1, 'signatures');
  addStruct(tag(doc, 'P', () => writeInlines(ctx, [{ kind: 'text', text: report.signatures.intro }], MARGIN.left, CONTENT_WIDTH, { align: 'justify' })));
  for (const entry of report.signatures.entries) {
    doc.moveDown(1.5);
    ensureSpace(80);
    addStruct(
      tag(doc, 'P', () => {
        writeInlines(ctx, [{ kind: 'text', text: entry.conformed, bold: true }], MARGIN.left, CONTENT_WIDTH);
        for (const line of [entry.name, ...entry.lines, `Date: ${entry.date}`]) writeInlines(ctx, [{ kind: 'text', text: line }], MARGIN.left, CONTENT_WIDTH);
      }),
    );
  }

  // ---- fill the table of contents ----
  doc.switchToPage(tocStart);
  doc.x = MARGIN.left;
  doc.y = MARGIN.top;
  tocStruct.add(tag(doc, 'P', () => doc.font('bold').fontSize(14).text('Table of contents', MARGIN.left, MARGIN.top, { width: CONTENT_WIDTH })));
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
    tocStruct.add(
      tag(doc, 'TOCI', () => {
        doc.text(entry.text, MARGIN.left, y, { width: CONTENT_WIDTH - 50, goTo: entry.anchor });
        const after = doc.y;
        doc.text(pageLabel, MARGIN.left + CONTENT_WIDTH - 40, y, { width: 40, align: 'right', goTo: entry.anchor });
        doc.y = Math.max(after, doc.y) + 4;
      }),
    );
  });
  tocStruct.end();

  // ---- running header and footer on every page, as pagination artifacts ----
  const range = doc.bufferedPageRange();
  const total = range.count;
  const headerSize = 8;
  const dateText = `Effective date: ${report.effectiveDate}`;
  const dateWidth = measure.width('regular', headerSize, dateText);
  const headerTitle = fitOneLine(measure, report.title, headerSize, CONTENT_WIDTH - dateWidth - 18);
  const oneLine = (text: string) => layoutLines(measure, [{ kind: 'text', text }], Infinity, { size: headerSize })[0]!;
  const headerLine = oneLine(headerTitle);
  const dateLine = oneLine(dateText);
  for (let i = range.start; i < range.start + total; i++) {
    doc.switchToPage(i);
    // Writing inside the margins must not trigger PDFKit's automatic page break.
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font('regular').fontSize(headerSize).fillColor('#444444');
    drawLine(doc, measure, headerLine, MARGIN.left, HEADER_TEXT_TOP, CONTENT_WIDTH, 'left', headerSize);
    drawLine(doc, measure, dateLine, MARGIN.left, HEADER_TEXT_TOP, CONTENT_WIDTH, 'right', headerSize);
    doc
      .moveTo(MARGIN.left, HEADER_RULE_Y)
      .lineTo(PAGE.width - MARGIN.right, HEADER_RULE_Y)
      .lineWidth(0.5)
      .strokeColor('#888888')
      .stroke();
    const pageLine = oneLine(`Page ${i - range.start + 1} of ${total}`);
    drawLine(doc, measure, pageLine, MARGIN.left, PAGE.height - 48, CONTENT_WIDTH, 'center', headerSize);
    if (report.draft) {
      doc.font('bold').fontSize(9).fillColor('#c00000');
      doc.text('DRAFT', MARGIN.left, PAGE.height - 48, { lineBreak: false });
      doc.text('DRAFT', MARGIN.left + (CONTENT_WIDTH - measure.width('bold', 9, 'DRAFT')) / 2, 18, { lineBreak: false });
      // A faint diagonal watermark, so a printed draft cannot pass for the final copy.
      doc.save();
      doc.rotate(-35, { origin: [PAGE.width / 2, PAGE.height / 2] });
      doc.font('bold').fontSize(110).fillColor('#c00000').fillOpacity(0.08);
      doc.text('DRAFT', (PAGE.width - measure.width('bold', 110, 'DRAFT')) / 2, PAGE.height / 2 - 60, { lineBreak: false });
      doc.restore();
    }
    doc.endMarkedContent();
    doc.fillColor('#000000').fillOpacity(1);
    doc.page.margins.bottom = savedBottom;
  }

  doc.end();
  await finished;
  return output();
}

/** The header's top line and its rule: 8 pt text from y 32 ends near 41.5, well above the rule. */
const HEADER_TEXT_TOP = 32;
const HEADER_RULE_Y = 48;

/** `text` on one line of `width` points, shortened with an ellipsis at a word boundary when longer. */
export function fitOneLine(measure: TextMeasure, text: string, size: number, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (measure.width('regular', size, flat) <= width) return flat;
  const words = flat.split(' ');
  while (words.length > 1) {
    words.pop();
    const candidate = `${words.join(' ').replace(/[\s,;:.-]+$/, '')}\u2026`;
    if (measure.width('regular', size, candidate) <= width) return candidate;
  }
  let chars = Array.from(flat);
  while (chars.length > 1 && measure.width('regular', size, `${chars.join('')}\u2026`) > width) chars = chars.slice(0, -1);
  return `${chars.join('')}\u2026`;
}

interface Ctx {
  doc: Doc;
  measure: TextMeasure;
  ensureSpace: (height: number) => void;
  heading: (text: string, level: 1 | 2 | 3, anchor?: string) => void;
  /** Adds a structure element under the current parent (the document root, a list, a table). */
  addStruct: (element: PDFKit.PDFStructureElement) => void;
}

/**
 * Writes a paragraph line by line from the current y, starting new pages as needed. Inside a
 * structure element's closure the text is tagged content of that element (PDFKit carries the
 * marked content over page breaks).
 */
function writeInlines(
  ctx: Ctx,
  inlines: readonly DocInline[],
  x: number,
  width: number,
  options: { align?: 'left' | 'justify'; size?: number; bold?: boolean } = {},
): void {
  const { doc, measure } = ctx;
  const size = options.size ?? BODY_SIZE;
  const lines = layoutLines(measure, inlines, width, { size, ...(options.bold ? { bold: true } : {}) });
  const height = lineHeight(doc, size);
  for (const line of lines) {
    if (doc.y + height > PAGE.height - MARGIN.bottom) {
      doc.continueOnNewPage();
      doc.y = MARGIN.top;
    }
    drawLine(doc, measure, line, x, doc.y, width, options.align ?? 'left', size);
    doc.y += height;
  }
  doc.x = MARGIN.left;
  doc.font('regular').fontSize(BODY_SIZE);
}

function renderBlock(ctx: Ctx, block: DocBlock): void {
  const { doc } = ctx;
  switch (block.kind) {
    case 'heading':
      ctx.heading(block.text, block.level);
      return;
    case 'paragraph': {
      ctx.ensureSpace(24);
      ctx.addStruct(
        tag(doc, 'P', () => {
          if (block.emphasis === 'caution') writeInlines(ctx, block.inlines, MARGIN.left, CONTENT_WIDTH, { align: 'justify', bold: true });
          else writeInlines(ctx, block.inlines, MARGIN.left, CONTENT_WIDTH, { align: 'justify', size: block.emphasis === 'note' ? 9 : BODY_SIZE });
        }),
      );
      doc.moveDown(0.5);
      return;
    }
    case 'list': {
      const list = tag(doc, 'L');
      ctx.addStruct(list);
      block.items.forEach((item, index) => {
        ctx.ensureSpace(24);
        const marker = block.ordered ? `${index + 1}.` : '\u2022';
        const y = doc.y;
        const li = tag(doc, 'LI');
        list.add(li);
        li.add(
          tag(doc, 'Lbl', () =>
            doc
              .font('regular')
              .fontSize(BODY_SIZE)
              .text(marker, MARGIN.left + 6, y, { lineBreak: false }),
          ),
        );
        doc.y = y;
        li.add(tag(doc, 'LBody', () => writeInlines(ctx, item, MARGIN.left + 26, CONTENT_WIDTH - 26)));
        li.end();
        doc.moveDown(0.2);
      });
      list.end();
      doc.x = MARGIN.left;
      doc.moveDown(0.3);
      return;
    }
    case 'table':
      renderTable(ctx, block);
      return;
    case 'figure':
      renderFigure(ctx, block);
      return;
  }
}

function renderFigure(ctx: Ctx, figure: DocFigure): void {
  const { doc } = ctx;
  const maxHeight = 320;
  let width = figure.widthPx ?? CONTENT_WIDTH;
  let height = figure.heightPx ?? maxHeight;
  const scale = Math.min(1, CONTENT_WIDTH / width, maxHeight / height);
  width *= scale;
  height *= scale;
  ctx.ensureSpace(height + 40);
  const image = imageForPdf(figure.mimeType, Buffer.from(figure.dataBase64, 'base64'));
  const x = MARGIN.left + (CONTENT_WIDTH - width) / 2;
  const caption = figureCaption(figure);
  const y = doc.y;
  // The figure's alternative text is its caption (what the author wrote the figure shows).
  ctx.addStruct(
    tag(doc, 'Figure', { alt: caption, bbox: [x, y, x + width, y + height], placement: 'Block' }, () =>
      doc.image(image, x, y, { fit: [width, height], align: 'center' }),
    ),
  );
  doc.y = y + height + 6;
  ctx.addStruct(tag(doc, 'Caption', () => writeInlines(ctx, [{ kind: 'text', text: caption, italic: true }], MARGIN.left, CONTENT_WIDTH, { size: 9 })));
  doc.font('regular').fontSize(BODY_SIZE).moveDown(0.6);
}

/** A number as the document model formats it: sign, digits with grouping, decimals, maybe a percent sign. */
const NUMBER = /^[\u2212-]?[0-9][0-9,]*(\.[0-9]+)?%?$/;

interface TableLayout {
  size: number;
  widths: number[];
}

/**
 * Column widths from what the columns hold: no column narrower than its longest word (so no word
 * is split), the room left shared in proportion to how much more each column would take on one
 * line. When even the longest words do not fit side by side, the table's type gets smaller.
 */
export function tableLayout(measure: TextMeasure, table: DocTable, columns: number): TableLayout {
  const rows = [...table.header.map((r) => ({ r, bold: true })), ...table.rows.map((r) => ({ r, bold: false }))];
  const longest = Array.from({ length: columns }, () => 0);
  const natural = Array.from({ length: columns }, () => 0);
  for (const { r, bold } of rows) {
    for (let i = 0; i < columns; i++) {
      const text = plain(r[i] ?? []);
      if (text === '') continue;
      const font = bold ? 'bold' : 'regular';
      let lineWidth = 0;
      for (const word of text.split(/\s+/)) {
        if (word === '') continue;
        const w = measure.width(font, 1, word);
        if (w > longest[i]!) longest[i] = w;
        lineWidth += w + measure.width(font, 1, ' ');
      }
      if (lineWidth > natural[i]!) natural[i] = lineWidth;
    }
  }
  const pad = 2 * CELL_PAD + 0.5;
  for (let size = TABLE_SIZE; ; size -= 0.5) {
    const min = longest.map((w) => w * size + pad);
    const nat = natural.map((w, i) => Math.max(min[i]!, Math.min(w * size + pad, CONTENT_WIDTH * 0.45)));
    const sumMin = min.reduce((a, b) => a + b, 0);
    const sumNat = nat.reduce((a, b) => a + b, 0);
    if (sumNat <= CONTENT_WIDTH) {
      return { size, widths: nat.map((w) => w + ((CONTENT_WIDTH - sumNat) * w) / sumNat) };
    }
    // A table whose longest words fill the line leaves its prose columns a few characters wide:
    // down to 7 pt, smaller type buys them room.
    if (sumMin <= CONTENT_WIDTH && (CONTENT_WIDTH - sumMin >= 0.2 * CONTENT_WIDTH || size <= 7)) {
      // Columns that need little more than their longest word get it all; the rest share what is left equally.
      const widths = [...min];
      let spare = CONTENT_WIDTH - sumMin;
      let open = nat.map((w, i) => i).filter((i) => nat[i]! > min[i]!);
      while (open.length > 0) {
        const share = spare / open.length;
        const satisfied = open.filter((i) => nat[i]! - widths[i]! <= share);
        if (satisfied.length === 0) {
          for (const i of open) widths[i]! += share;
          break;
        }
        for (const i of satisfied) {
          spare -= nat[i]! - widths[i]!;
          widths[i] = nat[i]!;
        }
        open = open.filter((i) => !satisfied.includes(i));
      }
      return { size, widths };
    }
    if (size <= MIN_TABLE_SIZE) return { size, widths: min.map((w) => (w / sumMin) * CONTENT_WIDTH) };
  }
}

/**
 * A table drawn cell by cell: when the next row does not fit, a new page starts with the header
 * rows repeated. Numbers in right-aligned columns line up on the decimal point.
 */
function renderTable(ctx: Ctx, table: DocTable): void {
  const { doc, measure } = ctx;
  const columns = Math.max(1, ...[...table.header, ...table.rows].map((r) => r.length));
  const { size, widths } = tableLayout(measure, table, columns);
  const pageBottom = PAGE.height - MARGIN.bottom;
  const usable = pageBottom - MARGIN.top;
  const lh = lineHeight(doc, size);
  const tableWidth = widths.reduce((a, b) => a + b, 0);

  // Width of the decimal part (".25", ".5%") of the widest number in each right-aligned column.
  const fraction = (text: string) => {
    const dot = text.indexOf('.');
    return dot < 0 ? (text.endsWith('%') ? measure.width('regular', size, '%') : 0) : measure.width('regular', size, text.slice(dot));
  };
  const fractionWidth = Array.from({ length: columns }, (_, i) => {
    if (table.align[i] !== 'right') return 0;
    let max = 0;
    for (const row of table.rows) {
      const text = plain(row[i] ?? []);
      if (NUMBER.test(text)) max = Math.max(max, fraction(text));
    }
    return max;
  });

  interface CellLayout {
    lines: Line[];
    text: string;
  }
  const layoutRow = (row: readonly DocInline[][], bold: boolean): { cells: CellLayout[]; height: number } => {
    const cells = Array.from({ length: columns }, (_, i) => {
      const inlines = row[i] ?? [];
      return { lines: layoutLines(measure, inlines, (widths[i] ?? 40) - 2 * CELL_PAD, { size, bold }), text: plain(inlines) };
    });
    return { cells, height: Math.max(...cells.map((c) => c.lines.length)) * lh + 2 * CELL_PAD };
  };

  const drawRow = (parent: PDFKit.PDFStructureElement, layout: { cells: CellLayout[]; height: number }, header: boolean) => {
    const y = doc.y;
    const tr = tag(doc, 'TR');
    parent.add(tr);
    // Cell backgrounds and borders are decoration, not content.
    doc.markContent('Artifact', { type: 'Layout' });
    // One path per row (its box and the column rules), not one per cell: 45 000 cells in a long table.
    if (header) doc.rect(MARGIN.left, y, tableWidth, layout.height).fillColor('#e6e6e6').fill();
    let path = `${num(MARGIN.left)} ${num(y)} ${num(tableWidth)} ${num(layout.height)} re`;
    let x = MARGIN.left;
    for (let i = 0; i < columns - 1; i++) {
      x += widths[i] ?? 40;
      path += ` ${num(x)} ${num(y)} m ${num(x)} ${num(y + layout.height)} l`;
    }
    writeContent(doc, path);
    doc.lineWidth(0.5).strokeColor('#000000').stroke();
    doc.endMarkedContent();
    doc.fillColor('#000000');
    x = MARGIN.left;
    layout.cells.forEach((cell, i) => {
      const w = widths[i] ?? 40;
      const align = table.align[i] ?? 'left';
      const right = align === 'right';
      const inner = w - 2 * CELL_PAD;
      // Numbers end where the widest decimal part would, so their decimal points line up.
      const shift = right && !header && NUMBER.test(cell.text) ? (fractionWidth[i] ?? 0) - fraction(cell.text) : 0;
      tr.add(
        tag(doc, header ? 'TH' : 'TD', header ? { scope: 'Column' } : {}, () => {
          cell.lines.forEach((line, n) => drawLine(doc, measure, line, x + CELL_PAD, y + CELL_PAD + n * lh, inner - shift, align, size));
        }),
      );
      x += w;
    });
    tr.end();
    doc.x = MARGIN.left;
    doc.y = y + layout.height;
  };

  const headerRows = table.header.map((row) => layoutRow(row, true));
  const headerTotal = headerRows.reduce((a, r) => a + r.height, 0);
  const tableStruct = tag(doc, 'Table');
  ctx.addStruct(tableStruct);
  const drawHeader = () => headerRows.forEach((r) => drawRow(tableStruct, r, true));

  const firstRow = table.rows[0] ? layoutRow(table.rows[0], false) : null;
  const captionSize = 9;
  const captionLines = table.caption ? layoutLines(measure, [{ kind: 'text', text: table.caption, bold: true }], CONTENT_WIDTH, { size: captionSize }) : [];
  ctx.ensureSpace(captionLines.length * lineHeight(doc, captionSize) + 4 + headerTotal + Math.min(firstRow?.height ?? 0, 60));
  if (table.caption) {
    tableStruct.add(
      tag(doc, 'Caption', () =>
        writeInlines(ctx, [{ kind: 'text', text: table.caption ?? '', bold: true }], MARGIN.left, CONTENT_WIDTH, { size: captionSize }),
      ),
    );
    doc.moveDown(0.2);
  }
  drawHeader();

  const headerLabels = table.header[table.header.length - 1] ?? [];
  table.rows.forEach((row, index) => {
    const layout = index === 0 && firstRow ? firstRow : layoutRow(row, false);
    if (doc.y + layout.height <= pageBottom) {
      drawRow(tableStruct, layout, false);
      return;
    }
    if (layout.height <= usable - headerTotal) {
      doc.continueOnNewPage();
      doc.y = MARGIN.top;
      drawHeader();
      drawRow(tableStruct, layout, false);
      return;
    }
    // A row taller than a whole page (a 10 000-character word in a cell) cannot be a table row:
    // print its cells one under the other, each labelled with its column, flowing over pages,
    // then carry on with the table and its header.
    doc.moveDown(0.3);
    const tr = tag(doc, 'TR');
    tableStruct.add(tr);
    row.forEach((cellInlines, i) => {
      if (doc.y + 24 > pageBottom) {
        doc.continueOnNewPage();
        doc.y = MARGIN.top;
      }
      const label = plain(headerLabels[i] ?? []);
      tr.add(
        tag(doc, 'TD', () =>
          writeInlines(ctx, [...(label ? [{ kind: 'text' as const, text: `${label}: `, bold: true }] : []), ...cellInlines], MARGIN.left, CONTENT_WIDTH, {
            size,
          }),
        ),
      );
    });
    tr.end();
    doc.moveDown(0.3);
    if (doc.y + headerTotal + 20 > pageBottom) {
      doc.continueOnNewPage();
      doc.y = MARGIN.top;
    }
    drawHeader();
  });
  tableStruct.end();
  doc.moveDown(0.6);
  doc.font('regular').fontSize(BODY_SIZE);
}
