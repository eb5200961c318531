import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useAge } from './use-age';
import { useTranslation } from 'react-i18next';
import { SOURCE_IDS, type Provenance, type SourceId } from '../../../shared/official/records';
import type { Language } from '../../../shared/ipc/system-contract';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatDateTime, formatNumber } from '../../format';
import { useFlagsStore } from '../flags/flags-store';
import {
  anmProcessFact,
  anpBlockFact,
  anpFieldFact,
  anpWellFact,
  ibamaEmbargoFact,
  ibamaLicenceFact,
  sgbOccurrenceFact,
  sgbUnitFact,
} from '../../../shared/official/report-facts';
import type { OfficialFact } from '../../../shared/trs/model';
import { ApplyDialog } from './ApplyDialog';
import { OfficialMap } from './OfficialMap';
import { useOfficialStore, type Section } from './official-store';
import './official.css';

function useLanguage(): Language {
  const { i18n } = useTranslation();
  return i18n.language === 'en' ? 'en' : 'pt-BR';
}

/** Agency, dataset, date of the data and whether it is a cached or offline copy: shown under every fact. */
function SourceLine({ source, testId }: { source: Provenance; testId: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const age = useAge();
  const state = source.cache === 'miss' ? t('official.source.miss') : t(`official.source.${source.cache}`, { age: age(source.ageSeconds) });
  return (
    <p className="official-source" data-testid={testId} data-cache={source.cache}>
      <span>{t('official.source.label', { agency: source.agency, dataset: source.dataset, date: formatDateTime(source.fetchedAt, language) })}</span>
      <span data-testid={`${testId}-state`}>({state})</span>
      <code title={t('official.source.openUrl')}>{source.url}</code>
    </p>
  );
}

function InsertButton({ fact, title, testId }: { fact: OfficialFact; title: string; testId: string }) {
  const { t } = useTranslation();
  const { reportId, insert } = useOfficialStore();
  return (
    <button type="button" className="link" data-testid={testId} disabled={!reportId} title={title} onClick={() => void insert(fact)}>
      {t('official.insert.button')}
    </button>
  );
}

function SectionCard<T>(props: { title: string; testId: string; section: Section<T>; children: (data: T) => ReactNode }) {
  const { t } = useTranslation();
  const { section } = props;
  return (
    <section className="card official-section" data-testid={props.testId} aria-busy={section.state === 'loading'}>
      <h2>{props.title}</h2>
      {section.state === 'loading' ? <p className="muted">{t('common.loading')}</p> : null}
      {section.state === 'error' ? (
        <p className="banner banner-error" role="alert" data-testid={`${props.testId}-error`}>
          {t('official.sectionFailed', { message: section.message })}
        </p>
      ) : null}
      {section.state === 'ok' ? props.children(section.data) : null}
    </section>
  );
}

/** API keys go to main's secret store (safeStorage in the app) and never come back to the window. */
function ApiKeyForm() {
  const { t } = useTranslation();
  const { setApiKey } = useOfficialStore();
  const [source, setSource] = useState<SourceId>('anm');
  const [key, setKey] = useState('');
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (key.trim() && (await setApiKey(source, key.trim()))) setKey('');
  };
  return (
    <form className="official-insert" onSubmit={(e) => void save(e)} data-testid="official-api-key-form">
      <label>
        {t('official.sources.apiKey')}{' '}
        <select value={source} onChange={(e) => setSource(e.target.value as SourceId)} data-testid="official-api-key-source">
          {SOURCE_IDS.map((id) => (
            <option key={id} value={id}>
              {t(`official.sources.names.${id}`)}
            </option>
          ))}
        </select>
      </label>
      <input
        type="password"
        value={key}
        onChange={(e) => setKey(e.target.value)}
        maxLength={512}
        autoComplete="off"
        aria-label={t('official.sources.apiKey')}
        data-testid="official-api-key-input"
      />
      <button type="submit" disabled={!key.trim()} data-testid="official-api-key-save">
        {t('official.sources.saveKey')}
      </button>
      <button type="button" className="link" onClick={() => void setApiKey(source, null)} data-testid="official-api-key-clear">
        {t('official.sources.clearKey')}
      </button>
    </form>
  );
}

