import { z } from 'zod';
import { INLINE_CONTROL_CHARS, stripControlChars } from '../text/control-chars';

/**
 * Rich text of a TRS section. Deliberately NOT HTML: a small block/inline JSON model that every
 * exporter (EDGAR HTML, PDF, DOCX) can walk and render with its own escaping, so no markup typed
 * or pasted by a user can ever reach an EDGAR document unescaped.
 *
 * Blocks: paragraph, heading (level 1–3, below the section title), list (ordered or bullet, one
 * level, each item a run of inlines), table (rows × cells of inlines, optional header row, caption
 * and column alignment; numbered "Table <section>-<n>" by position, see captionNumbers),
 * figure (a reference to a figure of the report by id).
 * Inlines: text with marks (bold, italic, underline, sub, sup), lineBreak, figureRef, referenceRef.
 */

/** Longest single text run; a long section is many runs/paragraphs, never one giant string. */
export const RICH_TEXT_RUN_MAX = 200_000;
export const RICH_TEXT_BLOCKS_MAX = 50_000;
export const RICH_TEXT_INLINES_MAX = 10_000;

export const COLUMN_ALIGNMENTS = ['auto', 'left', 'center', 'right'] as const;
export type ColumnAlignment = (typeof COLUMN_ALIGNMENTS)[number];

export const MARKS = ['bold', 'italic', 'underline', 'sub', 'sup'] as const;
export type Mark = (typeof MARKS)[number];

/** C0 control characters other than tab break EDGAR HTML and DOCX; a newline is a `lineBreak` inline. */
const CONTROL_CHARS = INLINE_CONTROL_CHARS;

export const ElementIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids are letters, digits, "-" and "_"');

export const TextInlineSchema = z.strictObject({
  type: z.literal('text'),
  text: z
    .string()
    .max(RICH_TEXT_RUN_MAX)
    .refine((s) => !CONTROL_CHARS.test(s), { message: 'control characters are not allowed (use a lineBreak inline)' }),
  marks: z.array(z.enum(MARKS)).max(MARKS.length).optional(),
});

export const InlineSchema = z.discriminatedUnion('type', [
  TextInlineSchema,
  z.strictObject({ type: z.literal('lineBreak') }),
  z.strictObject({ type: z.literal('figureRef'), figureId: ElementIdSchema }),
  z.strictObject({ type: z.literal('referenceRef'), referenceId: ElementIdSchema }),
]);
export type Inline = z.infer<typeof InlineSchema>;
export type TextInline = z.infer<typeof TextInlineSchema>;

const InlinesSchema = z.array(InlineSchema).max(RICH_TEXT_INLINES_MAX);

export const BlockSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('paragraph'), content: InlinesSchema }),
  z.strictObject({ type: z.literal('heading'), level: z.union([z.literal(1), z.literal(2), z.literal(3)]), content: InlinesSchema }),
  z.strictObject({ type: z.literal('list'), ordered: z.boolean(), items: z.array(InlinesSchema).max(RICH_TEXT_BLOCKS_MAX) }),
  z.strictObject({
    type: z.literal('table'),
    caption: z.string().max(1000).optional(),
    /** 1 when the first row is a header row. */
    headerRows: z.union([z.literal(0), z.literal(1)]),
    rows: z.array(z.array(InlinesSchema).max(100)).max(RICH_TEXT_BLOCKS_MAX),
    /** Alignment per column (added in 0.2.0, optional): `auto` right-aligns a column of numbers, left-aligns text. */
    align: z.array(z.enum(COLUMN_ALIGNMENTS)).max(100).optional(),
  }),
  z.strictObject({ type: z.literal('figure'), figureId: ElementIdSchema }),
]);
export type Block = z.infer<typeof BlockSchema>;

export const RichTextSchema = z.array(BlockSchema).max(RICH_TEXT_BLOCKS_MAX);
export type RichText = z.infer<typeof RichTextSchema>;

// ---- pure helpers -------------------------------------------------------------------------

export function text(value: string, marks?: Mark[]): TextInline {
  return marks && marks.length > 0 ? { type: 'text', text: value, marks } : { type: 'text', text: value };
}

/** Plain-text paragraphs → rich text; blank lines separate paragraphs, single newlines become line breaks. */
export function richTextFromPlain(plain: string): RichText {
  const normalized = plain.replace(/\r\n?/g, '\n');
  const blocks: RichText = [];
  for (const para of normalized.split(/\n{2,}/)) {
    const trimmed = para.trim();
    if (!trimmed) continue;
    const content: Inline[] = [];
    trimmed.split('\n').forEach((line, index) => {
      if (index > 0) content.push({ type: 'lineBreak' });
      const clean = stripControlChars(line, ['\t']);
      if (clean) content.push(text(clean));
    });
    blocks.push({ type: 'paragraph', content });
  }
  return blocks;
}

