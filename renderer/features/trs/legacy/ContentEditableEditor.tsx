import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { RichText } from '../../../../shared/trs/rich-text';
import { readRichText, renderRichText, type RenderLabels } from './rich-text-dom';

/** Input types that end the current undo step: typing a word is one step, a new paragraph starts the next. */
const UNDO_BOUNDARIES = new Set([
  'insertParagraph',
  'insertLineBreak',
  'insertFromPaste',
  'insertFromDrop',
  'deleteByCut',
  'insertOrderedList',
  'insertUnorderedList',
]);

interface Props {
  body: RichText;
  /** Changes when the body was replaced from outside (load, undo, redo, restore): the DOM is rebuilt then, never while typing. */
  version: string;
  labels: RenderLabels;
  /** Figures of the report that can be placed in the text. */
  figureIds?: readonly string[];
  ariaLabel: string;
  /** `boundary`: this edit starts a new undo step (paragraph break, formatting, paste), even while typing fast. */
  onChange(body: RichText, boundary: boolean): void;
  onUndo(): void;
  onRedo(): void;
  onBlur(): void;
  testId?: string;
}

/**
 * The 0.1 editor, kept ONLY as the benchmark's peer (npm run bench -- trs times it against the
 * ProseMirror editor in the same run). Users never see it: it is chosen only when the page's
 * localStorage has `qivo.bench.legacyEditor` = "1". Remove it once the figures are no longer needed.
 *
 * A contenteditable editor over the report's rich-text model. React renders the element but never
 * its children; the children are built from the model on `version` changes and read back into
 * the model on every input. execCommand drives formatting so the browser's own caret and
 * selection handling stay intact; its output is normalised by readRichText.
 */
export function ContentEditableEditor(props: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  latest.current = props;

  useLayoutEffect(() => {
    if (ref.current) renderRichText(ref.current, latest.current.body, latest.current.labels);
  }, [props.version]);

  const emit = (boundary = false) => {
    if (ref.current) latest.current.onChange(readRichText(ref.current), boundary);
  };

  const command = (name: string, value?: string) => {
    ref.current?.focus();
    document.execCommand(name, false, value);
    emit(true);
  };

  const insertTable = () => {
    ref.current?.focus();
    // Constant markup, no user text: safe to hand to insertHTML.
    document.execCommand(
      'insertHTML',
      false,
      '<table><tbody><tr><th><br></th><th><br></th></tr><tr><td><br></td><td><br></td></tr></tbody></table><p><br></p>',
    );
    emit(true);
  };

  const insertFigure = (figureId: string) => {
    const root = ref.current;
    if (!root || !figureId) return;
    const figure = document.createElement('figure');
    figure.contentEditable = 'false';
    figure.dataset.figureId = figureId;
    figure.textContent = latest.current.labels.figure(figureId);
    // After the block that holds the caret (or at the end).
    const selection = window.getSelection();
    let block: Node | null =
      selection && selection.rangeCount > 0 && root.contains(selection.getRangeAt(0).startContainer) ? selection.getRangeAt(0).startContainer : null;
    while (block && block.parentNode !== root) block = block.parentNode;
    root.insertBefore(figure, block ? block.nextSibling : null);
    emit(true);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const mod = e.ctrlKey || e.metaKey;
    if (!mod) return;
    const key = e.key.toLowerCase();
    if (key === 'z' && !e.shiftKey) {
      e.preventDefault();
      latest.current.onUndo();
    } else if ((key === 'z' && e.shiftKey) || key === 'y') {
      e.preventDefault();
      latest.current.onRedo();
    } else if (e.altKey && ['1', '2', '3'].includes(key)) {
      e.preventDefault();
      command('formatBlock', `h${Number(key) + 2}`);
    } else if (e.altKey && key === '0') {
      e.preventDefault();
      command('formatBlock', 'p');
    } else if (key === '=' || key === ',') {
      e.preventDefault();
      command(e.shiftKey || key === ',' ? 'superscript' : 'subscript');
    }
  };

  return (
    <div className="trs-rte">
      <div className="trs-rte-toolbar" role="toolbar" aria-label={t('trs.editor.formatting')}>
        <button
          type="button"
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => command('bold')}
          title={`${t('trs.editor.bold')} (Ctrl+B)`}
          data-testid="rte-bold"
        >
          <strong>B</strong>
        </button>
        <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => command('italic')} title={`${t('trs.editor.italic')} (Ctrl+I)`}>
          <em>I</em>
        </button>
        <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => command('underline')} title={`${t('trs.editor.underline')} (Ctrl+U)`}>
          <u>U</u>
        </button>
        <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => command('subscript')} title={`${t('trs.editor.subscript')} (Ctrl+=)`}>
          x<sub>2</sub>
        </button>
        <button
          type="button"
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => command('superscript')}
          title={`${t('trs.editor.superscript')} (Ctrl+Shift+=)`}
        >
          x<sup>2</sup>
        </button>
        <button
          type="button"
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => command('formatBlock', 'h3')}
          title={`${t('trs.editor.heading')} (Ctrl+Alt+1)`}
        >
          H
        </button>
        <button
          type="button"
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => command('formatBlock', 'p')}
          title={`${t('trs.editor.paragraph')} (Ctrl+Alt+0)`}
        >
          ¶
        </button>
        <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => command('insertUnorderedList')} title={t('trs.editor.bulletList')}>
          •
        </button>
        <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => command('insertOrderedList')} title={t('trs.editor.numberedList')}>
          1.
        </button>
        <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={insertTable} title={t('trs.editor.insertTable')}>
          ▦
        </button>
        {props.figureIds && props.figureIds.length > 0 ? (
          <select
            aria-label={t('trs.editor.insertFigure')}
            value=""
            data-testid="rte-insert-figure"
            onChange={(e) => {
              insertFigure(e.target.value);
              e.target.value = '';
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
      <div
        ref={ref}
        className="trs-rte-body"
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        aria-multiline="true"
        aria-label={props.ariaLabel}
        spellCheck
        data-testid={props.testId ?? 'rte-body'}
        onFocus={() => document.execCommand('defaultParagraphSeparator', false, 'p')}
        onInput={(e) => emit(UNDO_BOUNDARIES.has(e.nativeEvent.inputType))}
        onBlur={() => latest.current.onBlur()}
        onKeyDown={onKeyDown}
        onBeforeInput={(e) => {
          const type = e.nativeEvent.inputType;
          if (type === 'historyUndo' || type === 'historyRedo') e.preventDefault();
        }}
        onPaste={(e) => {
          // Only plain text comes in: no foreign HTML, styles or scripts in a TRS.
          e.preventDefault();
          document.execCommand('insertText', false, e.clipboardData.getData('text/plain'));
          emit(true);
        }}
        onDrop={(e) => e.preventDefault()}
      />
    </div>
  );
}
