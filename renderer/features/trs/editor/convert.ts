import { type Mark as PmMark, type Node as PmNode } from 'prosemirror-model';
import { TableMap } from 'prosemirror-tables';
import { MARKS, type Block, type ColumnAlignment, type Inline, type Mark, type RichText } from '../../../../shared/trs/rich-text';
import { editorSchema as schema } from './schema';
import { controlCharPattern } from '../../../../shared/text/control-chars';

/**
 * The converter between the stored rich-text model and the editor's ProseMirror document, both
 * ways. Pure (no DOM): unit-tested with a property test that any valid body survives
 * model → editor → model → editor unchanged.
 */

// Control characters other than tab cannot be stored; a newline inside pasted text is a space.
const CONTROL = controlCharPattern(['\t', '\n'], 'g');

function inlineNodes(inlines: readonly Inline[]): PmNode[] {
  const out: PmNode[] = [];
  for (const inline of inlines) {
    switch (inline.type) {
      case 'text': {
        if (!inline.text) break;
        const marks = MARKS.filter((m) => inline.marks?.includes(m)).map((m) => schema.marks[m]!.create());
        out.push(schema.text(inline.text, marks));
        break;
      }
      case 'lineBreak':
        out.push(schema.nodes.hard_break!.create());
        break;
      case 'figureRef':
        out.push(schema.nodes.figure_ref!.create({ figureId: inline.figureId }));
        break;
      case 'referenceRef':
        out.push(schema.nodes.reference_ref!.create({ referenceId: inline.referenceId }));
        break;
    }
  }
  return out;
}

const paragraph = (inlines: readonly Inline[]) => schema.nodes.paragraph!.create(null, inlineNodes(inlines));

function blockNode(block: Block): PmNode {
  switch (block.type) {
    case 'paragraph':
      return paragraph(block.content);
    case 'heading':
      return schema.nodes.heading!.create({ level: block.level }, inlineNodes(block.content));
    case 'list': {
      const items = (block.items.length ? block.items : [[]]).map((item) => schema.nodes.list_item!.create(null, paragraph(item)));
      return (block.ordered ? schema.nodes.ordered_list! : schema.nodes.bullet_list!).create(null, items);
    }
    case 'table': {
      const rows = block.rows.length ? block.rows : [[]];
      const width = Math.max(1, ...rows.map((r) => r.length));
      return schema.nodes.table!.create(
        { caption: block.caption ?? '' },
        rows.map((row, r) =>
          schema.nodes.table_row!.create(
            null,
            Array.from({ length: width }, (_, c) =>
              (r < block.headerRows ? schema.nodes.table_header! : schema.nodes.table_cell!).create(
                { align: block.align?.[c] ?? 'auto' },
                paragraph(row[c] ?? []),
              ),
            ),
          ),
        ),
      );
    }
    case 'figure':
      return schema.nodes.figure!.create({ figureId: block.figureId });
  }
}

/** Stored body → editor document (an empty body is one empty paragraph, where the caret can go). */
export function toEditorDoc(body: RichText): PmNode {
  const blocks = body.map(blockNode);
  return schema.nodes.doc!.create(null, blocks.length ? blocks : [schema.nodes.paragraph!.create()]);
}

function marksOf(marks: readonly PmMark[]): Mark[] {
  return MARKS.filter((m) => marks.some((x) => x.type.name === m));
}

function pushText(out: Inline[], value: string, marks: Mark[]): void {
  const clean = value.replace(/\r?\n/g, ' ').replace(CONTROL, '');
  if (!clean) return;
  const last = out[out.length - 1];
  if (last?.type === 'text' && (last.marks ?? []).join() === marks.join()) {
    out[out.length - 1] = { ...last, text: last.text + clean };
    return;
  }
  out.push(marks.length ? { type: 'text', text: clean, marks } : { type: 'text', text: clean });
}

function inlinesOf(node: PmNode, out: Inline[] = []): Inline[] {
  node.forEach((child) => {
    if (child.isText) pushText(out, child.text ?? '', marksOf(child.marks));
    else if (child.type.name === 'hard_break') out.push({ type: 'lineBreak' });
    else if (child.type.name === 'figure_ref') out.push({ type: 'figureRef', figureId: String(child.attrs.figureId) });
    else if (child.type.name === 'reference_ref') out.push({ type: 'referenceRef', referenceId: String(child.attrs.referenceId) });
  });
  return out;
}

