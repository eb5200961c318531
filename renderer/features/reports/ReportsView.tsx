import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { REPORT_TEXT_FIELD_MAX, REPORT_TITLE_MAX, type ReportSummary } from '../../../shared/domain/report-draft';
import { qivo } from '../../api/client';
import { useAppStore } from '../../app/app-store';
import { useRouter } from '../../app/router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatDateTime } from '../../format';
import { useReportsStore } from './reports-store';
import { TrsImportNewButton } from '../trs/TrsImportNewButton';
import { isFlagOn } from '../../app/feature-flags';

function NewReportForm(props: { onDone: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const create = useReportsStore((s) => s.create);
  const [title, setTitle] = useState('');
  const [propertyName, setPropertyName] = useState('');
  const [commodity, setCommodity] = useState('');
  const titleRef = useRef<HTMLInputElement>(null);
  useEffect(() => titleRef.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!title.trim()) return;
    const created = await create({ title, propertyName, commodity });
    // A new report opens in the editor: writing it is what the geologist came to do.
    if (created) props.onCreated(created.id);
  }

  return (
    <form className="card form-grid" onSubmit={(e) => void submit(e)} data-testid="new-report-form" onKeyDown={(e) => e.key === 'Escape' && props.onDone()}>
      <label>
        {t('reports.fieldTitle')}
        <input ref={titleRef} required maxLength={REPORT_TITLE_MAX} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="new-report-title" />
      </label>
      <label>
        {t('reports.fieldProperty')}
        <input maxLength={REPORT_TEXT_FIELD_MAX} value={propertyName} onChange={(e) => setPropertyName(e.target.value)} data-testid="new-report-property" />
      </label>
      <label>
        {t('reports.fieldCommodity')}
        <input maxLength={REPORT_TEXT_FIELD_MAX} value={commodity} onChange={(e) => setCommodity(e.target.value)} data-testid="new-report-commodity" />
      </label>
      <div className="form-actions">
        <button type="submit" className="primary" data-testid="new-report-submit">
          {t('common.create')}
        </button>
        <button type="button" onClick={props.onDone} data-testid="new-report-cancel">
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** After a rename or a cancelled delete, the focus goes back to the control the user came from. */
type RowFocus = 'open' | 'rename' | 'delete' | null;

function ReportRow(props: { report: ReportSummary; index: number; onDeleted: (index: number, title: string) => void }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const navigate = useRouter((s) => s.navigate);
  const { update, remove } = useReportsStore();
  const [renaming, setRenaming] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [title, setTitle] = useState(props.report.title);
  const [focusNext, setFocusNext] = useState<RowFocus>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const renameRef = useRef<HTMLButtonElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const r = props.report;

  useEffect(() => {
    if (!focusNext) return;
    ({ open: openRef, rename: renameRef, delete: deleteRef })[focusNext].current?.focus();
    setFocusNext(null);
  }, [focusNext]);

  const stopRenaming = (focus: RowFocus) => {
    setRenaming(false);
    setFocusNext(focus);
  };
  async function saveRename(event: FormEvent) {
    event.preventDefault();
    if (await update(r.id, { title })) stopRenaming('open');
  }
  const cancelDelete = () => {
    setConfirming(false);
    setFocusNext('delete');
  };
  async function confirmDelete() {
    if (await remove(r.id)) props.onDeleted(props.index, r.title);
  }

  return (
    <li className="report-row" data-testid="report-row" data-report-id={r.id}>
      {renaming ? (
        <form className="rename-form" onSubmit={(e) => void saveRename(e)} onKeyDown={(e) => e.key === 'Escape' && stopRenaming('rename')}>
          <input
            aria-label={t('reports.renamePrompt')}
            autoFocus
            required
            maxLength={REPORT_TITLE_MAX}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            data-testid="rename-input"
          />
          <button type="submit" className="primary" data-testid="rename-save">
            {t('common.save')}
          </button>
          <button type="button" onClick={() => stopRenaming('rename')} data-testid="rename-cancel">
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <button ref={openRef} type="button" className="report-open link" onClick={() => navigate({ name: 'report', id: r.id })} data-testid="report-open">
          <span className="report-title" data-testid="report-title">
            {r.title}
          </span>
          <span className="report-meta">
            {[r.propertyName, r.commodity].filter(Boolean).join(' · ')}
            {' — '}
            {t('reports.updated', { date: formatDateTime(r.updatedAt, language) })}
          </span>
        </button>
      )}
      {!renaming ? (
        <div className="row-actions">
          <button
            ref={renameRef}
            type="button"
            onClick={() => {
              setTitle(r.title);
              setRenaming(true);
            }}
            aria-label={t('reports.renameLabel', { title: r.title })}
            data-testid="report-rename"
          >
            {t('common.rename')}
          </button>
          {confirming ? (
            <>
              <button
                type="button"
                className="danger"
                onClick={() => void confirmDelete()}
                aria-label={t('reports.deleteConfirmLabel', { title: r.title })}
                data-testid="report-delete-confirm"
                autoFocus
              >
                {t('common.confirm')}
              </button>
              <button
                type="button"
                onClick={cancelDelete}
                onKeyDown={(e) => e.key === 'Escape' && cancelDelete()}
                aria-label={t('reports.deleteCancelLabel', { title: r.title })}
                data-testid="report-delete-cancel"
              >
                {t('common.cancel')}
              </button>
            </>
          ) : (
            <button
              ref={deleteRef}
              type="button"
              onClick={() => setConfirming(true)}
              aria-label={t('reports.deleteLabel', { title: r.title })}
              data-testid="report-delete"
              title={t('reports.confirmDelete', { title: r.title })}
            >
              {t('common.delete')}
            </button>
          )}
        </div>
      ) : null}
    </li>
  );
}

export function ReportsView() {
  const { t } = useTranslation();
  const { reports, loaded, error, load, clearError } = useReportsStore();
  const [creating, setCreating] = useState(false);
  const navigate = useRouter((s) => s.navigate);
  const newButtonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  // After a delete: the row now at the deleted one's place (or the last row, or "New report") gets the focus.
  // remove() resolves after the list has reloaded, so the rows below are already the new ones.
  const [deletedTitle, setDeletedTitle] = useState<string | null>(null);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);

  useEffect(() => {
    if (focusIndex === null) return;
    const rows = listRef.current?.querySelectorAll<HTMLButtonElement>('[data-testid="report-open"]') ?? [];
    const target = rows[Math.min(focusIndex, rows.length - 1)] ?? newButtonRef.current;
    target?.focus();
    setFocusIndex(null);
  }, [focusIndex]);
  // The header's "New report" button is always there: back to it at once.
  const closeForm = () => {
    setCreating(false);
    newButtonRef.current?.focus();
  };

  useEffect(() => {
    void load();
    return qivo.events.on('reports.changed', () => void load());
  }, [load]);

  return (
    <section className="view" aria-labelledby="reports-heading">
      <header className="view-header">
        <h1 id="reports-heading">{t('reports.title')}</h1>
        <span className="muted">{loaded ? t('reports.count', { count: reports.length }) : t('common.loading')}</span>
        <button ref={newButtonRef} type="button" className="primary" onClick={() => setCreating(true)} data-testid="new-report" accessKey="n">
          {t('reports.newReport')}
        </button>
        {isFlagOn('SEC_SK_1300') ? <TrsImportNewButton /> : null}
      </header>
      <ErrorBanner message={error} onDismiss={clearError} />
      {deletedTitle ? (
        <p className="visually-hidden" role="status" data-testid="report-deleted">
          {t('reports.deleted', { title: deletedTitle })}
        </p>
      ) : null}
      {creating ? (
        <NewReportForm
          onDone={closeForm}
          onCreated={(id) => {
            setCreating(false);
            navigate({ name: 'report', id });
          }}
        />
      ) : null}
      {loaded && reports.length === 0 && !creating ? (
        <EmptyState
          testId="reports-empty"
          title={t('reports.emptyTitle')}
          body={t('reports.emptyBody')}
          action={
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              {t('reports.newReport')}
            </button>
          }
        />
      ) : (
        <ul className="report-list" data-testid="report-list" ref={listRef}>
          {reports.map((r, index) => (
            <ReportRow
              key={r.id}
              report={r}
              index={index}
              onDeleted={(i, title) => {
                setDeletedTitle(title);
                setFocusIndex(i);
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
