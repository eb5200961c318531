import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlagStatusView, GuardStatusView } from '../../../shared/ipc/flags-contract';
import type { Language } from '../../../shared/ipc/system-contract';
import { useAppStore } from '../../app/app-store';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatDateTime, formatNumber } from '../../format';
import { useFlagsStore } from './flags-store';
import './flags.css';

type T = (key: string, params?: Record<string, unknown>) => string;

function percent(value: number, language: Language): string {
  return `${formatNumber(value, language, 4)} %`;
}

function metricValue(metric: string, value: number, language: Language): string {
  return metric === 'p95LatencyMs' ? `${formatNumber(Math.round(value), language, 0)} ms` : percent(value * 100, language);
}

function GuardCell({ guard, t, language }: { guard: GuardStatusView | null; t: T; language: Language }) {
  if (!guard) return <span className="muted">{t('flags.guard.none')}</span>;
  const label =
    guard.status === 'insufficientData'
      ? t('flags.guard.insufficientData', { calls: guard.calls, minSample: guard.minSample })
      : t(`flags.guard.${guard.status}`);
  return (
    <div>
      <span className={guard.status === 'tripped' ? 'flag-guard-tripped' : undefined} data-testid="flag-guard-status">
        {label}
      </span>
      {Object.keys(guard.metrics).length > 0 && (
        <div className="muted">
          {Object.entries(guard.metrics)
            .map(([metric, value]) => `${t(`flags.guard.metric.${metric}`)} ${metricValue(metric, value, language)}`)
            .join(' · ')}
        </div>
      )}
      {guard.trip && (
        <p className="flag-guard-tripped" role="alert">
          {t('flags.guard.trippedAt', { at: formatDateTime(guard.trip.at, language), detail: guard.trip.detail })}
        </p>
      )}
    </div>
  );
}

/** One plain sentence: why the flag is on or off for this user. */
export function sentence(flag: FlagStatusView, t: T, language: Language): string {
  if (flag.steppedBack && flag.value) return t('flags.sentence.steppedBack');
  switch (flag.match) {
    case 'killSwitch':
      return t('flags.sentence.killSwitch');
    case 'guard':
      return flag.steppedBack ? t('flags.sentence.steppedBack') : t('flags.sentence.guard');
    case 'allow':
    case 'deny':
    case 'override':
    case 'missing':
      return t(`flags.sentence.${flag.match}`);
    case 'rule':
      if (flag.bucket === undefined) return t('flags.sentence.rule', { index: (flag.ruleIndex ?? 0) + 1 });
      break;
  }
  const p = flag.rolloutPercentage ?? 0;
  if (p >= 100) return t('flags.sentence.everyoneOn');
  if (p <= 0) return t('flags.sentence.everyoneOff');
  const params = { bucket: flag.bucket ?? 0, percentage: formatNumber(p, language, 4) };
  return flag.value ? t('flags.sentence.inside', params) : t('flags.sentence.outside', params);
}

function planText(flag: FlagStatusView, t: T, language: Language): string | null {
  if (!flag.step) return null;
  const now = t('flags.plan.now', { phase: t(`flags.phases.${flag.step.phase}`), percentage: formatNumber(flag.step.rolloutPercentage, language, 4) });
  const next = flag.nextStep
    ? t('flags.plan.next', {
        phase: t(`flags.phases.${flag.nextStep.phase}`),
        percentage: formatNumber(flag.nextStep.rolloutPercentage, language, 4),
        at: formatDateTime(flag.nextStep.at!, language),
      })
    : t('flags.plan.last');
  return `${now} · ${next}`;
}

function UserIdForm({ onSave, t }: { onSave(id: string): Promise<boolean>; t: T }) {
  const [value, setValue] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (value.trim() && (await onSave(value.trim()))) setValue('');
  }
  return (
    <form className="flags-user-form" onSubmit={(e) => void submit(e)}>
      <input
        type="text"
        value={value}
        maxLength={320}
        placeholder={t('flags.setUserPlaceholder')}
        aria-label={t('flags.setUser')}
        onChange={(e) => setValue(e.target.value)}
        data-testid="flags-user-input"
      />
      <button type="submit" disabled={!value.trim()} data-testid="flags-user-save">
        {t('flags.setUserSave')}
      </button>
    </form>
  );
}

