import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isQivoError } from '../../../shared/errors';
import { newElementId, SECTION_STATUSES, type Section, type TrsReport } from '../../../shared/trs/model';
import { countWords, isRichTextEmpty, type RichText } from '../../../shared/trs/rich-text';
import { sectionCitation } from '../../../shared/trs/sections';
import { qivo } from '../../api/client';
import { useRouter } from '../../app/router';
import { useFlag } from '../flags/use-flag';
import { errorText } from '../../i18n';
import { BrazilPane } from './panes/BrazilPane';
import { CostsPane } from './panes/CostsPane';
import { EconomicsPane } from './panes/EconomicsPane';
import { MetadataPane } from './panes/MetadataPane';
import { PriorYearPane } from './panes/PriorYearPane';
import { PropertyPane } from './panes/PropertyPane';
import { QualifiedPersonsPane } from './panes/QualifiedPersonsPane';
import { ReferencesPane } from './panes/ReferencesPane';
import { SourcesPane } from './panes/SourcesPane';
import type { IntakeResult } from './editor/image-intake';
import { FindBar } from './FindBar';
import { useFindStore } from './find-store';
import { ContentEditableEditor } from './legacy/ContentEditableEditor';
import { RichTextEditor } from './RichTextEditor';
import { trsSidePanel } from './side-panel-slot';
import { TablesPane } from './TablesPane';
import { useTrsStore } from './trs-store';
import { VersionsPane } from './VersionsPane';
import './trs.css';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatTime } from '../../format';
import { readUtf8File } from './read-text-file';

/** Below this width the findings panel starts folded (1024×700 keeps a text column of 480 px or more). */
const NARROW_QUERY = '(max-width: 1499px)';

type PaneId = string; // 'metadata' | 'qps' | 'property' | 'brazil' | `section:${n}` | 'mineralResources' | …

function sectionMark(section: Section): { symbol: string; state: 'complete' | 'notApplicable' | 'inProgress' | 'empty' } {
  if (section.status === 'complete') return { symbol: '✓', state: 'complete' };
  if (section.status === 'notApplicable') return { symbol: '–', state: 'notApplicable' };
  return isRichTextEmpty(section.body) ? { symbol: '○', state: 'empty' } : { symbol: '✎', state: 'inProgress' };
}

function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function SaveStatus() {
  const { t } = useTranslation();
  const saveState = useTrsStore((s) => s.saveState);
  const saveError = useTrsStore((s) => s.saveError);
  const lastSavedAt = useTrsStore((s) => s.lastSavedAt);
  const reload = useTrsStore((s) => s.reload);
  const text =
    saveState === 'saving'
      ? t('trs.save.saving')
      : saveState === 'dirty'
        ? t('trs.save.dirty')
        : saveState === 'error'
          ? t('trs.save.error', { error: errorText(saveError) })
          : lastSavedAt
            ? t('trs.save.saved', { time: formatTime(lastSavedAt) })
            : '';
  return (
    <span className={`trs-save-status ${saveState}`} role="status" aria-live="polite" data-testid="trs-save-status" data-state={saveState}>
      {text}
      {saveState === 'error' && isQivoError(saveError) && saveError.code === 'trs.conflict' ? (
        <button type="button" className="link" onClick={() => void reload()}>
          {t('trs.save.reload')}
        </button>
      ) : null}
    </span>
  );
}

/** The benchmark's peer: the 0.1 contenteditable editor (see legacy/ContentEditableEditor.tsx). */
const legacyEditorForBench = (() => {
  try {
    return window.localStorage.getItem('qivo.bench.legacyEditor') === '1';
  } catch {
    return false;
  }
})();

/** Data URLs of figures, built once per stored figure (they can be megabytes). */
const figureUrls = new WeakMap<object, string>();

