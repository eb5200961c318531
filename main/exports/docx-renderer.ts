import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  type IRunOptions,
} from 'docx';
import { textDirection } from '../../shared/exports/edgar-html-writer';
import { figureCaption, plain, type DocBlock, type DocFigure, type DocInline, type DocTable, type ReportDocument } from '../../shared/exports/report-document';
import { controlCharPattern } from '../../shared/text/control-chars';

const CONTROLS = controlCharPattern(['\t', '\n', '\r'], 'g');
const NOT_XML = /[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Word's XML forbids C0 controls and lone surrogates; the model already refuses most, this is the
 * last guard. The patterns are built once (per call, building them was 6 % of a long DOCX).
 */
function xmlSafe(text: string): string {
  return text.replace(CONTROLS, '').replace(NOT_XML, '');
}

const isRtl = (text: string) => textDirection(text) === 'rtl';

function runs(inlines: readonly DocInline[], base: Partial<IRunOptions> = {}): TextRun[] {
  return inlines.map((inline) => {
    if (inline.kind === 'break') return new TextRun({ break: 1 });
    return new TextRun({
      ...base,
      text: xmlSafe(inline.text),
      bold: inline.bold || base.bold,
      italics: inline.italic,
      underline: inline.underline ? {} : undefined,
      subScript: inline.sub,
      superScript: inline.sup,
      rightToLeft: isRtl(inline.text) || undefined,
    });
  });
}

function paragraphOf(inlines: readonly DocInline[], options: { emphasis?: 'note' | 'caution' } = {}): Paragraph {
  const rtl = isRtl(plain(inlines));
  return new Paragraph({
    children: runs(inlines, { bold: options.emphasis === 'caution' ? true : undefined, size: options.emphasis === 'note' ? 18 : undefined }),
    bidirectional: rtl || undefined,
    alignment: AlignmentType.BOTH,
    spacing: { after: 120 },
    border:
      options.emphasis === 'caution'
        ? { top: { style: BorderStyle.SINGLE, size: 6, color: '000000' }, bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000' } }
        : undefined,
  });
}

/** Text width of a Letter page with 1-inch margins, in twentieths of a point. */
const TEXT_WIDTH_TWIPS = 9360;
/**
 * Advance of one character of 8 pt text in twips, generously (0.65 em: DejaVu Sans digits, what
 * LibreOffice substitutes where Calibri is missing), so a word never has to break.
 */
const CHAR_TWIPS = 105;
const CELL_MARGIN_TWIPS = 2 * 115;

/**
 * Column widths from content, as the PDF does it: no column narrower than its longest word, the
 * rest of the line to the columns that hold more text. Written as the table grid and as each
 * cell's width, with a fixed layout, so Word and LibreOffice keep them.
 */
export function docxColumnWidths(block: DocTable, columns: number): number[] {
  const longest = Array.from({ length: columns }, () => 1);
  const natural = Array.from({ length: columns }, () => 1);
  for (const row of [...block.header, ...block.rows]) {
    for (let i = 0; i < columns; i++) {
      const text = plain(row[i] ?? []);
      longest[i] = Math.max(longest[i]!, ...text.split(/\s+/).map((w) => w.length));
      natural[i] = Math.max(natural[i]!, text.length);
    }
  }
  const min = longest.map((n) => n * CHAR_TWIPS + CELL_MARGIN_TWIPS);
  const nat = natural.map((n, i) => Math.max(min[i]!, Math.min(n * CHAR_TWIPS + CELL_MARGIN_TWIPS, TEXT_WIDTH_TWIPS * 0.45)));
  const sumMin = min.reduce((a, b) => a + b, 0);
  const sumNat = nat.reduce((a, b) => a + b, 0);
  let widths: number[];
  if (sumNat <= TEXT_WIDTH_TWIPS) widths = nat.map((w) => w + ((TEXT_WIDTH_TWIPS - sumNat) * w) / sumNat);
  else if (sumMin <= TEXT_WIDTH_TWIPS) {
    const want = nat.map((w, i) => w - min[i]!);
    const sumWant = want.reduce((a, b) => a + b, 0) || 1;
    widths = min.map((w, i) => w + ((TEXT_WIDTH_TWIPS - sumMin) * want[i]!) / sumWant);
  } else widths = min.map((w) => (w / sumMin) * TEXT_WIDTH_TWIPS);
  return widths.map((w) => Math.floor(w));
}

/**
 * A caption in Word's Caption style (Word's table of figures lists them), printed as the
 * document numbers it: tables per section ("Table 3-1. …", as authors number theirs), figures
 * by the author's number or their order ("Figure 2. …"), the same labels as the PDF and EX-96.
 */
function caption(text: string, options: { keepNext?: boolean; center?: boolean } = {}): Paragraph {
  return new Paragraph({
    style: 'Caption',
    keepNext: options.keepNext,
    alignment: options.center ? AlignmentType.CENTER : undefined,
    children: [new TextRun(xmlSafe(text))],
  });
}

function table(block: DocTable): (Paragraph | Table)[] {
  const columns = Math.max(1, ...[...block.header, ...block.rows].map((r) => r.length));
  const widths = docxColumnWidths(block, columns);
  const cell = (content: readonly DocInline[], index: number, header: boolean) =>
    new TableCell({
      children: [
        new Paragraph({
          // The 8 pt type comes from the style, not from each run: a long table has tens of
          // thousands of cells, and a run with no properties of its own is a fraction of the work.
          style: 'TableText',
          children: runs(content, header ? { bold: true } : {}),
          alignment: block.align[index] === 'right' ? AlignmentType.RIGHT : block.align[index] === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT,
          bidirectional: isRtl(plain(content)) || undefined,
        }),
      ],
      width: { size: widths[index] ?? 1000, type: WidthType.DXA },
      shading: header ? { type: ShadingType.CLEAR, fill: 'E6E6E6', color: 'auto' } : undefined,
    });
  const row = (cells: readonly DocInline[][], header: boolean) =>
    new TableRow({
      // Header rows repeat at the top of every page the table runs onto.
      // Rows may break across pages, Word's default: no row properties to write for the others.
      tableHeader: header || undefined,
      children: Array.from({ length: columns }, (_, i) => cell(cells[i] ?? [], i, header)),
    });
  const out: (Paragraph | Table)[] = [];
  if (block.caption) out.push(caption(block.caption, { keepNext: true }));
  out.push(
    new Table({
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows: [...block.header.map((r) => row(r, true)), ...block.rows.map((r) => row(r, false))],
    }),
  );
  out.push(new Paragraph({ children: [], spacing: { after: 120 } }));
  return out;
}

function figure(f: DocFigure): Paragraph[] {
  // Figures keep the document model's numbering (figureCaption), so the SEQ result is its number.
  const maxWidth = 600; // px at 96 dpi ≈ 6.25 in, the text width of a Letter page with 1-inch margins
  let width = f.widthPx ?? maxWidth;
  let height = f.heightPx ?? Math.round(maxWidth * 0.6);
  if (width > maxWidth) {
    height = Math.round((height * maxWidth) / width);
    width = maxWidth;
  }
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      children: [
        new ImageRun({
          type: f.mimeType === 'image/gif' ? 'gif' : 'jpg',
          data: Buffer.from(f.dataBase64, 'base64'),
          transformation: { width, height },
          altText: { name: f.fileName, description: xmlSafe(f.caption), title: f.label },
        }),
      ],
    }),
    caption(figureCaption(f), { center: true }),
  ];
}

