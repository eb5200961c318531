import { useTranslation } from 'react-i18next';
import {
  CHANGE_CAUSES,
  CONSENT_STATUSES,
  RESERVE_CLASSES,
  RESOURCE_CLASSES,
  MINERAL_RIGHT_KINDS,
  newElementId,
  PROPERTY_STAGES,
  SENSITIVITY_VARIABLES,
  STUDY_TYPES,
  UFS,
  type CostEstimate,
  type EconomicAnalysis,
  type TrsReport,
} from '../../../shared/trs/model';
import { formatLocaleNumber } from '../../../shared/trs/numbers';
import { irr, npv, paybackYears } from '../../../shared/trs/units';
import { getIn, setIn, type Path } from './edit';
import { CheckboxField, DateField, NumberField, SelectField, TextField, useNumberLocale } from './fields';

export interface PaneProps {
  document: TrsReport;
  brazilianFields: boolean;
  update(edit: (doc: TrsReport) => TrsReport, coalesceKey?: string): void;
}

/** Field bindings by path: `bind.text(['metadata', 'title'])` → value + onChange that records an undo step per field. */
function binder(props: PaneProps) {
  const key = (p: Path) => p.join('.');
  return {
    get: <T,>(p: Path) => getIn(props.document, p) as T,
    set: (p: Path, v: unknown) => props.update((d) => setIn(d, p, v), key(p)),
    text: (p: Path) => ({ value: (getIn(props.document, p) as string) ?? '', onChange: (v: string) => props.update((d) => setIn(d, p, v), key(p)), krciPath: p.join('.') }),
    num: (p: Path) => ({ value: (getIn(props.document, p) as number | null) ?? null, onChange: (v: number | null) => props.update((d) => setIn(d, p, v), key(p)), krciPath: p.join('.') }),
    date: (p: Path) => ({ value: (getIn(props.document, p) as string | null) ?? null, onChange: (v: string | null) => props.update((d) => setIn(d, p, v), key(p)), krciPath: p.join('.') }),
  };
}

