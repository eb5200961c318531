import { deflateSync } from 'node:zlib';
import type { DocInline } from '../../shared/exports/report-document';

/**
 * Line layout for the PDF copy, done here rather than by PDFKit's own wrapper:
 * - words are measured once per font (a cache in front of PDFKit's per-word shaping cache), and
 *   justified lines are drawn with PDFKit's `wordSpacing`; PDFKit's `align: 'justify'` measured
 *   every line again as one new string with its spaces removed, which was most of the time of a
 *   long report;
 * - subscripts and superscripts are drawn smaller and on a shifted baseline (PDFKit has neither);
 * - a word longer than the line is cut where it must be, in linear time.
 */

export type FontName = 'regular' | 'bold' | 'italic';

type Doc = PDFKit.PDFDocument;

export interface TextStyle {
  font: FontName;
  size: number;
  shift: 'sub' | 'sup' | null;
  underline: boolean;
}

interface Piece {
  text: string;
  style: TextStyle;
  width: number;
}

interface Word {
  pieces: Piece[];
  width: number;
  /** Width of the space before the word (0 at a paragraph start, after a hard break or inside a cut word). */
  space: number;
}

export interface Line {
  words: Word[];
  /** Natural width: words and single spaces. */
  width: number;
  /** Ends the paragraph or a hard line break: never justified. */
  last: boolean;
}

/** Size of sub/superscript relative to the text, and the baseline shifts (fractions of the text size). */
const SCRIPT_SCALE = 0.7;
const SUB_DROP = 0.2;
const SUP_RISE = 0.38;

/** What this module uses of PDFKit's embedded font (its bundled types do not describe fonts). */
interface PdfKitFont {
  id: string;
  ascender: number;
  widthOfString(text: string, size: number): number;
  lineHeight(size: number, includeGap: boolean): number;
  /** Glyph ids (4 hex digits each, already in the subset) and positions in 1/1000 of the size. */
  encode(text: string): [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
  ref(): unknown;
}

interface MeasuredWord {
  /** Width per point of size. */
  width: number;
  /** The word as operands of a `TJ` (glyph hex strings and kerning), once it has been drawn; null before. */
  tj: string | null;
  /** A glyph with an x/y offset (combining marks): `TJ` cannot place it; PDFKit draws such words. */
  offsets: boolean;
}

interface Face {
  name: FontName;
  pdf: PdfKitFont;
  words: Map<string, MeasuredWord>;
  ascender: number;
}

/**
 * Word widths and word encodings, each computed once per font and word. The fonts are the
 * document's registered `regular`, `bold` and `italic`.
 */
export class TextMeasure {
  private readonly faces: Record<FontName, Face>;

  constructor(private readonly doc: Doc) {
    const state = doc as unknown as { _font: unknown; _fontSize: number };
    const [savedFont, savedSize] = [state._font, state._fontSize];
    const face = (name: FontName): Face => {
      doc.font(name);
      const pdf = state._font as PdfKitFont;
      return { name, pdf, words: new Map(), ascender: pdf.ascender / 1000 };
    };
    this.faces = { regular: face('regular'), bold: face('bold'), italic: face('italic') };
    state._font = savedFont;
    state._fontSize = savedSize;
  }

  face(font: FontName): Face {
    return this.faces[font];
  }

  private entry(face: Face, text: string): MeasuredWord {
    let word = face.words.get(text);
    if (word === undefined) {
      let width = 0;
      if (text.length > 1 && ADDITIVE.test(text)) for (const char of text) width += this.entry(face, char).width;
      else width = face.pdf.widthOfString(text, 1);
      word = { width, tj: null, offsets: false };
      face.words.set(text, word);
    }
    return word;
  }

  /** Width of `text` in `font` at `size` points. */
  width(font: FontName, size: number, text: string): number {
    return this.entry(this.faces[font], text).width * size;
  }

  /** Ascender of the font per point of size (PDFKit places text by the top of the line). */
  ascender(font: FontName): number {
    return this.faces[font].ascender;
  }

