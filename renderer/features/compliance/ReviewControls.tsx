import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewedFinding } from '../../../shared/ipc/compliance-contract';
import { ErrorBanner } from '../../components/ErrorBanner';
import { errorText } from '../../i18n';
import { formatDateTime } from '../../format';
import { useComplianceStore } from './compliance-store';

/**
 * Accept (with a required justification; a critical finding also needs an explicit confirmation),
 * reopen or assign one finding. Every change goes to main, which records who and when.
 */
export function ReviewControls(props: { finding: ReviewedFinding }) {
  const { t } = useTranslation();
  const { accept, reopen, assign, reviewer } = useComplianceStore();
  const f = props.finding;
  const review = f.review;
  const [mode, setMode] = useState<'idle' | 'accept' | 'assign'>('idle');
  const [justification, setJustification] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [assignee, setAssignee] = useState(review?.assignee ?? '');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const critical = f.severity === 'critical';
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setMode('idle');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const canAccept = justification.trim().length >= 10 && (!critical || confirmed);

  return (
    <div className="krci-review" data-testid="krci-review">
      {review?.status === 'accepted' ? (
        <p className="krci-accepted" data-testid="krci-accepted-by">
          {t('compliance.review.acceptedBy', { name: review.acceptedBy ?? review.updatedBy, date: formatDateTime(review.acceptedAt ?? review.updatedAt) })} —{' '}
          <em>{review.justification}</em>
        </p>
      ) : null}
      {review?.assignee ? (
        <p className="muted" data-testid="krci-assignee">
          {t('compliance.review.assignedTo', { name: review.assignee })}
        </p>
      ) : null}
      {mode === 'accept' ? (
        <div className="krci-review-form">
          <label>
            <span>{t('compliance.review.justification')}</span>
            <textarea data-testid="krci-justification" rows={2} value={justification} onChange={(e) => setJustification(e.target.value)} />
          </label>
          {critical ? (
            <label className="krci-confirm">
              <input type="checkbox" data-testid="krci-confirm-critical" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />{' '}
              {t('compliance.review.confirmCritical')}
            </label>
          ) : null}
          <span className="muted">{t('compliance.review.as', { name: reviewer ?? '…' })}</span>
          <div className="krci-review-actions">
            <button
              type="button"
              data-testid="krci-accept-save"
              disabled={!canAccept || busy}
              onClick={() => void run(() => accept(f.id, justification.trim(), confirmed))}
            >
              {t('compliance.review.save')}
            </button>
            <button type="button" className="link" onClick={() => setMode('idle')}>
              {t('compliance.review.cancel')}
            </button>
          </div>
        </div>
      ) : mode === 'assign' ? (
        <div className="krci-review-form">
          <label>
            <span>{t('compliance.review.assignee')}</span>
            <input data-testid="krci-assignee-input" value={assignee} onChange={(e) => setAssignee(e.target.value)} />
          </label>
          <div className="krci-review-actions">
            <button type="button" data-testid="krci-assign-save" disabled={busy} onClick={() => void run(() => assign(f.id, assignee.trim() || null))}>
              {t('compliance.review.save')}
            </button>
            <button type="button" className="link" onClick={() => setMode('idle')}>
              {t('compliance.review.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div className="krci-review-actions">
          {review?.status === 'accepted' ? (
            <button type="button" className="link" data-testid="krci-reopen" disabled={busy} onClick={() => void run(() => reopen(f.id))}>
              {t('compliance.review.reopen')}
            </button>
          ) : (
            <button type="button" className="link" data-testid="krci-accept" onClick={() => setMode('accept')}>
              {t('compliance.review.accept')}
            </button>
          )}
          <button type="button" className="link" data-testid="krci-assign" onClick={() => setMode('assign')}>
            {t('compliance.review.assign')}
          </button>
        </div>
      )}
      <ErrorBanner message={error ? errorText(error) : undefined} />
    </div>
  );
}