/** The paragraphs of a cell or list item as one run; paragraphs after the first start on a new line. */
function inlinesOfBlocks(node: PmNode): Inline[] {
  const out: Inline[] = [];
  node.forEach((child, _offset, index) => {
    if (index > 0) out.push({ type: 'lineBreak' });
    inlinesOf(child, out);
  });
  return out;
}

/** One editor table as the stored table block. */
export function tableBlock(node: PmNode): Extract<Block, { type: 'table' }> {
  const map = TableMap.get(node);
  const rows: Inline[][][] = [];
  for (let r = 0; r < map.height; r++) {
    const row: Inline[][] = [];
    for (let c = 0; c < map.width; c++) {
      const pos = map.map[r * map.width + c]!;
      const rect = map.findCell(pos);
      // A merged cell's text goes in its top-left slot; the slots it spans are empty cells in the model.
      row.push(rect.left === c && rect.top === r ? inlinesOfBlocks(node.nodeAt(pos)!) : []);
    }
    rows.push(row);
  }
  const first = node.firstChild;
  let headerRows: 0 | 1 = first && first.childCount > 0 ? 1 : 0;
  first?.forEach((cell) => {
    if (cell.type.name !== 'table_header') headerRows = 0;
  });
  const align: ColumnAlignment[] = [];
  for (let c = 0; c < map.width; c++) {
    const cell = node.nodeAt(map.map[c]!);
    align.push((cell?.attrs.align as ColumnAlignment | undefined) ?? 'auto');
  }
  const caption = String(node.attrs.caption ?? '')
    .replace(CONTROL, '')
    .trim();
  return {
    type: 'table',
    ...(caption ? { caption } : {}),
    headerRows,
    rows,
    ...(align.some((a) => a !== 'auto') ? { align } : {}),
  };
}

/** Editor document → stored body. */
export function fromEditorDoc(doc: PmNode): RichText {
  const blocks: Block[] = [];
  doc.forEach((node) => {
    switch (node.type.name) {
      case 'paragraph':
        blocks.push({ type: 'paragraph', content: inlinesOf(node) });
        break;
      case 'heading':
        blocks.push({ type: 'heading', level: Math.min(3, Math.max(1, Number(node.attrs.level))) as 1 | 2 | 3, content: inlinesOf(node) });
        break;
      case 'bullet_list':
      case 'ordered_list': {
        const items: Inline[][] = [];
        node.forEach((item) => items.push(inlinesOfBlocks(item)));
        blocks.push({ type: 'list', ordered: node.type.name === 'ordered_list', items });
        break;
      }
      case 'table':
        blocks.push(tableBlock(node));
        break;
      case 'figure':
        blocks.push({ type: 'figure', figureId: String(node.attrs.figureId) });
        break;
    }
  });
  // A lone empty paragraph is what an empty editor shows: it is stored as an empty body.
  if (blocks.length === 1 && blocks[0]!.type === 'paragraph' && blocks[0]!.content.length === 0) return [];
  return blocks;
}

/** A body as the editor would store it (what a round trip through the editor gives). */
export function normalizeRichText(body: RichText): RichText {
  return fromEditorDoc(toEditorDoc(body));
}

/** A table of plain cell texts (pasted TSV from Excel or LibreOffice Calc) as editor content. */
export function tableFromCells(cells: readonly (readonly string[])[], headerRow: boolean): PmNode {
  const body: Block = {
    type: 'table',
    headerRows: headerRow ? 1 : 0,
    rows: cells.map((row) => row.map((v) => (v ? [{ type: 'text', text: v.replace(CONTROL, '') }] : []))),
  };
  return blockNode(body);
}

/**
 * Cells of a tab-separated block as Excel and LibreOffice Calc put it on the clipboard (rows end in
 * a newline, a cell holding a tab, newline or quote is quoted with doubled quotes). Undefined when
 * the text is not a table: no tab at all, or rows of different widths.
 */
export function cellsFromTsv(text: string): string[][] | undefined {
  const src = text.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  if (!src.includes('\t')) return undefined;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else cell += ch === '\n' ? ' ' : ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === '\t') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
    i++;
  }
  row.push(cell);
  rows.push(row);
  const width = rows[0]!.length;
  if (width < 2 || rows.some((r) => r.length !== width)) return undefined;
  return rows.map((r) => r.map((c) => c.trim()));
}