  /**
   * `text` as `TJ` operands: its glyphs (added to the font subset, with their widths and Unicode
   * values for text extraction, by PDFKit's own `encode`) and kerning between them, as PDFKit
   * writes them.
   */
  encoded(face: Face, text: string): MeasuredWord & { tj: string } {
    const word = this.entry(face, text);
    if (word.tj === null && text.length > 1 && ADDITIVE.test(text)) {
      let hex = '';
      for (const char of text) hex += this.encoded(face, char).tj.slice(1, -1);
      word.tj = `<${hex}>`;
    } else if (word.tj === null) {
      const [glyphs, positions] = face.pdf.encode(text);
      let tj = '';
      let hex = '';
      for (let i = 0; i < glyphs.length; i++) {
        hex += glyphs[i]!;
        const position = positions[i]!;
        if (position.xOffset || position.yOffset) word.offsets = true;
        const kerning = position.xAdvance - position.advanceWidth;
        if (kerning !== 0) {
          tj += `<${hex}> ${num(-kerning)} `;
          hex = '';
        }
      }
      word.tj = hex === '' ? tj.trimEnd() : `${tj}<${hex}>`;
    }
    return word as MeasuredWord & { tj: string };
  }
}

/**
 * Characters of figures that DejaVu Sans (regular, bold, oblique) sets with neither kerning nor
 * substitution between them: a string of only these is as wide as its characters, and its glyphs
 * are theirs. Tables hold tens of thousands of distinct numbers; shaping each one (fontkit) was a
 * fifth of the time of a long report. A unit test checks the claim on the bundled fonts.
 */
export const ADDITIVE = /^[0-9.,%\u2212+()\-/$#:]+$/;

/** A number in a content stream: at most three decimals (a thousandth of a point). */
export function num(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/** Appends operators to the page's content stream (batched by `collectOutput` when installed). */
export function writeContent(doc: Doc, operators: string): void {
  (doc as unknown as { addContent(data: string): void }).addContent(operators);
}

/** What `collectOutput` replaces of PDFKit's document (its bundled types do not describe them). */
interface PdfKitOutput {
  _write(data: string | Uint8Array): void;
  _offset: number;
  addContent(data: string | Uint8Array): unknown;
  flushPages(): void;
  endPageMarkings(page: unknown): unknown;
  page: PdfKitPage;
  _pageBuffer: PdfKitPage[];
}

interface PdfKitPage {
  write(chunk: Uint8Array): void;
  content: { buffer: Uint8Array[]; compress: boolean; data: { Filter?: string } };
}

/**
 * Deflate level of the pages' content streams: level 4 takes half the time of zlib's default (6)
 * on this kind of content (hex glyph ids and positions) for a file about 4 % larger.
 */
const CONTENT_DEFLATE_LEVEL = 4;

/**
 * Makes PDFKit's output cheap, for a document with many small objects (a tagged table cell is a
 * structure element of its own) and many small content operators:
 * - PDFKit turns every string it writes into bytes one character at a time in JavaScript, and
 *   pushes every object's three or four pieces through its Readable stream one by one. Here the
 *   strings are joined and converted natively (`latin1` keeps the low byte of each character,
 *   as PDFKit does), and the file's bytes are collected directly;
 * - each page's content operators are joined into one string and written to the page when PDFKit
 *   writes to it directly (closing its marked content at a page break) or flushes its pages;
 *   every other operator goes through `addContent`;
 * - the pages' content is deflated here, at a faster level than PDFKit's fixed default (other
 *   streams, such as the fonts, are left to PDFKit).
 * Returns the function that gives the whole file once the document has ended; what PDFKit wrote
 * before this was installed (the header) arrives through the stream as before.
 */
export function collectOutput(doc: Doc): () => Buffer {
  const pdf = doc as unknown as PdfKitOutput;
  const streamed: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => streamed.push(chunk));
  const written: Uint8Array[] = [];
  let text = '';
  pdf._write = (data) => {
    if (data instanceof Uint8Array) {
      if (text !== '') written.push(Buffer.from(text, 'latin1'));
      text = '';
      written.push(data);
      pdf._offset += data.length;
    } else {
      const line = `${data}\n`;
      text += line;
      pdf._offset += line.length;
    }
  };
  const operators = new Map<PdfKitOutput['page'], string>();
  pdf.addContent = (data) => {
    if (data instanceof Uint8Array) {
      flushOperators();
      pdf.page.write(data);
    } else {
      operators.set(pdf.page, `${operators.get(pdf.page) ?? ''}${data}\n`);
    }
    return doc;
  };
  const flushOperators = () => {
    for (const [page, ops] of operators) page.write(Buffer.from(ops, 'latin1'));
    operators.clear();
  };
  const endPageMarkings = pdf.endPageMarkings.bind(doc);
  pdf.endPageMarkings = (page) => {
    flushOperators();
    return endPageMarkings(page);
  };
  const flushPages = pdf.flushPages.bind(doc);
  pdf.flushPages = () => {
    flushOperators();
    for (const page of pdf._pageBuffer) {
      // Closes what is still open on the page now (PDFKit would do it as it ends the page), so
      // the stream compressed here is the whole of it.
      endPageMarkings(page);
      const content = page.content;
      if (!content.compress || content.buffer.length === 0) continue;
      content.buffer = [deflateSync(Buffer.concat(content.buffer), { level: CONTENT_DEFLATE_LEVEL })];
      content.compress = false;
      content.data.Filter = 'FlateDecode';
    }
    flushPages();
  };
  return () => {
    if (text !== '') written.push(Buffer.from(text, 'latin1'));
    text = '';
    return Buffer.concat([...streamed, ...written]);
  };
}

export function styleOf(inline: DocInline, base: { size: number; bold?: boolean }): TextStyle {
  if (inline.kind !== 'text') return { font: base.bold ? 'bold' : 'regular', size: base.size, shift: null, underline: false };
  const shift = inline.sub ? 'sub' : inline.sup ? 'sup' : null;
  return {
    font: inline.bold || base.bold ? 'bold' : inline.italic ? 'italic' : 'regular',
    size: shift ? base.size * SCRIPT_SCALE : base.size,
    shift,
    underline: Boolean(inline.underline),
  };
}

/** Runs of white space and runs of anything else, in order. */
const TOKENS = /(\s+)|\S+/g;

/** Breaks inlines into lines of at most `width` points. */
export function layoutLines(measure: TextMeasure, inlines: readonly DocInline[], width: number, base: { size: number; bold?: boolean }): Line[] {
  const words: (Word | 'break')[] = [];
  let current: Word | null = null;
  let pendingSpace = 0;
  for (const inline of inlines) {
    if (inline.kind === 'break') {
      if (current) words.push(current);
      current = null;
      words.push('break');
      pendingSpace = 0;
      continue;
    }
    const style = styleOf(inline, base);
    const text = inline.text.includes('\u200B') ? inline.text.replace(/\u200B/g, '') : inline.text;
    TOKENS.lastIndex = 0;
    for (let match = TOKENS.exec(text); match !== null; match = TOKENS.exec(text)) {
      const token = match[0];
      if (match[1] !== undefined) {
        if (current) words.push(current);
        current = null;
        let breaks = 0;
        for (let i = token.indexOf('\n'); i >= 0; i = token.indexOf('\n', i + 1)) breaks++;
        for (let i = 0; i < breaks; i++) words.push('break');
        pendingSpace = breaks > 0 ? 0 : measure.width(style.font, style.size, ' ');
        continue;
      }
      const piece: Piece = { text: token, style, width: measure.width(style.font, style.size, token) };
      if (!current) {
        current = { pieces: [], width: 0, space: words.length === 0 || words[words.length - 1] === 'break' ? 0 : pendingSpace };
        pendingSpace = 0;
      }
      current.pieces.push(piece);
      current.width += piece.width;
    }
  }
  if (current) words.push(current);

  const lines: Line[] = [];
  let line: Line = { words: [], width: 0, last: false };
  for (const word of words) {
    if (word === 'break') {
      line.last = true;
      lines.push(line);
      line = { words: [], width: 0, last: false };
      continue;
    }
    if (word.width <= width) line = place(lines, line, word, width);
    else for (const part of cutWord(measure, word, width)) line = place(lines, line, part, width);
  }
  if (line.words.length > 0 || lines.length === 0) {
    line.last = true;
    lines.push(line);
  }
  return lines;
}

/** Puts `word` on `line`, or ends the line and starts the next with it; returns the open line. */
function place(lines: Line[], line: Line, word: Word, width: number): Line {
  if (line.words.length > 0 && line.width + word.space + word.width > width + 0.01) {
    lines.push(line);
    line = { words: [], width: 0, last: false };
  }
  if (line.words.length === 0) {
    line.words.push(word.space === 0 ? word : { ...word, space: 0 });
    line.width += word.width;
  } else {
    line.words.push(word);
    line.width += word.space + word.width;
  }
  return line;
}

/** A word wider than the line, cut into parts that fit (character by character, so linear). */
function cutWord(measure: TextMeasure, word: Word, width: number): Word[] {
  const parts: Word[] = [];
  let part: Word = { pieces: [], width: 0, space: word.space };
  for (const piece of word.pieces) {
    let chunk = '';
    let chunkWidth = 0;
    for (const char of piece.text) {
      const w = measure.width(piece.style.font, piece.style.size, char);
      if (part.width + chunkWidth + w > width && part.width + chunkWidth > 0) {
        if (chunk) part.pieces.push({ text: chunk, style: piece.style, width: chunkWidth });
        part.width += chunkWidth;
        parts.push(part);
        part = { pieces: [], width: 0, space: 0 };
        chunk = '';
        chunkWidth = 0;
      }
      chunk += char;
      chunkWidth += w;
    }
    if (chunk) {
      part.pieces.push({ text: chunk, style: piece.style, width: chunkWidth });
      part.width += chunkWidth;
    }
  }
  if (part.pieces.length > 0) parts.push(part);
  return parts;
}

/** Height of one line of text of this size (PDFKit's line height of the regular font). */
export function lineHeight(doc: Doc, size: number): number {
  doc.font('regular').fontSize(size);
  return doc.currentLineHeight(true);
}

interface Segment {
  style: TextStyle;
  face: Face;
  x: number;
  width: number;
  /** `TJ` operands: the words' glyphs, and a space glyph plus any justification between words. */
  tj: string;
  /** The same as plain text, for a segment PDFKit must draw itself. */
  text: string;
  words: number;
  offsets: boolean;
}

/**
 * Draws one line with its top at `y`. `align` decides where it starts; `justify` stretches the
 * spaces of every line that does not end its paragraph.
 *
 * The line is written as one text object, each run of one style a `TJ` of glyphs encoded once per
 * word, placed where the layout put it: PDFKit's `text()` measured, re-encoded and re-joined every
 * string again at every call (most of the time of a long report). PDFKit still subsets the fonts
 * and maps glyphs to Unicode (its `encode`), so the text extracts as before.
 */
export function drawLine(
  doc: Doc,
  measure: TextMeasure,
  line: Line,
  x: number,
  y: number,
  width: number,
  align: 'left' | 'right' | 'center' | 'justify',
  baseSize: number,
): void {
  const gaps = line.words.length - 1;
  const extra = align === 'justify' && !line.last && gaps > 0 ? Math.max(0, (width - line.width) / gaps) : 0;
  let cursor = align === 'right' ? x + width - line.width : align === 'center' ? x + (width - line.width) / 2 : x;
  const baseline = y + measure.ascender('regular') * baseSize;
  // Consecutive words in one style are one segment.
  const segments: Segment[] = [];
  let segment: Segment | null = null;
  for (let index = 0; index < line.words.length; index++) {
    const word = line.words[index]!;
    const gap = index === 0 ? 0 : word.space + extra;
    for (let p = 0; p < word.pieces.length; p++) {
      const piece = word.pieces[p]!;
      const same = segment !== null && sameTextStyle(segment.style, piece.style);
      if (segment !== null && same) {
        const encoded = measure.encoded(segment.face, piece.text);
        if (p === 0 && index > 0) {
          segment.tj += `${gapOperands(measure, segment.face, piece.style.size, word.space, gap)} ${encoded.tj}`;
          segment.text += ` ${piece.text}`;
          segment.words++;
          cursor += gap;
        } else {
          segment.tj += ` ${encoded.tj}`;
          segment.text += piece.text;
        }
        segment.offsets ||= encoded.offsets;
        cursor += piece.width;
        segment.width = cursor - segment.x;
        continue;
      }
      if (p === 0 && index > 0) cursor += gap;
      const face = measure.face(piece.style.font);
      const encoded = measure.encoded(face, piece.text);
      segment = { style: piece.style, face, x: cursor, width: piece.width, tj: encoded.tj, text: piece.text, words: 1, offsets: encoded.offsets };
      segments.push(segment);
      cursor += piece.width;
    }
  }
  if (segments.length === 0) return;

  const page = doc.page as unknown as { height: number; fonts: Record<string, unknown> };
  let ops = '';
  let font = '';
  let size = NaN;
  const flushText = () => {
    if (ops !== '') writeContent(doc, `q 1 0 0 -1 0 ${num(page.height)} cm BT${ops} ET Q`);
    ops = '';
    font = '';
  };
  for (const s of segments) {
    const style = s.style;
    const shiftedBaseline = style.shift === 'sub' ? baseline + SUB_DROP * baseSize : style.shift === 'sup' ? baseline - SUP_RISE * baseSize : baseline;
    if (style.underline) underline(doc, s, shiftedBaseline);
    if (s.offsets) {
      flushText();
      drawWithPdfKit(doc, s, shiftedBaseline, extra);
      continue;
    }
    const id = s.face.pdf.id;
    if (page.fonts[id] === undefined) page.fonts[id] = s.face.pdf.ref();
    if (id !== font || style.size !== size) ops += ` /${id} ${num(style.size)} Tf`;
    font = id;
    size = style.size;
    // PDFKit's coordinates grow downwards; the text object is written in PDF's own (flipped back).
    ops += ` 1 0 0 1 ${num(s.x)} ${num(page.height - shiftedBaseline)} Tm [${s.tj}] TJ`;
  }
  flushText();
  // What PDFKit's `text()` left behind, which the callers' spacing (`moveDown`) reads.
  const last = segments[segments.length - 1]!;
  const state = doc as unknown as { _font: unknown; _fontSize: number };
  state._font = last.face.pdf;
  state._fontSize = last.style.size;
}

/** Operands between two words of one segment: a space glyph (when the text has one) moved to where the layout puts the next word. */
function gapOperands(measure: TextMeasure, face: Face, size: number, space: number, gap: number): string {
  if (space === 0) return Math.abs(gap) > 1e-6 ? ` ${num((-gap * 1000) / size)}` : '';
  const glyph = measure.encoded(face, ' ');
  const stretch = gap - glyph.width * size;
  return Math.abs(stretch) > 1e-6 ? ` ${glyph.tj} ${num((-stretch * 1000) / size)}` : ` ${glyph.tj}`;
}

/** Underlines a segment as PDFKit's `underline` option does (same colour, width and position). */
function underline(doc: Doc, s: Segment, shiftedBaseline: number): void {
  const size = s.style.size;
  const top = shiftedBaseline - s.face.ascender * size;
  const state = doc as unknown as { _fillColor?: [PDFKit.Mixins.ColorValue, number] };
  const lineWidth = size < 10 ? 0.5 : Math.floor(size / 10);
  const lineY = top + s.face.pdf.lineHeight(size, false) - lineWidth;
  doc.save();
  if (state._fillColor) doc.strokeColor(...state._fillColor);
  doc
    .lineWidth(lineWidth)
    .moveTo(s.x, lineY)
    .lineTo(s.x + s.width, lineY)
    .stroke();
  doc.restore();
}

/** A segment with positioned marks: PDFKit places each such glyph with its own text matrix. */
function drawWithPdfKit(doc: Doc, s: Segment, shiftedBaseline: number, extra: number): void {
  doc.font(s.face.name).fontSize(s.style.size);
  doc.text(s.text, s.x, shiftedBaseline - s.face.ascender * s.style.size, { lineBreak: false, wordSpacing: s.words > 1 && extra > 0 ? extra : 0 });
}

function sameTextStyle(a: TextStyle, b: TextStyle): boolean {
  return a.font === b.font && a.size === b.size && a.shift === b.shift && a.underline === b.underline;
}