const HEADING: Record<1 | 2 | 3, (typeof HeadingLevel)[keyof typeof HeadingLevel]> = {
  1: HeadingLevel.HEADING_1,
  2: HeadingLevel.HEADING_2,
  3: HeadingLevel.HEADING_3,
};

function heading(text: string, level: 1 | 2 | 3, pageBreakBefore = false): Paragraph {
  return new Paragraph({
    heading: HEADING[level],
    children: [new TextRun(xmlSafe(text))],
    pageBreakBefore: pageBreakBefore || undefined,
    bidirectional: isRtl(text) || undefined,
  });
}

/**
 * The editable Word copy for consultants: real Heading 1/2/3 paragraphs (the navigation pane
 * lists them), real tables with repeating header rows, the figures, and a header/footer with the
 * effective date and "Page x of y".
 */
export async function renderDocx(report: ReportDocument): Promise<Buffer> {
  let listInstance = 0;
  const blocks = (items: readonly DocBlock[]): (Paragraph | Table)[] =>
    items.flatMap((block): (Paragraph | Table)[] => {
      switch (block.kind) {
        case 'heading':
          return [heading(block.text, block.level)];
        case 'paragraph':
          return [paragraphOf(block.inlines, block.emphasis ? { emphasis: block.emphasis } : {})];
        case 'list': {
          const instance = listInstance++;
          return block.items.map(
            (item) =>
              new Paragraph({
                children: runs(item),
                numbering: { reference: block.ordered ? 'qivo-ordered' : 'qivo-bullet', level: 0, instance },
                bidirectional: isRtl(plain(item)) || undefined,
              }),
          );
        }
        case 'table':
          return table(block);
        case 'figure':
          return figure(block);
      }
    });

  const draftRun = report.draft ? [new TextRun({ text: 'DRAFT - NOT FOR FILING    ', bold: true, color: 'C00000' })] : [];
  const children: (Paragraph | Table | TableOfContents)[] = [
    ...(report.draft
      ? [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: 'DRAFT - NOT FOR FILING', bold: true, size: 32, color: 'C00000' })] })]
      : []),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: `Exhibit ${report.exhibit}`, bold: true })] }),
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      spacing: { before: 1200, after: 400 },
      children: [new TextRun(xmlSafe(report.title))],
    }),
    ...report.cover.map((line) => new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 80 }, children: [new TextRun(xmlSafe(line))] })),
    // Page breaks belong to the paragraph that starts the page (pageBreakBefore), not to an empty
    // paragraph of their own: a break paragraph that falls just past a full table of contents
    // would leave a blank page.
    new Paragraph({ style: 'TOCHeading', pageBreakBefore: true, children: [new TextRun('Table of contents')] }),
    // An updatable field: Word fills in the page numbers when it opens the file (updateFields).
    new TableOfContents('Table of contents', { hyperlink: true, headingStyleRange: '1-3' }),
  ];
  report.sections.forEach((section, index) => {
    children.push(heading(section.heading, 1, index === 0), ...blocks(section.blocks));
  });
  if (report.unplacedFigures.length > 0) {
    children.push(heading('Figures', 1), ...report.unplacedFigures.flatMap(figure));
  }
  children.push(
    heading(report.signatures.heading, 1, true),
    new Paragraph({ children: [new TextRun(xmlSafe(report.signatures.intro))], spacing: { after: 240 } }),
  );
  for (const entry of report.signatures.entries) {
    children.push(
      new Paragraph({
        spacing: { before: 360, after: 120 },
        keepLines: true,
        children: [
          new TextRun({ text: xmlSafe(entry.conformed), bold: true }),
          ...[entry.name, ...entry.lines, `Date: ${entry.date}`].map((line) => new TextRun({ text: xmlSafe(line), break: 1 })),
        ],
      }),
    );
  }

  const document = new Document({
    creator: 'QIVO Compliance Workstation',
    title: xmlSafe(report.draft ? `DRAFT - ${report.title}` : report.title),
    description: 'Technical Report Summary (S-K 1300)',
    lastModifiedBy: 'QIVO Compliance Workstation',
    revision: 1,
    features: { updateFields: true },
    styles: {
      default: {
        // The document language, so spelling and screen readers use English.
        document: { run: { font: 'Calibri', size: 21, language: { value: 'en-US' } } },
        // Explicit outline levels: Word's navigation pane and TOC fields read them.
        heading1: { run: { size: 28, bold: true, color: '1F3864' }, paragraph: { outlineLevel: 0, keepNext: true, spacing: { before: 360, after: 120 } } },
        heading2: { run: { size: 24, bold: true, color: '1F3864' }, paragraph: { outlineLevel: 1, keepNext: true, spacing: { before: 240, after: 80 } } },
        heading3: { run: { size: 22, bold: true, italics: true }, paragraph: { outlineLevel: 2, keepNext: true, spacing: { before: 200, after: 60 } } },
      },
      paragraphStyles: [
        {
          id: 'Caption',
          name: 'caption',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { size: 18, bold: true },
          paragraph: { spacing: { before: 120, after: 60 } },
        },
        {
          id: 'TableText',
          name: 'Table Text',
          basedOn: 'Normal',
          next: 'TableText',
          run: { size: 16 },
        },
        {
          id: 'TOCHeading',
          name: 'TOC Heading',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          run: { size: 28, bold: true, color: '1F3864' },
          paragraph: { spacing: { after: 120 } },
        },
      ],
    },
    numbering: {
      config: [
        {
          reference: 'qivo-ordered',
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: '%1.',
              alignment: AlignmentType.START,
              style: { paragraph: { indent: { left: 540, hanging: 360 } } },
            },
          ],
        },
        {
          reference: 'qivo-bullet',
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: '\u2022',
              alignment: AlignmentType.START,
              style: { paragraph: { indent: { left: 540, hanging: 360 } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        properties: { page: { size: { width: 12240, height: 15840 }, margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } } },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                children: [...draftRun, new TextRun({ text: xmlSafe(`${report.title} - Effective date: ${report.effectiveDate}`), size: 16, color: '444444' })],
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [...draftRun, new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], size: 16 })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