function SectionPane(props: { section: Section; document: TrsReport; version: string }) {
  const { t } = useTranslation();
  const update = useTrsStore((s) => s.update);
  const undo = useTrsStore((s) => s.undo);
  const redo = useTrsStore((s) => s.redo);
  const flush = useTrsStore((s) => s.flush);
  const { section } = props;
  const index = section.number - 1;
  const setSection = (patch: Partial<Section>, key: string, boundary = false) =>
    update((doc) => ({ ...doc, sections: doc.sections.map((s, i) => (i === index ? { ...s, ...patch } : s)) }), `section.${section.number}.${key}`, {
      boundary,
    });
  const figures = props.document.figures;
  const references = props.document.references;
  const search = useFindStore((s) => (s.open ? s.query : ''));
  const findOptions = useFindStore((s) => s.options);
  const generation = useFindStore((s) => s.generation);
  const searchQuery = useMemo(() => ({ query: search, options: findOptions }), [search, findOptions]);
  const figureInfo = (id: string) => {
    const figure = figures.find((f) => f.id === id);
    if (!figure) return undefined;
    let src = figureUrls.get(figure);
    if (!src) figureUrls.set(figure, (src = `data:${figure.mimeType};base64,${figure.dataBase64}`));
    return { src, caption: figure.caption, alt: figure.caption || figure.fileName };
  };
  const addFigure = (image: IntakeResult): string => {
    const id = newElementId();
    update(
      (doc) => ({
        ...doc,
        figures: [
          ...doc.figures,
          {
            id,
            caption: '',
            mimeType: image.mimeType,
            fileName: image.fileName,
            widthPx: image.widthPx,
            heightPx: image.heightPx,
            dataBase64: image.dataBase64,
          },
        ],
      }),
      'figures',
      { boundary: true },
    );
    return id;
  };
  const labels = useMemo(
    () => ({
      figure: (id: string) => {
        const n = figures.findIndex((f) => f.id === id);
        return n >= 0 ? t('trs.editor.figureLabel', { n: n + 1, caption: figures[n]!.caption.slice(0, 80) }) : t('trs.editor.missingFigure', { id });
      },
      reference: (id: string) => {
        const n = references.findIndex((r) => r.id === id);
        return n >= 0 ? `[${n + 1}]` : `[?]`;
      },
    }),
    [figures, references, t],
  );
  return (
    <section className="trs-pane trs-section" data-testid="trs-section" data-section={section.number}>
      <header className="trs-section-header">
        <h2 data-testid="trs-section-title">
          {section.number}. {section.title}
        </h2>
        <span className="muted">{sectionCitation(section.number)}</span>
      </header>
      <div className="trs-inline-row">
        <label className="trs-field">
          <span>{t('trs.section.status')}</span>
          <select
            value={section.status}
            data-testid="trs-section-status"
            onChange={(e) => setSection({ status: e.target.value as Section['status'] }, 'status')}
          >
            {SECTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`trs.section.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="muted" data-testid="trs-word-count">
          {t('trs.section.words', { count: countWords(section.body) })}
        </span>
      </div>
      {section.status === 'notApplicable' ? (
        <label className="trs-field wide">
          <span>{t('trs.section.reason')}</span>
          <textarea
            rows={4}
            maxLength={20000}
            value={section.notApplicableReason}
            data-testid="trs-section-reason"
            onChange={(e) => setSection({ notApplicableReason: e.target.value }, 'reason')}
          />
        </label>
      ) : legacyEditorForBench ? (
        <ContentEditableEditor
          body={section.body}
          version={`${props.version}:${section.number}:${generation}`}
          labels={labels}
          ariaLabel={`${section.number}. ${section.title}`}
          testId="trs-section-body"
          onChange={(body: RichText, boundary: boolean) => setSection({ body }, 'body', boundary)}
          onUndo={undo}
          onRedo={redo}
          onBlur={() => void flush()}
        />
      ) : (
        <RichTextEditor
          body={section.body}
          version={`${props.version}:${section.number}:${generation}`}
          labels={labels}
          figureInfo={figureInfo}
          onAddFigure={addFigure}
          sectionNumber={section.number}
          lang={props.document.metadata.language}
          search={searchQuery}
          figureIds={figures.map((f) => f.id)}
          ariaLabel={`${section.number}. ${section.title}`}
          testId="trs-section-body"
          onChange={(body: RichText, boundary: boolean) => setSection({ body }, 'body', boundary)}
          onUndo={undo}
          onRedo={redo}
          onBlur={() => void flush()}
        />
      )}
    </section>
  );
}

function ImportExport(props: { reportId: string }) {
  const { t } = useTranslation();
  const flush = useTrsStore((s) => s.flush);
  const reload = useTrsStore((s) => s.reload);
  const fileRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<{ text: string; details: string[] } | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const exportJson = async () => {
    try {
      await flush();
      const { fileName, json } = await qivo.trs.exportJson({ reportId: props.reportId });
      downloadText(fileName, json);
    } catch (e) {
      setError({ text: errorText(e), details: [] });
    }
  };

  const importFile = async (file: File) => {
    setError(undefined);
    setNotice(undefined);
    try {
      await flush();
      const json = await readUtf8File(file);
      const result = await qivo.trs.importJson({ json, targetReportId: props.reportId });
      await reload();
      setNotice(result.migratedFrom ? t('trs.import.doneMigrated', { from: result.migratedFrom }) : t('trs.import.done'));
    } catch (e) {
      setError({ text: errorText(e), details: isQivoError(e) ? (e.details ?? []).slice(0, 20) : [] });
    } finally {
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  return (
    <>
      <button type="button" onClick={() => void exportJson()} data-testid="trs-export-json">
        {t('trs.import.export')}
      </button>
      <button type="button" onClick={() => fileRef.current?.click()} data-testid="trs-import-json">
        {t('trs.import.import')}
      </button>
      <input
        ref={fileRef}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="trs-import-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void importFile(file);
        }}
      />
      <ErrorBanner
        message={error?.text}
        details={error?.details}
        onDismiss={() => setError(undefined)}
        testId="trs-import-error"
        className="trs-import-error"
      />
      {notice ? (
        <div className="banner" role="status" data-testid="trs-import-notice">
          {notice}
        </div>
      ) : null}
    </>
  );
}

/** The S-K 1300 Technical Report Summary editor of one report draft (#/reports/:id). */
export function ReportEditorView(props: { reportId: string; section?: string }) {
  const { t } = useTranslation();
  const navigate = useRouter((s) => s.navigate);
  const store = useTrsStore();
  const { document: doc, load, update, undo, redo, flush, activePane, setActivePane, loadError, externalVersion, revision } = store;
  // The editor is the S-K 1300 feature (its saves, while it is open, are that same use) and shows the Brazilian fields when on.
  useFlag('SEC_SK_1300');
  const brazilianFields = useFlag('BRAZILIAN_FIELDS');
  const findOpen = useFindStore((s) => s.open);
  // Narrow windows start with the findings panel folded so the text keeps a usable width.
  const [navOpen, setNavOpen] = useState(true);
  const [sideOpen, setSideOpen] = useState(() => !window.matchMedia?.(NARROW_QUERY).matches);
  useEffect(() => {
    // Crossing the width threshold (window resized, moved to another screen) restores the default for that width.
    const query = window.matchMedia?.(NARROW_QUERY);
    if (!query) return;
    const onChange = () => setSideOpen(!query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const navRef = useRef<HTMLUListElement>(null);
  const SidePanel = trsSidePanel();

  useEffect(() => {
    void load(props.reportId);
  }, [load, props.reportId]);

  // Opening a report puts the focus on its title (not on <body>), so the next Tab goes on from there.
  const loaded = !!doc;
  useEffect(() => {
    if (loaded) titleRef.current?.focus();
  }, [loaded, props.reportId]);

  /** Skip link target: the text of the open section, or the first field of the open pane. */
  const focusMain = () => {
    for (const selector of [
      '.trs-main .ProseMirror',
      '.trs-main [data-testid="trs-section-reason"]',
      '.trs-main input, .trs-main select, .trs-main textarea, .trs-main button',
    ]) {
      const target = document.querySelector<HTMLElement>(selector);
      if (target) {
        target.focus();
        return;
      }
    }
  };

  /** Arrow keys, Home and End move through the section list (one Tab stop for the whole list). */
  const onNavKeyDown = (e: React.KeyboardEvent) => {
    const buttons = Array.from(navRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? []);
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : undefined;
    if (target === undefined) return;
    e.preventDefault();
    buttons[Math.max(0, Math.min(buttons.length - 1, target))]?.focus();
  };

  useEffect(() => {
    if (props.section && /^\d+$/.test(props.section)) setActivePane(`section:${props.section}`);
  }, [props.section, setActivePane]);

  // Save on blur, hide and close as well as after the autosave delay.
  useEffect(() => {
    const save = () => void useTrsStore.getState().flush();
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') save();
    };
    window.addEventListener('blur', save);
    window.addEventListener('pagehide', save);
    window.addEventListener('beforeunload', save);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('blur', save);
      window.removeEventListener('pagehide', save);
      window.removeEventListener('beforeunload', save);
      document.removeEventListener('visibilitychange', onVisibility);
      save();
    };
  }, []);

  const panes: Array<{ id: PaneId; label: string; mark?: ReturnType<typeof sectionMark> }> = useMemo(() => {
    if (!doc) return [];
    return [
      { id: 'metadata', label: t('trs.panes.metadata') },
      { id: 'qps', label: t('trs.panes.qualifiedPersons') },
      { id: 'property', label: t('trs.panes.property') },
      ...(brazilianFields ? [{ id: 'brazil', label: t('trs.panes.brazil') }] : []),
      ...doc.sections.map((s) => ({ id: `section:${s.number}`, label: `${s.number}. ${s.title}`, mark: sectionMark(s) })),
      { id: 'mineralResources', label: t('trs.panes.mineralResources') },
      { id: 'mineralReserves', label: t('trs.panes.mineralReserves') },
      { id: 'priorYear', label: t('trs.panes.priorYear') },
      { id: 'costs', label: t('trs.panes.costs') },
      { id: 'economics', label: t('trs.panes.economics') },
      { id: 'references', label: t('trs.panes.references') },
      { id: 'sources', label: t('official.reportSources.title') },
      { id: 'versions', label: t('trs.panes.versions') },
    ];
  }, [doc, brazilianFields, t]);

  const move = useCallback(
    (delta: number) => {
      const i = panes.findIndex((p) => p.id === activePane);
      const next = panes[Math.max(0, Math.min(panes.length - 1, i + delta))];
      if (next) setActivePane(next.id);
    },
    [panes, activePane, setActivePane],
  );

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.defaultPrevented) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && key === 'z' && !e.shiftKey) {
      e.preventDefault();
      undo();
    } else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) {
      e.preventDefault();
      redo();
    } else if (mod && (key === 'f' || key === 'h')) {
      e.preventDefault();
      useFindStore.getState().set({ open: true });
    } else if (mod && key === 's') {
      e.preventDefault();
      void flush();
    } else if (e.altKey && e.key === 'ArrowDown') {
      e.preventDefault();
      move(1);
    } else if (e.altKey && e.key === 'ArrowUp') {
      e.preventDefault();
      move(-1);
    }
  };

  const complete = doc ? doc.sections.filter((s) => s.status !== 'draft').length : 0;
  const paneProps = doc ? { document: doc, brazilianFields, update } : undefined;
  const sectionNumber = activePane.startsWith('section:') ? Number(activePane.slice(8)) : undefined;
  const section = sectionNumber && doc ? doc.sections[sectionNumber - 1] : undefined;

  return (
    <section className="view trs-editor" data-testid="report-editor" onKeyDown={onKeyDown}>
      <button type="button" className="skip-link" onClick={focusMain} data-testid="trs-skip-to-text">
        {t('trs.layout.skipToText')}
      </button>
      <header className="view-header trs-editor-header">
        <button
          type="button"
          className="link"
          onClick={() => {
            void flush();
            navigate({ name: 'reports' });
          }}
        >
          ← {t('common.back')}
        </button>
        <h1 data-testid="editor-title" ref={titleRef} tabIndex={-1} title={doc?.metadata.title ?? ''}>
          {doc?.metadata.title ?? ''}
        </h1>
        <SaveStatus />
        <button type="button" onClick={undo} disabled={store.past.length === 0} title="Ctrl+Z" data-testid="trs-undo">
          {t('trs.editor.undo')}
        </button>
        <button type="button" onClick={redo} disabled={store.future.length === 0} title="Ctrl+Shift+Z" data-testid="trs-redo">
          {t('trs.editor.redo')}
        </button>
        <button type="button" onClick={() => setNavOpen((v) => !v)} aria-expanded={navOpen} aria-controls="trs-nav" data-testid="trs-toggle-nav">
          {t(navOpen ? 'trs.layout.hideSections' : 'trs.layout.showSections')}
        </button>
        {SidePanel ? (
          <button type="button" onClick={() => setSideOpen((v) => !v)} aria-expanded={sideOpen} aria-controls="trs-side" data-testid="trs-toggle-findings">
            {t(sideOpen ? 'trs.layout.hideFindings' : 'trs.layout.showFindings')}
          </button>
        ) : null}
        <button
          type="button"
          onClick={() => useFindStore.getState().set({ open: !useFindStore.getState().open })}
          title="Ctrl+F"
          data-testid="trs-find-open"
          aria-expanded={findOpen}
        >
          {t('trs.find.title')}
        </button>
        {doc ? <ImportExport reportId={props.reportId} /> : null}
      </header>
      {doc ? <FindBar document={doc} activeSection={sectionNumber} openSection={(n) => setActivePane(`section:${n}`)} /> : null}
      {loadError ? (
        <div className="banner banner-error" role="alert" data-testid="error-banner">
          {errorText(loadError)}
        </div>
      ) : null}
      {doc && paneProps ? (
        <div className={`trs-layout${navOpen ? '' : ' nav-closed'}${sideOpen && SidePanel ? '' : ' side-closed'}`} data-testid="trs-layout">
          <nav className="trs-nav" id="trs-nav" aria-label={t('trs.editor.navigation')} hidden={!navOpen} onKeyDown={onNavKeyDown}>
            <p className="muted" data-testid="trs-progress">
              {t('trs.editor.progress', { done: complete, total: doc.sections.length })}
            </p>
            <ul ref={navRef}>
              {panes.map((p) => (
                <li key={p.id}>
                  <button
                    type="button"
                    className={p.id === activePane ? 'active' : ''}
                    aria-current={p.id === activePane ? 'true' : undefined}
                    tabIndex={p.id === activePane ? 0 : -1}
                    data-testid={p.id.startsWith('section:') ? `trs-nav-section-${p.id.slice(8)}` : `trs-nav-${p.id}`}
                    data-state={p.mark?.state}
                    onClick={() => setActivePane(p.id)}
                  >
                    {p.mark ? (
                      <span className={`trs-mark ${p.mark.state}`} aria-label={t(`trs.marks.${p.mark.state}`)} title={t(`trs.marks.${p.mark.state}`)}>
                        {p.mark.symbol}
                      </span>
                    ) : null}
                    <span>{p.label}</span>
                  </button>
                </li>
              ))}
            </ul>
            <p className="muted trs-shortcuts">{t('trs.editor.shortcuts')}</p>
          </nav>
          <div className="trs-main">
            {section ? <SectionPane key={section.number} section={section} document={doc} version={String(externalVersion)} /> : null}
            {activePane === 'metadata' ? <MetadataPane {...paneProps} /> : null}
            {activePane === 'qps' ? <QualifiedPersonsPane {...paneProps} /> : null}
            {activePane === 'property' ? <PropertyPane {...paneProps} /> : null}
            {activePane === 'brazil' && brazilianFields ? <BrazilPane {...paneProps} /> : null}
            {activePane === 'mineralResources' || activePane === 'mineralReserves' ? <TablesPane key={activePane} kind={activePane} {...paneProps} /> : null}
            {activePane === 'priorYear' ? <PriorYearPane {...paneProps} /> : null}
            {activePane === 'costs' ? <CostsPane {...paneProps} /> : null}
            {activePane === 'economics' ? <EconomicsPane {...paneProps} /> : null}
            {activePane === 'references' ? <ReferencesPane {...paneProps} /> : null}
            {activePane === 'sources' ? <SourcesPane {...paneProps} reportId={props.reportId} /> : null}
            {activePane === 'versions' ? <VersionsPane reportId={props.reportId} /> : null}
          </div>
          <aside className="trs-side" id="trs-side" data-testid="trs-findings-slot" aria-label={t('trs.editor.findings')} hidden={!sideOpen}>
            {SidePanel && sideOpen ? <SidePanel reportId={props.reportId} revision={revision} goToSection={(n) => setActivePane(`section:${n}`)} /> : null}
          </aside>
        </div>
      ) : !loadError ? (
        <p className="muted">{t('common.loading')}</p>
      ) : null}
    </section>
  );
}
