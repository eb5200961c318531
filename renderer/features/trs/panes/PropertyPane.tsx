import { useTranslation } from 'react-i18next';
import { MINERAL_RIGHT_KINDS, newElementId } from '../../../../shared/trs/model';
import { DateField, NumberField, SelectField, TextField } from '../fields';
import { ListControls, RemoveRowButton, binder, withoutIndex, type PaneProps } from './pane-kit';

export function PropertyPane(props: PaneProps) {
  const { t } = useTranslation();
  const b = binder(props);
  const pr = props.document.property;
  return (
    <section className="trs-pane" data-testid="trs-pane-property">
      <h2>{t('trs.panes.property')}</h2>
      <div className="trs-form-grid">
        <NumberField label={t('trs.property.latitude')} unit="°" {...b.num(['property', 'location', 'latitude'])} />
        <NumberField label={t('trs.property.longitude')} unit="°" {...b.num(['property', 'location', 'longitude'])} />
        {props.brazilianFields ? (
          <>
            <TextField
              label={t('trs.property.sirgasLat')}
              value={pr.location.sirgas2000?.latitude ?? ''}
              maxLength={20}
              testId="trs-sirgas-lat"
              onChange={(v) => b.set(['property', 'location', 'sirgas2000'], { latitude: v, longitude: pr.location.sirgas2000?.longitude ?? '' })}
            />
            <TextField
              label={t('trs.property.sirgasLon')}
              value={pr.location.sirgas2000?.longitude ?? ''}
              maxLength={20}
              onChange={(v) => b.set(['property', 'location', 'sirgas2000'], { latitude: pr.location.sirgas2000?.latitude ?? '', longitude: v })}
            />
          </>
        ) : null}
        <TextField
          label={t('trs.property.locationDescription')}
          {...b.text(['property', 'location', 'description'])}
          multiline
          maxLength={20000}
          className="wide"
        />
        <NumberField label={t('trs.property.area')} unit="ha" {...b.num(['property', 'areaHa'])} />
        <NumberField label={t('trs.property.ownership')} unit="%" {...b.num(['property', 'ownershipPercent'])} />
        <TextField label={t('trs.property.encumbrances')} {...b.text(['property', 'encumbrances'])} multiline maxLength={20000} className="wide" />
      </div>
      <fieldset className="trs-subtable">
        <legend>{t('trs.property.mineralRights')}</legend>
        {pr.mineralRights.map((r, i) => (
          <div className="trs-inline-row wrap" key={r.id}>
            <SelectField
              label={t('trs.property.rightKind')}
              value={r.kind}
              options={MINERAL_RIGHT_KINDS.map((k) => ({ value: k, label: t(`trs.rightKinds.${k}`) }))}
              onChange={(v) => b.set(['property', 'mineralRights', i, 'kind'], v)}
            />
            <TextField label={t('trs.property.identifier')} {...b.text(['property', 'mineralRights', i, 'identifier'])} />
            <TextField label={t('trs.property.status')} {...b.text(['property', 'mineralRights', i, 'status'])} />
            <NumberField label={t('trs.property.area')} unit="ha" {...b.num(['property', 'mineralRights', i, 'areaHa'])} />
            <TextField label={t('trs.property.holder')} {...b.text(['property', 'mineralRights', i, 'holder'])} />
            <DateField label={t('trs.property.expiresOn')} {...b.date(['property', 'mineralRights', i, 'expiresOn'])} />
            <TextField
              label={t('trs.tables.description')}
              {...b.text(['property', 'mineralRights', i, 'description'])}
              multiline
              maxLength={20000}
              className="wide"
            />
            <RemoveRowButton onClick={() => b.set(['property', 'mineralRights'], withoutIndex(pr.mineralRights, i))} />
          </div>
        ))}
        <ListControls
          addLabel={t('trs.property.addRight')}
          onAdd={() =>
            b.set(
              ['property', 'mineralRights'],
              [
                ...pr.mineralRights,
                { id: newElementId(), kind: 'anmProcess', identifier: '', description: '', areaHa: null, holder: '', status: '', expiresOn: null },
              ],
            )
          }
        />
      </fieldset>
      <fieldset className="trs-subtable">
        <legend>{t('trs.property.royalties')}</legend>
        {pr.royalties.map((r, i) => (
          <div className="trs-inline-row wrap" key={r.id}>
            <TextField label={t('trs.property.holder')} {...b.text(['property', 'royalties', i, 'holder'])} />
            <TextField label={t('trs.property.royaltyKind')} {...b.text(['property', 'royalties', i, 'kind'])} />
            <NumberField label={t('trs.property.rate')} unit="%" {...b.num(['property', 'royalties', i, 'ratePercent'])} />
            <TextField label={t('trs.tables.description')} {...b.text(['property', 'royalties', i, 'description'])} className="wide" />
            <RemoveRowButton onClick={() => b.set(['property', 'royalties'], withoutIndex(pr.royalties, i))} />
          </div>
        ))}
        <ListControls
          addLabel={t('trs.property.addRoyalty')}
          onAdd={() => b.set(['property', 'royalties'], [...pr.royalties, { id: newElementId(), holder: '', kind: '', ratePercent: null, description: '' }])}
        />
      </fieldset>
    </section>
  );
}
