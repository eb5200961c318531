import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { LATENCY_BUCKETS_MS } from '../../../shared/metrics/histogram';
import type { Dashboard, DashboardExtras } from '../../../shared/metrics/model';
import { METRICS_WINDOWS, type MetricsWindow } from '../../../shared/metrics/window';
import type { Language } from '../../../shared/ipc/system-contract';
import { useAppStore } from '../../app/app-store';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useFlag } from '../flags/use-flag';
import { useMetricsStore } from './metrics-store';
import { bucketLabel, bytes, count, ms, pct } from './metrics-format';
import { RolloutHealthPanel } from './RolloutHealthPanel';
import { UPlotChart } from './UPlotChart';
import './metrics.css';

type Props = { d: Dashboard; extras: DashboardExtras | null | undefined; lang: Language };

function ExtrasLocked() {
  const { t } = useTranslation();
  return (
    <p className="muted metrics-locked" data-testid="metrics-extras-locked">
      {t('metrics.extras.locked')}
    </p>
  );
}

function ApiGroup({ d, extras, lang }: Props) {
  const { t } = useTranslation();
  const p99 = new Map((extras?.p99PerSource ?? []).map((p) => [p.source, p.p99Ms]));
  const chart = useMemo(() => ({ x: d.api.callsOverTime.slots, series: d.api.callsOverTime.series.map((s) => ({ label: s.label, values: s.values })) }), [d]);
  return (
    <section className="card metrics-group" data-testid="metrics-api" aria-labelledby="metrics-api-title">
      <h2 id="metrics-api-title">{t('metrics.api.title')}</h2>
      {d.api.sources.length === 0 ? (
        <EmptyState title={t('metrics.api.empty')} body={t('metrics.api.emptyBody')} testId="metrics-api-empty" />
      ) : (
        <>
          <table className="data" data-testid="metrics-api-table">
            <thead>
              <tr>
                <th>{t('metrics.api.source')}</th>
                <th className="num">{t('metrics.api.calls')}</th>
                <th className="num">{t('metrics.api.successRate')}</th>
                <th className="num">{t('metrics.api.errorRate')}</th>
                <th className="num">{t('metrics.api.timeoutRate')}</th>
                <th className="num">{t('metrics.api.p50')}</th>
                <th className="num">{t('metrics.api.p95')}</th>
                {extras ? <th className="num">{t('metrics.api.p99')}</th> : null}
                <th>{t('metrics.api.method')}</th>
              </tr>
            </thead>
            <tbody>
              {d.api.sources.map((s) => (
                <tr key={s.source} data-testid={`metrics-api-row-${s.source}`}>
                  <td>{s.source}</td>
                  <td className="num">{count(s.calls, lang)}</td>
                  <td className="num" data-testid="success-rate">
                    {pct(s.successRate, lang)}
                  </td>
                  <td className="num">{pct(s.errorRate, lang)}</td>
                  <td className="num">{pct(s.timeoutRate, lang)}</td>
                  <td className="num">{ms(s.p50Ms, lang)}</td>
                  <td className="num" data-testid="p95">
                    {ms(s.p95Ms, lang)}
                  </td>
                  {extras ? (
                    <td className="num" data-testid="p99">
                      {ms(p99.get(s.source), lang)}
                    </td>
                  ) : null}
                  <td className="muted">
                    {s.percentileMethod === 'exact' ? t('metrics.percentExact') : s.percentileMethod ? t('metrics.percentEstimated') : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('metrics.api.chart')}</h3>
          <UPlotChart
            kind="time"
            x={chart.x}
            series={chart.series}
            locale={lang}
            showDay={d.window !== '1h'}
            xLabel={t('metrics.chartTime')}
            testId="metrics-api-chart"
            ariaLabel={t('metrics.api.chart')}
          />
          {extras === null ? <ExtrasLocked /> : null}
          {extras
            ? extras.latencyHistograms.map((h) => (
                <div key={h.source} data-testid={`metrics-latency-histogram-${h.source}`}>
                  <h3>
                    {t('metrics.api.latencyTitle')} — {h.source}
                  </h3>
                  <UPlotChart
                    kind="bars"
                    x={h.counts.map((_, i) => i)}
                    categories={h.counts.map((_, i) => bucketLabel(LATENCY_BUCKETS_MS, i, lang))}
                    series={[{ label: t('metrics.api.calls'), values: h.counts }]}
                    testId={`metrics-latency-chart-${h.source}`}
                    ariaLabel={`${t('metrics.api.latencyTitle')} ${h.source}`}
                    height={180}
                  />
                </div>
              ))
            : null}
        </>
      )}
    </section>
  );
}

function CacheGroup({ d, lang }: Props) {
  const { t } = useTranslation();
  const c = d.cache;
  const chart = useMemo(
    () => ({ x: c.hitRateOverTime.slots, series: [{ label: t('metrics.cache.hitRate'), values: c.hitRateOverTime.series[0]?.values ?? [] }] }),
    [c, t],
  );
  const hasSize = c.sizeEntries !== null || c.sizeBytes !== null;
  return (
    <section className="card metrics-group" data-testid="metrics-cache" aria-labelledby="metrics-cache-title">
      <h2 id="metrics-cache-title">{t('metrics.cache.title')}</h2>
      {c.lookups === 0 && c.evictions === 0 ? (
        <>
          <EmptyState title={t('metrics.cache.empty')} testId="metrics-cache-empty" />
          {hasSize ? (
            <p className="muted">
              {t('metrics.cache.size')}: {t('metrics.cache.sizeValue', { entries: count(c.sizeEntries, lang), bytes: bytes(c.sizeBytes, lang) })}
            </p>
          ) : null}
        </>
      ) : (
        <>
          <dl className="metrics-figures">
            <div>
              <dt>{t('metrics.cache.lookups')}</dt>
              <dd>{count(c.lookups, lang)}</dd>
            </div>
            <div>
              <dt>{t('metrics.cache.hitRate')}</dt>
              <dd data-testid="cache-hit-rate">{pct(c.hitRate, lang)}</dd>
            </div>
            <div>
              <dt>{t('metrics.cache.missRate')}</dt>
              <dd>{pct(c.missRate, lang)}</dd>
            </div>
            <div>
              <dt>{t('metrics.cache.evictionRate')}</dt>
              <dd>{pct(c.evictionRate, lang)}</dd>
            </div>
            <div>
              <dt>{t('metrics.cache.evictions')}</dt>
              <dd>{count(c.evictions, lang)}</dd>
            </div>
            <div>
              <dt>{t('metrics.cache.size')}</dt>
              <dd>{hasSize ? t('metrics.cache.sizeValue', { entries: count(c.sizeEntries, lang), bytes: bytes(c.sizeBytes, lang) }) : '—'}</dd>
            </div>
          </dl>
          <h3>{t('metrics.cache.chart')}</h3>
          <UPlotChart
            kind="time"
            x={chart.x}
            series={chart.series}
            yFormat={(v) => pct(v, lang, 0)}
            locale={lang}
            showDay={d.window !== '1h'}
            xLabel={t('metrics.chartTime')}
            testId="metrics-cache-chart"
            ariaLabel={t('metrics.cache.chart')}
            height={180}
          />
        </>
      )}
    </section>
  );
}

function ComplianceGroup({ d, lang }: Props) {
  const { t } = useTranslation();
  const k = d.compliance;
  return (
    <section className="card metrics-group" data-testid="metrics-compliance" aria-labelledby="metrics-compliance-title">
      <h2 id="metrics-compliance-title">{t('metrics.compliance.title')}</h2>
      {k.checks === 0 ? (
        <EmptyState title={t('metrics.compliance.empty')} testId="metrics-compliance-empty" />
      ) : (
        <>
          <dl className="metrics-figures">
            <div>
              <dt>{t('metrics.compliance.checks')}</dt>
              <dd>{count(k.checks, lang)}</dd>
            </div>
            <div>
              <dt>{t('metrics.compliance.average')}</dt>
              <dd data-testid="compliance-average">{count(k.averageScore, lang, 1)}</dd>
            </div>
            <div>
              <dt>{t('metrics.compliance.range')}</dt>
              <dd>
                {count(k.minScore, lang, 1)} / {count(k.maxScore, lang, 1)}
              </dd>
            </div>
          </dl>
          {k.scored > 0 ? (
            <>
              <h3>{t('metrics.compliance.histogram')}</h3>
              <UPlotChart
                kind="bars"
                x={k.scoreHistogram.counts.map((_, i) => i)}
                categories={k.scoreHistogram.counts.map((_, i) => bucketLabel(k.scoreHistogram.bounds, i, lang))}
                series={[{ label: t('metrics.compliance.checks'), values: k.scoreHistogram.counts }]}
                testId="metrics-score-histogram"
                ariaLabel={t('metrics.compliance.histogram')}
                height={180}
              />
            </>
          ) : null}
          <h3>{t('metrics.compliance.topViolations')}</h3>
          {k.topViolations.length === 0 ? (
            <p className="muted">{t('metrics.compliance.noViolations')}</p>
          ) : (
            <table className="data" data-testid="metrics-violations">
              <thead>
                <tr>
                  <th>{t('metrics.compliance.rule')}</th>
                  <th className="num">{t('metrics.compliance.count')}</th>
                </tr>
              </thead>
              <tbody>
                {k.topViolations.map((v) => (
                  <tr key={v.rule}>
                    <td>{v.rule}</td>
                    <td className="num">{count(v.count, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

function FeaturesGroup({ d, lang }: Props) {
  const { t } = useTranslation();
  return (
    <section className="card metrics-group" data-testid="metrics-features" aria-labelledby="metrics-features-title">
      <h2 id="metrics-features-title">{t('metrics.features.title')}</h2>
      <table className="data">
        <thead>
          <tr>
            <th>{t('metrics.features.flag')}</th>
            <th>{t('metrics.features.state')}</th>
            <th>{t('metrics.features.reason')}</th>
            <th className="num">{t('metrics.features.evaluations')}</th>
            <th className="num">{t('metrics.features.exposures')}</th>
            <th>{t('metrics.features.variants')}</th>
          </tr>
        </thead>
        <tbody>
          {d.features.flags.map((f) => (
            <tr key={f.flag} data-testid={`metrics-flag-${f.flag}`}>
              <td>
                <code>{f.flag}</code>
              </td>
              <td>{f.enabled ? t('metrics.features.on') : t('metrics.features.off')}</td>
              <td>{f.reason}</td>
              <td className="num">{count(f.evaluations, lang)}</td>
              <td className="num" data-testid="exposures">
                {count(f.exposures, lang)}
              </td>
              <td>{f.variants.length ? f.variants.map((v) => `${v.variant}: ${count(v.exposures, lang)}`).join(', ') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function CostGroup({ d, extras, lang }: Props) {
  const { t } = useTranslation();
  const c = d.cost;
  return (
    <section className="card metrics-group" data-testid="metrics-cost" aria-labelledby="metrics-cost-title">
      <h2 id="metrics-cost-title">{t('metrics.cost.title')}</h2>
      {c.totalCalls === 0 && c.exports === 0 ? (
        <EmptyState title={t('metrics.cost.empty')} testId="metrics-cost-empty" />
      ) : (
        <>
          <table className="data" data-testid="metrics-cost-table">
            <thead>
              <tr>
                <th>{t('metrics.cost.source')}</th>
                <th className="num">{t('metrics.cost.calls')}</th>
                <th className="num">{t('metrics.cost.bytes')}</th>
              </tr>
            </thead>
            <tbody>
              {c.perSource.map((s) => (
                <tr key={s.source}>
                  <td>{s.source}</td>
                  <td className="num">{count(s.calls, lang)}</td>
                  <td className="num">{bytes(s.bytes, lang)}</td>
                </tr>
              ))}
              <tr className="metrics-total">
                <td>{t('metrics.cost.total')}</td>
                <td className="num">{count(c.totalCalls, lang)}</td>
                <td className="num">{bytes(c.totalBytes, lang)}</td>
              </tr>
            </tbody>
          </table>
          <p className="muted">
            {t('metrics.cost.exports')}: {count(c.exports, lang)} ({bytes(c.exportBytes, lang)})
          </p>
          {extras === null ? <ExtrasLocked /> : null}
          {extras && extras.costPerReport.length > 0 ? (
            <>
              <h3>{t('metrics.cost.perReport')}</h3>
              <table className="data" data-testid="metrics-cost-per-report">
                <thead>
                  <tr>
                    <th>{t('metrics.cost.report')}</th>
                    <th className="num">{t('metrics.cost.calls')}</th>
                    <th className="num">{t('metrics.cost.bytes')}</th>
                    <th className="num">{t('metrics.cost.exports')}</th>
                    <th className="num">{t('metrics.cost.checks')}</th>
                  </tr>
                </thead>
                <tbody>
                  {extras.costPerReport.map((r) => (
                    <tr key={r.reportId}>
                      <td>
                        <code>{r.reportId.slice(0, 8)}</code>
                      </td>
                      <td className="num">{count(r.calls, lang)}</td>
                      <td className="num">{bytes(r.bytes, lang)}</td>
                      <td className="num">{count(r.exports, lang)}</td>
                      <td className="num">{count(r.checks, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}

function PushPanel() {
  const { t } = useTranslation();
  const { push, setPushEnabled } = useMetricsStore();
  const lang = useAppStore((s) => s.language);
  if (!push) return null;
  return (
    <section className="card metrics-group" data-testid="metrics-push" aria-labelledby="metrics-push-title">
      <h2 id="metrics-push-title">{t('metrics.push.title')}</h2>
      <p>{push.url ? t('metrics.push.configured', { url: push.url }) : t('metrics.push.notConfigured')}</p>
      <label className="inline-field">
        <input type="checkbox" checked={push.enabled} onChange={(e) => void setPushEnabled(e.target.checked)} data-testid="metrics-push-enabled" />
        {t('metrics.push.enable')}
      </label>
      <p className="muted">{t('metrics.push.workstation', { id: push.workstation })}</p>
      {push.lastPushAt ? <p className="muted">{t('metrics.push.lastPush', { time: new Date(push.lastPushAt).toLocaleString(lang) })}</p> : null}
      {push.lastError ? <p className="metrics-bad">{t('metrics.push.lastError', { error: push.lastError })}</p> : null}
    </section>
  );
}

export function MetricsView() {
  const { t } = useTranslation();
  const lang = useAppStore((s) => s.language);
  const { window, dashboard, extras, health, loading, error, load, setWindow, clearError } = useMetricsStore();
  // The dashboard shows the advanced analytics while the flag is on: one use per showing, however often it reloads.
  useFlag('ADVANCED_ANALYTICS');
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="view metrics-view" data-testid="metrics-view">
      <header className="view-header">
        <h1>{t('metrics.title')}</h1>
        <label className="inline-field">
          {t('metrics.window')}
          <select value={window} onChange={(e) => void setWindow(e.target.value as MetricsWindow)} data-testid="metrics-window">
            {METRICS_WINDOWS.map((w) => (
              <option key={w} value={w}>
                {t(`metrics.windows.${w}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void load()} disabled={loading} data-testid="metrics-refresh">
          {t('metrics.refresh')}
        </button>
      </header>
      <p className="muted">{t('metrics.subtitle')}</p>
      <ErrorBanner message={error} onDismiss={clearError} />
      {!dashboard ? (
        <p className="muted" data-testid="metrics-loading">
          {t('metrics.loading')}
        </p>
      ) : (
        <>
          <p className="muted" data-testid="metrics-generated">
            {t('metrics.generatedAt', { time: new Date(dashboard.generatedAt).toLocaleString(lang) })}
            {dashboard.totalEvents === 0 ? ` — ${t('metrics.noDataWindow')}` : ''}
          </p>
          <ApiGroup d={dashboard} extras={extras} lang={lang} />
          <CacheGroup d={dashboard} extras={extras} lang={lang} />
          <ComplianceGroup d={dashboard} extras={extras} lang={lang} />
          <FeaturesGroup d={dashboard} extras={extras} lang={lang} />
          <CostGroup d={dashboard} extras={extras} lang={lang} />
        </>
      )}
      {health ? <RolloutHealthPanel health={health} lang={lang} /> : null}
      <PushPanel />
    </section>
  );
}
