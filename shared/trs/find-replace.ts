import type { Block, Inline, RichText } from './rich-text';

/**
 * Find and replace over section bodies, as a word processor does it: a match may span runs of
 * different formatting (the replacement takes the formatting of the match's first character),
 * never a line break, figure or reference (those stand for one character that no query matches).
 * Used by the editor's find bar (counts, "replace all") and testable headless.
 */

export interface FindOptions {
  caseSensitive: boolean;
  wholeWord: boolean;
}

/** A non-text inline in the joined text of a block: it never matches and breaks words. */
const OBJECT = '\uFFFC';
const WORD_CHAR = /[\p{L}\p{N}_]/u;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** [start, end) offsets of each match of `query` in `text`, left to right, not overlapping. */
export function findInText(text: string, query: string, options: FindOptions): Array<[number, number]> {
  if (!query) return [];
  const re = new RegExp(escapeRegExp(query), options.caseSensitive ? 'gu' : 'giu');
  const out: Array<[number, number]> = [];
  for (const m of text.matchAll(re)) {
    const start = m.index;
    const end = start + m[0].length;
    if (options.wholeWord && ((start > 0 && WORD_CHAR.test(text[start - 1]!)) || (end < text.length && WORD_CHAR.test(text[end]!)))) continue;
    out.push([start, end]);
  }
  return out;
}

function joined(inlines: readonly Inline[]): string {
  return inlines.map((i) => (i.type === 'text' ? i.text : OBJECT)).join('');
}

/** Every run of inlines of a body (paragraphs, headings, list items, table cells, captions aside). */
function runsOf(block: Block): Inline[][] {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
      return [block.content];
    case 'list':
      return block.items;
    case 'table':
      return block.rows.flat();
    case 'figure':
      return [];
  }
}

export function countMatches(body: RichText, query: string, options: FindOptions): number {
  let n = 0;
  for (const block of body) {
    for (const run of runsOf(block)) n += findInText(joined(run), query, options).length;
    if (block.type === 'table' && block.caption) n += findInText(block.caption, query, options).length;
  }
  return n;
}

function replaceInRun(inlines: Inline[], query: string, replacement: string, options: FindOptions): { inlines: Inline[]; count: number } {
  const matches = findInText(joined(inlines), query, options);
  if (matches.length === 0) return { inlines, count: 0 };
  const out: Inline[] = [];
  let offset = 0;
  let m = 0;
  for (const inline of inlines) {
    const len = inline.type === 'text' ? inline.text.length : 1;
    if (inline.type !== 'text') {
      out.push(inline);
      offset += len;
      continue;
    }
    let piece = '';
    for (let k = 0; k < len; k++) {
      const at = offset + k;
      while (m < matches.length && matches[m]![1] <= at) m++;
      const match = matches[m];
      if (match && at >= match[0] && at < match[1]) {
        if (at === match[0]) piece += replacement;
      } else piece += inline.text[k];
    }
    if (piece) out.push({ ...inline, text: piece });
    offset += len;
  }
  // Neighbouring runs with the same marks become one (as the editor stores them).
  const merged: Inline[] = [];
  for (const i of out) {
    const last = merged[merged.length - 1];
    if (i.type === 'text' && last?.type === 'text' && (last.marks ?? []).join() === (i.marks ?? []).join())
      merged[merged.length - 1] = { ...last, text: last.text + i.text };
    else merged.push(i);
  }
  return { inlines: merged, count: matches.length };
}

/** Replaces every match in a body; the body is returned unchanged (same object) when nothing matched. */
export function replaceAll(body: RichText, query: string, replacement: string, options: FindOptions): { body: RichText; count: number } {
  let count = 0;
  const run = (inlines: Inline[]) => {
    const r = replaceInRun(inlines, query, replacement, options);
    count += r.count;
    return r.inlines;
  };
  const next = body.map((block): Block => {
    const before = count;
    let result: Block;
    switch (block.type) {
      case 'paragraph':
      case 'heading':
        result = { ...block, content: run(block.content) };
        break;
      case 'list':
        result = { ...block, items: block.items.map(run) };
        break;
      case 'table': {
        const rows = block.rows.map((row) => row.map(run));
        let caption = block.caption;
        if (caption) {
          const matches = findInText(caption, query, options);
          count += matches.length;
          for (const [s, e] of [...matches].reverse()) caption = caption.slice(0, s) + replacement + caption.slice(e);
        }
        result = { ...block, rows, ...(caption !== undefined ? { caption } : {}) };
        break;
      }
      case 'figure':
        result = block;
        break;
    }
    return count === before ? block : result;
  });
  return count === 0 ? { body, count: 0 } : { body: next, count };
}
