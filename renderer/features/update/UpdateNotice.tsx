import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { UpdateStatus } from '../../../shared/ipc/update-contract';
import type { Language } from '../../../shared/ipc/system-contract';
import { formatDateTime } from '../../format';
import { useUpdateStore } from './update-store';

/** The sentence for a status, in the interface language. */
export function updateSentence(t: (key: string, options?: Record<string, unknown>) => string, status: UpdateStatus): string {
  const state = status.state === 'available' && !status.canInstall ? 'availableHere' : status.state;
  return t(`update.states.${state}`, { version: status.version ?? '', percentage: status.stagingPercentage ?? 0 });
}

function Notes({ status, language }: { status: UpdateStatus; language: Language }) {
  const { t } = useTranslation();
  const notes = status.notes?.[language] ?? [];
  if (!status.version || notes.length === 0) return null;
  return (
    <details className="update-notes">
      <summary>{t('update.notes', { version: status.version })}</summary>
      <ul>
        {notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </details>
  );
}

/**
 * "Update ready — restart": a quiet banner, never a dialog, so it cannot interrupt typing; the
 * restart waits for pending saves. Also shown when IT withdrew the running version.
 */
export function UpdateNotice() {
  const { t, i18n } = useTranslation();
  const { status, restarting, dismissedVersion, load, dismiss, restart } = useUpdateStore();
  useEffect(() => {
    void load();
  }, [load]);
  if (!status?.version || dismissedVersion === status.version) return null;
  const withdrawn = status.offerReason === 'currentWithdrawn';
  if (status.state !== 'ready' && !withdrawn) return null;
  return (
    <div className="banner banner-info" role="status" data-testid="update-notice">
      <span>{withdrawn ? t('update.withdrawn', { version: status.version }) : updateSentence(t, status)}</span>
      <Notes status={status} language={i18n.language as Language} />
      {status.state === 'ready' ? (
        <button type="button" onClick={() => void restart()} disabled={restarting} data-testid="update-restart">
          {restarting ? t('update.restarting') : t('update.restart')}
        </button>
      ) : null}
      <button type="button" className="link" onClick={dismiss}>
        {t('update.later')}
      </button>
    </div>
  );
}

/** Settings → App updates: what the feed offers this computer, and a manual check. */
export function UpdatesCard() {
  const { t, i18n } = useTranslation();
  const { status, checking, error, load, check } = useUpdateStore();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div className="card" data-testid="updates-card">
      <h2>{t('update.title')}</h2>
      <p>{t('update.current', { version: status?.currentVersion ?? '' })}</p>
      {status ? (
        <p role="status" data-testid="update-state">
          {status.state === 'error' && status.error ? t(`errors.${status.error.code}`, { detail: '', ...status.error.params }) : updateSentence(t, status)}
        </p>
      ) : null}
      {status?.offerReason === 'currentWithdrawn' && status.version ? <p>{t('update.withdrawn', { version: status.version })}</p> : null}
      {status ? <Notes status={status} language={i18n.language as Language} /> : null}
      {status?.checkedAt ? <p className="muted">{t('update.checkedAt', { when: formatDateTime(status.checkedAt) })}</p> : null}
      {error ? <p role="alert">{error}</p> : null}
      <button type="button" onClick={() => void check()} disabled={checking || status?.state === 'notConfigured'} data-testid="update-check">
        {checking ? t('update.checking') : t('update.check')}
      </button>
    </div>
  );
}
