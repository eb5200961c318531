import type { Block, Inline, Mark, RichText } from '../../../../shared/trs/rich-text';
import { controlCharPattern } from '../../../../shared/text/control-chars';

/**
 * The bridge between the report's rich-text model and a contenteditable element. The DOM is only
 * ever built with createElement/textContent (never innerHTML), and reading it back keeps only
 * what the model can express: anything else pasted or dropped becomes plain text.
 */

const MARK_TAGS: Record<Mark, string> = { bold: 'strong', italic: 'em', underline: 'u', sub: 'sub', sup: 'sup' };
const TAG_MARKS: Record<string, Mark> = { STRONG: 'bold', B: 'bold', EM: 'italic', I: 'italic', U: 'underline', SUB: 'sub', SUP: 'sup' };
const MARK_ORDER: Mark[] = ['bold', 'italic', 'underline', 'sub', 'sup'];

export interface RenderLabels {
  figure(id: string): string;
  reference(id: string): string;
}

function appendInlines(parent: HTMLElement, inlines: readonly Inline[], labels: RenderLabels): void {
  const doc = parent.ownerDocument;
  for (const inline of inlines) {
    if (inline.type === 'text') {
      let node: Node = doc.createTextNode(inline.text);
      for (const mark of [...(inline.marks ?? [])].reverse()) {
        const el = doc.createElement(MARK_TAGS[mark]);
        el.appendChild(node);
        node = el;
      }
      parent.appendChild(node);
    } else if (inline.type === 'lineBreak') {
      parent.appendChild(doc.createElement('br'));
    } else {
      const el = doc.createElement('span');
      el.contentEditable = 'false';
      el.className = 'trs-ref';
      if (inline.type === 'figureRef') {
        el.dataset.figureRef = inline.figureId;
        el.textContent = labels.figure(inline.figureId);
      } else {
        el.dataset.referenceRef = inline.referenceId;
        el.textContent = labels.reference(inline.referenceId);
      }
      parent.appendChild(el);
    }
  }
  // An empty block needs a <br> so the caret can be placed in it.
  if (parent.childNodes.length === 0 || parent.lastChild?.nodeName === 'BR') parent.appendChild(doc.createElement('br'));
}

export function renderRichText(root: HTMLElement, blocks: RichText, labels: RenderLabels): void {
  const doc = root.ownerDocument;
  root.replaceChildren();
  for (const block of blocks) {
    switch (block.type) {
      case 'paragraph': {
        const p = doc.createElement('p');
        appendInlines(p, block.content, labels);
        root.appendChild(p);
        break;
      }
      case 'heading': {
        const h = doc.createElement(`h${block.level + 2}`);
        appendInlines(h, block.content, labels);
        root.appendChild(h);
        break;
      }
      case 'list': {
        const list = doc.createElement(block.ordered ? 'ol' : 'ul');
        for (const item of block.items) {
          const li = doc.createElement('li');
          appendInlines(li, item, labels);
          list.appendChild(li);
        }
        root.appendChild(list);
        break;
      }
      case 'table': {
        const table = doc.createElement('table');
        if (block.caption) {
          const caption = doc.createElement('caption');
          caption.textContent = block.caption;
          table.appendChild(caption);
        }
        const tbody = doc.createElement('tbody');
        block.rows.forEach((row, r) => {
          const tr = doc.createElement('tr');
          for (const cell of row) {
            const td = doc.createElement(r < block.headerRows ? 'th' : 'td');
            appendInlines(td, cell, labels);
            tr.appendChild(td);
          }
          tbody.appendChild(tr);
        });
        table.appendChild(tbody);
        root.appendChild(table);
        break;
      }
      case 'figure': {
        const fig = doc.createElement('figure');
        fig.contentEditable = 'false';
        fig.dataset.figureId = block.figureId;
        fig.textContent = labels.figure(block.figureId);
        root.appendChild(fig);
        break;
      }
    }
  }
  if (blocks.length === 0) root.appendChild(doc.createElement('p')).appendChild(doc.createElement('br'));
}

// ---- DOM → model ----------------------------------------------------------------------------

const BLOCK_TAGS = new Set([
  'P',
  'DIV',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'UL',
  'OL',
  'TABLE',
  'FIGURE',
  'BLOCKQUOTE',
  'PRE',
  'SECTION',
  'ARTICLE',
  'HEADER',
  'FOOTER',
  'LI',
]);
// Control characters cannot be stored (the schema refuses them); NBSP typed by the browser for trailing spaces is a space.
const CLEAN = controlCharPattern(['\t', '\n'], 'g');

