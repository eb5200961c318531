import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportSummary } from '../../../shared/domain/report-draft';
import { qivo } from '../../api/client';
import { useRouter } from '../../app/router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { errorText } from '../../i18n';
import { ExportPanel } from '../exports/ExportPanel';
import { registerTrsSidePanel } from '../trs/side-panel-slot';
import { CompliancePanel } from './CompliancePanel';
import { useComplianceStore } from './compliance-store';
import type { ReviewedFinding, ScoreHistoryEntry } from '../../../shared/ipc/compliance-contract';
import { FindingsList, ScoreCard, krciLanguage } from './FindingsList';
import { ReviewControls } from './ReviewControls';
import { jumpToFinding } from './navigation';
import './compliance.css';
import { formatDateTime, formatTime } from '../../format';

/** The score of the recent checks: a sparkline and the last few values. */
function ScoreHistory(props: { history: readonly ScoreHistoryEntry[] }) {
  const { t } = useTranslation();
  const h = props.history;
  if (h.length === 0) return <p className="muted">{t('compliance.history.empty')}</p>;
  const w = 160;
  const points = h.map((e, i) => `${h.length === 1 ? w / 2 : (i / (h.length - 1)) * w},${30 - (e.score / 100) * 28}`).join(' ');
  return (
    <div className="krci-history" data-testid="krci-history">
      <strong>{t('compliance.history.title')}</strong>
      <svg width={w} height={32} role="img" aria-label={t('compliance.history.title')}>
        <polyline className="krci-sparkline" points={points} />
      </svg>
      <ol>
        {h.slice(-5).map((e, i) => (
          <li key={`${e.checkedAt}-${i}`} data-testid="krci-history-entry" data-score={e.score}>
            {t('compliance.history.entry', { time: formatDateTime(e.checkedAt), revision: e.revision, score: e.score })}
          </li>
        ))}
      </ol>
    </div>
  );
}

function download(fileName: string, mimeType: string, dataBase64: string): void {
  const bytes = Uint8Array.from(atob(dataBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

// The editor shows the live findings panel beside every report (side-panel slot of the trs feature).
registerTrsSidePanel(CompliancePanel);

function ReportPicker() {
  const { t } = useTranslation();
  const navigate = useRouter((s) => s.navigate);
  const [reports, setReports] = useState<ReportSummary[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    qivo.reports
      .list()
      .then(setReports)
      .catch((e: unknown) => setError(errorText(e)));
  }, []);
  if (error) return <ErrorBanner message={error} />;
  if (!reports) return <p className="muted">{t('compliance.checking')}</p>;
  if (reports.length === 0) return <EmptyState title={t('compliance.noReports')} />;
  return (
    <div className="card">
      <h2>{t('compliance.chooseReport')}</h2>
      <ul className="report-list">
        {reports.map((r) => (
          <li key={r.id} className="report-row">
            <button
              type="button"
              className="link report-open"
              data-testid="krci-pick-report"
              data-report-id={r.id}
              onClick={() => navigate({ name: 'compliance', reportId: r.id })}
            >
              <span className="report-title">{r.title}</span>
              <span className="report-meta">{[r.propertyName, r.commodity].filter(Boolean).join(' · ')}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ReportCompliance(props: { reportId: string }) {
  const { t, i18n } = useTranslation();
  const navigate = useRouter((s) => s.navigate);
  const { result, history, checking, error, check } = useComplianceStore();
  const [exportError, setExportError] = useState<unknown>();
  const exportFindings = async (format: 'csv' | 'pdf') => {
    setExportError(undefined);
    try {
      const out = await qivo.compliance.exportFindings({ reportId: props.reportId, format, language: krciLanguage(i18n.language) });
      download(out.fileName, out.mimeType, out.dataBase64);
    } catch (e) {
      setExportError(e);
    }
  };

  useEffect(() => {
    void check(props.reportId);
    // Re-check whenever the editor (or an import/restore) stores a new revision of this report.
    return qivo.events.on('trs.saved', (p) => {
      if (p.reportId === props.reportId) void check(props.reportId);
    });
  }, [props.reportId, check]);

  const current = result && result.reportId === props.reportId ? result : undefined;
  const sources = current ? [current.official.anmProcess ? 'ANM' : '', current.official.ibamaEmbargoes ? 'IBAMA' : ''].filter(Boolean) : [];

  return (
    <>
      <div className="view-header-actions">
        <button type="button" data-testid="krci-recheck" disabled={checking} onClick={() => void check(props.reportId)}>
          {checking ? t('compliance.checking') : t('compliance.recheck')}
        </button>
        <button type="button" data-testid="krci-open-editor" onClick={() => navigate({ name: 'report', id: props.reportId })}>
          {t('compliance.openEditor')}
        </button>
      </div>
      <ErrorBanner message={error ? errorText(error) : undefined} />
      {current ? (
        <>
          <div className="card krci-summary">
            <ScoreCard score={current.score} target={current.target} capped={current.capped} counts={current.counts} accepted={current.accepted} />
            <p className="krci-formula" data-testid="krci-formula">
              {t('compliance.formula')}
            </p>
            <ScoreHistory history={history} />
            <p className="muted" data-testid="krci-checked-at">
              {t('compliance.checkedAt', { time: formatTime(current.checkedAt), revision: current.revision })} ·{' '}
              {t('compliance.rulesCount', { evaluated: current.rulesEvaluated, notApplicable: current.rulesNotApplicable })}
            </p>
            <p className="muted" data-testid="krci-official">
              {sources.length > 0 ? t('compliance.officialUsed', { sources: sources.join(', ') }) : t('compliance.officialNone')}
            </p>
          </div>
          <div className="krci-review-exports">
            <button type="button" data-testid="krci-export-csv" onClick={() => void exportFindings('csv')}>
              {t('compliance.exportCsv')}
            </button>
            <button type="button" data-testid="krci-export-pdf" onClick={() => void exportFindings('pdf')}>
              {t('compliance.exportPdf')}
            </button>
          </div>
          <ErrorBanner message={exportError ? errorText(exportError) : undefined} />
          <h2>{t('compliance.review.openTitle')}</h2>
          <FindingsList
            findings={current.findings.filter((f) => f.review?.status !== 'accepted')}
            onJump={(f) => jumpToFinding(props.reportId, f.path)}
            renderReview={(f) => <ReviewControls finding={f as ReviewedFinding} />}
          />
          {current.accepted > 0 ? (
            <section className="krci-accepted-list" data-testid="krci-accepted-list">
              <h2>{t('compliance.review.acceptedTitle', { count: current.accepted })}</h2>
              <FindingsList
                findings={current.findings.filter((f) => f.review?.status === 'accepted')}
                onJump={(f) => jumpToFinding(props.reportId, f.path)}
                renderReview={(f) => <ReviewControls finding={f as ReviewedFinding} />}
              />
            </section>
          ) : null}
        </>
      ) : checking ? (
        <p className="muted">{t('compliance.checking')}</p>
      ) : null}
      <ExportPanel reportId={props.reportId} />
    </>
  );
}

/** Compliance (KRCI): the score against the rollout target and the findings of one report. */
export function ComplianceView(props: { reportId?: string }) {
  const { t } = useTranslation();
  return (
    <section className="view krci-view" data-testid="compliance-view">
      <header className="view-header">
        <h1>{t('compliance.title')}</h1>
      </header>
      {props.reportId ? <ReportCompliance reportId={props.reportId} /> : <ReportPicker />}
    </section>
  );
}
