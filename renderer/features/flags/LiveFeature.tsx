import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlagKey } from '../../../shared/flags/flag-keys';
import type { FeedbackPrompt } from '../../../shared/ipc/feedback-contract';
import { qivo } from '../../api/client';
import { useAppStore } from '../../app/app-store';
import { formatTime } from '../../format';
import { useFlagsStore } from './flags-store';
import { useFlag } from './use-flag';

/**
 * Wraps a view gated by a flag: when the flag is off, a notice in its place says who switched it
 * off and when (instead of the view vanishing); when the feature is under rollout, the feedback
 * bar ("report a problem" always, the rating prompt once per phase after real use).
 */
export function LiveFeature({ flag, children }: { flag: FlagKey; children: ReactNode }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const on = useFlag(flag);
  const lastChange = useFlagsStore((s) => s.lastChange);
  useFlagsStore((s) => s.revision);
  if (!on) {
    const change = lastChange?.changes.find((c) => c.flag === flag && !c.after);
    return (
      <section className="view" aria-labelledby="switched-off-heading">
        <div className="card flags-switched-off" role="status" data-testid={`switched-off-${flag}`}>
          <h1 id="switched-off-heading">
            {change && lastChange
              ? t(`flags.live.switchedOff.${flag}`, { time: formatTime(lastChange.at, language) })
              : t('flags.live.switchedOffNoTime', { feature: t(`flags.live.featureNames.${flag}`) })}
          </h1>
          <p>{t('flags.live.switchedOffWhy')}</p>
        </div>
      </section>
    );
  }
  return (
    <>
      <FeedbackBar flag={flag} />
      {children}
    </>
  );
}

function FeedbackBar({ flag }: { flag: FlagKey }) {
  const { t } = useTranslation();
  const revision = useFlagsStore((s) => s.revision);
  const [prompt, setPrompt] = useState<FeedbackPrompt | undefined>();
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [reporting, setReporting] = useState(false);
  const [report, setReport] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const feature = t(`flags.live.featureNames.${flag}`);

  useEffect(() => {
    let alive = true;
    const poll = () =>
      void qivo.feedback
        .prompts()
        .then((all) => alive && setPrompt(all.find((p) => p.flag === flag)))
        .catch(() => undefined);
    poll();
    // Uses are counted in main (each showing of the feature); ask again now and then so the prompt appears after real use.
    const timer = setInterval(poll, 5000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [flag, revision]);

  if (!prompt?.underRollout) return null;

  async function rate(e: FormEvent) {
    e.preventDefault();
    if (rating === null) return;
    await qivo.feedback.rate({ flag, rating, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    setPrompt({ ...prompt!, promptDue: false });
    setDone(t('flags.feedback.thanks'));
  }
  async function dismiss() {
    await qivo.feedback.dismiss({ flag });
    setPrompt({ ...prompt!, promptDue: false });
  }
  async function sendReport(e: FormEvent) {
    e.preventDefault();
    if (!report.trim()) return;
    await qivo.feedback.report({ flag, comment: report.trim() });
    setReporting(false);
    setReport('');
    setDone(t('flags.feedback.reported'));
  }

  return (
    <div className="feedback-bar" data-testid={`feedback-${flag}`}>
      {prompt.promptDue && (
        <form
          className="card feedback-prompt"
          onSubmit={(e) => void rate(e)}
          data-testid="feedback-prompt"
          aria-label={t('flags.feedback.prompt', { feature })}
        >
          <fieldset>
            <legend>{t('flags.feedback.prompt', { feature })}</legend>
            {[1, 2, 3, 4, 5].map((n) => (
              <label key={n} className="feedback-star">
                <input type="radio" name={`rating-${flag}`} value={n} checked={rating === n} onChange={() => setRating(n)} data-testid={`feedback-rate-${n}`} />
                <span aria-hidden="true">{n}</span>
                <span className="visually-hidden">{t('flags.feedback.star', { n })}</span>
              </label>
            ))}
          </fieldset>
          <input
            type="text"
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder={t('flags.feedback.comment')}
            aria-label={t('flags.feedback.comment')}
            data-testid="feedback-comment"
          />
          <button type="submit" disabled={rating === null} data-testid="feedback-send">
            {t('flags.feedback.send')}
          </button>
          <button type="button" onClick={() => void dismiss()} data-testid="feedback-dismiss">
            {t('flags.feedback.notNow')}
          </button>
        </form>
      )}
      {reporting ? (
        <form className="card feedback-report" onSubmit={(e) => void sendReport(e)} data-testid="feedback-report-form">
          <label>
            {t('flags.feedback.reportTitle', { feature })}
            <textarea
              maxLength={2000}
              value={report}
              onChange={(e) => setReport(e.target.value)}
              placeholder={t('flags.feedback.reportPlaceholder')}
              data-testid="feedback-report-text"
            />
          </label>
          <button type="submit" disabled={!report.trim()} data-testid="feedback-report-send">
            {t('flags.feedback.reportSend')}
          </button>
          <button type="button" onClick={() => setReporting(false)}>
            {t('flags.feedback.cancel')}
          </button>
        </form>
      ) : (
        <button type="button" className="feedback-report-button" onClick={() => setReporting(true)} data-testid="feedback-report">
          {t('flags.feedback.report')}
        </button>
      )}
      {done && (
        <p role="status" className="muted" data-testid="feedback-done">
          {done}
        </p>
      )}
    </div>
  );
}