function SourcesPanel() {
  const { t } = useTranslation();
  const language = useLanguage();
  const age = useAge();
  const { status, loadStatus } = useOfficialStore();
  return (
    <section className="card official-section" data-testid="official-sources">
      <div className="view-header">
        <h2>{t('official.sources.title')}</h2>
        <button type="button" className="link" onClick={() => void loadStatus()} data-testid="official-sources-refresh">
          {t('official.sources.refresh')}
        </button>
      </div>
      {status ? (
        <>
          <table className="official-table">
            <thead>
              <tr>
                <th>{t('official.sources.source')}</th>
                <th>{t('official.sources.circuit')}</th>
                <th>{t('official.sources.lastSuccess')}</th>
                <th>{t('official.sources.cacheAge')}</th>
                <th>{t('official.sources.entries')}</th>
                <th>{t('official.sources.apiKey')}</th>
              </tr>
            </thead>
            <tbody>
              {status.sources.map((s) => (
                <tr key={s.source} data-testid={`official-source-${s.source}`}>
                  <td title={s.baseUrl}>{t(`official.sources.names.${s.source}`)}</td>
                  <td className={`circuit-${s.circuit}`} data-testid={`official-source-${s.source}-circuit`}>
                    {t(`official.sources.circuitStates.${s.circuit}`)}
                  </td>
                  <td>{s.lastSuccessAt ? formatDateTime(s.lastSuccessAt, language) : t('official.sources.never')}</td>
                  <td>{s.cacheAgeSeconds === null ? '—' : age(s.cacheAgeSeconds)}</td>
                  <td>{formatNumber(s.cachedEntries, language)}</td>
                  <td>{s.apiKeyConfigured ? t('official.sources.yes') : t('official.sources.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted" data-testid="official-cache-figures">
            {t('official.sources.cache', {
              entries: formatNumber(status.cache.entries, language),
              size: `${formatNumber(status.cache.bytes / 1024, language, 1)} KiB`,
              hits: formatNumber(status.cache.hits, language),
              misses: formatNumber(status.cache.misses, language),
              stale: formatNumber(status.cache.staleServes, language),
              evictions: formatNumber(status.cache.evictions, language),
            })}
          </p>
          <ApiKeyForm />
        </>
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
    </section>
  );
}

export function OfficialView() {
  const { t } = useTranslation();
  const language = useLanguage();
  const store = useOfficialStore();
  // Re-evaluated on every flags-store change (flags.changed events included), so the view hides live.
  const flagOn = useFlagsStore((s) => s.isOn('OFFICIAL_INTEGRATIONS'));
  const [number, setNumber] = useState('');
  const [radius, setRadius] = useState('10');
  const { loadStatus, loadReports } = store;

  useEffect(() => {
    if (!flagOn) return;
    void loadStatus();
    void loadReports();
  }, [flagOn, loadStatus, loadReports]);

  if (!flagOn || store.disabled) {
    return (
      <section className="view" data-testid="official-view">
        <header className="view-header">
          <h1>{t('official.title')}</h1>
        </header>
        <EmptyState title={t('official.disabled')} testId="official-disabled" />
      </section>
    );
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const radiusKm = Math.min(Math.max(Number(radius.replace(',', '.')) || 10, 0.1), 200);
    void store.lookup(number, radiusKm);
  };

  const n = (value: number | null | undefined, digits = 2) => (value === null || value === undefined ? '—' : formatNumber(value, language, digits));
  const property = store.property;
  const { occurrences, unit, embargoes, licences, anp } = store.surroundings;

  return (
    <section className="view" data-testid="official-view">
      <header className="view-header">
        <h1>{t('official.title')}</h1>
      </header>
      <p className="muted">{t('official.intro')}</p>
      <ErrorBanner message={store.error} onDismiss={store.clearError} />
      {store.notice !== undefined ? (
        <div className="banner banner-success" role="status" data-testid="official-inserted">
          <span>{t('official.insert.done', { title: store.notice })}</span>
          <button type="button" className="link" onClick={store.clearNotice} aria-label="×">
            ×
          </button>
        </div>
      ) : null}

      {store.proposal ? <ApplyDialog /> : null}
      <form className="card official-lookup" onSubmit={onSubmit}>
        <label>
          {t('official.processLabel')}
          <input
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            placeholder={t('official.processPlaceholder')}
            maxLength={40}
            required
            data-testid="official-process-input"
          />
        </label>
        <label>
          {t('official.radiusLabel')}
          <input value={radius} onChange={(e) => setRadius(e.target.value)} inputMode="decimal" size={6} data-testid="official-radius-input" />
        </label>
        <button type="submit" className="primary" disabled={store.looking} data-testid="official-lookup">
          {store.looking ? t('official.looking') : t('official.lookup')}
        </button>
        <label>
          {t('official.insert.reportLabel')}
          {store.reports.length === 0 ? (
            <span className="muted">{t('official.insert.noReports')}</span>
          ) : (
            <select value={store.reportId} onChange={(e) => store.chooseReport(e.target.value)} data-testid="official-report-select">
              {store.reports.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title}
                </option>
              ))}
            </select>
          )}
        </label>
      </form>

      {property ? (
        <div className="official-grid">
          <div className="view">
            <section className="card official-section" data-testid="official-record">
              <h2>{t('official.record.title', { process: property.record.process })}</h2>
              <dl className="details">
                <dt>{t('official.record.holder')}</dt>
                <dd data-testid="official-holder">{property.record.holder}</dd>
                <dt>{t('official.record.phase')}</dt>
                <dd data-testid="official-phase">{property.record.phase}</dd>
                <dt>{t('official.record.substances')}</dt>
                <dd>{property.record.substances.join(', ')}</dd>
                <dt>{t('official.record.use')}</dt>
                <dd>{property.record.use}</dd>
                <dt>{t('official.record.uf')}</dt>
                <dd>{property.record.uf}</dd>
                <dt>{t('official.record.area')}</dt>
                <dd data-testid="official-area">{t('official.record.areaValue', { area: n(property.record.areaHa), parts: property.record.parts })}</dd>
                <dt>{t('official.record.lastEvent')}</dt>
                <dd>
                  {property.record.lastEvent
                    ? t('official.record.lastEventValue', {
                        code: property.record.lastEvent.code,
                        description: property.record.lastEvent.description,
                        date: property.record.lastEvent.date ?? '—',
                      })
                    : t('official.record.none')}
                </dd>
              </dl>
              <SourceLine source={property.source} testId="official-record-source" />
              <button type="button" className="primary" data-testid="official-apply-open" disabled={!store.reportId} onClick={() => void store.openApply()}>
                {t('official.apply.button')}
              </button>{' '}
              <InsertButton
                testId="official-insert-record"
                fact={anmProcessFact(property)}
                title={t('official.facts.process', {
                  process: property.record.process,
                  holder: property.record.holder,
                  phase: property.record.phase,
                  area: n(property.record.areaHa),
                  parts: property.record.parts,
                  substances: property.record.substances.join(', '),
                })}
              />
            </section>

            <SectionCard title={t('official.sections.occurrences', { radius: n(store.radiusKm, 1) })} testId="official-occurrences" section={occurrences}>
              {(data) => (
                <>
                  {data.records.length === 0 ? <p className="muted">{t('official.empty')}</p> : null}
                  {data.records.length > 0 ? (
                    <table className="official-table">
                      <thead>
                        <tr>
                          <th>{t('official.columns.name')}</th>
                          <th>{t('official.columns.substances')}</th>
                          <th>{t('official.columns.status')}</th>
                          <th>{t('official.columns.distance')}</th>
                          <th />
                        </tr>
                      </thead>
                      <tbody>
                        {data.records.map((o) => (
                          <tr key={o.id} data-testid="official-occurrence-row">
                            <td>{o.toponym ?? '—'}</td>
                            <td>{o.substances ?? '—'}</td>
                            <td>{o.economicStatus ?? '—'}</td>
                            <td>{n(o.distanceKm, 1)} km</td>
                            <td>
                              <InsertButton
                                testId="official-insert-occurrence"
                                fact={sgbOccurrenceFact(o, data.source)}
                                title={t('official.facts.occurrence', {
                                  name: o.toponym ?? o.id,
                                  substances: o.substances ?? '—',
                                  status: o.economicStatus ?? '—',
                                  distance: n(o.distanceKm, 1),
                                })}
                              />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  ) : null}
                  <SourceLine source={data.source} testId="official-occurrences-source" />
                </>
              )}
            </SectionCard>

            <SectionCard title={t('official.sections.unit')} testId="official-unit" section={unit}>
              {(data) => (
                <>
                  {data.record ? (
                    <p>
                      <strong>{data.record.code}</strong> — {data.record.name ?? '—'} ({data.record.eraMax ?? '—'} – {data.record.eraMin ?? '—'}) ·{' '}
                      {data.record.lithotypes ?? ''}{' '}
                      <InsertButton
                        testId="official-insert-unit"
                        fact={sgbUnitFact(data.record, data.source)}
                        title={t('official.facts.unit', { name: data.record.name ?? data.record.code, code: data.record.code })}
                      />
                    </p>
                  ) : (
                    <p className="muted">{t('official.empty')}</p>
                  )}
                  <SourceLine source={data.source} testId="official-unit-source" />
                </>
              )}
            </SectionCard>

            <SectionCard title={t('official.sections.embargoes')} testId="official-embargoes" section={embargoes}>
              {(data) => (
                <>
                  {data.records.length === 0 ? <p className="muted">{t('official.empty')}</p> : null}
                  {data.records.length > 0 ? (
                    <table className="official-table">
                      <thead>
                        <tr>
                          <th>{t('official.columns.term')}</th>
                          <th>{t('official.columns.date')}</th>
                          <th>{t('official.columns.area')}</th>
                          <th>{t('official.columns.holder')}</th>
                          <th />
                        </tr>
                      </thead>
                      <tbody>
                        {data.records.map((e) => (
                          <tr key={`${e.term}-${e.process ?? ''}`} data-testid="official-embargo-row">
                            <td>{e.term}</td>
                            <td>{e.embargoDate ?? '—'}</td>
                            <td>{n(e.areaHa)}</td>
                            <td>{e.holder ?? '—'}</td>
                            <td>
                              <InsertButton
                                testId="official-insert-embargo"
                                fact={ibamaEmbargoFact(e, data.source)}
                                title={t('official.facts.embargo', { term: e.term, date: e.embargoDate ?? '—', area: n(e.areaHa) })}
                              />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  ) : null}
                  <SourceLine source={data.source} testId="official-embargoes-source" />
                </>
              )}
            </SectionCard>

            <SectionCard title={t('official.sections.licences')} testId="official-licences" section={licences}>
              {(data) => (
                <>
                  {data.records.length === 0 ? <p className="muted">{t('official.empty')}</p> : null}
                  {data.records.length > 0 ? (
                    <table className="official-table">
                      <thead>
                        <tr>
                          <th>{t('official.columns.number')}</th>
                          <th>{t('official.columns.type')}</th>
                          <th>{t('official.columns.expires')}</th>
                          <th />
                        </tr>
                      </thead>
                      <tbody>
                        {data.records.map((l) => (
                          <tr key={l.number} data-testid="official-licence-row">
                            <td>{l.number}</td>
                            <td>{l.type ?? '—'}</td>
                            <td>{l.expiresOn ?? '—'}</td>
                            <td>
                              <InsertButton
                                testId="official-insert-licence"
                                fact={ibamaLicenceFact(l, data.source)}
                                title={t('official.facts.licence', { number: l.number, type: l.type ?? '—', expires: l.expiresOn ?? '—' })}
                              />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  ) : null}
                  <SourceLine source={data.source} testId="official-licences-source" />
                </>
              )}
            </SectionCard>

            <SectionCard title={t('official.sections.anp')} testId="official-anp" section={anp}>
              {(data) => {
                const rows = [
                  ...data.blocks.records.map((b) => ({
                    key: `b-${b.code}`,
                    kind: t('official.anpKinds.block'),
                    name: b.name ?? b.code,
                    operator: b.operator,
                    basin: b.basin,
                    fact: anpBlockFact(b, data.blocks.source),
                  })),
                  ...data.fields.records.map((f) => ({
                    key: `f-${f.code}`,
                    kind: t('official.anpKinds.field'),
                    name: f.name ?? f.code,
                    operator: f.operator,
                    basin: f.basin,
                    fact: anpFieldFact(f, data.fields.source),
                  })),
                  ...data.wells.records.map((w) => ({
                    key: `w-${w.register}`,
                    kind: t('official.anpKinds.well'),
                    name: w.name ?? w.register,
                    operator: w.operator,
                    basin: w.basin,
                    fact: anpWellFact(w, data.wells.source),
                  })),
                ];
                return (
                  <>
                    {rows.length === 0 ? <p className="muted">{t('official.empty')}</p> : null}
                    {rows.length > 0 ? (
                      <table className="official-table">
                        <thead>
                          <tr>
                            <th>{t('official.columns.kind')}</th>
                            <th>{t('official.columns.name')}</th>
                            <th>{t('official.columns.operator')}</th>
                            <th>{t('official.columns.basin')}</th>
                            <th />
                          </tr>
                        </thead>
                        <tbody>
                          {rows.map((r) => (
                            <tr key={r.key} data-testid="official-anp-row">
                              <td>{r.kind}</td>
                              <td>{r.name}</td>
                              <td>{r.operator ?? '—'}</td>
                              <td>{r.basin ?? '—'}</td>
                              <td>
                                <InsertButton
                                  testId="official-insert-anp"
                                  fact={r.fact}
                                  title={t('official.facts.anp', { kind: r.kind, name: r.name, operator: r.operator ?? '—' })}
                                />
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    ) : null}
                    <SourceLine source={data.blocks.source} testId="official-anp-source" />
                  </>
                );
              }}
            </SectionCard>
          </div>

          <div className="view">
            {store.center ? (
              <OfficialMap
                layers={{
                  property: property.record.geometry,
                  center: store.center,
                  radiusKm: store.radiusKm,
                  occurrences:
                    occurrences.state === 'ok'
                      ? occurrences.data.records.map((o) => ({ id: o.id, label: `${o.toponym ?? o.id} — ${o.substances ?? ''}`, lon: o.lon, lat: o.lat }))
                      : [],
                  embargoes:
                    embargoes.state === 'ok'
                      ? embargoes.data.records.map((e) => ({
                          id: `${e.term}-${e.process ?? ''}`,
                          label: `IBAMA ${e.term} (${e.embargoDate ?? ''})`,
                          geometry: e.geometry,
                        }))
                      : [],
                  anpAreas:
                    anp.state === 'ok'
                      ? [
                          ...anp.data.blocks.records.map((b) => ({ id: `b-${b.code}`, label: `ANP ${b.name ?? b.code}`, geometry: b.geometry })),
                          ...anp.data.fields.records.map((f) => ({ id: `f-${f.code}`, label: `ANP ${f.name ?? f.code}`, geometry: f.geometry })),
                        ]
                      : [],
                  wells:
                    anp.state === 'ok'
                      ? anp.data.wells.records.map((w) => ({ id: w.register, label: `ANP ${w.name ?? w.register}`, lon: w.lon, lat: w.lat }))
                      : [],
                }}
              />
            ) : null}
          </div>
        </div>
      ) : null}
      {/* Full width under the results: six columns do not fit beside the map. */}
      <SourcesPanel />
    </section>
  );
}
