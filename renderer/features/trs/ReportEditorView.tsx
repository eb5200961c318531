import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportSummary } from '../../../shared/domain/report-draft';
import { qivo } from '../../api/client';
import { useRouter } from '../../app/router';
import { ErrorBanner } from '../../components/ErrorBanner';
import { errorText } from '../../i18n';

// The opened draft. The S-K 1300 editor (issue 5) fills this view; until then it shows the draft's fields.
export function ReportEditorView(props: { reportId: string; section?: string }) {
  const { t } = useTranslation();
  const navigate = useRouter((s) => s.navigate);
  const [report, setReport] = useState<ReportSummary | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    qivo.reports.get({ id: props.reportId }).then(setReport, (e: unknown) => setError(errorText(e)));
  }, [props.reportId]);

  return (
    <section className="view" data-testid="report-editor">
      <header className="view-header">
        <button type="button" className="link" onClick={() => navigate({ name: 'reports' })}>
          ← {t('common.back')}
        </button>
        <h1 data-testid="editor-title">{report?.title ?? ''}</h1>
      </header>
      <ErrorBanner message={error} />
      {report ? (
        <dl className="card details">
          <dt>{t('reports.fieldProperty')}</dt>
          <dd>{report.propertyName || '—'}</dd>
          <dt>{t('reports.fieldCommodity')}</dt>
          <dd>{report.commodity || '—'}</dd>
        </dl>
      ) : null}
    </section>
  );
}
