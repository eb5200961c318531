import { useTranslation } from 'react-i18next';
import { CONSENT_STATUSES, newElementId } from '../../../../shared/trs/model';
import type { Path } from '../edit';
import { CheckboxField, DateField, NumberField, SelectField, TextField } from '../fields';
import { binder, ListControls, type PaneProps } from './pane-kit';

export function QualifiedPersonsPane(props: PaneProps) {
  const { t } = useTranslation();
  const b = binder(props);
  const qps = props.document.qualifiedPersons;
  const firm = props.document.signingFirm;
  const consentOptions = CONSENT_STATUSES.map((s) => ({ value: s, label: t(`trs.consent.${s}`) }));
  return (
    <section className="trs-pane" data-testid="trs-pane-qps">
      <h2>{t('trs.panes.qualifiedPersons')}</h2>
      {qps.map((q, i) => {
        const p = (k: string): Path => ['qualifiedPersons', i, k];
        return (
          <fieldset className="trs-subtable" key={q.id}>
            <legend>{q.name || t('trs.qp.unnamed')}</legend>
            <div className="trs-form-grid">
              <TextField label={t('trs.qp.name')} {...b.text(p('name'))} />
              <TextField label={t('trs.qp.rpo')} {...b.text(p('rpo'))} />
              <TextField label={t('trs.qp.membershipNumber')} {...b.text(p('membershipNumber'))} />
              <TextField label={t('trs.qp.credentials')} {...b.text(p('credentials'))} />
              <NumberField label={t('trs.qp.years')} {...b.num(p('yearsRelevantExperience'))} />
              <TextField label={t('trs.qp.employer')} {...b.text(p('employer'))} />
              <CheckboxField label={t('trs.qp.isEmployee')} value={q.isRegistrantEmployee} onChange={(v) => b.set(p('isRegistrantEmployee'), v)} />
              <TextField label={t('trs.qp.affiliation')} {...b.text(p('affiliationWithRegistrant'))} multiline maxLength={20000} className="wide" />
              <TextField
                label={t('trs.qp.sections')}
                value={q.sectionsResponsible.join(', ')}
                onChange={(v) =>
                  b.set(
                    p('sectionsResponsible'),
                    [
                      ...new Set(
                        v
                          .split(/[^0-9]+/)
                          .filter(Boolean)
                          .map(Number)
                          .filter((n) => n >= 1 && n <= 25),
                      ),
                    ].sort((x, y) => x - y),
                  )
                }
              />
              <DateField label={t('trs.qp.inspectionDate')} {...b.date(['qualifiedPersons', i, 'personalInspection', 'date'])} />
              <TextField
                label={t('trs.qp.inspection')}
                {...b.text(['qualifiedPersons', i, 'personalInspection', 'description'])}
                multiline
                maxLength={20000}
                className="wide"
              />
              <DateField label={t('trs.qp.signatureDate')} {...b.date(p('signatureDate'))} />
              <SelectField label={t('trs.qp.consent')} value={q.consentStatus} options={consentOptions} onChange={(v) => b.set(p('consentStatus'), v)} />
              <DateField label={t('trs.qp.consentDate')} {...b.date(p('consentDate'))} />
            </div>
            <button
              type="button"
              className="danger"
              onClick={() =>
                b.set(
                  ['qualifiedPersons'],
                  qps.filter((_, j) => j !== i),
                )
              }
            >
              {t('trs.qp.remove')}
            </button>
          </fieldset>
        );
      })}
      <ListControls
        testId="trs-add-qp"
        addLabel={t('trs.qp.add')}
        onAdd={() =>
          b.set(
            ['qualifiedPersons'],
            [
              ...qps,
              {
                id: newElementId(),
                name: '',
                rpo: '',
                membershipNumber: '',
                credentials: '',
                yearsRelevantExperience: null,
                employer: '',
                isRegistrantEmployee: false,
                affiliationWithRegistrant: '',
                sectionsResponsible: [],
                personalInspection: { date: null, description: '' },
                signatureDate: null,
                consentStatus: 'notRequested',
                consentDate: null,
              },
            ],
          )
        }
      />
      <fieldset className="trs-subtable">
        <legend>{t('trs.qp.firm')}</legend>
        {firm ? (
          <div className="trs-form-grid">
            <TextField label={t('trs.qp.firmName')} {...b.text(['signingFirm', 'name'])} />
            <TextField label={t('trs.qp.firmAddress')} {...b.text(['signingFirm', 'address'])} multiline />
            <DateField label={t('trs.qp.signatureDate')} {...b.date(['signingFirm', 'signatureDate'])} />
            <SelectField
              label={t('trs.qp.consent')}
              value={firm.consentStatus}
              options={consentOptions}
              onChange={(v) => b.set(['signingFirm', 'consentStatus'], v)}
            />
            <DateField label={t('trs.qp.consentDate')} {...b.date(['signingFirm', 'consentDate'])} />
            <fieldset>
              <legend>{t('trs.qp.firmQps')}</legend>
              {qps.map((q) => (
                <CheckboxField
                  key={q.id}
                  label={q.name || q.id}
                  value={firm.qualifiedPersonIds.includes(q.id)}
                  onChange={(v) =>
                    b.set(['signingFirm', 'qualifiedPersonIds'], v ? [...firm.qualifiedPersonIds, q.id] : firm.qualifiedPersonIds.filter((x) => x !== q.id))
                  }
                />
              ))}
            </fieldset>
            <button type="button" className="link" onClick={() => b.set(['signingFirm'], null)}>
              {t('trs.tables.remove')}
            </button>
          </div>
        ) : (
          <ListControls
            addLabel={t('trs.qp.addFirm')}
            onAdd={() =>
              b.set(['signingFirm'], { name: '', address: '', signatureDate: null, consentStatus: 'notRequested', consentDate: null, qualifiedPersonIds: [] })
            }
          />
        )}
      </fieldset>
    </section>
  );
}
