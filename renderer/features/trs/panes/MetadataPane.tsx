import { useTranslation } from 'react-i18next';
import { PROPERTY_STAGES, STUDY_TYPES } from '../../../../shared/trs/model';
import { CheckboxField, DateField, SelectField, TextField } from '../fields';
import { ListControls, RemoveRowButton, binder, withoutIndex, type PaneProps } from './pane-kit';

export function MetadataPane(props: PaneProps) {
  const { t } = useTranslation();
  const b = binder(props);
  const m = props.document.metadata;
  return (
    <section className="trs-pane" data-testid="trs-pane-metadata">
      <h2>{t('trs.panes.metadata')}</h2>
      <div className="trs-form-grid">
        <TextField label={t('trs.metadata.title')} {...b.text(['metadata', 'title'])} className="wide" testId="trs-meta-title" />
        <TextField label={t('trs.metadata.registrantName')} {...b.text(['metadata', 'registrantName'])} />
        <TextField
          label={t('trs.metadata.registrantCik')}
          value={m.registrantCik ?? ''}
          maxLength={10}
          onChange={(v) => b.set(['metadata', 'registrantCik'], v.trim() === '' ? null : v.trim())}
        />
        <TextField label={t('trs.metadata.propertyName')} {...b.text(['metadata', 'propertyName'])} />
        <DateField label={t('trs.metadata.effectiveDate')} {...b.date(['metadata', 'effectiveDate'])} />
        <DateField label={t('trs.metadata.reportDate')} {...b.date(['metadata', 'reportDate'])} />
        <SelectField
          label={t('trs.metadata.studyType')}
          value={m.studyType}
          options={STUDY_TYPES.map((s) => ({ value: s, label: t(`trs.studyTypes.${s}`) }))}
          onChange={(v) => b.set(['metadata', 'studyType'], v)}
          testId="trs-meta-study"
        />
        <SelectField
          label={t('trs.metadata.propertyStage')}
          value={m.propertyStage}
          options={PROPERTY_STAGES.map((s) => ({ value: s, label: t(`trs.stages.${s}`) }))}
          onChange={(v) => b.set(['metadata', 'propertyStage'], v)}
        />
        <SelectField
          label={t('trs.metadata.language')}
          value={m.language}
          options={[
            { value: 'en', label: 'English' },
            { value: 'pt-BR', label: 'Português (Brasil)' },
          ]}
          onChange={(v) => b.set(['metadata', 'language'], v)}
        />
      </div>
      <fieldset className="trs-subtable">
        <legend>{t('trs.metadata.commodities')}</legend>
        {m.commodities.map((c, i) => (
          <div className="trs-inline-row" key={i}>
            <TextField label={t('trs.metadata.commodityCode')} {...b.text(['metadata', 'commodities', i, 'code'])} maxLength={20} />
            <TextField label={t('trs.metadata.commodityName')} {...b.text(['metadata', 'commodities', i, 'name'])} />
            <CheckboxField label={t('trs.metadata.primary')} value={c.primary} onChange={(v) => b.set(['metadata', 'commodities', i, 'primary'], v)} />
            <RemoveRowButton onClick={() => b.set(['metadata', 'commodities'], withoutIndex(m.commodities, i))} />
          </div>
        ))}
        <ListControls
          addLabel={t('trs.metadata.addCommodity')}
          onAdd={() => b.set(['metadata', 'commodities'], [...m.commodities, { code: 'Au', name: 'Gold', primary: m.commodities.length === 0 }])}
        />
      </fieldset>
      <fieldset className="trs-subtable">
        <legend>{t('trs.metadata.supersedes')}</legend>
        {m.supersedes ? (
          <div className="trs-inline-row wrap">
            <TextField label={t('trs.metadata.supersedesTitle')} {...b.text(['metadata', 'supersedes', 'title'])} className="wide" />
            <DateField label={t('trs.metadata.effectiveDate')} {...b.date(['metadata', 'supersedes', 'effectiveDate'])} />
            <TextField label={t('trs.metadata.filedWith')} {...b.text(['metadata', 'supersedes', 'filedWith'])} />
            <button type="button" className="link" onClick={() => b.set(['metadata', 'supersedes'], null)}>
              {t('trs.tables.remove')}
            </button>
          </div>
        ) : (
          <ListControls
            addLabel={t('trs.metadata.addSupersedes')}
            onAdd={() => b.set(['metadata', 'supersedes'], { title: '', effectiveDate: null, filedWith: '' })}
          />
        )}
      </fieldset>
    </section>
  );
}