/** Settings → Features: every flag for this user, why, and where the configuration came from. */
export function FeaturesView() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const { overview, audit, refreshing, error, lastChange, load, refresh, watchAudit, setUserId, dismissChange, clearError } = useFlagsStore();
  useEffect(() => {
    void load();
    return watchAudit();
  }, [load, watchAudit]);

  const [changingId, setChangingId] = useState(false);
  const when = (iso: string | null) => (iso ? formatDateTime(iso, language) : t('flags.never'));

  return (
    <section className="view" aria-labelledby="features-heading">
      <header className="view-header">
        <h1 id="features-heading">{t('flags.title')}</h1>
        <button type="button" onClick={() => void refresh()} disabled={refreshing} data-testid="flags-refresh">
          {refreshing ? t('flags.refreshing') : t('flags.refresh')}
        </button>
      </header>
      <p className="muted">{t('flags.intro')}</p>
      <ErrorBanner message={error} onDismiss={clearError} />

      {lastChange && lastChange.changes.length > 0 && (
        <div className="card flags-change" role="status" data-testid="flags-change">
          <p>
            {t('flags.changed', {
              list: lastChange.changes.map((c) => t('flags.changedItem', { flag: c.flag, state: c.after ? t('flags.on') : t('flags.off') })).join('; '),
            })}
          </p>
          <button type="button" onClick={dismissChange}>
            {t('notices.dismiss')}
          </button>
        </div>
      )}

      {overview?.lastError && (
        <div className="card flags-problem" role="alert" data-testid="flags-last-error">
          <strong>{t('flags.lastError')}: </strong>
          {t(`errors.flags.${overview.lastError.reason}`, { detail: overview.lastError.message, defaultValue: overview.lastError.message })}
          <div className="muted">{formatDateTime(overview.lastError.at, language)}</div>
          {overview.lastError.details?.map((d) => (
            <div key={d} className="muted">
              {d}
            </div>
          ))}
        </div>
      )}

      {overview && (
        <div className="card">
          <dl className="flags-status" data-testid="flags-status">
            <dt>{t('flags.user')}</dt>
            <dd>
              <span data-testid="flags-user-id">{overview.userId}</span>{' '}
              <span className="muted">({overview.userIdLocked ? t('flags.userLocked') : t(`flags.userOrigin.${overview.userIdOrigin}`)})</span>
              {!overview.userIdLocked && (overview.userIdOrigin === 'install' || changingId) && (
                <UserIdForm onSave={async (id) => (await setUserId(id)) && (setChangingId(false), true)} t={t} />
              )}
              {!overview.userIdLocked && overview.userIdOrigin === 'settings' && !changingId && (
                <button type="button" onClick={() => setChangingId(true)} data-testid="flags-user-change">
                  {t('flags.changeUser')}
                </button>
              )}
              {!overview.userIdLocked && (overview.userIdOrigin === 'install' || changingId) && (
                <p className="muted" role="note" data-testid="flags-user-warning">
                  {t('flags.changeUserWarning')}
                </p>
              )}
            </dd>
            <dt>{t('flags.config')}</dt>
            <dd data-testid="flags-config-version">
              {overview.configVersion === null ? t('flags.noConfig') : t('flags.version', { version: overview.configVersion })}
              {overview.environment ? ` · ${t('flags.environment')}: ${overview.environment}` : ''}
              {overview.expiresAt ? ` · ${t('flags.expires')}: ${formatDateTime(overview.expiresAt, language)}` : ''}
            </dd>
            <dt>{t('flags.source')}</dt>
            <dd data-testid="flags-source">{t(`flags.sources.${overview.source}`)}</dd>
            <dt>{t('flags.url')}</dt>
            <dd>{overview.url ?? <span className="muted">{t('flags.noUrl')}</span>}</dd>
            <dt>{t('flags.lastFetch')}</dt>
            <dd data-testid="flags-last-fetch">{when(overview.lastFetchAt)}</dd>
            <dt>{t('flags.lastSuccess')}</dt>
            <dd>{when(overview.lastSuccessAt)}</dd>
            <dt>{t('flags.nextFetch')}</dt>
            <dd>{overview.url ? when(overview.nextFetchAt) : '—'}</dd>
            <dt>{t('flags.lastError')}</dt>
            <dd>
              {overview.lastError
                ? t(`errors.flags.${overview.lastError.reason}`, { detail: '', defaultValue: overview.lastError.reason })
                : t('flags.noError')}
            </dd>
          </dl>
          {overview.stale && <p role="alert">{t('flags.stale')}</p>}
          {overview.overridesAllowed && <p className="muted">{t('flags.overrides')}</p>}
        </div>
      )}

      {overview && (
        <div className="card">
          <table className="flags-table" data-testid="flags-table">
            <thead>
              <tr>
                <th scope="col">{t('flags.columns.flag')}</th>
                <th scope="col">{t('flags.columns.state')}</th>
                <th scope="col">{t('flags.columns.reason')}</th>
                <th scope="col">{t('flags.columns.phase')}</th>
                <th scope="col">{t('flags.columns.rollout')}</th>
                <th scope="col">{t('flags.columns.version')}</th>
                <th scope="col">{t('flags.columns.source')}</th>
                <th scope="col">{t('flags.columns.guard')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.flags.map((f) => (
                <tr key={f.flag} data-testid={`flag-row-${f.flag}`} data-value={f.value ? 'on' : 'off'} data-reason={f.reason}>
                  <th scope="row">
                    <span className="flag-name">{t(`flags.live.featureNames.${f.flag}`, { defaultValue: f.flag })}</span> <code>{f.flag}</code>
                    <div className="muted flag-description">
                      {f.descriptions?.[language] ?? t(`flags.live.descriptions.${f.flag}`, { defaultValue: f.description ?? '' })}
                    </div>
                  </th>
                  <td data-label={t('flags.columns.state')}>
                    <span className={`flag-state ${f.value ? 'on' : 'off'}`} data-testid="flag-state">
                      {f.value ? t('flags.on') : t('flags.off')}
                    </span>
                  </td>
                  <td data-testid="flag-reason" data-label={t('flags.columns.reason')}>
                    <p className="flag-sentence" data-testid="flag-sentence">
                      {sentence(f, t, language)}
                    </p>
                    {planText(f, t, language) && (
                      <div className="muted flag-plan" data-testid="flag-plan">
                        {planText(f, t, language)}
                      </div>
                    )}
                    {f.errorMessage && f.reason !== 'GUARD_TRIPPED' && <div className="muted">{f.errorMessage}</div>}
                  </td>
                  <td data-label={t('flags.columns.phase')}>{f.phase ? t(`flags.phases.${f.phase}`) : '—'}</td>
                  <td data-label={t('flags.columns.rollout')}>{f.rolloutPercentage === null ? '—' : percent(f.rolloutPercentage, language)}</td>
                  <td data-label={t('flags.columns.version')}>{f.configVersion ?? '—'}</td>
                  <td data-label={t('flags.columns.source')}>{t(`flags.sources.${f.source}`)}</td>
                  <td data-label={t('flags.columns.guard')}>
                    <GuardCell guard={f.guard} t={t} language={language} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <div className="card">
        <h2>{t('flags.audit')}</h2>
        {audit.length === 0 ? (
          <p className="muted">{t('flags.auditEmpty')}</p>
        ) : (
          <ul className="flags-audit" data-testid="flags-audit">
            {audit.map((a) => (
              <li key={a.id}>
                <strong>{formatDateTime(a.at, language)}</strong> — {t(`flags.auditKinds.${a.kind}`)}
                {a.flag ? ` · ${a.flag}` : ''}
                {a.configVersion !== null ? ` · v${a.configVersion}` : ''}
                {a.reason ? ` · ${a.reason}` : ''}
                <div className="muted">{a.detail}</div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