function pushText(out: Inline[], text: string, marks: Mark[]): void {
  const clean = text
    .replace(/\r?\n/g, ' ')
    .replace(/\u00A0/g, ' ')
    .replace(CLEAN, '');
  if (!clean) return;
  const sorted = MARK_ORDER.filter((m) => marks.includes(m));
  const last = out[out.length - 1];
  if (last?.type === 'text' && (last.marks ?? []).join() === sorted.join()) {
    out[out.length - 1] = { ...last, text: last.text + clean };
    return;
  }
  out.push(sorted.length ? { type: 'text', text: clean, marks: sorted } : { type: 'text', text: clean });
}

function collectInlines(node: Node, marks: Mark[], out: Inline[]): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) {
      pushText(out, child.textContent ?? '', marks);
      continue;
    }
    if (child.nodeType !== 1) continue;
    const el = child as HTMLElement;
    if (el.tagName === 'BR') {
      out.push({ type: 'lineBreak' });
      continue;
    }
    if (el.dataset.figureRef) {
      out.push({ type: 'figureRef', figureId: el.dataset.figureRef });
      continue;
    }
    if (el.dataset.referenceRef) {
      out.push({ type: 'referenceRef', referenceId: el.dataset.referenceRef });
      continue;
    }
    if (['SCRIPT', 'STYLE', 'TEMPLATE', 'IFRAME', 'OBJECT', 'SVG'].includes(el.tagName)) continue;
    const mark = TAG_MARKS[el.tagName];
    const nextMarks = mark && !marks.includes(mark) ? [...marks, mark] : marks;
    // A block nested in a block (Chromium sometimes makes <div> inside <p>): keep it on its own line.
    if (BLOCK_TAGS.has(el.tagName) && out.length > 0 && out[out.length - 1]?.type !== 'lineBreak') out.push({ type: 'lineBreak' });
    collectInlines(el, nextMarks, out);
  }
}

function inlinesOf(el: Node): Inline[] {
  const out: Inline[] = [];
  collectInlines(el, [], out);
  // The <br> that only keeps an empty or line-ending block open is not content.
  while (out[out.length - 1]?.type === 'lineBreak') out.pop();
  return out;
}

function headingLevel(tag: string): 1 | 2 | 3 {
  const n = Number(tag.slice(1));
  return n <= 3 ? 1 : n === 4 ? 2 : 3;
}

/** Reads the editor's DOM back into the model. */
export function readRichText(root: HTMLElement): RichText {
  const blocks: Block[] = [];
  let loose: Inline[] = [];
  const flushLoose = () => {
    while (loose[loose.length - 1]?.type === 'lineBreak') loose.pop();
    if (loose.length) blocks.push({ type: 'paragraph', content: loose });
    loose = [];
  };
  for (const child of Array.from(root.childNodes)) {
    if (child.nodeType === 3) {
      pushText(loose, child.textContent ?? '', []);
      continue;
    }
    if (child.nodeType !== 1) continue;
    const el = child as HTMLElement;
    const tag = el.tagName;
    if (!BLOCK_TAGS.has(tag)) {
      if (tag === 'BR') {
        flushLoose();
        continue;
      }
      collectInlines({ childNodes: [el] } as unknown as Node, [], loose);
      continue;
    }
    flushLoose();
    if (tag === 'UL' || tag === 'OL') {
      const items = Array.from(el.children)
        .filter((li) => li.tagName === 'LI')
        .map((li) => inlinesOf(li));
      blocks.push({ type: 'list', ordered: tag === 'OL', items });
    } else if (tag === 'TABLE') {
      const rows = Array.from(el.querySelectorAll('tr')).map((tr) => Array.from(tr.children).map((cell) => inlinesOf(cell)));
      const firstRow = el.querySelector('tr');
      const headerRows = firstRow && firstRow.children.length > 0 && Array.from(firstRow.children).every((c) => c.tagName === 'TH') ? 1 : 0;
      const caption = el.querySelector('caption')?.textContent?.replace(CLEAN, '').trim();
      blocks.push(caption ? { type: 'table', caption, headerRows, rows } : { type: 'table', headerRows, rows });
    } else if (tag === 'FIGURE' && el.dataset.figureId) {
      blocks.push({ type: 'figure', figureId: el.dataset.figureId });
    } else if (/^H[1-6]$/.test(tag)) {
      blocks.push({ type: 'heading', level: headingLevel(tag), content: inlinesOf(el) });
    } else {
      blocks.push({ type: 'paragraph', content: inlinesOf(el) });
    }
  }
  flushLoose();
  // A lone empty paragraph is what an empty editor shows: store it as an empty body.
  if (blocks.length === 1 && blocks[0]!.type === 'paragraph' && blocks[0]!.content.length === 0) return [];
  return blocks;
}
