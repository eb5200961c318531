import { isC0OrC1Control } from '../text/control-chars';
import { EDGAR_ELEMENT_ATTRIBUTES } from '../edgar/rules';

/**
 * Builds EDGAR-safe HTML. The only way to put text in is through `h()`/`text()`, which escape it,
 * so user text can never become markup. Every character outside printable ASCII becomes a numeric
 * character reference, because EDGAR accepts ASCII files only.
 */

export type EdgarTag = keyof typeof EDGAR_ELEMENT_ATTRIBUTES;

/** HTML that is already safe to emit. Construct only through this module. */
export interface SafeHtml {
  readonly __safeHtml: true;
  readonly html: string;
}

export type HtmlChild = SafeHtml | string | number | null | undefined | false | readonly HtmlChild[];

export type InlineStyle = Readonly<Record<string, string | number | undefined>>;

export interface EdgarAttributes {
  style?: InlineStyle;
  [name: string]: string | number | boolean | InlineStyle | undefined;
}

const BLOCK_TAGS = new Set<string>([
  'html',
  'head',
  'title',
  'body',
  'div',
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'tr',
  'caption',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'hr',
  'pre',
  'blockquote',
  'center',
  'br',
  'meta',
  'address',
]);
const VOID_TAGS = new Set<string>(['br', 'hr', 'img', 'meta']);

function safe(html: string): SafeHtml {
  return { __safeHtml: true, html };
}

function isSafe(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && (value as SafeHtml).__safeHtml === true;
}

// Bidi embeddings/overrides (LRE RLE LRO RLO, closed by PDF) and isolates (LRI RLI FSI, closed by PDI).
const BIDI_EMBEDDINGS = new Set([0x202a, 0x202b, 0x202d, 0x202e]);
const BIDI_POP_EMBEDDING = 0x202c;
const BIDI_ISOLATES = new Set([0x2066, 0x2067, 0x2068]);
const BIDI_POP_ISOLATE = 0x2069;

/**
 * Escapes text for EDGAR HTML (content or attribute value alike): markup characters as
 * references, non-ASCII as one `&#N;` per code point (so an emoji is one reference, never two
 * surrogate halves), control characters dropped, CR/CRLF turned into LF. Unclosed bidi
 * overrides in user text are closed at the end of the text, so a stray RLO cannot reverse the
 * rest of the exhibit.
 */
export function encodeEdgarText(text: string): string {
  // Most text is plain ASCII with nothing to escape: return it untouched (the large-report path).
  if (!NEEDS_ENCODING.test(text)) return text;
  const openBidi: number[] = [];
  let out = text.replace(/\r\n?/g, '\n').replace(SPECIAL_CHARACTER, (char) => {
    const cp = char.codePointAt(0) ?? 0;
    if (BIDI_EMBEDDINGS.has(cp) || BIDI_ISOLATES.has(cp)) {
      openBidi.push(cp);
    } else if (cp === BIDI_POP_EMBEDDING || cp === BIDI_POP_ISOLATE) {
      const wanted = cp === BIDI_POP_ISOLATE ? BIDI_ISOLATES : BIDI_EMBEDDINGS;
      const top = openBidi[openBidi.length - 1];
      if (top === undefined || !wanted.has(top)) return ''; // a closer with nothing to close: drop it
      openBidi.pop();
    }
    return encodeCodePoint(cp, char);
  });
  while (openBidi.length > 0) {
    const opener = openBidi.pop() ?? 0;
    out += `&#${BIDI_ISOLATES.has(opener) ? BIDI_POP_ISOLATE : BIDI_POP_EMBEDDING};`;
  }
  return out;
}

/** Anything but printable ASCII without markup characters (tab and LF are fine as they are). */
const NEEDS_ENCODING = /[^\t\n\x20\x21\x23-\x25\x28-\x3b\x3d\x3f-\x7e]/;
/** One match per code point (the `u` flag keeps surrogate pairs together; lone halves match alone). */
const SPECIAL_CHARACTER = /[^\t\n\x20\x21\x23-\x25\x28-\x3b\x3d\x3f-\x7e]/gu;

