import { useTranslation } from 'react-i18next';
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/exports/export-types';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useExportsStore } from './exports-store';
import './exports.css';
import { formatNumber } from '../../format';

/**
 * Export of one report (EX-96, EX-23, PDF, DOCX, JSON or the filing package). Views mount it with
 * the report id; main picks the destination (save dialog, or a folder under the data dir).
 */
export function ExportPanel(props: { reportId: string }) {
  const { t } = useTranslation();
  const { format, draft, running, result, cancelled, error, errorDetails, setFormat, setDraft, run } = useExportsStore();
  const mine = useExportsStore((s) => s.reportId === props.reportId);

  return (
    <section className="card export-panel" aria-labelledby="export-panel-title" data-testid="export-panel">
      <h2 id="export-panel-title">{t('exports.panel.title')}</h2>
      <p className="muted">{t('exports.panel.intro')}</p>
      <form
        className="export-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(props.reportId);
        }}
      >
        <label>
          {t('exports.panel.format')}
          <select data-testid="export-format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} disabled={running}>
            {EXPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`exports.panel.formats.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="export-draft">
          <input type="checkbox" data-testid="export-draft" checked={draft} onChange={(e) => setDraft(e.target.checked)} disabled={running} />
          {t('exports.panel.draft')}
        </label>
        <button type="submit" data-testid="export-run" disabled={running}>
          {running ? t('exports.panel.running') : t('exports.panel.run')}
        </button>
      </form>
      {mine && error ? (
        <div data-testid="export-error">
          <ErrorBanner message={error} />
          {errorDetails.length > 0 ? (
            <ul className="export-details" data-testid="export-error-details">
              {errorDetails.map((line, i) => (
                <li key={i}>{line}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {mine && cancelled ? (
        <p className="muted" data-testid="export-cancelled">
          {t('exports.panel.cancelled')}
        </p>
      ) : null}
      {mine && result ? (
        <div className="export-result" data-testid="export-result" role="status">
          <p>
            {t(result.draft ? 'exports.panel.doneDraft' : 'exports.panel.done', { count: result.files.length, destination: result.destination })}{' '}
            <span className="muted">{t('exports.panel.score', { score: result.krci.score })}</span>
          </p>
          <table className="export-files">
            <thead>
              <tr>
                <th scope="col">{t('exports.panel.file')}</th>
                <th scope="col">{t('exports.panel.bytes')}</th>
                <th scope="col">{t('exports.panel.sha256')}</th>
              </tr>
            </thead>
            <tbody>
              {result.files.map((f) => (
                <tr key={f.name} data-testid="export-file">
                  <td>{f.name}</td>
                  <td className="num">{formatNumber(f.bytes, undefined, 0)}</td>
                  <td className="hash">{f.sha256.slice(0, 16)}…</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
