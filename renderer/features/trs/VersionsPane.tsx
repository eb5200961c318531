import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrsDiffEntry, TrsVersion } from '../../../shared/ipc/trs-contract';
import { qivo } from '../../api/client';
import { errorText } from '../../i18n';
import { useTrsStore } from './trs-store';
import { formatDateTime } from '../../format';

/** Version history: named snapshots, a diff between any two versions (or the current one), restore. */
export function VersionsPane(props: { reportId: string }) {
  const { t } = useTranslation();
  const flush = useTrsStore((s) => s.flush);
  const reload = useTrsStore((s) => s.reload);
  const revision = useTrsStore((s) => s.revision);
  const [versions, setVersions] = useState<TrsVersion[]>([]);
  const [name, setName] = useState('');
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [diff, setDiff] = useState<TrsDiffEntry[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();

  const load = useCallback(async () => {
    try {
      setVersions(await qivo.trs.listVersions({ reportId: props.reportId }));
    } catch (e) {
      setError(errorText(e));
    }
  }, [props.reportId]);
  useEffect(() => {
    void load();
  }, [load, revision]);

  const snapshot = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await flush();
      await qivo.trs.createVersion({ reportId: props.reportId, name });
      setName('');
      setMessage(t('trs.versions.created'));
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const compare = async () => {
    setError(undefined);
    try {
      await flush();
      setDiff(await qivo.trs.diff({ reportId: props.reportId, from, to }));
    } catch (err) {
      setError(errorText(err));
    }
  };

  const restore = async (versionId: number) => {
    setError(undefined);
    try {
      await flush();
      await qivo.trs.restoreVersion({ reportId: props.reportId, versionId });
      await reload();
      setMessage(t('trs.versions.restored'));
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const label = (v: TrsVersion) => `${v.name || t(`trs.versions.kinds.${v.kind}`)} — r${v.revision} — ${formatDateTime(v.createdAt)}`;
  const options = [{ value: '', label: t('trs.versions.current') }, ...versions.map((v) => ({ value: String(v.id), label: label(v) }))];

  return (
    <section className="trs-pane" data-testid="trs-pane-versions">
      <h2>{t('trs.panes.versions')}</h2>
      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}
      {message ? (
        <div className="banner" role="status">
          {message}
        </div>
      ) : null}
      <form className="trs-inline-row" onSubmit={(e) => void snapshot(e)}>
        <label className="trs-field">
          <span>{t('trs.versions.name')}</span>
          <input value={name} required maxLength={120} onChange={(e) => setName(e.target.value)} data-testid="trs-version-name" />
        </label>
        <button type="submit" className="primary" data-testid="trs-version-create">
          {t('trs.versions.create')}
        </button>
      </form>
      <ul className="plain-list" data-testid="trs-version-list">
        {versions.map((v) => (
          <li key={v.id} className="trs-version" data-testid="trs-version">
            <span>{label(v)}</span>
            <button type="button" onClick={() => void restore(v.id)} data-testid="trs-version-restore">
              {t('trs.versions.restore')}
            </button>
          </li>
        ))}
      </ul>
      <div className="trs-inline-row">
        <label className="trs-field">
          <span>{t('trs.versions.from')}</span>
          <select value={from ?? ''} onChange={(e) => setFrom(e.target.value ? Number(e.target.value) : null)} data-testid="trs-diff-from">
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label className="trs-field">
          <span>{t('trs.versions.to')}</span>
          <select value={to ?? ''} onChange={(e) => setTo(e.target.value ? Number(e.target.value) : null)} data-testid="trs-diff-to">
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void compare()} data-testid="trs-diff-run">
          {t('trs.versions.compare')}
        </button>
      </div>
      {diff ? (
        diff.length === 0 ? (
          <p className="muted" data-testid="trs-diff-empty">
            {t('trs.versions.noDifferences')}
          </p>
        ) : (
          <ul className="plain-list trs-diff" data-testid="trs-diff">
            {diff.map((d) => (
              <li key={d.path} className="card">
                <strong>{d.section !== null ? t('trs.versions.section', { number: d.section }) : d.path}</strong>{' '}
                <span className="muted">{t(`trs.versions.changes.${d.change}`)}</span>
                <pre className="trs-diff-text">
                  {d.parts.map((p, i) =>
                    p.op === 'equal' ? (
                      <span key={i}>{p.text.length > 400 ? `${p.text.slice(0, 180)} … ${p.text.slice(-180)}` : p.text}</span>
                    ) : p.op === 'added' ? (
                      <ins key={i}>{p.text}</ins>
                    ) : (
                      <del key={i}>{p.text}</del>
                    ),
                  )}
                </pre>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </section>
  );
}
