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

export class TextMeasure {
  private readonly widths = new Map<string, number>();
  private readonly ascent = new Map<FontName, number>();

  constructor(private readonly doc: Doc) {}

  /** Width of `text` in `font` at `size` points. */
  width(font: FontName, size: number, text: string): number {
    const key = `${font}\u0000${text}`;
    let perPoint = this.widths.get(key);
    if (perPoint === undefined) {
      // Measuring must not change what the caller draws with: keep its font and size.
      const state = this.doc as unknown as { _font: unknown; _fontSize: number };
      const [savedFont, savedSize] = [state._font, state._fontSize];
      this.doc.font(font).fontSize(1000);
      perPoint = this.doc.widthOfString(text) / 1000;
      this.widths.set(key, perPoint);
      state._font = savedFont;
      state._fontSize = savedSize;
    }
    return perPoint * size;
  }

  /** Ascender of the font per point of size (PDFKit places text by the top of the line). */
  ascender(font: FontName): number {
    let a = this.ascent.get(font);
    if (a === undefined) {
      const state = this.doc as unknown as { _font: { ascender: number } };
      const saved = state._font;
      this.doc.font(font);
      a = state._font.ascender / 1000;
      state._font = saved;
      this.ascent.set(font, a);
    }
    return a;
  }
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

/** Breaks inlines into lines of at most `width` points. */
export function layoutLines(measure: TextMeasure, inlines: readonly DocInline[], width: number, base: { size: number; bold?: boolean }): Line[] {
  const words: (Word | 'break')[] = [];
  let current: Word | null = null;
  let pendingSpace = 0;
  const endWord = () => {
    if (current) words.push(current);
    current = null;
  };
  for (const inline of inlines) {
    if (inline.kind === 'break') {
      endWord();
      words.push('break');
      pendingSpace = 0;
      continue;
    }
    const style = styleOf(inline, base);
    // Tokens alternate between runs of non-space characters and runs of spaces.
    for (const token of inline.text.replace(/\u200B/g, '').split(/(\s+)/)) {
      if (token === '') continue;
      if (/^\s+$/.test(token)) {
        const breaks = token.split('\n').length - 1;
        endWord();
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
  endWord();

  const lines: Line[] = [];
  let line: Line = { words: [], width: 0, last: false };
  const pushLine = (last: boolean) => {
    line.last = last;
    lines.push(line);
    line = { words: [], width: 0, last: false };
  };
  const place = (word: Word) => {
    const space = line.words.length === 0 ? 0 : word.space;
    if (line.words.length > 0 && line.width + space + word.width > width + 0.01) pushLine(false);
    const s = line.words.length === 0 ? 0 : word.space;
    line.words.push(line.words.length === 0 ? { ...word, space: 0 } : word);
    line.width += s + word.width;
  };
  for (const word of words) {
    if (word === 'break') {
      pushLine(true);
      continue;
    }
    if (word.width <= width) place(word);
    else for (const part of cutWord(measure, word, width)) place(part);
  }
  if (line.words.length > 0 || lines.length === 0) pushLine(true);
  return lines;
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
      if (part.width + chunkWidth + w > width && (part.width + chunkWidth) > 0) {
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

/**
 * Draws one line with its top at `y`. `align` decides where it starts; `justify` stretches the
 * spaces of every line that does not end its paragraph.
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
  // Consecutive words in one style are drawn as one string; `wordSpacing` adds the justification.
  let segment: { text: string; style: TextStyle; x: number; width: number; words: number } | null = null;
  const flush = () => {
    if (!segment || segment.text === '') {
      segment = null;
      return;
    }
    const s = segment.style;
    const shiftedBaseline = s.shift === 'sub' ? baseline + SUB_DROP * baseSize : s.shift === 'sup' ? baseline - SUP_RISE * baseSize : baseline;
    doc.font(s.font).fontSize(s.size);
    doc.text(segment.text, segment.x, shiftedBaseline - measure.ascender(s.font) * s.size, {
      lineBreak: false,
      wordSpacing: segment.words > 1 && extra > 0 ? extra : 0,
      underline: s.underline,
    });
    segment = null;
  };
  line.words.forEach((word, index) => {
    const space = index === 0 ? 0 : word.space + extra;
    word.pieces.forEach((piece, p) => {
      const sameStyle = segment !== null && sameTextStyle(segment.style, piece.style);
      if (p === 0 && index > 0) {
        if (sameStyle && segment) {
          segment.text += ` ${piece.text}`;
          segment.words++;
          cursor += space + piece.width;
          return;
        }
        flush();
        cursor += space;
      } else if (sameStyle && segment) {
        segment.text += piece.text;
        cursor += piece.width;
        return;
      } else {
        flush();
      }
      segment = { text: piece.text, style: piece.style, x: cursor, width: piece.width, words: 1 };
      cursor += piece.width;
    });
  });
  flush();
}

function sameTextStyle(a: TextStyle, b: TextStyle): boolean {
  return a.font === b.font && a.size === b.size && a.shift === b.shift && a.underline === b.underline;
}
