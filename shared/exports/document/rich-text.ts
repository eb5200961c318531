import { resolvedColumnAlignment, type Block, type Inline } from '../../trs/rich-text';
import { para, plain, t, withMinusSigns } from './format';
import type { DocBlock, DocFigure, DocInline, DocTable, DocText } from './types';

/** Turns the editor's rich text into document blocks, resolving figure and reference links. */
export class RichTextConverter {
  /** Figures a section placed in its text (the others are printed after section 25). */
  readonly placed = new Set<string>();

  constructor(
    private readonly figureById: ReadonlyMap<string, DocFigure>,
    private readonly referenceNumber: ReadonlyMap<string, number>,
  ) {}

  inlines(content: readonly Inline[]): DocInline[] {
    return content.map((inline): DocInline => {
      switch (inline.type) {
        case 'text': {
          const marks = new Set(inline.marks ?? []);
          const out: DocText = t(inline.text);
          if (marks.has('bold')) out.bold = true;
          if (marks.has('italic')) out.italic = true;
          if (marks.has('underline')) out.underline = true;
          if (marks.has('sub')) out.sub = true;
          if (marks.has('sup')) out.sup = true;
          return out;
        }
        case 'lineBreak':
          return { kind: 'break' };
        case 'figureRef': {
          const figure = this.figureById.get(inline.figureId);
          return t(figure ? figure.label : '[missing figure]');
        }
        case 'referenceRef': {
          const n = this.referenceNumber.get(inline.referenceId);
          return t(n ? `[${n}]` : '[missing reference]');
        }
      }
    });
  }

  blocks(blocks: readonly Block[]): DocBlock[] {
    return blocks.flatMap((block): DocBlock[] => {
      switch (block.type) {
        case 'paragraph':
          return [{ kind: 'paragraph', inlines: this.inlines(block.content) }];
        case 'heading':
          // Section titles are level 1; headings inside a section start at level 2.
          return [{ kind: 'heading', level: block.level === 1 ? 2 : 3, text: plain(this.inlines(block.content)) }];
        case 'list':
          return [{ kind: 'list', ordered: block.ordered, items: block.items.map((item) => this.inlines(item)) }];
        case 'table': {
          const width = Math.max(1, ...block.rows.map((r) => r.length));
          const pad = (row: DocInline[][]) => [...row, ...Array.from({ length: width - row.length }, () => [])];
          // As the editor shows the table: the author's alignment per column, numbers right-aligned when automatic.
          const align = resolvedColumnAlignment(block);
          const rows = block.rows.map((r) => pad(r.map((c) => this.inlines(c).map((i) => (i.kind === 'text' ? { ...i, text: withMinusSigns(i.text) } : i)))));
          const table: DocTable = {
            kind: 'table',
            role: 'content',
            header: rows.slice(0, block.headerRows),
            rows: rows.slice(block.headerRows),
            align: Array.from({ length: width }, (_, i) => align[i] ?? 'left'),
          };
          if (block.caption) table.caption = block.caption;
          return [table];
        }
        case 'figure': {
          const figure = this.figureById.get(block.figureId);
          if (!figure) return [para(`[Figure ${block.figureId} is missing from the report]`, 'note')];
          this.placed.add(figure.figureId);
          return [figure];
        }
      }
    });
  }
}
