import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { codeLabel } from '../../../../shared/trs/code-labels';
import { factAgeSeconds, officialFactsOf } from '../../../../shared/official/report-facts';
import type { FactValue, OfficialFact } from '../../../../shared/trs/model';
import { qivo } from '../../../api/client';
import { errorText } from '../../../i18n';
import { formatDateTime } from '../../../format';
import { useAge } from '../../official/use-age';
import { useTrsStore } from '../trs-store';
import type { PaneProps } from './pane-kit';

interface Refreshed {
  referenceId: string;
  latest: OfficialFact;
  changes: Array<{ field: string; before: FactValue; after: FactValue }>;
  cacheAgeSeconds: number | undefined;
}

const show = (v: FactValue) => (v === null || v === '' ? '—' : String(v));

/**
 * The official facts this report cites (section 24 references of kind officialFact) with their age.
 * Remove, and "Update from source": main fetches the record again and the pane shows old → new
 * before anything is written.
 */
export function SourcesPane(props: PaneProps & { reportId: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'en' ? 'en' : 'pt-BR';
  const age = useAge();
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [refreshed, setRefreshed] = useState<Refreshed | undefined>();
  const facts = officialFactsOf(props.document);
  const now = new Date();

  // Writes go through main (one TRS save); the editor saves its pending edits first and reloads after.
  const write = async (id: string, action: () => Promise<unknown>) => {
    setBusy(id);
    setError(undefined);
    try {
      await useTrsStore.getState().flush();
      await action();
      await useTrsStore.getState().reload();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(undefined);
    }
  };
  const refresh = async (referenceId: string) => {
    setBusy(referenceId);
    setError(undefined);
    setRefreshed(undefined);
    try {
      const r = await qivo.official.refreshFact({ reportId: props.reportId, referenceId });
      setRefreshed({ referenceId, latest: r.latest, changes: r.changes, cacheAgeSeconds: r.source.cache === 'miss' ? undefined : r.source.ageSeconds });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section className="trs-pane" data-testid="trs-pane-sources">
      <h2>{t('official.reportSources.title')}</h2>
      <p className="muted">{t('official.reportSources.intro')}</p>
      {error ? (
        <p className="banner banner-error" role="alert" data-testid="sources-error">
          {error}
        </p>
      ) : null}
      {facts.length === 0 ? (
        <p className="muted" data-testid="sources-empty">
          {t('official.reportSources.empty')}
        </p>
      ) : null}
      {facts.length > 0 ? (
        <table className="official-table">
          <thead>
            <tr>
              <th>{t('official.reportSources.record')}</th>
              <th>{t('official.reportSources.fetchedAt')}</th>
              <th>{t('official.reportSources.age')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {facts.map(({ reference, fact }) => (
              <tr key={reference.id} data-testid="sources-row" data-record={fact.recordId} data-agency={fact.agency}>
                <td>
                  <strong>
                    {fact.agency} · {fact.dataset}
                  </strong>
                  <br />
                  {codeLabel('officialRecordType', fact.recordType, language)} {fact.recordId}
                  <br />
                  <a href={fact.url} className="muted sources-url" target="_blank" rel="noreferrer" data-testid="sources-url">
                    {fact.url}
                  </a>
                </td>
                <td>{formatDateTime(fact.fetchedAt, language)}</td>
                <td data-testid="sources-age">{age(factAgeSeconds(fact, now))}</td>
                <td>
                  <button type="button" disabled={busy !== undefined} onClick={() => void refresh(reference.id)} data-testid="sources-update">
                    {busy === reference.id ? t('official.reportSources.updating') : t('official.reportSources.update')}
                  </button>{' '}
                  <button
                    type="button"
                    className="link"
                    disabled={busy !== undefined}
                    onClick={() => void write(reference.id, () => qivo.official.removeFact({ reportId: props.reportId, referenceId: reference.id }))}
                    data-testid="sources-remove"
                  >
                    {t('official.reportSources.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {refreshed ? (
        <section className="card" data-testid="sources-changes">
          <h3>
            {t('official.reportSources.changesTitle', {
              agency: refreshed.latest.agency,
              date: formatDateTime(facts.find((f) => f.reference.id === refreshed.referenceId)?.fact.fetchedAt ?? refreshed.latest.fetchedAt, language),
            })}
          </h3>
          <p className="muted">
            {refreshed.cacheAgeSeconds === undefined
              ? t('official.reportSources.live')
              : t('official.reportSources.cached', { age: age(refreshed.cacheAgeSeconds) })}
          </p>
          {refreshed.changes.length === 0 ? (
            <p data-testid="sources-no-changes">{t('official.reportSources.noChanges')}</p>
          ) : (
            <table className="official-table">
              <tbody>
                {refreshed.changes.map((c) => (
                  <tr key={c.field} data-testid="sources-change">
                    <th scope="row">{t(`official.factValues.${c.field}`, { defaultValue: c.field })}</th>
                    <td>{show(c.before)}</td>
                    <td>→ {show(c.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={() => setRefreshed(undefined)}>
              {t('official.apply.cancel')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={busy !== undefined}
              onClick={() =>
                void write(refreshed.referenceId, async () => {
                  await qivo.official.insertIntoReport({ reportId: props.reportId, fact: refreshed.latest });
                  setRefreshed(undefined);
                })
              }
              data-testid="sources-apply-changes"
            >
              {t('official.reportSources.applyChanges')}
            </button>
          </div>
        </section>
      ) : null}
    </section>
  );
}
