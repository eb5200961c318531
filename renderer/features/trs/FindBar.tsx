import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { countMatches, replaceAll } from '../../../shared/trs/find-replace';
import type { TrsReport } from '../../../shared/trs/model';
import { activeEditor, useFindStore } from './find-store';
import { useTrsStore } from './trs-store';

/**
 * Find and replace across every section of the report (Ctrl+F / Ctrl+H): counts per section,
 * "next" walks the matches section by section, "replace all" is one undo step.
 */
export function FindBar(props: { document: TrsReport; openSection(n: number): void; activeSection: number | undefined }) {
  const { t } = useTranslation();
  const find = useFindStore();
  const update = useTrsStore((s) => s.update);
  const queryRef = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    if (find.open) queryRef.current?.focus();
  }, [find.open]);

  const perSection = useMemo(
    () =>
      find.query
        ? props.document.sections
            .map((s) => ({ number: s.number, title: s.title, count: countMatches(s.body, find.query, find.options) }))
            .filter((s) => s.count > 0)
        : [],
    [props.document.sections, find.query, find.options],
  );
  const total = perSection.reduce((n, s) => n + s.count, 0);
  if (!find.open) return null;

  const next = () => {
    setMessage('');
    if (activeEditor.current && activeEditor.current.section === props.activeSection && activeEditor.current.selectNext(false)) return;
    if (perSection.length === 0) {
      setMessage(t('trs.find.none'));
      return;
    }
    const current = props.activeSection ?? 0;
    const target = perSection.find((s) => s.number > current) ?? perSection[0]!;
    if (target.number === props.activeSection && activeEditor.current?.selectNext(true)) return;
    useFindStore.getState().set({ pendingSelect: target.number });
    props.openSection(target.number);
  };

  const replaceOne = () => {
    if (activeEditor.current?.replaceCurrent(find.replacement)) setMessage(t('trs.find.replacedOne'));
    next();
  };

  const replaceEverywhere = () => {
    let count = 0;
    update(
      (doc) => {
        count = 0;
        const sections = doc.sections.map((s) => {
          const r = replaceAll(s.body, find.query, find.replacement, find.options);
          count += r.count;
          return r.count ? { ...s, body: r.body } : s;
        });
        return count ? { ...doc, sections } : doc;
      },
      'find.replaceAll',
      { boundary: true },
    );
    find.bumpGeneration();
    setMessage(t('trs.find.replacedAll', { count }));
  };

  return (
    <div className="trs-find" role="search" aria-label={t('trs.find.title')} data-testid="trs-find">
      <div className="trs-find-row">
        <label className="trs-field">
          <span>{t('trs.find.query')}</span>
          <input
            ref={queryRef}
            type="search"
            value={find.query}
            data-testid="trs-find-query"
            onChange={(e) => find.set({ query: e.target.value })}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                next();
              } else if (e.key === 'Escape') find.set({ open: false });
            }}
          />
        </label>
        <label className="trs-field">
          <span>{t('trs.find.replacement')}</span>
          <input
            type="text"
            value={find.replacement}
            data-testid="trs-find-replacement"
            onChange={(e) => find.set({ replacement: e.target.value })}
            onKeyDown={(e) => e.key === 'Escape' && find.set({ open: false })}
          />
        </label>
        <label className="trs-field trs-check">
          <input
            type="checkbox"
            checked={find.options.caseSensitive}
            data-testid="trs-find-case"
            onChange={(e) => find.set({ options: { ...find.options, caseSensitive: e.target.checked } })}
          />
          <span>{t('trs.find.matchCase')}</span>
        </label>
        <label className="trs-field trs-check">
          <input
            type="checkbox"
            checked={find.options.wholeWord}
            data-testid="trs-find-word"
            onChange={(e) => find.set({ options: { ...find.options, wholeWord: e.target.checked } })}
          />
          <span>{t('trs.find.wholeWord')}</span>
        </label>
      </div>
      <div className="trs-find-row">
        <button type="button" onClick={next} disabled={!find.query} data-testid="trs-find-next">
          {t('trs.find.next')}
        </button>
        <button type="button" onClick={replaceOne} disabled={!find.query} data-testid="trs-find-replace-one">
          {t('trs.find.replace')}
        </button>
        <button type="button" onClick={replaceEverywhere} disabled={!find.query || total === 0} data-testid="trs-find-replace-all">
          {t('trs.find.replaceAll')}
        </button>
        <button type="button" className="link" onClick={() => find.set({ open: false })} data-testid="trs-find-close">
          {t('trs.find.close')}
        </button>
        <span className="muted" role="status" data-testid="trs-find-count">
          {find.query ? t('trs.find.count', { count: total, sections: perSection.length }) : ''} {message}
        </span>
      </div>
      {perSection.length > 0 ? (
        <ul className="trs-find-sections" aria-label={t('trs.find.sections')}>
          {perSection.map((s) => (
            <li key={s.number}>
              <button
                type="button"
                className="link"
                data-testid={`trs-find-section-${s.number}`}
                onClick={() => {
                  useFindStore.getState().set({ pendingSelect: s.number });
                  props.openSection(s.number);
                }}
              >
                {t('trs.find.inSection', { number: s.number, title: s.title, count: s.count })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
