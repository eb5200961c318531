import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplyField } from '../../../shared/official/apply-official';
import { useOfficialStore } from './official-store';

/** "Apply to report": current vs proposed per field, each accepted or skipped. The fields come from shared/official/apply-official.ts. */
export function ApplyDialog() {
  const { t } = useTranslation();
  const { proposal, apply, closeApply } = useOfficialStore();
  const [skipped, setSkipped] = useState<ReadonlySet<ApplyField>>(new Set());
  if (!proposal) return null;
  const open = proposal.changes.filter((c) => !c.same);
  const accept = open.map((c) => c.field).filter((f) => !skipped.has(f));
  const toggle = (field: ApplyField) =>
    setSkipped((s) => {
      const next = new Set(s);
      if (next.has(field)) next.delete(field);
      else next.add(field);
      return next;
    });
  return (
    <div className="dialog-backdrop" role="presentation">
      <section
        className="card dialog official-apply"
        role="dialog"
        aria-modal="true"
        aria-labelledby="official-apply-title"
        data-testid="official-apply-dialog"
      >
        <h2 id="official-apply-title">{t('official.apply.title', { process: proposal.fact.recordId })}</h2>
        <p className="muted">{t('official.apply.intro')}</p>
        {open.length === 0 ? <p data-testid="official-apply-nothing">{t('official.apply.nothing')}</p> : null}
        <table className="official-table">
          <thead>
            <tr>
              <th />
              <th>{t('official.apply.field')}</th>
              <th>{t('official.apply.current')}</th>
              <th>{t('official.apply.proposed')}</th>
            </tr>
          </thead>
          <tbody>
            {proposal.changes.map((c) => (
              <tr key={c.field} data-testid="official-apply-row" data-field={c.field}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t(`official.apply.fields.${c.field}`)}
                    checked={!c.same && !skipped.has(c.field)}
                    disabled={c.same}
                    onChange={() => toggle(c.field)}
                    data-testid={`official-apply-accept-${c.field}`}
                  />
                </td>
                <th scope="row">{t(`official.apply.fields.${c.field}`)}</th>
                <td data-testid={`official-apply-current-${c.field}`}>{c.current || '—'}</td>
                <td data-testid={`official-apply-proposed-${c.field}`}>
                  {c.proposed}
                  {c.same ? <span className="muted"> ({t('official.apply.same')})</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="dialog-actions">
          <button type="button" onClick={closeApply} data-testid="official-apply-cancel">
            {t('official.apply.cancel')}
          </button>
          <button type="button" className="primary" disabled={accept.length === 0} onClick={() => void apply(accept)} data-testid="official-apply-confirm">
            {t('official.apply.confirm')}
          </button>
        </div>
      </section>
    </div>
  );
}
