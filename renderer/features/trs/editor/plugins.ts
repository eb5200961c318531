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

/**
 * Cells of a column left on `auto` show the column's resolved alignment (numbers right). As node
 * decorations, because ProseMirror owns the cells' DOM and undoes any style set on it directly.
 */
function alignmentDecorations(doc: PmNode): DecorationSet {
  const decorations: Decoration[] = [];
  doc.forEach((table, tablePos) => {
    if (table.type.name !== 'table') return;
    const align = resolvedColumnAlignment(tableBlock(table));
    table.forEach((row, rowOffset) => {
      let col = 0;
      row.forEach((cell, cellOffset) => {
        if (cell.attrs.align === 'auto') {
          const from = tablePos + 1 + rowOffset + 1 + cellOffset;
          decorations.push(Decoration.node(from, from + cell.nodeSize, { style: `text-align: ${align[col] ?? 'left'}` }));
        }
        col += Number(cell.attrs.colspan ?? 1);
      });
    });
  });
  return DecorationSet.create(doc, decorations);
}

export function alignmentPlugin(): Plugin {
  const key = new PluginKey<DecorationSet>('trs-align');
  return new Plugin({
    key,
    state: {
      init: (_config, state) => alignmentDecorations(state.doc),
      apply: (tr, value) => (tr.docChanged ? alignmentDecorations(tr.doc) : value),
    },
    props: { decorations: (state) => key.getState(state) },
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
