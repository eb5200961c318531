import { useTranslation } from 'react-i18next';
import { newElementId, UFS } from '../../../../shared/trs/model';
import { DateField, NumberField, SelectField, TextField } from '../fields';
import { ListControls, RemoveRowButton, binder, withoutIndex, type PaneProps } from './pane-kit';

export function BrazilPane(props: PaneProps) {
  const { t } = useTranslation();
  const b = binder(props);
  const br = props.document.brazil;
  if (!br) {
    return (
      <section className="trs-pane" data-testid="trs-pane-brazil">
        <h2>{t('trs.panes.brazil')}</h2>
        <button
          type="button"
          data-testid="trs-brazil-enable"
          onClick={() =>
            b.set(['brazil'], {
              holderName: '',
              holderCnpj: '',
              anmProcesses: [],
              municipalities: [],
              ibamaLicences: [],
              res94PublicDeclaration: 'notPlanned',
              notes: '',
            })
          }
        >
          + {t('trs.brazil.add')}
        </button>
      </section>
    );
  }
  return (
    <section className="trs-pane" data-testid="trs-pane-brazil">
      <h2>{t('trs.panes.brazil')}</h2>
      <div className="trs-form-grid">
        <TextField label={t('trs.brazil.holderName')} {...b.text(['brazil', 'holderName'])} />
        <TextField label={t('trs.brazil.cnpj')} {...b.text(['brazil', 'holderCnpj'])} maxLength={18} testId="trs-brazil-cnpj" />
        <SelectField
          label={t('trs.brazil.res94')}
          value={br.res94PublicDeclaration}
          options={(['notPlanned', 'planned', 'filed'] as const).map((v) => ({ value: v, label: t(`trs.brazil.res94Values.${v}`) }))}
          onChange={(v) => b.set(['brazil', 'res94PublicDeclaration'], v)}
        />
        <TextField label={t('trs.tables.notes')} {...b.text(['brazil', 'notes'])} multiline maxLength={20000} className="wide" />
      </div>
      <fieldset className="trs-subtable">
        <legend>{t('trs.brazil.anmProcesses')}</legend>
        {br.anmProcesses.map((_, i) => (
          <div className="trs-inline-row wrap" key={i}>
            <TextField label={t('trs.brazil.processNumber')} {...b.text(['brazil', 'anmProcesses', i, 'processNumber'])} maxLength={20} />
            <TextField label={t('trs.brazil.phase')} {...b.text(['brazil', 'anmProcesses', i, 'phase'])} />
            <TextField label={t('trs.brazil.substance')} {...b.text(['brazil', 'anmProcesses', i, 'substance'])} />
            <NumberField label={t('trs.property.area')} unit="ha" {...b.num(['brazil', 'anmProcesses', i, 'areaHa'])} />
            <TextField label={t('trs.property.holder')} {...b.text(['brazil', 'anmProcesses', i, 'holderName'])} />
            <TextField label={t('trs.brazil.lastEvent')} {...b.text(['brazil', 'anmProcesses', i, 'lastEvent'])} className="wide" />
            <RemoveRowButton onClick={() => b.set(['brazil', 'anmProcesses'], withoutIndex(br.anmProcesses, i))} />
          </div>
        ))}
        <ListControls
          addLabel={t('trs.brazil.addProcess')}
          onAdd={() =>
            b.set(
              ['brazil', 'anmProcesses'],
              [...br.anmProcesses, { processNumber: '', phase: '', substance: '', areaHa: null, holderName: br.holderName, lastEvent: '' }],
            )
          }
        />
      </fieldset>
      <fieldset className="trs-subtable">
        <legend>{t('trs.brazil.municipalities')}</legend>
        {br.municipalities.map((m, i) => (
          <div className="trs-inline-row" key={i}>
            <TextField label={t('trs.brazil.ibgeCode')} {...b.text(['brazil', 'municipalities', i, 'ibgeCode'])} maxLength={7} />
            <TextField label={t('trs.brazil.municipality')} {...b.text(['brazil', 'municipalities', i, 'name'])} />
            <SelectField
              label="UF"
              value={m.uf}
              options={UFS.map((u) => ({ value: u, label: u }))}
              onChange={(v) => b.set(['brazil', 'municipalities', i, 'uf'], v)}
            />
            <RemoveRowButton onClick={() => b.set(['brazil', 'municipalities'], withoutIndex(br.municipalities, i))} />
          </div>
        ))}
        <ListControls
          addLabel={t('trs.brazil.addMunicipality')}
          onAdd={() => b.set(['brazil', 'municipalities'], [...br.municipalities, { ibgeCode: '', name: '', uf: 'MG' }])}
        />
      </fieldset>
      <fieldset className="trs-subtable">
        <legend>{t('trs.brazil.licences')}</legend>
        {br.ibamaLicences.map((l, i) => (
          <div className="trs-inline-row wrap" key={l.id}>
            <TextField label={t('trs.brazil.licenceNumber')} {...b.text(['brazil', 'ibamaLicences', i, 'number'])} maxLength={60} />
            <SelectField
              label={t('trs.brazil.licenceType')}
              value={l.type}
              options={(['LP', 'LI', 'LO', 'LAU', 'LAS', 'other'] as const).map((v) => ({ value: v, label: v }))}
              onChange={(v) => b.set(['brazil', 'ibamaLicences', i, 'type'], v)}
            />
            <TextField label={t('trs.brazil.issuer')} {...b.text(['brazil', 'ibamaLicences', i, 'issuer'])} />
            <DateField label={t('trs.brazil.issuedOn')} {...b.date(['brazil', 'ibamaLicences', i, 'issuedOn'])} />
            <DateField label={t('trs.brazil.validUntil')} {...b.date(['brazil', 'ibamaLicences', i, 'validUntil'])} />
            <TextField label={t('trs.tables.description')} {...b.text(['brazil', 'ibamaLicences', i, 'description'])} className="wide" />
            <RemoveRowButton onClick={() => b.set(['brazil', 'ibamaLicences'], withoutIndex(br.ibamaLicences, i))} />
          </div>
        ))}
        <ListControls
          addLabel={t('trs.brazil.addLicence')}
          onAdd={() =>
            b.set(
              ['brazil', 'ibamaLicences'],
              [...br.ibamaLicences, { id: newElementId(), number: '', type: 'LO', issuer: '', issuedOn: null, validUntil: null, description: '' }],
            )
          }
        />
      </fieldset>
    </section>
  );
}
