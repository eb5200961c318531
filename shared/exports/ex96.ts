import { edgarDocument, edgarTable, fragment, h, textDirection, type HtmlChild, type InlineStyle, type SafeHtml } from './edgar-html-writer';
import { figureCaption, plain, type DocBlock, type DocFigure, type DocInline, type ReportDocument } from './report-document';

/** Widest figure on a printed EDGAR page (6.5 in at 96 px/in). */
const MAX_FIGURE_WIDTH_PX = 624;

export interface EdgarAttachment {
  fileName: string;
  mimeType: 'image/jpeg' | 'image/gif';
  dataBase64: string;
}

export interface Ex96Output {
  fileName: string;
  html: string;
  attachments: EdgarAttachment[];
}

export const DRAFT_BANNER = 'DRAFT - NOT FOR FILING';

function renderInlines(inlines: readonly DocInline[]): SafeHtml {
  return fragment(
    inlines.map((inline) => {
      if (inline.kind === 'break') return h('br', null);
      let node: HtmlChild = inline.text;
      if (inline.sub) node = h('sub', null, node);
      if (inline.sup) node = h('sup', null, node);
      if (inline.underline) node = h('u', null, node);
      if (inline.italic) node = h('i', null, node);
      if (inline.bold) node = h('b', null, node);
      return node;
    }),
  );
}

const dirOf = (inlines: readonly DocInline[]) => (textDirection(plain(inlines)) === 'rtl' ? 'rtl' : undefined);

/**
 * Every element that holds text states its font size inline. The EDGAR Filer Manual (Vol. II,
 * 5.2.2) names no DOCTYPE for HTML 3.2/4.0 documents, so browsers open an exhibit in quirks mode,
 * where tables do not inherit the body's size; with the sizes inline the exhibit renders the same in
 * quirks and standards mode (a test renders it both ways in Chromium).
 */
const BODY_SIZE = '10pt';
const PARAGRAPH: InlineStyle = { margin: '0 0 6pt 0', 'text-align': 'justify', 'font-size': BODY_SIZE };
const LIST_ITEM: InlineStyle = { 'font-size': BODY_SIZE };
const TOC_CELL: InlineStyle = { 'font-size': BODY_SIZE };

function renderFigure(figure: DocFigure): SafeHtml {
  let width = figure.widthPx ?? undefined;
  let height = figure.heightPx ?? undefined;
  if (width !== undefined && width > MAX_FIGURE_WIDTH_PX) {
    if (height !== undefined) height = Math.round((height * MAX_FIGURE_WIDTH_PX) / width);
    width = MAX_FIGURE_WIDTH_PX;
  }
  return h(
    'div',
    { align: 'center', style: { margin: '6pt 0 10pt 0', 'text-align': 'center' } },
    h('img', { src: figure.fileName, alt: figureCaption(figure), width, height, style: { 'max-width': '100%' } }),
    h('br', null),
    h(
      'p',
      { align: 'center', dir: textDirection(figure.caption) === 'rtl' ? 'rtl' : undefined, style: { 'font-style': 'italic', 'font-size': '9pt' } },
      figureCaption(figure),
    ),
  );
}

function renderBlock(block: DocBlock): SafeHtml {
  switch (block.kind) {
    case 'heading': {
      const tag = block.level === 1 ? 'h2' : block.level === 2 ? 'h3' : 'h4';
      return h(
        tag,
        { dir: textDirection(block.text) === 'rtl' ? 'rtl' : undefined, style: { 'font-size': block.level === 2 ? '11pt' : '10pt', margin: '10pt 0 4pt 0' } },
        block.text,
      );
    }
    case 'paragraph': {
      const style =
        block.emphasis === 'caution'
          ? { ...PARAGRAPH, 'font-weight': 'bold', border: '1px solid #000000', padding: '4pt' }
          : block.emphasis === 'note'
            ? { ...PARAGRAPH, 'font-size': '9pt' }
            : PARAGRAPH;
      return h('p', { dir: dirOf(block.inlines), style }, renderInlines(block.inlines));
    }
    case 'list':
      return h(
        block.ordered ? 'ol' : 'ul',
        { style: { margin: '0 0 6pt 0', 'font-size': BODY_SIZE } },
        block.items.map((item) => h('li', { dir: dirOf(item), style: LIST_ITEM }, renderInlines(item))),
      );
    case 'table':
      return edgarTable({
        caption: block.caption,
        header: block.header.map((row) => row.map((c, i) => ({ content: renderInlines(c), align: block.align[i] ?? 'left', dir: dirOf(c) }))),
        rows: block.rows.map((row) => row.map((c, i) => ({ content: renderInlines(c), align: block.align[i] ?? 'left', dir: dirOf(c) }))),
      });
    case 'figure':
      return renderFigure(block);
  }
}

