import { useTranslation } from 'react-i18next';
import { newElementId } from '../../../../shared/trs/model';
import { DateField, TextField } from '../fields';
import { binder, ListControls, type PaneProps } from './pane-kit';

export function ReferencesPane(props: PaneProps) {
  const { t } = useTranslation();
  const b = binder(props);
  const refs = props.document.references;
  const figures = props.document.figures;
  const addFigure = (file: File) => {
    if (file.type !== 'image/jpeg' && file.type !== 'image/gif') return;
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      const base64 = url.slice(url.indexOf(',') + 1);
      const img = new Image();
      img.onload = () =>
        b.set(
          ['figures'],
          [
            ...props.document.figures,
            {
              id: newElementId(),
              caption: '',
              mimeType: file.type,
              fileName: file.name.replace(/[/\\]/g, '_').slice(0, 200),
              widthPx: img.naturalWidth || null,
              heightPx: img.naturalHeight || null,
              dataBase64: base64,
            },
          ],
        );
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
              {t('trs.references.provenance', {
                source: r.officialFact.agency,
                dataset: r.officialFact.dataset,
                record: r.officialFact.recordId,
                at: r.officialFact.fetchedAt,
              })}
            </p>
          ) : null}
          <button
            type="button"
            className="link"
            onClick={() =>
              b.set(
                ['references'],
                refs.filter((_, j) => j !== i),
              )
            }
          >
            {t('trs.tables.remove')}
          </button>
        </fieldset>
      ))}
      <ListControls
        addLabel={t('trs.references.add')}
        onAdd={() =>
          b.set(['references'], [...refs, { id: newElementId(), kind: 'publication', citation: '', url: null, accessedOn: null, officialFact: null }])
        }
      />
      <h3>{t('trs.references.figures')}</h3>
      <ul className="trs-figures">
        {figures.map((f, i) => (
          <li key={f.id}>
            <img src={`data:${f.mimeType};base64,${f.dataBase64}`} alt={f.caption} />
            <TextField label={t('trs.references.caption')} {...b.text(['figures', i, 'caption'])} multiline />
            <button
              type="button"
              className="link"
              onClick={() =>
                b.set(
                  ['figures'],
                  figures.filter((_, j) => j !== i),
                )
              }
            >
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