type PlainTextLabels = { figure?: (id: string) => string; reference?: (id: string) => string };

/** The plain text of inlines as its pieces, in order: `inlinesToPlainText` is their concatenation. */
export function visitInlinesPlainText(inlines: readonly Inline[], visit: (piece: string) => void, labels?: PlainTextLabels): void {
  for (const inline of inlines) {
    switch (inline.type) {
      case 'text':
        visit(inline.text);
        break;
      case 'lineBreak':
        visit('\n');
        break;
      case 'figureRef':
        visit(labels?.figure ? labels.figure(inline.figureId) : `[figure ${inline.figureId}]`);
        break;
      case 'referenceRef':
        visit(labels?.reference ? labels.reference(inline.referenceId) : `[ref ${inline.referenceId}]`);
        break;
    }
  }
}

export function inlinesToPlainText(inlines: readonly Inline[], labels?: PlainTextLabels): string {
  let out = '';
  visitInlinesPlainText(inlines, (piece) => (out += piece), labels);
  return out;
}

/**
 * The plain text of a rich text body as its pieces, in order: `richTextToPlainText` is their
 * concatenation. For readers that only walk the text (the language of a long section), so it is
 * never built.
 */
export function visitPlainText(blocks: readonly Block[], visit: (piece: string) => void): void {
  for (let b = 0; b < blocks.length; b++) {
    if (b > 0) visit('\n\n');
    const block = blocks[b]!;
    switch (block.type) {
      case 'paragraph':
      case 'heading':
        visitInlinesPlainText(block.content, visit);
        break;
      case 'list':
        block.items.forEach((item, i) => {
          if (i > 0) visit('\n');
          visit(block.ordered ? `${i + 1}. ` : '- ');
          visitInlinesPlainText(item, visit);
        });
        break;
      case 'table': {
        let first = true;
        if (block.caption) {
          visit(block.caption);
          first = false;
        }
        for (const row of block.rows) {
          if (!first) visit('\n');
          first = false;
          row.forEach((cell, c) => {
            if (c > 0) visit('\t');
            visitInlinesPlainText(cell, visit);
          });
        }
        break;
      }
      case 'figure':
        visit(`[figure ${block.figureId}]`);
        break;
    }
  }
}

/** Plain text of a rich text body: blocks separated by a blank line, list items prefixed, table cells tab-separated. */
export function richTextToPlainText(blocks: readonly Block[]): string {
  let out = '';
  visitPlainText(blocks, (piece) => (out += piece));
  return out;
}

/** Number of words of a body (for completion hints and the benchmark). */
export function countWords(blocks: readonly Block[]): number {
  const plain = richTextToPlainText(blocks).trim();
  return plain ? plain.split(/\s+/).length : 0;
}

/** True when the body has no visible text, figure or table. */
export function isRichTextEmpty(blocks: readonly Block[]): boolean {
  return blocks.every((b) => {
    if (b.type === 'figure' || b.type === 'table') return false;
    if (b.type === 'list') return b.items.every((item) => inlinesToPlainText(item).trim() === '');
    return inlinesToPlainText(b.content).trim() === '';
  });
}

/** A cell reads as a number (1 234,5 · 1,234.5 · -3 · 12 % · 2.5 g/t): such columns right-align. */
const NUMERIC_CELL = /^[-+−]?[\d\s.,\u00A0\u202F]*\d[\d\s.,\u00A0\u202F]*\s*(%|[a-zA-Z/$€£]{1,6})?$/;

/** The alignment each column is shown (and exported) with: `auto` is right for numbers, left otherwise. */
export function resolvedColumnAlignment(table: Extract<Block, { type: 'table' }>): Array<'left' | 'center' | 'right'> {
  const columns = Math.max(0, ...table.rows.map((r) => r.length));
  const out: Array<'left' | 'center' | 'right'> = [];
  for (let c = 0; c < columns; c++) {
    const set = table.align?.[c] ?? 'auto';
    if (set !== 'auto') {
      out.push(set);
      continue;
    }
    const cells = table.rows
      .slice(table.headerRows)
      .map((r) => inlinesToPlainText(r[c] ?? []).trim())
      .filter((v) => v !== '');
    out.push(cells.length > 0 && cells.every((v) => NUMERIC_CELL.test(v)) ? 'right' : 'left');
  }
  return out;
}

/** "Table 14-2", "Figure 14-1": the number of each table and figure block of a section body, by position. */
export function captionNumbers(sectionNumber: number, blocks: readonly Block[]): Map<number, string> {
  const numbers = new Map<number, string>();
  let tables = 0;
  let figures = 0;
  blocks.forEach((block, index) => {
    if (block.type === 'table') numbers.set(index, `${sectionNumber}-${++tables}`);
    else if (block.type === 'figure') numbers.set(index, `${sectionNumber}-${++figures}`);
  });
  return numbers;
}