function ListControls(props: { onAdd(): void; addLabel: string; testId?: string }) {
  return (
    <button type="button" onClick={props.onAdd} data-testid={props.testId}>
      + {props.addLabel}
    </button>
  );
}

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
        <TextField label={t('trs.metadata.registrantCik')} value={m.registrantCik ?? ''} maxLength={10} onChange={(v) => b.set(['metadata', 'registrantCik'], v.trim() === '' ? null : v.trim())} />
        <TextField label={t('trs.metadata.propertyName')} {...b.text(['metadata', 'propertyName'])} />
        <DateField label={t('trs.metadata.effectiveDate')} {...b.date(['metadata', 'effectiveDate'])} />
        <DateField label={t('trs.metadata.reportDate')} {...b.date(['metadata', 'reportDate'])} />
        <SelectField label={t('trs.metadata.studyType')} value={m.studyType} options={STUDY_TYPES.map((s) => ({ value: s, label: t(`trs.studyTypes.${s}`) }))} onChange={(v) => b.set(['metadata', 'studyType'], v)} testId="trs-meta-study" />
        <SelectField label={t('trs.metadata.propertyStage')} value={m.propertyStage} options={PROPERTY_STAGES.map((s) => ({ value: s, label: t(`trs.stages.${s}`) }))} onChange={(v) => b.set(['metadata', 'propertyStage'], v)} />
        <SelectField label={t('trs.metadata.language')} value={m.language} options={[{ value: 'en', label: 'English' }, { value: 'pt-BR', label: 'Português (Brasil)' }]} onChange={(v) => b.set(['metadata', 'language'], v)} />
      </div>
      <fieldset className="trs-subtable">
        <legend>{t('trs.metadata.commodities')}</legend>
        {m.commodities.map((c, i) => (
          <div className="trs-inline-row" key={i}>
            <TextField label={t('trs.metadata.commodityCode')} {...b.text(['metadata', 'commodities', i, 'code'])} maxLength={20} />
            <TextField label={t('trs.metadata.commodityName')} {...b.text(['metadata', 'commodities', i, 'name'])} />
            <CheckboxField label={t('trs.metadata.primary')} value={c.primary} onChange={(v) => b.set(['metadata', 'commodities', i, 'primary'], v)} />
            <button type="button" className="link" aria-label={t('trs.tables.remove')} onClick={() => b.set(['metadata', 'commodities'], m.commodities.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        <ListControls addLabel={t('trs.metadata.addCommodity')} onAdd={() => b.set(['metadata', 'commodities'], [...m.commodities, { code: 'Au', name: 'Gold', primary: m.commodities.length === 0 }])} />
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
          <ListControls addLabel={t('trs.metadata.addSupersedes')} onAdd={() => b.set(['metadata', 'supersedes'], { title: '', effectiveDate: null, filedWith: '' })} />
        )}
      </fieldset>
    </section>
  );
}

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
                    [...new Set(v.split(/[^0-9]+/).filter(Boolean).map(Number).filter((n) => n >= 1 && n <= 25))].sort((x, y) => x - y),
                  )
                }
              />
              <DateField label={t('trs.qp.inspectionDate')} {...b.date(['qualifiedPersons', i, 'personalInspection', 'date'])} />
              <TextField label={t('trs.qp.inspection')} {...b.text(['qualifiedPersons', i, 'personalInspection', 'description'])} multiline maxLength={20000} className="wide" />
              <DateField label={t('trs.qp.signatureDate')} {...b.date(p('signatureDate'))} />
              <SelectField label={t('trs.qp.consent')} value={q.consentStatus} options={consentOptions} onChange={(v) => b.set(p('consentStatus'), v)} />
              <DateField label={t('trs.qp.consentDate')} {...b.date(p('consentDate'))} />
            </div>
            <button type="button" className="danger" onClick={() => b.set(['qualifiedPersons'], qps.filter((_, j) => j !== i))}>
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
                id: newElementId(), name: '', rpo: '', membershipNumber: '', credentials: '', yearsRelevantExperience: null, employer: '', isRegistrantEmployee: false,
                affiliationWithRegistrant: '', sectionsResponsible: [], personalInspection: { date: null, description: '' }, signatureDate: null, consentStatus: 'notRequested', consentDate: null,
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
            <SelectField label={t('trs.qp.consent')} value={firm.consentStatus} options={consentOptions} onChange={(v) => b.set(['signingFirm', 'consentStatus'], v)} />
            <DateField label={t('trs.qp.consentDate')} {...b.date(['signingFirm', 'consentDate'])} />
            <fieldset>
              <legend>{t('trs.qp.firmQps')}</legend>
              {qps.map((q) => (
                <CheckboxField
                  key={q.id}
                  label={q.name || q.id}
                  value={firm.qualifiedPersonIds.includes(q.id)}
                  onChange={(v) => b.set(['signingFirm', 'qualifiedPersonIds'], v ? [...firm.qualifiedPersonIds, q.id] : firm.qualifiedPersonIds.filter((x) => x !== q.id))}
                />
              ))}
            </fieldset>
            <button type="button" className="link" onClick={() => b.set(['signingFirm'], null)}>
              {t('trs.tables.remove')}
            </button>
          </div>
        ) : (
          <ListControls addLabel={t('trs.qp.addFirm')} onAdd={() => b.set(['signingFirm'], { name: '', address: '', signatureDate: null, consentStatus: 'notRequested', consentDate: null, qualifiedPersonIds: [] })} />
        )}
      </fieldset>
    </section>
  );
}

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
        <TextField label={t('trs.property.locationDescription')} {...b.text(['property', 'location', 'description'])} multiline maxLength={20000} className="wide" />
        <NumberField label={t('trs.property.area')} unit="ha" {...b.num(['property', 'areaHa'])} />
        <NumberField label={t('trs.property.ownership')} unit="%" {...b.num(['property', 'ownershipPercent'])} />
        <TextField label={t('trs.property.encumbrances')} {...b.text(['property', 'encumbrances'])} multiline maxLength={20000} className="wide" />
      </div>
      <fieldset className="trs-subtable">
        <legend>{t('trs.property.mineralRights')}</legend>
        {pr.mineralRights.map((r, i) => (
          <div className="trs-inline-row wrap" key={r.id}>
            <SelectField label={t('trs.property.rightKind')} value={r.kind} options={MINERAL_RIGHT_KINDS.map((k) => ({ value: k, label: t(`trs.rightKinds.${k}`) }))} onChange={(v) => b.set(['property', 'mineralRights', i, 'kind'], v)} />
            <TextField label={t('trs.property.identifier')} {...b.text(['property', 'mineralRights', i, 'identifier'])} />
            <TextField label={t('trs.property.status')} {...b.text(['property', 'mineralRights', i, 'status'])} />
            <NumberField label={t('trs.property.area')} unit="ha" {...b.num(['property', 'mineralRights', i, 'areaHa'])} />
            <TextField label={t('trs.property.holder')} {...b.text(['property', 'mineralRights', i, 'holder'])} />
            <DateField label={t('trs.property.expiresOn')} {...b.date(['property', 'mineralRights', i, 'expiresOn'])} />
            <TextField label={t('trs.tables.description')} {...b.text(['property', 'mineralRights', i, 'description'])} multiline maxLength={20000} className="wide" />
            <button type="button" className="link" aria-label={t('trs.tables.remove')} onClick={() => b.set(['property', 'mineralRights'], pr.mineralRights.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        <ListControls
          addLabel={t('trs.property.addRight')}
          onAdd={() => b.set(['property', 'mineralRights'], [...pr.mineralRights, { id: newElementId(), kind: 'anmProcess', identifier: '', description: '', areaHa: null, holder: '', status: '', expiresOn: null }])}
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
            <button type="button" className="link" aria-label={t('trs.tables.remove')} onClick={() => b.set(['property', 'royalties'], pr.royalties.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        <ListControls addLabel={t('trs.property.addRoyalty')} onAdd={() => b.set(['property', 'royalties'], [...pr.royalties, { id: newElementId(), holder: '', kind: '', ratePercent: null, description: '' }])} />
      </fieldset>
    </section>
  );
}

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
          onClick={() => b.set(['brazil'], { holderName: '', holderCnpj: '', anmProcesses: [], municipalities: [], ibamaLicences: [], res94PublicDeclaration: 'notPlanned', notes: '' })}
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
            <button type="button" className="link" aria-label={t('trs.tables.remove')} onClick={() => b.set(['brazil', 'anmProcesses'], br.anmProcesses.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        <ListControls addLabel={t('trs.brazil.addProcess')} onAdd={() => b.set(['brazil', 'anmProcesses'], [...br.anmProcesses, { processNumber: '', phase: '', substance: '', areaHa: null, holderName: br.holderName, lastEvent: '' }])} />
      </fieldset>
      <fieldset className="trs-subtable">
        <legend>{t('trs.brazil.municipalities')}</legend>
        {br.municipalities.map((m, i) => (
          <div className="trs-inline-row" key={i}>
            <TextField label={t('trs.brazil.ibgeCode')} {...b.text(['brazil', 'municipalities', i, 'ibgeCode'])} maxLength={7} />
            <TextField label={t('trs.brazil.municipality')} {...b.text(['brazil', 'municipalities', i, 'name'])} />
            <SelectField label="UF" value={m.uf} options={UFS.map((u) => ({ value: u, label: u }))} onChange={(v) => b.set(['brazil', 'municipalities', i, 'uf'], v)} />
            <button type="button" className="link" aria-label={t('trs.tables.remove')} onClick={() => b.set(['brazil', 'municipalities'], br.municipalities.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        <ListControls addLabel={t('trs.brazil.addMunicipality')} onAdd={() => b.set(['brazil', 'municipalities'], [...br.municipalities, { ibgeCode: '', name: '', uf: 'MG' }])} />
      </fieldset>
      <fieldset className="trs-subtable">
        <legend>{t('trs.brazil.licences')}</legend>
        {br.ibamaLicences.map((l, i) => (
          <div className="trs-inline-row wrap" key={l.id}>
            <TextField label={t('trs.brazil.licenceNumber')} {...b.text(['brazil', 'ibamaLicences', i, 'number'])} maxLength={60} />
            <SelectField label={t('trs.brazil.licenceType')} value={l.type} options={(['LP', 'LI', 'LO', 'LAU', 'LAS', 'other'] as const).map((v) => ({ value: v, label: v }))} onChange={(v) => b.set(['brazil', 'ibamaLicences', i, 'type'], v)} />
            <TextField label={t('trs.brazil.issuer')} {...b.text(['brazil', 'ibamaLicences', i, 'issuer'])} />
            <DateField label={t('trs.brazil.issuedOn')} {...b.date(['brazil', 'ibamaLicences', i, 'issuedOn'])} />
            <DateField label={t('trs.brazil.validUntil')} {...b.date(['brazil', 'ibamaLicences', i, 'validUntil'])} />
            <TextField label={t('trs.tables.description')} {...b.text(['brazil', 'ibamaLicences', i, 'description'])} className="wide" />
            <button type="button" className="link" aria-label={t('trs.tables.remove')} onClick={() => b.set(['brazil', 'ibamaLicences'], br.ibamaLicences.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        <ListControls
          addLabel={t('trs.brazil.addLicence')}
          onAdd={() => b.set(['brazil', 'ibamaLicences'], [...br.ibamaLicences, { id: newElementId(), number: '', type: 'LO', issuer: '', issuedOn: null, validUntil: null, description: '' }])}
        />
      </fieldset>
    </section>
  );
}

function CostEditor(props: PaneProps & { field: 'capitalCosts' | 'operatingCosts' }) {
  const { t } = useTranslation();
  const locale = useNumberLocale();
  const b = binder(props);
  const est = props.document[props.field];
  const f = props.field;
  if (!est) {
    const empty: CostEstimate = { currency: 'USD', basisDate: null, accuracyPercent: null, contingencyPercent: null, items: [], notes: '' };
    return (
      <ListControls testId={`trs-add-${f}`} addLabel={t(`trs.costs.add.${f}`)} onAdd={() => b.set([f], empty)} />
    );
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
                <button type="button" className="link" aria-label={t('trs.tables.remove')} onClick={() => b.set([f, 'items'], est.items.filter((_, j) => j !== i))}>
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th colSpan={2}>{t('trs.costs.subtotalWithContingency')}</th>
            <td colSpan={4} data-testid={`trs-${f}-total`}>
              {formatLocaleNumber(subtotal, locale, { maximumFractionDigits: 2 })} → {formatLocaleNumber(subtotal * (1 + (est.contingencyPercent ?? 0) / 100), locale, { maximumFractionDigits: 2 })}
            </td>
          </tr>
        </tfoot>
      </table>
      <div className="trs-inline-row">
        <ListControls
          addLabel={t('trs.costs.addItem')}
          onAdd={() => b.set([f, 'items'], [...est.items, { id: newElementId(), category: '', description: '', amount: null, unit: f === 'capitalCosts' ? est.currency : `${est.currency}/t`, phase: f === 'capitalCosts' ? 'initial' : 'operating' }])}
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

export function EconomicsPane(props: PaneProps) {
  const { t } = useTranslation();
  const locale = useNumberLocale();
  const b = binder(props);
  const ea = props.document.economicAnalysis;
  if (!ea) {
    const empty: EconomicAnalysis = {
      currency: 'USD', amountScale: 1_000_000, discountRatePercent: null, npv: null, irrPercent: null, paybackYears: null, taxBasis: 'afterTax',
      exchangeRates: [], includesInferred: false, cautionaryStatement: '', cashFlow: [], sensitivity: [],
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
          options={[{ value: '1', label: '1' }, { value: '1000', label: '10³' }, { value: '1000000', label: '10⁶' }]}
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
        <CheckboxField label={t('trs.economics.includesInferred')} value={ea.includesInferred} onChange={(v) => b.set(['economicAnalysis', 'includesInferred'], v)} />
        <TextField label={t('trs.economics.cautionary')} {...b.text(['economicAnalysis', 'cautionaryStatement'])} multiline maxLength={20000} className="wide" />
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
                  <NumberField hideLabel label={t('trs.economics.year')} maxFractionDigits={0} value={row.year} onChange={(v) => b.set(['economicAnalysis', 'cashFlow', i, 'year'], Math.round(v ?? 0))} />
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
                  <button type="button" className="link" aria-label={t('trs.tables.remove')} onClick={() => b.set(['economicAnalysis', 'cashFlow'], ea.cashFlow.filter((_, j) => j !== i))}>
                    ×
                  </button>
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
            [...ea.cashFlow, { year: (ea.cashFlow[ea.cashFlow.length - 1]?.year ?? new Date().getFullYear()) + 1, oreProcessedT: null, production: [], revenue: null, operatingCost: null, royalties: null, capitalCost: null, taxes: null, netCashFlow: null }],
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
                <SelectField hideLabel label={t('trs.economics.variable')} value={s.variable} options={SENSITIVITY_VARIABLES.map((v) => ({ value: v, label: t(`trs.economics.variables.${v}`) }))} onChange={(v) => b.set(['economicAnalysis', 'sensitivity', i, 'variable'], v)} />
              </td>
              <td>
                <NumberField hideLabel label={t('trs.economics.change')} unit="%" value={s.changePercent} onChange={(v) => b.set(['economicAnalysis', 'sensitivity', i, 'changePercent'], v ?? 0)} />
              </td>
              <td>
                <NumberField hideLabel label={t('trs.economics.npv')} {...b.num(['economicAnalysis', 'sensitivity', i, 'npv'])} />
              </td>
              <td>
                <NumberField hideLabel label={t('trs.economics.irr')} unit="%" {...b.num(['economicAnalysis', 'sensitivity', i, 'irrPercent'])} />
              </td>
              <td>
                <button type="button" className="link" aria-label={t('trs.tables.remove')} onClick={() => b.set(['economicAnalysis', 'sensitivity'], ea.sensitivity.filter((_, j) => j !== i))}>
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ListControls
        addLabel={t('trs.economics.addSensitivity')}
        onAdd={() => b.set(['economicAnalysis', 'sensitivity'], [...ea.sensitivity, { id: newElementId(), variable: 'price', label: '', changePercent: 10, npv: null, irrPercent: null }])}
      />
    </section>
  );
}

export function ReferencesPane(props: PaneProps) {
  const { t } = useTranslation();
  const b = binder(props);
  const refs = props.document.references;
  const figures = props.document.figures;
  const addFigure = (file: File) => {
    if (file.type !== 'image/jpeg' && file.type !== 'image/gif') return;
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      const base64 = url.slice(url.indexOf(',') + 1);
      const img = new Image();
      img.onload = () =>
        b.set(['figures'], [
          ...props.document.figures,
          { id: newElementId(), caption: '', mimeType: file.type, fileName: file.name.replace(/[/\\]/g, '_').slice(0, 200), widthPx: img.naturalWidth || null, heightPx: img.naturalHeight || null, dataBase64: base64 },
        ]);
      img.src = url;
    };
    reader.readAsDataURL(file);
  };
  return (
    <section className="trs-pane" data-testid="trs-pane-references">
      <h2>{t('trs.panes.references')}</h2>
      {refs.map((r, i) => (
        <fieldset className="trs-subtable" key={r.id}>
          <legend>{t(`trs.referenceKinds.${r.kind}`)}</legend>
          <div className="trs-form-grid">
            <TextField label={t('trs.references.citation')} {...b.text(['references', i, 'citation'])} multiline maxLength={20000} className="wide" />
            <TextField label="URL" value={r.url ?? ''} maxLength={2000} onChange={(v) => b.set(['references', i, 'url'], v === '' ? null : v)} />
            <DateField label={t('trs.references.accessedOn')} {...b.date(['references', i, 'accessedOn'])} />
          </div>
          {r.officialFact ? (
            <p className="muted" data-testid="trs-official-fact">
              {t('trs.references.provenance', { source: r.officialFact.source, dataset: r.officialFact.dataset, record: r.officialFact.recordId, at: r.officialFact.retrievedAt })}
            </p>
          ) : null}
          <button type="button" className="link" onClick={() => b.set(['references'], refs.filter((_, j) => j !== i))}>
            {t('trs.tables.remove')}
          </button>
        </fieldset>
      ))}
      <ListControls addLabel={t('trs.references.add')} onAdd={() => b.set(['references'], [...refs, { id: newElementId(), kind: 'publication', citation: '', url: null, accessedOn: null, officialFact: null }])} />
      <h3>{t('trs.references.figures')}</h3>
      <ul className="trs-figures">
        {figures.map((f, i) => (
          <li key={f.id}>
            <img src={`data:${f.mimeType};base64,${f.dataBase64}`} alt={f.caption} />
            <TextField label={t('trs.references.caption')} {...b.text(['figures', i, 'caption'])} multiline />
            <button type="button" className="link" onClick={() => b.set(['figures'], figures.filter((_, j) => j !== i))}>
              {t('trs.tables.remove')}
            </button>
          </li>
        ))}
      </ul>
      <label className="trs-field">
        <span>{t('trs.references.addFigure')}</span>
        <input type="file" accept="image/jpeg,image/gif" onChange={(e) => e.target.files?.[0] && addFigure(e.target.files[0])} />
      </label>
    </section>
  );
}

export function PriorYearPane(props: PaneProps) {
  const { t } = useTranslation();
  const b = binder(props);
  const cmp = props.document.priorYearComparison;
  if (!cmp) {
    return (
      <section className="trs-pane" data-testid="trs-pane-priorYear">
        <h2>{t('trs.panes.priorYear')}</h2>
        <ListControls testId="trs-add-prior-year" addLabel={t('trs.priorYear.add')} onAdd={() => b.set(['priorYearComparison'], { priorEffectiveDate: null, rows: [] })} />
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
              <SelectField label={t('trs.priorYear.kind')} value={row.kind} options={(['resource', 'reserve'] as const).map((k) => ({ value: k, label: t(`trs.priorYear.kinds.${k}`) }))} onChange={(v) => b.set(p('kind'), v)} />
              <SelectField label={t('trs.tables.class')} value={row.class} options={classes.map((c) => ({ value: c, label: t(`trs.classes.${c}`) }))} onChange={(v) => b.set(p('class'), v)} />
              <TextField label={t('trs.tables.commodity')} {...b.text(p('commodity'))} maxLength={20} />
            </div>
            {(['prior', 'current'] as const).map((when) => (
              <div className="trs-inline-row wrap" key={when}>
                <strong>{t(`trs.priorYear.${when}`)}</strong>
                <NumberField label={t('trs.tables.tonnage')} unit={row[when].tonnage.unit} {...b.num(p(when, 'tonnage', 'value'))} />
                <NumberField label={t('trs.tables.gradeOf', { commodity: row.commodity })} unit={row[when].grade.unit} {...b.num(p(when, 'grade', 'value'))} />
                <NumberField label={t('trs.tables.containedOf', { commodity: row.commodity })} unit={row[when].contained.unit} {...b.num(p(when, 'contained', 'value'))} />
              </div>
            ))}
            <fieldset>
              <legend>{t('trs.priorYear.causes')}</legend>
              {CHANGE_CAUSES.map((c) => (
                <CheckboxField key={c} label={t(`trs.priorYear.causeNames.${c}`)} value={row.causes.includes(c)} onChange={(v) => b.set(p('causes'), v ? [...row.causes, c] : row.causes.filter((x) => x !== c))} />
              ))}
            </fieldset>
            <TextField label={t('trs.priorYear.explanation')} {...b.text(p('explanation'))} multiline maxLength={20000} className="wide" />
            <button type="button" className="link" onClick={() => b.set(['priorYearComparison', 'rows'], cmp.rows.filter((_, j) => j !== i))}>
              {t('trs.tables.remove')}
            </button>
          </fieldset>
        );
      })}
      <ListControls
        addLabel={t('trs.priorYear.addRow')}
        onAdd={() => {
          const code = props.document.metadata.commodities[0]?.code ?? 'Au';
          const side = { tonnage: { value: null, unit: 'kt' as const }, grade: { commodity: code, value: null, unit: 'g/t' as const }, contained: { commodity: code, value: null, unit: 'koz' as const } };
          b.set(['priorYearComparison', 'rows'], [...cmp.rows, { id: newElementId(), kind: 'reserve', class: 'total', commodity: code, prior: side, current: side, causes: [], explanation: '' }]);
        }}
      />
    </section>
  );
}
