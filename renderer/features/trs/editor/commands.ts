import { setBlockType, toggleMark, wrapIn } from 'prosemirror-commands';
import type { MarkType, NodeType, Node as PmNode } from 'prosemirror-model';
import { liftListItem, wrapInList } from 'prosemirror-schema-list';
import { TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state';
import { addRowAfter, goToNextCell, isInTable, selectedRect } from 'prosemirror-tables';
import type { ColumnAlignment } from '../../../../shared/trs/rich-text';
import { editorSchema as schema } from './schema';

/** Editing commands behind the toolbar and the shortcuts. */

const nodes = schema.nodes;

export function markActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks ?? $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

/** Toggles a mark; subscript and superscript exclude each other (as in Word). */
export function toggleInlineMark(name: 'bold' | 'italic' | 'underline' | 'sub' | 'sup'): Command {
  const type = schema.marks[name]!;
  return (state, dispatch) => {
    const other = name === 'sub' ? schema.marks.sup! : name === 'sup' ? schema.marks.sub! : undefined;
    if (!other || markActive(state, type) || !markActive(state, other)) return toggleMark(type)(state, dispatch);
    // Switch sub ↔ sup in one step.
    return toggleMark(other)(state, (tr) => {
      const next = state.apply(tr);
      toggleMark(type)(next, (tr2) => {
        tr2.steps.forEach((s) => tr.step(s));
        if (tr2.storedMarksSet) tr.setStoredMarks(tr2.storedMarks);
      });
      dispatch?.(tr);
    });
  };
}

export const setHeading = (level: 1 | 2 | 3): Command => setBlockType(nodes.heading!, { level });
export const setParagraph: Command = setBlockType(nodes.paragraph!);

function listAround(state: EditorState): { node: PmNode; pos: number } | undefined {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) {
    const node = $from.node(d);
    if (node.type === nodes.bullet_list || node.type === nodes.ordered_list) return { node, pos: $from.before(d) };
  }
  return undefined;
}

/** Bulleted/numbered list button: wraps, unwraps, or switches the kind of the list the caret is in. */
export function toggleList(type: NodeType): Command {
  return (state, dispatch) => {
    const around = listAround(state);
    if (!around) return wrapInList(type)(state, dispatch);
    if (around.node.type === type) return liftListItem(nodes.list_item!)(state, dispatch);
    if (dispatch) dispatch(state.tr.setNodeMarkup(around.pos, type));
    return true;
  };
}

/** A new table (header row + two rows, three columns) at the caret, with the caret in its first cell. */
export function insertTable(rows = 3, columns = 3): Command {
  return (state, dispatch) => {
    if (isInTable(state)) return false;
    const cell = (header: boolean) => (header ? nodes.table_header! : nodes.table_cell!).createAndFill()!;
    const table = nodes.table!.create(
      null,
      Array.from({ length: rows }, (_, r) =>
        nodes.table_row!.create(
          null,
          Array.from({ length: columns }, () => cell(r === 0)),
        ),
      ),
    );
    if (dispatch) {
      const tr = state.tr.replaceSelectionWith(table);
      // The caret goes in the first cell of the table just inserted.
      let tablePos = -1;
      tr.doc.nodesBetween(tr.mapping.map(state.selection.from, -1), tr.doc.content.size, (node, pos) => {
        if (tablePos >= 0) return false;
        if (node.type === nodes.table) {
          tablePos = pos;
          return false;
        }
        return true;
      });
      if (tablePos >= 0) tr.setSelection(TextSelection.near(tr.doc.resolve(tablePos + 3)));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/** Tab in a table: the next cell; in the last cell a new row first. Never leaves the editor while in a table. */
export const tableTab: Command = (state, dispatch) => {
  if (!isInTable(state)) return false;
  if (goToNextCell(1)(state, dispatch)) return true;
  if (!dispatch) return true;
  addRowAfter(state, (tr) => {
    const next = state.apply(tr);
    goToNextCell(1)(next, (move) => tr.setSelection(move.selection));
    dispatch(tr.scrollIntoView());
  });
  return true;
};

export const tableShiftTab: Command = (state, dispatch) => {
  if (!isInTable(state)) return false;
  goToNextCell(-1)(state, dispatch);
  return true;
};

/** Alignment of the whole column(s) the selection is in. */
export function setColumnAlign(align: ColumnAlignment): Command {
  return (state, dispatch) => {
    if (!isInTable(state)) return false;
    if (dispatch) {
      const rect = selectedRect(state);
      const tr: Transaction = state.tr;
      const seen = new Set<number>();
      for (let row = 0; row < rect.map.height; row++) {
        for (let col = rect.left; col < rect.right; col++) {
          const pos = rect.tableStart + rect.map.map[row * rect.map.width + col]!;
          if (seen.has(pos)) continue;
          seen.add(pos);
          const cell = tr.doc.nodeAt(pos);
          if (cell) tr.setNodeMarkup(pos, null, { ...cell.attrs, align });
        }
      }
      dispatch(tr);
    }
    return true;
  };
}

export { wrapIn };
