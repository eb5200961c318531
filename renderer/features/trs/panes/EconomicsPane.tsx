import { useTranslation } from 'react-i18next';
import { newElementId, SENSITIVITY_VARIABLES, type EconomicAnalysis } from '../../../../shared/trs/model';
import { formatLocaleNumber } from '../../../../shared/trs/numbers';
import { irr, npv, paybackYears } from '../../../../shared/trs/units';
import { CheckboxField, NumberField, SelectField, TextField, useNumberLocale } from '../fields';
import { ListControls, RemoveRowButton, binder, withoutIndex, type PaneProps } from './pane-kit';

export function EconomicsPane(props: PaneProps) {
  const { t } = useTranslation();
  const locale = useNumberLocale();
  const b = binder(props);
  const ea = props.document.economicAnalysis;
  if (!ea) {
    const empty: EconomicAnalysis = {
      currency: 'USD',
      amountScale: 1_000_000,
      discountRatePercent: null,
      npv: null,
      irrPercent: null,
      paybackYears: null,
      taxBasis: 'afterTax',
      exchangeRates: [],
      includesInferred: false,
      cautionaryStatement: '',
      cashFlow: [],
      sensitivity: [],
    };
    return (
      <section className="trs-pane" data-testid="trs-pane-economics">
        <h2>{t('trs.panes.economics')}</h2>
        <ListControls testId="trs-add-economics" addLabel={t('trs.economics.add')} onAdd={() => b.set(['economicAnalysis'], empty)} />
      </section>
    );
  }
  const flows = ea.cashFlow.map((r) => r.netCashFlow ?? 0);
  const computedNpv = ea.discountRatePercent === null ? null : npv(ea.discountRatePercent, flows);
  const computedIrr = flows.length ? irr(flows) : null;
  const computedPayback = paybackYears(flows);
  const fmt = (v: number | null) => formatLocaleNumber(v, locale, { maximumFractionDigits: 2 });
  const cashCols = ['revenue', 'operatingCost', 'royalties', 'capitalCost', 'taxes', 'netCashFlow'] as const;
  return (
    <section className="trs-pane" data-testid="trs-pane-economics">
      <h2>{t('trs.panes.economics')}</h2>
      <div className="trs-form-grid">
        <TextField label={t('trs.costs.currency')} {...b.text(['economicAnalysis', 'currency'])} maxLength={3} />
        <SelectField
          label={t('trs.economics.scale')}
          value={String(ea.amountScale)}
          options={[
            { value: '1', label: '1' },
            { value: '1000', label: '10³' },
            { value: '1000000', label: '10⁶' },
          ]}
          onChange={(v) => b.set(['economicAnalysis', 'amountScale'], Number(v))}
        />
        <NumberField label={t('trs.economics.discountRate')} unit="%" {...b.num(['economicAnalysis', 'discountRatePercent'])} />
        <NumberField label={t('trs.economics.npv')} {...b.num(['economicAnalysis', 'npv'])} />
        <NumberField label={t('trs.economics.irr')} unit="%" {...b.num(['economicAnalysis', 'irrPercent'])} />
        <NumberField label={t('trs.economics.payback')} unit={t('trs.economics.years')} {...b.num(['economicAnalysis', 'paybackYears'])} />
        <SelectField
          label={t('trs.economics.taxBasis')}
          value={ea.taxBasis}
          options={(['preTax', 'afterTax'] as const).map((v) => ({ value: v, label: t(`trs.economics.taxBases.${v}`) }))}
          onChange={(v) => b.set(['economicAnalysis', 'taxBasis'], v)}
        />
        <CheckboxField
          label={t('trs.economics.includesInferred')}
          value={ea.includesInferred}
          onChange={(v) => b.set(['economicAnalysis', 'includesInferred'], v)}
        />
        <TextField
          label={t('trs.economics.cautionary')}
          {...b.text(['economicAnalysis', 'cautionaryStatement'])}
          multiline
          maxLength={20000}
          className="wide"
        />
      </div>
      <p className="muted" data-testid="trs-economics-computed">
        {t('trs.economics.computed', { npv: fmt(computedNpv), irr: fmt(computedIrr), payback: fmt(computedPayback) })}
      </p>
      <div className="trs-grid-wrap">
        <table className="trs-grid">
          <thead>
            <tr>
              <th>{t('trs.economics.year')}</th>
              <th>{t('trs.economics.ore')}</th>
              {cashCols.map((c) => (
                <th key={c}>{t(`trs.economics.cols.${c}`)}</th>
              ))}
              <th aria-label={t('trs.tables.actions')} />
            </tr>
          </thead>
          <tbody>
            {ea.cashFlow.map((row, i) => (
              <tr key={i}>
                <td>
                  <NumberField
                    hideLabel
                    label={t('trs.economics.year')}
                    maxFractionDigits={0}
                    value={row.year}
                    onChange={(v) => b.set(['economicAnalysis', 'cashFlow', i, 'year'], Math.round(v ?? 0))}
                  />
                </td>
                <td>
                  <NumberField hideLabel label={t('trs.economics.ore')} {...b.num(['economicAnalysis', 'cashFlow', i, 'oreProcessedT'])} />
                </td>
                {cashCols.map((c) => (
                  <td key={c}>
                    <NumberField hideLabel label={t(`trs.economics.cols.${c}`)} {...b.num(['economicAnalysis', 'cashFlow', i, c])} />
                  </td>
                ))}
                <td>
                  <RemoveRowButton onClick={() => b.set(['economicAnalysis', 'cashFlow'], withoutIndex(ea.cashFlow, i))} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ListControls
        addLabel={t('trs.economics.addYear')}
        onAdd={() =>
          b.set(
            ['economicAnalysis', 'cashFlow'],
            [
              ...ea.cashFlow,
              {
                year: (ea.cashFlow[ea.cashFlow.length - 1]?.year ?? new Date().getFullYear()) + 1,
                oreProcessedT: null,
                production: [],
                revenue: null,
                operatingCost: null,
                royalties: null,
                capitalCost: null,
                taxes: null,
                netCashFlow: null,
              },
            ],
          )
        }
      />
      <h3>{t('trs.economics.sensitivity')}</h3>
      <table className="trs-grid">
        <thead>
          <tr>
            <th>{t('trs.economics.variable')}</th>
            <th>{t('trs.economics.change')}</th>
            <th>{t('trs.economics.npv')}</th>
            <th>{t('trs.economics.irr')}</th>
            <th aria-label={t('trs.tables.actions')} />
          </tr>
        </thead>
        <tbody>
          {ea.sensitivity.map((s, i) => (
            <tr key={s.id}>
              <td>
                <SelectField
                  hideLabel
                  label={t('trs.economics.variable')}
                  value={s.variable}
                  options={SENSITIVITY_VARIABLES.map((v) => ({ value: v, label: t(`trs.economics.variables.${v}`) }))}
                  onChange={(v) => b.set(['economicAnalysis', 'sensitivity', i, 'variable'], v)}
                />
              </td>
              <td>
                <NumberField
                  hideLabel
                  label={t('trs.economics.change')}
                  unit="%"
                  value={s.changePercent}
                  onChange={(v) => b.set(['economicAnalysis', 'sensitivity', i, 'changePercent'], v ?? 0)}
                />
              </td>
              <td>
                <NumberField hideLabel label={t('trs.economics.npv')} {...b.num(['economicAnalysis', 'sensitivity', i, 'npv'])} />
              </td>
              <td>
                <NumberField hideLabel label={t('trs.economics.irr')} unit="%" {...b.num(['economicAnalysis', 'sensitivity', i, 'irrPercent'])} />
              </td>
              <td>
                <RemoveRowButton onClick={() => b.set(['economicAnalysis', 'sensitivity'], withoutIndex(ea.sensitivity, i))} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ListControls
        addLabel={t('trs.economics.addSensitivity')}
        onAdd={() =>
          b.set(
            ['economicAnalysis', 'sensitivity'],
            [...ea.sensitivity, { id: newElementId(), variable: 'price', label: '', changePercent: 10, npv: null, irrPercent: null }],
          )
        }
      />
    </section>
  );
}
