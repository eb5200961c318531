import { baseKeymap, chainCommands, exitCode } from 'prosemirror-commands';
import { dropCursor } from 'prosemirror-dropcursor';
import { gapCursor } from 'prosemirror-gapcursor';
import { keymap } from 'prosemirror-keymap';
import { Fragment, Slice } from 'prosemirror-model';
import { liftListItem, splitListItem } from 'prosemirror-schema-list';
import { EditorState, NodeSelection, Selection, TextSelection, type Command, type Plugin, type Transaction } from 'prosemirror-state';
import {
  addColumnAfter,
  addColumnBefore,
  addRowAfter,
  addRowBefore,
  deleteColumn,
  deleteRow,
  deleteTable,
  isInTable,
  tableEditing,
  toggleHeaderRow,
} from 'prosemirror-tables';
import { ReplaceStep } from 'prosemirror-transform';
import { EditorView } from 'prosemirror-view';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RichText } from '../../../shared/trs/rich-text';
import { insertTable, markActive, setColumnAlign, setHeading, setParagraph, tableShiftTab, tableTab, toggleInlineMark, toggleList } from './editor/commands';
import { cellsFromTsv, fromEditorDoc, tableFromCells, toEditorDoc } from './editor/convert';
import { ACCEPTED_IMAGE_TYPES, ImageIntakeError, intakeImage, type IntakeResult } from './editor/image-intake';
import { FigureView, TableWithCaptionView, type FigureInfo } from './editor/node-views';
import { cleanPastedHtml } from './editor/paste-html';
import { alignmentPlugin, findInDoc, numberingPlugin, searchKey, searchPlugin, type SearchQuery } from './editor/plugins';
import { editorSchema as schema } from './editor/schema';
import { activeEditor, useFindStore } from './find-store';
import 'prosemirror-view/style/prosemirror.css';
import 'prosemirror-tables/style/tables.css';

export interface RenderLabels {
  figure(id: string): string;
  reference(id: string): string;
}

interface Props {
  body: RichText;
  /** Changes when the body was replaced from outside (load, undo, redo, restore, replace all): the editor state is rebuilt then, never while typing. */
  version: string;
  labels: RenderLabels;
  /** The image and caption of a figure of the report, for figures placed in the text. */
  figureInfo(id: string): FigureInfo | undefined;
  /** Figures of the report that can be placed in the text. */
  figureIds?: readonly string[];
  sectionNumber: number;
  /** Language of the text (spell checking). */
  lang: string;
  ariaLabel: string;
  /** `boundary`: this edit starts a new undo step (paragraph break, formatting, paste), even while typing fast. */
  onChange(body: RichText, boundary: boolean): void;
  /** Adds an image (already made EDGAR-ready) to the report's figures; returns its id. */
  onAddFigure(image: IntakeResult): string;
  onUndo(): void;
  onRedo(): void;
  onBlur(): void;
  search?: SearchQuery;
  testId?: string;
}

const { nodes } = schema;

/** Only plain typing (text in, text out, within one block) coalesces into the running undo step. */
function isTyping(tr: Transaction): boolean {
  const ui = tr.getMeta('uiEvent') as string | undefined;
  if (ui === 'paste' || ui === 'drop' || ui === 'cut') return false;
  return tr.steps.every((step) => {
    if (!(step instanceof ReplaceStep)) return false;
    const { slice } = step as unknown as { slice: Slice };
    if (slice.openStart !== 0 || slice.openEnd !== 0) return false;
    let onlyText = true;
    slice.content.forEach((n) => {
      if (!n.isText) onlyText = false;
    });
    return onlyText;
  });
}

/** Header row when the first row is all text and a later row has a number (what a spreadsheet block usually is). */
function looksLikeHeader(cells: string[][]): boolean {
  const numeric = (v: string) => /^[-+]?[\d\s.,]*\d[\d\s.,]*%?$/.test(v);
  return cells.length > 1 && cells[0]!.every((v) => v !== '' && !numeric(v)) && cells.slice(1).some((r) => r.some(numeric));
}

/**
 * The section text editor: ProseMirror over the report's rich-text model (see editor/convert.ts).
 * Undo and redo stay the report store's (one history for text and data fields, Ctrl+Z everywhere);
 * the editor only tells the store where an undo step should begin.
 */
