import { useTranslation } from 'react-i18next';
import { CHANGE_CAUSES, RESERVE_CLASSES, RESOURCE_CLASSES, newElementId } from '../../../../shared/trs/model';
import type { Path } from '../edit';
import { CheckboxField, DateField, NumberField, SelectField, TextField } from '../fields';
import { binder, ListControls, type PaneProps } from './pane-kit';

export function PriorYearPane(props: PaneProps) {
  const { t } = useTranslation();
  const b = binder(props);
  const cmp = props.document.priorYearComparison;
  if (!cmp) {
    return (
      <section className="trs-pane" data-testid="trs-pane-priorYear">
        <h2>{t('trs.panes.priorYear')}</h2>
        <ListControls
          testId="trs-add-prior-year"
          addLabel={t('trs.priorYear.add')}
          onAdd={() => b.set(['priorYearComparison'], { priorEffectiveDate: null, rows: [] })}
        />
      </section>
    );
  }
  const classes = [...RESOURCE_CLASSES, ...RESERVE_CLASSES];
  return (
    <section className="trs-pane" data-testid="trs-pane-priorYear">
      <h2>{t('trs.panes.priorYear')}</h2>
      <div className="trs-form-grid">
        <DateField label={t('trs.priorYear.priorDate')} {...b.date(['priorYearComparison', 'priorEffectiveDate'])} />
      </div>
      {cmp.rows.map((row, i) => {
        const p = (...rest: Array<string | number>): Path => ['priorYearComparison', 'rows', i, ...rest];
        return (
          <fieldset className="trs-subtable" key={row.id}>
            <legend>{`${t(`trs.classes.${row.class}`)} · ${row.commodity}`}</legend>
            <div className="trs-inline-row wrap">
              <SelectField
                label={t('trs.priorYear.kind')}
                value={row.kind}
                options={(['resource', 'reserve'] as const).map((k) => ({ value: k, label: t(`trs.priorYear.kinds.${k}`) }))}
                onChange={(v) => b.set(p('kind'), v)}
              />
              <SelectField
                label={t('trs.tables.class')}
                value={row.class}
                options={classes.map((c) => ({ value: c, label: t(`trs.classes.${c}`) }))}
                onChange={(v) => b.set(p('class'), v)}
              />
              <TextField label={t('trs.tables.commodity')} {...b.text(p('commodity'))} maxLength={20} />
            </div>
            {(['prior', 'current'] as const).map((when) => (
              <div className="trs-inline-row wrap" key={when}>
                <strong>{t(`trs.priorYear.${when}`)}</strong>
                <NumberField label={t('trs.tables.tonnage')} unit={row[when].tonnage.unit} {...b.num(p(when, 'tonnage', 'value'))} />
                <NumberField label={t('trs.tables.gradeOf', { commodity: row.commodity })} unit={row[when].grade.unit} {...b.num(p(when, 'grade', 'value'))} />
                <NumberField
                  label={t('trs.tables.containedOf', { commodity: row.commodity })}
                  unit={row[when].contained.unit}
                  {...b.num(p(when, 'contained', 'value'))}
                />
              </div>
            ))}
            <fieldset>
              <legend>{t('trs.priorYear.causes')}</legend>
              {CHANGE_CAUSES.map((c) => (
                <CheckboxField
                  key={c}
                  label={t(`trs.priorYear.causeNames.${c}`)}
                  value={row.causes.includes(c)}
                  onChange={(v) => b.set(p('causes'), v ? [...row.causes, c] : row.causes.filter((x) => x !== c))}
                />
              ))}
            </fieldset>
            <TextField label={t('trs.priorYear.explanation')} {...b.text(p('explanation'))} multiline maxLength={20000} className="wide" />
            <button
              type="button"
              className="link"
              onClick={() =>
                b.set(
                  ['priorYearComparison', 'rows'],
                  cmp.rows.filter((_, j) => j !== i),
                )
              }
            >
              {t('trs.tables.remove')}
            </button>
          </fieldset>
        );
      })}
      <ListControls
        addLabel={t('trs.priorYear.addRow')}
        onAdd={() => {
          const code = props.document.metadata.commodities[0]?.code ?? 'Au';
          const side = {
            tonnage: { value: null, unit: 'kt' as const },
            grade: { commodity: code, value: null, unit: 'g/t' as const },
            contained: { commodity: code, value: null, unit: 'koz' as const },
          };
          b.set(
            ['priorYearComparison', 'rows'],
            [...cmp.rows, { id: newElementId(), kind: 'reserve', class: 'total', commodity: code, prior: side, current: side, causes: [], explanation: '' }],
          );
        }}
      />
    </section>
  );
}