function draftBanner(): SafeHtml {
  return h(
    'p',
    { align: 'center', style: { 'font-weight': 'bold', 'font-size': '14pt', color: '#c00000', border: '2px solid #c00000', padding: '4pt' } },
    DRAFT_BANNER,
  );
}

/**
 * Exhibit 96: one EDGAR HTML file with the cover, a linked table of contents, the 25 sections,
 * the figures (as separate .jpg/.gif attachments) and the conformed signatures.
 */
export function renderEx96(doc: ReportDocument, fileName: string): Ex96Output {
  const title = doc.draft ? `DRAFT - ${doc.title}` : doc.title;
  const pageBreak: InlineStyle = { 'page-break-before': 'always' };
  const body = fragment(
    doc.draft ? draftBanner() : null,
    h('p', { align: 'right', style: { 'font-weight': 'bold', 'font-size': BODY_SIZE } }, `Exhibit ${doc.exhibit}`),
    h('h1', { align: 'center', style: { 'font-size': '16pt', margin: '24pt 0 12pt 0' } }, doc.title),
    doc.cover.map((line) => h('p', { align: 'center', style: { margin: '0 0 4pt 0', 'font-size': '11pt' } }, line)),
    h('h2', { style: { ...pageBreak, 'font-size': '12pt' } }, 'Table of contents'),
    h(
      'table',
      { width: '100%', cellspacing: 0, cellpadding: 0, summary: 'Table of contents', style: { width: '100%' } },
      doc.sections.map((s) => h('tr', null, h('td', { style: TOC_CELL }, h('a', { href: `#${s.anchor}` }, s.heading)))),
      doc.unplacedFigures.length > 0 ? h('tr', null, h('td', { style: TOC_CELL }, h('a', { href: '#figures' }, 'Figures'))) : null,
      h('tr', null, h('td', { style: TOC_CELL }, h('a', { href: '#signatures' }, doc.signatures.heading))),
    ),
    doc.sections.map((section) =>
      fragment(h('h2', { id: section.anchor, style: { 'font-size': '12pt', margin: '16pt 0 6pt 0' } }, section.heading), section.blocks.map(renderBlock)),
    ),
    doc.unplacedFigures.length > 0
      ? fragment(h('h2', { id: 'figures', style: { 'font-size': '12pt' } }, 'Figures'), doc.unplacedFigures.map(renderFigure))
      : null,
    h('h2', { id: 'signatures', style: { ...pageBreak, 'font-size': '12pt' } }, doc.signatures.heading),
    h('p', { style: PARAGRAPH }, doc.signatures.intro),
    doc.signatures.entries.map((entry) =>
      h(
        'p',
        { style: { margin: '18pt 0 6pt 0', 'font-size': BODY_SIZE } },
        h('b', null, entry.conformed),
        h('br', null),
        entry.name,
        entry.lines.map((line) => fragment(h('br', null), line)),
        h('br', null),
        `Date: ${entry.date}`,
      ),
    ),
    doc.draft ? draftBanner() : null,
  );
  return {
    fileName,
    html: edgarDocument({ title }, body),
    attachments: doc.figures.map((f) => ({ fileName: f.fileName, mimeType: f.mimeType, dataBase64: f.dataBase64 })),
  };
}