export function RichTextEditor(props: Props) {
  const { t } = useTranslation();
  const mount = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const latest = useRef(props);
  latest.current = props;
  const tRef = useRef(t);
  tRef.current = t;
  const [toolbar, setToolbar] = useState({ inTable: false, marks: '' });
  const addedFigures = useRef(new Map<string, FigureInfo>());
  const figureViews = useRef(new Set<FigureView>());
  const lookupFigure = (id: string) => latest.current.figureInfo(id) ?? addedFigures.current.get(id);
  const [note, setNote] = useState<{ text: string; error: boolean } | undefined>();

  const run = (command: Command) => {
    const view = viewRef.current;
    if (!view) return false;
    const done = command(view.state, view.dispatch, view);
    view.focus();
    return done;
  };

  const insertImages = async (files: File[], at?: number) => {
    const view = viewRef.current;
    if (!view) return;
    for (const file of files) {
      try {
        const image = await intakeImage(file);
        const figureId = latest.current.onAddFigure(image);
        // The report's figures reach this editor on the next render; the image shows right away.
        addedFigures.current.set(figureId, { src: `data:${image.mimeType};base64,${image.dataBase64}`, caption: '', alt: image.fileName });
        const node = nodes.figure!.create({ figureId });
        const { selection } = view.state;
        // A selected figure (the one just inserted) is kept: the new one goes after it.
        const where = at ?? (selection instanceof NodeSelection ? selection.to : undefined);
        const tr = where !== undefined ? view.state.tr.insert(where, node) : view.state.tr.replaceSelectionWith(node);
        view.dispatch(tr.setMeta('uiEvent', 'drop').scrollIntoView());
        const c = image.change;
        setNote(
          c
            ? {
                error: false,
                text: [
                  c.kind === 'toGif' || c.kind === 'toJpeg' ? tRef.current(`trs.rte.image.${c.kind}`, { from: c.from, name: image.fileName }) : '',
                  c.kind === 'firstFrame' ? tRef.current('trs.rte.image.firstFrame') : '',
                  c.scaledFrom
                    ? tRef.current('trs.rte.image.scaled', { from: `${c.scaledFrom.width}×${c.scaledFrom.height}`, to: `${image.widthPx}×${image.heightPx}` })
                    : '',
                ]
                  .filter(Boolean)
                  .join(' '),
              }
            : undefined,
        );
      } catch (e) {
        setNote({ error: true, text: tRef.current(`trs.rte.image.${e instanceof ImageIntakeError ? e.code : 'unreadable'}`, { name: file.name }) });
      }
    }
  };
  const insertImagesRef = useRef(insertImages);
  insertImagesRef.current = insertImages;

  const attributes = () => ({
    class: 'trs-rte-body',
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-label': latest.current.ariaLabel,
    spellcheck: 'true',
    lang: latest.current.lang,
    'data-testid': latest.current.testId ?? 'rte-body',
  });

  const makeState = (body: RichText, plugins: Plugin[]) => EditorState.create({ doc: toEditorDoc(body), plugins });

  const pluginsRef = useRef<Plugin[] | null>(null);
  const plugins = () => {
    if (pluginsRef.current) return pluginsRef.current;
    const shortcuts: Record<string, Command> = {
      'Mod-z': () => (latest.current.onUndo(), true),
      'Mod-y': () => (latest.current.onRedo(), true),
      'Shift-Mod-z': () => (latest.current.onRedo(), true),
      'Mod-b': toggleInlineMark('bold'),
      'Mod-i': toggleInlineMark('italic'),
      'Mod-u': toggleInlineMark('underline'),
      'Mod-=': toggleInlineMark('sub'),
      'Shift-Mod-=': toggleInlineMark('sup'),
      'Shift-Mod-+': toggleInlineMark('sup'),
      'Mod-+': toggleInlineMark('sup'),
      'Mod-,': toggleInlineMark('sup'),
      'Mod-Alt-1': setHeading(1),
      'Mod-Alt-2': setHeading(2),
      'Mod-Alt-3': setHeading(3),
      'Mod-Alt-0': setParagraph,
      Tab: tableTab,
      'Shift-Tab': tableShiftTab,
      Enter: splitListItem(nodes.list_item!),
      'Shift-Enter': chainCommands(exitCode, (state, dispatch) => {
        dispatch?.(state.tr.replaceSelectionWith(nodes.hard_break!.create()).scrollIntoView());
        return true;
      }),
      'Mod-[': liftListItem(nodes.list_item!),
    };
    // Alt+↑/↓ move between sections (the report editor handles them), not ProseMirror's join up/down.
    const base: Record<string, Command> = { ...baseKeymap };
    delete base['Alt-ArrowUp'];
    delete base['Alt-ArrowDown'];
    pluginsRef.current = [
      keymap(shortcuts),
      keymap(base),
      dropCursor(),
      gapCursor(),
      tableEditing(),
      searchPlugin(),
      alignmentPlugin(),
      numberingPlugin(() => ({ section: latest.current.sectionNumber, table: tRef.current('trs.rte.tableWord'), figure: tRef.current('trs.rte.figureWord') })),
    ];
    return pluginsRef.current;
  };

  useLayoutEffect(() => {
    const host = mount.current!;
    const view = new EditorView(host, {
      state: makeState(latest.current.body, plugins()),
      attributes: attributes(),
      nodeViews: {
        table: (node, v, getPos) =>
          new TableWithCaptionView(node, v, getPos, {
            tableCaption: tRef.current('trs.rte.tableCaption'),
            figureCaption: '',
            missingFigure: (id) => tRef.current('trs.editor.missingFigure', { id }),
          }),
        figure: (node) => {
          const figureView = new FigureView(
            node,
            lookupFigure,
            { tableCaption: '', figureCaption: '', missingFigure: (id) => tRef.current('trs.editor.missingFigure', { id }) },
            () => figureViews.current.delete(figureView),
          );
          figureViews.current.add(figureView);
          return figureView;
        },
        figure_ref: (node) => {
          const dom = document.createElement('span');
          dom.className = 'trs-ref';
          dom.textContent = latest.current.labels.figure(String(node.attrs.figureId));
          return { dom };
        },
        reference_ref: (node) => {
          const dom = document.createElement('span');
          dom.className = 'trs-ref';
          dom.textContent = latest.current.labels.reference(String(node.attrs.referenceId));
          return { dom };
        },
      },
      dispatchTransaction(tr) {
        const v = viewRef.current!;
        const next = v.state.apply(tr);
        v.updateState(next);
        if (tr.docChanged) latest.current.onChange(fromEditorDoc(next.doc), !isTyping(tr));
        const marks = (['bold', 'italic', 'underline', 'sub', 'sup'] as const).filter((m) => markActive(next, schema.marks[m]!)).join();
        const inTable = isInTable(next);
        setToolbar((s) => (s.inTable === inTable && s.marks === marks ? s : { inTable, marks }));
      },
      transformPastedHTML: (html) => cleanPastedHtml(html),
      clipboardTextParser: (text) => {
        const cells = cellsFromTsv(text);
        return cells ? new Slice(Fragment.from(tableFromCells(cells, looksLikeHeader(cells))), 0, 0) : (undefined as unknown as Slice);
      },
      handlePaste: (_view, event) => {
        const files = Array.from(event.clipboardData?.files ?? []).filter((f) => f.type.startsWith('image/'));
        if (files.length === 0) return false;
        void insertImagesRef.current(files);
        return true;
      },
      handleDrop: (v, event) => {
        const files = Array.from(event.dataTransfer?.files ?? []).filter((f) => f.type.startsWith('image/'));
        if (files.length === 0) return false;
        const pos = v.posAtCoords({ left: event.clientX, top: event.clientY });
        const $pos = pos ? v.state.doc.resolve(pos.pos) : undefined;
        // Figures are blocks: they go after the block under the pointer.
        void insertImagesRef.current(files, $pos && $pos.depth > 0 ? $pos.after(1) : undefined);
        return true;
      },
      handleDOMEvents: {
        beforeinput: (_v, event) => {
          const type = event.inputType;
          if (type === 'historyUndo' || type === 'historyRedo') {
            event.preventDefault();
            if (type === 'historyUndo') latest.current.onUndo();
            else latest.current.onRedo();
            return true;
          }
          return false;
        },
        blur: () => {
          latest.current.onBlur();
          return false;
        },
      },
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, []);

  // A body replaced from outside: rebuild the state, keeping the caret where it was when it still fits.
  const firstVersion = useRef(true);
  useLayoutEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    if (firstVersion.current) {
      firstVersion.current = false;
      return;
    }
    const head = view.state.selection.head;
    let state = makeState(latest.current.body, plugins());
    const pos = Math.min(head, state.doc.content.size);
    state = state.apply(state.tr.setSelection(Selection.near(state.doc.resolve(pos))));
    view.updateState(state);
    if (latest.current.search) view.dispatch(view.state.tr.setMeta(searchKey, latest.current.search));
  }, [props.version]);

  // A caption edited in the figures list (or a figure removed) shows in the text at once.
  useEffect(() => {
    for (const v of figureViews.current) v.refresh();
  });

  // Attributes that follow the props (name, language).
  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    view.setProps({ attributes: attributes() });
  }, [props.ariaLabel, props.lang, props.testId]);

  // The find bar's query: highlight matches here, and let the bar move through and replace them.
  const searchQuery = props.search?.query ?? '';
  const searchCase = props.search?.options.caseSensitive ?? false;
  const searchWord = props.search?.options.wholeWord ?? false;
  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    view.dispatch(view.state.tr.setMeta(searchKey, { query: searchQuery, options: { caseSensitive: searchCase, wholeWord: searchWord } }));
  }, [searchQuery, searchCase, searchWord]);

  useEffect(() => {
    const handle = {
      section: props.sectionNumber,
      /** Selects the next match after the caret (or the first when `fromStart`); false when there is none. */
      selectNext(fromStart: boolean): boolean {
        const view = viewRef.current;
        const search = latest.current.search;
        if (!view || !search) return false;
        const matches = findInDoc(view.state.doc, search);
        const after = fromStart ? -1 : view.state.selection.from;
        const match = matches.find((m) => m.from > after) ?? undefined;
        if (!match) return false;
        view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, match.from, match.to)).scrollIntoView());
        return true;
      },
      /** Replaces the selected match (if the selection is one) and selects the next. */
      replaceCurrent(replacement: string): boolean {
        const view = viewRef.current;
        const search = latest.current.search;
        if (!view || !search) return false;
        const { from, to } = view.state.selection;
        const isMatch = findInDoc(view.state.doc, search).some((m) => m.from === from && m.to === to);
        if (!isMatch) return false;
        const marks = view.state.doc.resolve(from + 1).marks();
        const tr = replacement ? view.state.tr.replaceWith(from, to, schema.text(replacement, marks)) : view.state.tr.delete(from, to);
        view.dispatch(tr.setMeta('uiEvent', 'paste'));
        return true;
      },
    };
    activeEditor.current = handle;
    if (useFindStore.getState().pendingSelect === props.sectionNumber) {
      useFindStore.getState().set({ pendingSelect: undefined });
      handle.selectNext(true);
    }
    return () => {
      if (activeEditor.current === handle) activeEditor.current = undefined;
    };
  }, [props.sectionNumber]);

  const tb = (key: string, shortcut?: string) => (shortcut ? `${t(`trs.editor.${key}`)} (${shortcut})` : t(`trs.editor.${key}`));
  const button = (label: string, content: React.ReactNode, command: Command, testId?: string, pressed?: boolean) => (
    <button
      type="button"
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => run(command)}
      aria-label={label}
      title={label}
      data-testid={testId}
      aria-pressed={pressed}
    >
      {content}
    </button>
  );
  const marks = toolbar.marks.split(',');
  return (
    <div className="trs-rte">
      <div className="trs-rte-toolbar" role="toolbar" aria-label={t('trs.editor.formatting')}>
        {button(tb('bold', 'Ctrl+B'), <span className="glyph glyph-bold" />, toggleInlineMark('bold'), 'rte-bold', marks.includes('bold'))}
        {button(tb('italic', 'Ctrl+I'), <span className="glyph glyph-italic" />, toggleInlineMark('italic'), 'rte-italic', marks.includes('italic'))}
        {button(
          tb('underline', 'Ctrl+U'),
          <span className="glyph glyph-underline" />,
          toggleInlineMark('underline'),
          'rte-underline',
          marks.includes('underline'),
        )}
        {button(tb('subscript', 'Ctrl+='), <span className="glyph glyph-sub" />, toggleInlineMark('sub'), 'rte-sub', marks.includes('sub'))}
        {button(tb('superscript', 'Ctrl+Shift+='), <span className="glyph glyph-sup" />, toggleInlineMark('sup'), 'rte-sup', marks.includes('sup'))}
        {button(tb('heading', 'Ctrl+Alt+1'), <span className="glyph glyph-heading" />, setHeading(1), 'rte-heading')}
        {button(tb('paragraph', 'Ctrl+Alt+0'), <span className="glyph glyph-paragraph" />, setParagraph, 'rte-paragraph')}
        {button(tb('bulletList'), <span className="glyph glyph-bullets" />, toggleList(nodes.bullet_list!), 'rte-bullets')}
        {button(tb('numberedList'), <span className="glyph glyph-numbers" />, toggleList(nodes.ordered_list!), 'rte-numbers')}
        {button(tb('insertTable'), <span className="glyph glyph-table" />, insertTable(), 'rte-insert-table')}
        <button
          type="button"
          onClick={() => fileRef.current?.click()}
          aria-label={t('trs.rte.insertImage')}
          title={t('trs.rte.insertImage')}
          data-testid="rte-insert-image"
        >
          {t('trs.rte.insertImageShort')}
        </button>
        <input
          ref={fileRef}
          type="file"
          hidden
          accept={ACCEPTED_IMAGE_TYPES.join(',')}
          data-testid="rte-image-file"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            void insertImages(files);
          }}
        />
        {props.figureIds && props.figureIds.length > 0 ? (
          <select
            aria-label={t('trs.editor.insertFigure')}
            value=""
            data-testid="rte-insert-figure"
            onChange={(e) => {
              const id = e.target.value;
              e.target.value = '';
              if (id) run((state, dispatch) => (dispatch?.(state.tr.replaceSelectionWith(nodes.figure!.create({ figureId: id })).scrollIntoView()), true));
            }}
          >
            <option value="">{t('trs.editor.insertFigure')}</option>
            {props.figureIds.map((id) => (
              <option key={id} value={id}>
                {props.labels.figure(id)}
              </option>
            ))}
          </select>
        ) : null}
      </div>
      {toolbar.inTable ? (
        <div className="trs-rte-toolbar trs-rte-table-tools" role="toolbar" aria-label={t('trs.rte.tableTools')} data-testid="rte-table-tools">
          {button(t('trs.rte.rowAbove'), t('trs.rte.rowAboveShort'), addRowBefore, 'rte-row-above')}
          {button(t('trs.rte.rowBelow'), t('trs.rte.rowBelowShort'), addRowAfter, 'rte-row-below')}
          {button(t('trs.rte.columnLeft'), t('trs.rte.columnLeftShort'), addColumnBefore, 'rte-col-left')}
          {button(t('trs.rte.columnRight'), t('trs.rte.columnRightShort'), addColumnAfter, 'rte-col-right')}
          {button(t('trs.rte.deleteRow'), t('trs.rte.deleteRowShort'), deleteRow, 'rte-delete-row')}
          {button(t('trs.rte.deleteColumn'), t('trs.rte.deleteColumnShort'), deleteColumn, 'rte-delete-col')}
          {button(t('trs.rte.headerRow'), t('trs.rte.headerRowShort'), toggleHeaderRow, 'rte-header-row')}
          {button(t('trs.rte.alignLeft'), <span className="glyph glyph-align-left" />, setColumnAlign('left'), 'rte-align-left')}
          {button(t('trs.rte.alignCenter'), <span className="glyph glyph-align-center" />, setColumnAlign('center'), 'rte-align-center')}
          {button(t('trs.rte.alignRight'), <span className="glyph glyph-align-right" />, setColumnAlign('right'), 'rte-align-right')}
          {button(t('trs.rte.alignAuto'), t('trs.rte.alignAutoShort'), setColumnAlign('auto'), 'rte-align-auto')}
          {button(t('trs.rte.deleteTable'), t('trs.rte.deleteTableShort'), deleteTable, 'rte-delete-table')}
        </div>
      ) : null}
      {note ? (
        <p className={note.error ? 'trs-field-error' : 'muted'} role={note.error ? 'alert' : 'status'} data-testid="rte-image-note">
          {note.text}
        </p>
      ) : null}
      <div ref={mount} className="trs-rte-mount" />
    </div>
  );
}

export type { FigureInfo };
