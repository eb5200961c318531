import { useTranslation } from 'react-i18next';
import { newElementId, type CostEstimate } from '../../../../shared/trs/model';
import { formatLocaleNumber } from '../../../../shared/trs/numbers';
import { DateField, NumberField, SelectField, TextField, useNumberLocale } from '../fields';
import { ListControls, RemoveRowButton, binder, withoutIndex, type PaneProps } from './pane-kit';

function CostEditor(props: PaneProps & { field: 'capitalCosts' | 'operatingCosts' }) {
  const { t } = useTranslation();
  const locale = useNumberLocale();
  const b = binder(props);
  const est = props.document[props.field];
  const f = props.field;
  if (!est) {
    const empty: CostEstimate = { currency: 'USD', basisDate: null, accuracyPercent: null, contingencyPercent: null, items: [], notes: '' };
    return <ListControls testId={`trs-add-${f}`} addLabel={t(`trs.costs.add.${f}`)} onAdd={() => b.set([f], empty)} />;
  }
  const subtotal = est.items.reduce((s, i) => s + (i.amount ?? 0), 0);
  return (
    <fieldset className="trs-subtable" data-testid={`trs-${f}`}>
      <legend>{t(`trs.costs.${f}`)}</legend>
      <div className="trs-form-grid">
        <TextField label={t('trs.costs.currency')} {...b.text([f, 'currency'])} maxLength={3} />
        <DateField label={t('trs.costs.basisDate')} {...b.date([f, 'basisDate'])} />
        <NumberField label={t('trs.costs.accuracy')} unit="± %" {...b.num([f, 'accuracyPercent'])} />
        <NumberField label={t('trs.costs.contingency')} unit="%" {...b.num([f, 'contingencyPercent'])} />
        <TextField label={t('trs.tables.notes')} {...b.text([f, 'notes'])} multiline maxLength={20000} className="wide" />
      </div>
      <table className="trs-grid">
        <thead>
          <tr>
            <th>{t('trs.costs.category')}</th>
            <th>{t('trs.tables.description')}</th>
            <th>{t('trs.costs.amount')}</th>
            <th>{t('trs.tables.unit')}</th>
            <th>{t('trs.costs.phase')}</th>
            <th aria-label={t('trs.tables.actions')} />
          </tr>
        </thead>
        <tbody>
          {est.items.map((item, i) => (
            <tr key={item.id}>
              <td>
                <TextField hideLabel label={t('trs.costs.category')} {...b.text([f, 'items', i, 'category'])} />
              </td>
              <td>
                <TextField hideLabel label={t('trs.tables.description')} {...b.text([f, 'items', i, 'description'])} />
              </td>
              <td>
                <NumberField hideLabel label={t('trs.costs.amount')} {...b.num([f, 'items', i, 'amount'])} />
              </td>
              <td>
                <TextField hideLabel label={t('trs.tables.unit')} {...b.text([f, 'items', i, 'unit'])} maxLength={30} />
              </td>
              <td>
                <SelectField
                  hideLabel
                  label={t('trs.costs.phase')}
                  value={item.phase}
                  options={(['initial', 'sustaining', 'closure', 'operating'] as const).map((p) => ({ value: p, label: t(`trs.costs.phases.${p}`) }))}
                  onChange={(v) => b.set([f, 'items', i, 'phase'], v)}
                />
              </td>
              <td>
                <RemoveRowButton onClick={() => b.set([f, 'items'], withoutIndex(est.items, i))} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th colSpan={2}>{t('trs.costs.subtotalWithContingency')}</th>
            <td colSpan={4} data-testid={`trs-${f}-total`}>
              {formatLocaleNumber(subtotal, locale, { maximumFractionDigits: 2 })} →{' '}
              {formatLocaleNumber(subtotal * (1 + (est.contingencyPercent ?? 0) / 100), locale, { maximumFractionDigits: 2 })}
            </td>
          </tr>
        </tfoot>
      </table>
      <div className="trs-inline-row">
        <ListControls
          addLabel={t('trs.costs.addItem')}
          onAdd={() =>
            b.set(
              [f, 'items'],
              [
                ...est.items,
                {
                  id: newElementId(),
                  category: '',
                  description: '',
                  amount: null,
                  unit: f === 'capitalCosts' ? est.currency : `${est.currency}/t`,
                  phase: f === 'capitalCosts' ? 'initial' : 'operating',
                },
              ],
            )
          }
        />
        <button type="button" className="link" onClick={() => b.set([f], null)}>
          {t('trs.tables.remove')}
        </button>
      </div>
    </fieldset>
  );
}

export function CostsPane(props: PaneProps) {
  const { t } = useTranslation();
  return (
    <section className="trs-pane" data-testid="trs-pane-costs">
      <h2>{t('trs.panes.costs')}</h2>
      <CostEditor {...props} field="capitalCosts" />
      <CostEditor {...props} field="operatingCosts" />
    </section>
  );
}
