import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/ipc/system-contract';
import type { RolloutHealth } from '../../../shared/metrics/rollout-health';
import { EmptyState } from '../../components/EmptyState';
import { ms, pct } from './metrics-format';

function metricValue(metric: string, value: number | null, lang: Language): string {
  return metric === 'p95LatencyMs' ? ms(value, lang) : pct(value, lang);
}

interface GuardRow {
  metric: string;
  expected: string;
  threshold: number | null;
  actual: number | null;
}

/** One guard table (targets or triggers): metric, goal, measured value, and the row's verdict. */
function GuardTable<R extends GuardRow>(props: {
  testId: string;
  caption: string;
  rows: readonly R[];
  rowTestId(row: R): string;
  lang: Language;
  result(row: R): { testId: string; className: string; text: string };
}) {
  const { t } = useTranslation();
  return (
    <table className="data" data-testid={props.testId}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th>{t('metrics.rollout.metric')}</th>
          <th>{t('metrics.rollout.goal')}</th>
          <th className="num">{t('metrics.rollout.measured')}</th>
          <th>{t('metrics.rollout.result')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((x) => {
          const result = props.result(x);
          return (
            <tr key={x.metric} data-testid={props.rowTestId(x)}>
              <td>{t(`metrics.rollout.metrics.${x.metric}`)}</td>
              <td>{t(`metrics.rollout.${x.expected}`, { value: metricValue(x.metric, x.threshold, props.lang) })}</td>
              <td className="num">{metricValue(x.metric, x.actual, props.lang)}</td>
              <td className={result.className} data-testid={result.testId}>
                {result.text}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Per flag: phase, targets vs measured (met / not met), rollback triggers (armed / tripped), then the audit log. */
export function RolloutHealthPanel({ health, lang }: { health: RolloutHealth; lang: Language }) {
  const { t } = useTranslation();
  return (
    <section className="card metrics-group" data-testid="metrics-rollout" aria-labelledby="metrics-rollout-title">
      <h2 id="metrics-rollout-title">{t('metrics.rollout.title')}</h2>
      <p className="muted">{t('metrics.rollout.subtitle')}</p>
      <p className="muted" data-testid="metrics-rollout-config">
        {health.configVersion !== null
          ? t('metrics.rollout.configInfo', { source: health.configSource ?? '—', version: health.configVersion })
          : t('metrics.rollout.noConfig')}
      </p>
      {health.flags.map((f) => (
        <article key={f.flag} className="metrics-flag-health" data-testid={`rollout-flag-${f.flag}`}>
          <h3>
            <code>{f.flag}</code> — {f.enabled ? t('metrics.features.on') : t('metrics.features.off')} ({f.reason})
          </h3>
          <p>
            {t('metrics.rollout.phase')}: <strong data-testid="rollout-phase">{f.phase ?? '—'}</strong>
            {' · '}
            {t('metrics.rollout.percentage')}: {f.rolloutPercentage === null ? '—' : pct(f.rolloutPercentage / 100, lang, 1)}
          </p>
          {!f.guard ? (
            <p className="muted">{t('metrics.rollout.noGuard')}</p>
          ) : (
            <>
              <p>
                <span className={`metrics-status metrics-status-${f.guard.status}`} data-testid="rollout-status">
                  {t(`metrics.rollout.status.${f.guard.status}`)}
                </span>{' '}
                <span className="muted">
                  {t('metrics.rollout.guardWindow', { minutes: f.guard.windowMinutes, samples: f.guard.samples, min: f.guard.minSample })}
                </span>
              </p>
              <div className="metrics-two-cols">
                <GuardTable
                  testId="rollout-targets"
                  caption={t('metrics.rollout.targets')}
                  rows={f.guard.targets}
                  rowTestId={(x) => `target-${x.metric}`}
                  lang={lang}
                  result={(x) => ({
                    testId: 'target-result',
                    className: x.met === null ? 'muted' : x.met ? 'metrics-good' : 'metrics-bad',
                    text: x.met === null ? t('metrics.rollout.notJudged') : x.met ? t('metrics.rollout.met') : t('metrics.rollout.notMet'),
                  })}
                />
                <GuardTable
                  testId="rollout-triggers"
                  caption={t('metrics.rollout.triggers')}
                  rows={f.guard.triggers}
                  rowTestId={(x) => `trigger-${x.metric}`}
                  lang={lang}
                  result={(x) => ({
                    testId: 'trigger-state',
                    className: x.state === 'tripped' ? 'metrics-bad' : 'metrics-good',
                    text: x.state === 'tripped' ? t('metrics.rollout.tripped') : t('metrics.rollout.armed'),
                  })}
                />
              </div>
            </>
          )}
        </article>
      ))}
      <h3>{t('metrics.rollout.audit')}</h3>
      {health.audit.length === 0 ? (
        <EmptyState title={t('metrics.rollout.auditEmpty')} testId="rollout-audit-empty" />
      ) : (
        <table className="data" data-testid="rollout-audit">
          <thead>
            <tr>
              <th>{t('metrics.rollout.auditAt')}</th>
              <th>{t('metrics.rollout.auditFlag')}</th>
              <th>{t('metrics.rollout.auditAction')}</th>
              <th>{t('metrics.rollout.auditVersion')}</th>
              <th>{t('metrics.rollout.auditReason')}</th>
            </tr>
          </thead>
          <tbody>
            {health.audit.map((a, i) => (
              <tr key={`${a.at}-${i}`} data-testid={`audit-${a.kind}`}>
                <td>{new Date(a.at).toLocaleString(lang)}</td>
                <td>{a.flag ? <code>{a.flag}</code> : '—'}</td>
                <td>{t(`metrics.rollout.auditKinds.${a.kind}`, { defaultValue: a.kind })}</td>
                <td className="num">{a.configVersion ?? '—'}</td>
                <td className="metrics-audit-reason">
                  {a.reason ? <strong>{a.reason}</strong> : null}
                  {a.reason && a.detail ? ' — ' : null}
                  {a.detail}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