function encodeCodePoint(cp: number, char: string): string {
  switch (cp) {
    case 0x26:
      return '&amp;';
    case 0x3c:
      return '&lt;';
    case 0x3e:
      return '&gt;';
    case 0x22:
      return '&quot;';
    case 0x27:
      return '&#39;';
    case 0x09:
    case 0x0a:
      return char;
    default:
      if (isC0OrC1Control(cp)) return ''; // control characters carry nothing printable
      if (cp >= 0xd800 && cp <= 0xdfff) return '&#65533;'; // lone surrogate: show the replacement character
      if (cp > 0x7e) return `&#${cp};`;
      return char;
  }
}

const RTL_LETTER =
  /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}]/u;
const ANY_LETTER = /\p{L}/u;

/** Direction of a paragraph from its first strong letter (the Unicode bidi rule P2), if any. */
export function textDirection(text: string): 'ltr' | 'rtl' | undefined {
  for (const char of text) {
    if (RTL_LETTER.test(char)) return 'rtl';
    if (ANY_LETTER.test(char)) return 'ltr';
  }
  return undefined;
}

// Styles are mostly shared constants (every table cell): serialise and check each object once.
const styleCache = new WeakMap<InlineStyle, string>();

function serializeStyle(style: InlineStyle): string {
  const cached = styleCache.get(style);
  if (cached !== undefined) return cached;
  const parts: string[] = [];
  for (const [property, value] of Object.entries(style)) {
    if (value === undefined) continue;
    // Styles are written by the exporter, never taken from user text; refuse anything that
    // could smuggle in a second declaration or an external reference.
    if (!/^[a-z-]+$/.test(property) || /[;{}()<>"'\\]/.test(String(value))) {
      throw new Error(`unsafe inline style ${property}: ${String(value)}`);
    }
    parts.push(`${property}:${value}`);
  }
  const serialized = encodeEdgarText(parts.join(';'));
  styleCache.set(style, serialized);
  return serialized;
}

/** One element. Attributes outside the EDGAR DTD for this tag are a programming error. */
export function h(tag: EdgarTag, attributes: EdgarAttributes | null, ...children: HtmlChild[]): SafeHtml {
  const allowed = EDGAR_ELEMENT_ATTRIBUTES[tag];
  if (!allowed) throw new Error(`<${tag}> is not EDGAR HTML`);
  let open = `<${tag}`;
  for (const name in attributes) {
    const value = attributes[name];
    if (value === undefined || value === false) continue;
    if (!allowed.includes(name)) throw new Error(`attribute ${name} is not allowed on <${tag}>`);
    if (name === 'style' && typeof value === 'object') {
      const style = serializeStyle(value); // already encoded
      if (style !== '') open += ` style="${style}"`;
      continue;
    }
    if (typeof value === 'object') throw new Error(`attribute ${name} takes text, not an object`);
    open += ` ${name}="${encodeEdgarText(value === true ? name : String(value))}"`;
  }
  open += '>';
  const newline = BLOCK_TAGS.has(tag) ? '\n' : '';
  if (VOID_TAGS.has(tag)) return safe(open + newline);
  return safe(open + renderChildren(children) + `</${tag}>` + newline);
}

function renderChildren(children: readonly HtmlChild[]): string {
  let out = '';
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child === 'string' || typeof child === 'number') out += encodeEdgarText(String(child));
    else if (isSafe(child)) out += child.html;
    else out += renderChildren(child);
  }
  return out;
}

/** Escaped text, usable where a SafeHtml is expected. */
export function text(value: string): SafeHtml {
  return safe(encodeEdgarText(value));
}

/** Text whose line breaks are kept (as `<br>`), e.g. a multi-line address. */
export function textWithBreaks(value: string): SafeHtml {
  const lines = value.replace(/\r\n?/g, '\n').split('\n');
  return safe(lines.map((line) => encodeEdgarText(line)).join('<br>\n'));
}

export function fragment(...children: HtmlChild[]): SafeHtml {
  return safe(renderChildren(children));
}

