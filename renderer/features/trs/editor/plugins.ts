import type { Node as PmNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { findInText, type FindOptions } from '../../../../shared/trs/find-replace';
import { resolvedColumnAlignment } from '../../../../shared/trs/rich-text';
import { tableBlock } from './convert';

/** A non-text inline counts as one character that never matches (same rule as shared/trs/find-replace). */
const OBJECT = '\uFFFC';

export interface SearchQuery {
  query: string;
  options: FindOptions;
}

/** Matches of the query in the editor document, as document positions. */
export function findInDoc(doc: PmNode, search: SearchQuery): Array<{ from: number; to: number }> {
  const out: Array<{ from: number; to: number }> = [];
  if (!search.query) return out;
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    let text = '';
    node.forEach((child) => {
      text += child.isText ? child.text! : OBJECT;
    });
    for (const [s, e] of findInText(text, search.query, search.options)) out.push({ from: pos + 1 + s, to: pos + 1 + e });
    return false;
  });
  return out;
}

export const searchKey = new PluginKey<{ search: SearchQuery; decorations: DecorationSet }>('trs-search');

/** Highlights every match of the find bar's query in the open section. */
export function searchPlugin(): Plugin {
  const decorate = (doc: PmNode, search: SearchQuery) =>
    DecorationSet.create(
      doc,
      findInDoc(doc, search).map((m) => Decoration.inline(m.from, m.to, { class: 'trs-find-match' })),
    );
  return new Plugin({
    key: searchKey,
    state: {
      init: () => ({ search: { query: '', options: { caseSensitive: false, wholeWord: false } }, decorations: DecorationSet.empty }),
      apply(tr, value) {
        const meta = tr.getMeta(searchKey) as SearchQuery | undefined;
        if (meta) return { search: meta, decorations: decorate(tr.doc, meta) };
        if (tr.docChanged && value.search.query) return { search: value.search, decorations: decorate(tr.doc, value.search) };
        return value;
      },
    },
    props: {
      decorations: (state: EditorState) => {
        const value = searchKey.getState(state);
        if (!value?.search.query) return value?.decorations;
        const { from, to } = state.selection;
        // The match the find bar moved to stands out from the others.
        return from !== to ? value.decorations.add(state.doc, [Decoration.inline(from, to, { class: 'trs-find-current' })]) : value.decorations;
      },
    },
  });
}

/** Cells of a column left on `auto` show the column's resolved alignment (numbers right). */
function alignAutoCells(view: EditorView, table: PmNode, tablePos: number): void {
  const align = resolvedColumnAlignment(tableBlock(table));
  table.forEach((row, rowOffset) => {
    let col = 0;
    row.forEach((cell, cellOffset) => {
      const dom = view.nodeDOM(tablePos + 1 + rowOffset + 1 + cellOffset) as HTMLElement | null;
      const want = cell.attrs.align === 'auto' ? (align[col] ?? 'left') : String(cell.attrs.align);
      if (dom?.style && dom.style.textAlign !== want) dom.style.textAlign = want;
      col += Number(cell.attrs.colspan ?? 1);
    });
  });
}

/** Sets "Table 14-2" / "Figure 14-1" in the caption of each table and figure, by position, after every change. */
export function numberingPlugin(words: () => { section: number; table: string; figure: string }): Plugin {
  const renumber = (view: EditorView) => {
    const w = words();
    let tables = 0;
    let figures = 0;
    view.state.doc.forEach((node, offset) => {
      const kind = node.type.name === 'table' ? 'table' : node.type.name === 'figure' ? 'figure' : undefined;
      if (!kind) return;
      const n = kind === 'table' ? ++tables : ++figures;
      const dom = view.nodeDOM(offset) as HTMLElement | null;
      const label = dom?.querySelector?.('.trs-caption-number');
      const text = `${kind === 'table' ? w.table : w.figure} ${w.section}-${n}`;
      if (label && label.textContent !== text) label.textContent = text;
      if (kind === 'table') alignAutoCells(view, node, offset);
    });
  };
  return new Plugin({
    view(view) {
      renumber(view);
      return {
        update: (v, previous) => {
          if (v.state.doc !== previous.doc) renumber(v);
        },
      };
    },
  });
}
