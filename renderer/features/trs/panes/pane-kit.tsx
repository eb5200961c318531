import { useTranslation } from 'react-i18next';
import { getIn, setIn, type Path } from '../edit';
import type { TrsReport } from '../../../../shared/trs/model';

/** What every data pane receives from the report editor. */
export interface PaneProps {
  document: TrsReport;
  brazilianFields: boolean;
  update(edit: (doc: TrsReport) => TrsReport, coalesceKey?: string): void;
}

/** Field bindings by path: `bind.text(['metadata', 'title'])` → value + onChange that records an undo step per field. */
export function binder(props: PaneProps) {
  const key = (p: Path) => p.join('.');
  return {
    get: <T,>(p: Path) => getIn(props.document, p) as T,
    set: (p: Path, v: unknown) => props.update((d) => setIn(d, p, v), key(p)),
    text: (p: Path) => ({
      value: (getIn(props.document, p) as string) ?? '',
      onChange: (v: string) => props.update((d) => setIn(d, p, v), key(p)),
      krciPath: p.join('.'),
    }),
    num: (p: Path) => ({
      value: (getIn(props.document, p) as number | null) ?? null,
      onChange: (v: number | null) => props.update((d) => setIn(d, p, v), key(p)),
      krciPath: p.join('.'),
    }),
    date: (p: Path) => ({
      value: (getIn(props.document, p) as string | null) ?? null,
      onChange: (v: string | null) => props.update((d) => setIn(d, p, v), key(p)),
      krciPath: p.join('.'),
    }),
  };
}

export function ListControls(props: { onAdd(): void; addLabel: string; testId?: string }) {
  return (
    <button type="button" onClick={props.onAdd} data-testid={props.testId}>
      + {props.addLabel}
    </button>
  );
}

/** The list without its item at `index` (a new array: the editor's undo keeps the old one). */
export function withoutIndex<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, j) => j !== index);
}

/** The list with its item at `index` changed by `patch` (a new array and item: the editor's undo keeps the old ones). */
export function withItemPatched<T extends object>(list: readonly T[], index: number, patch: Partial<T>): T[] {
  return list.map((item, j) => (j === index ? { ...item, ...patch } : item));
}

/** The "×" that removes one row of a list in a pane (the same button, label and look everywhere). */
export function RemoveRowButton(props: { onClick(): void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="link" aria-label={t('trs.tables.remove')} onClick={props.onClick}>
      ×
    </button>
  );
}
