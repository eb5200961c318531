import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagnosticsResult } from '../../../shared/ipc/diagnostics-contract';
import { qivo } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { errorText } from '../../i18n';

/** Settings → Diagnostics: the same zip as `qivo diagnostics --out FILE.zip`, for support. */
export function DiagnosticsCard() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<DiagnosticsResult | undefined>();
  const [error, setError] = useState<string | undefined>();

  async function create() {
    setBusy(true);
    setError(undefined);
    try {
      setResult(await qivo.diagnostics.create());
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="card" data-testid="diagnostics-card">
      <h2>{t('settings.diagnostics')}</h2>
      <p className="muted">{t('settings.diagnosticsHelp')}</p>
      <ErrorBanner message={error} onDismiss={() => setError(undefined)} />
      <button type="button" onClick={() => void create()} disabled={busy} aria-busy={busy} data-testid="diagnostics-create">
        {busy ? t('settings.diagnosticsCreating') : t('settings.diagnosticsCreate')}
      </button>
      {result ? (
        result.file ? (
          <div role="status" data-testid="diagnostics-result">
            <p>{t('settings.diagnosticsWritten', { file: result.file })}</p>
            <details>
              <summary>{t('settings.diagnosticsContents')}</summary>
              <ul className="plain-list" data-testid="diagnostics-entries">
                {result.entries.map((entry) => (
                  <li key={entry}>
                    <code>{entry}</code>
                  </li>
                ))}
              </ul>
            </details>
          </div>
        ) : (
          <p role="status">{t('settings.diagnosticsCancelled')}</p>
        )
      ) : null}
    </div>
  );
}
