import { Schema, type DOMOutputSpec, type MarkSpec, type NodeSpec } from 'prosemirror-model';
import { tableNodes } from 'prosemirror-tables';
import { COLUMN_ALIGNMENTS, type ColumnAlignment } from '../../../../shared/trs/rich-text';

/**
 * The ProseMirror schema of a TRS section body. It can hold exactly what the stored rich-text model
 * (shared/trs/rich-text.ts) holds, so the converter (convert.ts) is lossless both ways; anything
 * else that is pasted (fonts, colours, classes, styles, spans, images as HTML) has no place in it
 * and is dropped by ProseMirror's parser.
 */

const isAlignment = (v: string | null | undefined): v is ColumnAlignment => !!v && (COLUMN_ALIGNMENTS as readonly string[]).includes(v);

const tables = tableNodes({
  tableGroup: 'block',
  cellContent: 'paragraph+',
  cellAttributes: {
    align: {
      default: 'auto',
      getFromDOM(dom) {
        const value = dom.getAttribute('data-align') ?? dom.getAttribute('align') ?? dom.style.textAlign;
        return isAlignment(value) ? value : 'auto';
      },
      setDOMAttr(value, attrs) {
        if (value !== 'auto' && isAlignment(String(value))) {
          attrs['data-align'] = value;
          attrs.style = `text-align: ${String(value)}`;
        }
      },
    },
  },
});

const headingRule = (tag: string, level: number) => ({ tag, attrs: { level } });

const nodes: Record<string, NodeSpec> = {
  doc: { content: 'block+' },
  paragraph: {
    group: 'block',
    content: 'inline*',
    parseDOM: [{ tag: 'p' }, { tag: 'div', priority: 10 }],
    toDOM: (): DOMOutputSpec => ['p', 0],
  },
  heading: {
    group: 'block',
    content: 'inline*',
    attrs: { level: { default: 1 } },
    defining: true,
    // The section title is the page's h2, so body headings show as h3–h5 and carry their level for
    // copy and paste inside the editor; pasted h1–h3 from elsewhere are levels 1–3, h4–h6 level 3.
    parseDOM: [
      ...[3, 4, 5].map((n) => ({
        tag: `h${n}[data-level]`,
        priority: 60,
        getAttrs: (dom: HTMLElement) => ({ level: Math.min(3, Math.max(1, Number(dom.getAttribute('data-level')) || 1)) }),
      })),
      headingRule('h1', 1),
      headingRule('h2', 2),
      headingRule('h3', 3),
      headingRule('h4', 3),
      headingRule('h5', 3),
      headingRule('h6', 3),
    ],
    toDOM: (node): DOMOutputSpec => [`h${Number(node.attrs.level) + 2}`, { 'data-level': String(node.attrs.level) }, 0],
  },
  bullet_list: { group: 'block', content: 'list_item+', parseDOM: [{ tag: 'ul' }], toDOM: (): DOMOutputSpec => ['ul', 0] },
  ordered_list: { group: 'block', content: 'list_item+', parseDOM: [{ tag: 'ol' }], toDOM: (): DOMOutputSpec => ['ol', 0] },
  // One level, one paragraph per item: what the model's list holds.
  list_item: { content: 'paragraph', defining: true, parseDOM: [{ tag: 'li' }], toDOM: (): DOMOutputSpec => ['li', 0] },
  table: {
    ...tables.table,
    attrs: { caption: { default: '' } },
    parseDOM: [
      {
        tag: 'table',
        getAttrs: (dom: HTMLElement) => ({ caption: dom.querySelector('caption')?.textContent?.replace(/\s+/g, ' ').trim().slice(0, 1000) ?? '' }),
      },
      // The caption is an attribute of the table, not a row.
      { tag: 'caption', ignore: true },
      { tag: 'colgroup', ignore: true },
    ],
    toDOM: (node): DOMOutputSpec => ['table', node.attrs.caption ? { 'data-caption': String(node.attrs.caption) } : {}, ['tbody', 0]],
  },
  table_row: tables.table_row,
  table_cell: tables.table_cell,
  table_header: tables.table_header,
  figure: {
    group: 'block',
    atom: true,
    selectable: true,
    draggable: true,
    attrs: { figureId: {} },
    parseDOM: [{ tag: 'figure[data-figure-id]', getAttrs: (dom: HTMLElement) => ({ figureId: dom.getAttribute('data-figure-id') }) }],
    toDOM: (node): DOMOutputSpec => ['figure', { 'data-figure-id': String(node.attrs.figureId) }],
  },
  text: { group: 'inline' },
  hard_break: {
    inline: true,
    group: 'inline',
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: (): DOMOutputSpec => ['br'],
  },
  figure_ref: {
    inline: true,
    group: 'inline',
    atom: true,
    attrs: { figureId: {} },
    parseDOM: [{ tag: 'span[data-figure-ref]', getAttrs: (dom: HTMLElement) => ({ figureId: dom.getAttribute('data-figure-ref') }) }],
    toDOM: (node): DOMOutputSpec => ['span', { 'data-figure-ref': String(node.attrs.figureId), class: 'trs-ref' }],
  },
  reference_ref: {
    inline: true,
    group: 'inline',
    atom: true,
    attrs: { referenceId: {} },
    parseDOM: [{ tag: 'span[data-reference-ref]', getAttrs: (dom: HTMLElement) => ({ referenceId: dom.getAttribute('data-reference-ref') }) }],
    toDOM: (node): DOMOutputSpec => ['span', { 'data-reference-ref': String(node.attrs.referenceId), class: 'trs-ref' }],
  },
};

/** Marks carry no attributes: a pasted font, colour or size has nowhere to go. */
const styleIs = (pattern: RegExp) => (value: string) => (pattern.test(value) ? null : false);
const marks: Record<string, MarkSpec> = {
  bold: {
    parseDOM: [
      { tag: 'strong' },
      // Google Docs wraps whole pastes in <b style="font-weight:normal">.
      { tag: 'b', getAttrs: (dom: HTMLElement) => (/^(normal|400)$/.test(dom.style.fontWeight) ? false : null) },
      { style: 'font-weight', getAttrs: styleIs(/^(bold|bolder|[6-9]00)$/) },
    ],
    toDOM: () => ['strong', 0],
  },
  italic: {
    parseDOM: [{ tag: 'em' }, { tag: 'i' }, { style: 'font-style', getAttrs: styleIs(/^italic$/) }],
    toDOM: () => ['em', 0],
  },
  underline: {
    parseDOM: [{ tag: 'u' }, { style: 'text-decoration', getAttrs: styleIs(/underline/) }, { style: 'text-decoration-line', getAttrs: styleIs(/underline/) }],
    toDOM: () => ['u', 0],
  },
  sub: { parseDOM: [{ tag: 'sub' }, { style: 'vertical-align', getAttrs: styleIs(/^sub$/) }], toDOM: () => ['sub', 0] },
  sup: { parseDOM: [{ tag: 'sup' }, { style: 'vertical-align', getAttrs: styleIs(/^super$/) }], toDOM: () => ['sup', 0] },
};

export const editorSchema = new Schema({ nodes, marks });