/**
 * Long unbreakable words (a 10 000-character hash or URL) would push the page wider than the
 * screen; these styles let the browser break them without inserting any character.
 */
export const WRAP_STYLE: InlineStyle = { 'word-wrap': 'break-word', 'overflow-wrap': 'break-word' };

export interface EdgarDocumentOptions {
  title: string;
  /** Extra styles for <body>; wrapping is always on. */
  bodyStyle?: InlineStyle;
}

/** A complete EDGAR document: ASCII only, no <style>, no doctype the validator might dislike. */
export function edgarDocument(options: EdgarDocumentOptions, ...body: HtmlChild[]): string {
  // A page's measure, centred: on a wide screen lines of 250 characters are not read, and a
  // reviewer's browser shows the exhibit as the printed page it stands for.
  const measure: InlineStyle = { 'max-width': '7.5in', margin: '8pt auto' };
  const bodyStyle = { 'font-family': 'Times New Roman, Times, serif', 'font-size': '10pt', ...measure, ...WRAP_STYLE, ...options.bodyStyle };
  const doc = h('html', null, '\n', h('head', null, '\n', h('title', null, options.title)), h('body', { style: bodyStyle }, '\n', ...body));
  return doc.html;
}

export interface EdgarTableCell {
  content: HtmlChild;
  align?: 'left' | 'right' | 'center';
  colspan?: number;
  /** Direction of the cell's text; derive with textDirection() for user text. */
  dir?: 'ltr' | 'rtl';
}

export interface EdgarTableOptions {
  caption?: string;
  /** Header rows, rendered as <th> cells inside plain <tr> (EDGAR forbids <thead>). */
  header: readonly (readonly EdgarTableCell[])[];
  rows: readonly (readonly EdgarTableCell[])[];
  summary?: string;
}

// Font sizes inline on every cell: quirks mode (no DOCTYPE) does not let tables inherit the body's size.
const CELL_STYLE: InlineStyle = { padding: '2pt 4pt', 'vertical-align': 'top', border: '1px solid #000000', 'font-size': '9pt', ...WRAP_STYLE };
const HEADER_CELL_STYLE: InlineStyle = { ...CELL_STYLE, 'font-weight': 'bold', 'background-color': '#e6e6e6' };
const TABLE_STYLE: InlineStyle = { 'border-collapse': 'collapse', 'table-layout': 'fixed', width: '100%', 'margin-bottom': '8pt' };
const CAPTION_STYLE: InlineStyle = { 'font-weight': 'bold', 'text-align': 'left', 'font-size': '9pt' };

/** A data table in the EDGAR subset: rows straight under <table>, borders and wrapping inline. */
export function edgarTable(options: EdgarTableOptions): SafeHtml {
  const cell = (tag: 'th' | 'td', c: EdgarTableCell) =>
    h(
      tag,
      {
        align: c.align,
        colspan: c.colspan && c.colspan > 1 ? c.colspan : undefined,
        dir: c.dir,
        style: tag === 'th' ? HEADER_CELL_STYLE : CELL_STYLE,
      },
      c.content,
    );
  return h(
    'table',
    {
      summary: options.summary,
      width: '100%',
      cellspacing: 0,
      cellpadding: 0,
      style: TABLE_STYLE,
    },
    options.caption ? h('caption', { style: CAPTION_STYLE }, options.caption) : null,
    options.header.map((row) =>
      h(
        'tr',
        null,
        row.map((c) => cell('th', c)),
      ),
    ),
    options.rows.map((row) =>
      h(
        'tr',
        null,
        row.map((c) => cell('td', c)),
      ),
    ),
  );
}

/** A paragraph of user text, its direction taken from the text itself. */
export function paragraph(value: HtmlChild, plain?: string, style?: InlineStyle): SafeHtml {
  const dir = plain !== undefined ? textDirection(plain) : undefined;
  return h('p', { dir: dir === 'rtl' ? 'rtl' : undefined, style: { margin: '0 0 6pt 0', ...style } }, value);
}
