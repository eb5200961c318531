import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CBRR_CATEGORIES,
  CBRR_CATEGORY_BY_CLASS,
  CONTAINED_UNITS,
  emptyReserveTable,
  emptyResourceTable,
  GRADE_UNITS,
  newElementId,
  RESERVE_CLASSES,
  RESOURCE_CLASSES,
  TONNAGE_UNITS,
  type GradeUnit,
  type ReserveRow,
  type ReserveTable,
  type ResourceRow,
  type ResourceTable,
  type TrsReport,
} from '../../../shared/trs/model';
import { formatLocaleNumber } from '../../../shared/trs/numbers';
import { convertTonnage, defaultContainedUnit, recomputeContained, reserveTotals, resourceTotals, type ClassTotal } from '../../../shared/trs/units';
import { CheckboxField, DateField, NumberField, SelectField, TextField, useNumberLocale } from './fields';
import { RemoveRowButton, withItemPatched, withoutIndex } from './panes/pane-kit';

type Kind = 'mineralResources' | 'mineralReserves';
type AnyTable = ResourceTable | ReserveTable;
type AnyRow = ResourceRow | ReserveRow;

/** Rows rendered at once; a 5 000-row table is paged so the pane opens quickly. */
export const ROWS_PER_PAGE = 50;

interface Props {
  kind: Kind;
  document: TrsReport;
  brazilianFields: boolean;
  update(edit: (doc: TrsReport) => TrsReport, coalesceKey?: string): void;
}

function commoditiesOf(table: AnyTable, doc: TrsReport): string[] {
  const set = new Set<string>();
  for (const row of table.rows) for (const g of row.grades) set.add(g.commodity);
  if (set.size === 0) for (const c of doc.metadata.commodities) set.add(c.code);
  return [...set];
}

/** Row after an edit of tonnage or grade: contained recomputed as tonnage × grade in each contained unit. */
function normalizeRow<R extends AnyRow>(row: R): R {
  const contained = row.grades.map(
    (g) => row.contained.find((c) => c.commodity === g.commodity) ?? { commodity: g.commodity, value: null, unit: defaultContainedUnit(g.unit) },
  );
  return recomputeContained({ ...row, contained });
}

export function TablesPane(props: Props) {
  const { t } = useTranslation();
  const tables = props.document[props.kind] as AnyTable[];
  const [selected, setSelected] = useState(0);
  const table = tables[Math.min(selected, tables.length - 1)];
  const tableIndex = table ? tables.indexOf(table) : -1;

  const updateTable = (fn: (t: AnyTable) => AnyTable, key?: string) =>
    props.update((doc) => {
      const list = doc[props.kind] as AnyTable[];
      return { ...doc, [props.kind]: list.map((x, i) => (i === tableIndex ? fn(x) : x)) };
    }, key);

  const addTable = () => {
    props.update((doc) => ({
      ...doc,
      [props.kind]: [...(doc[props.kind] as AnyTable[]), props.kind === 'mineralResources' ? emptyResourceTable() : emptyReserveTable()],
    }));
    setSelected(tables.length);
  };

  return (
    <section className="trs-pane" data-testid={`trs-pane-${props.kind}`}>
      <h2>{t(`trs.panes.${props.kind}`)}</h2>
      <div className="trs-tabs">
        {tables.length > 0 ? (
          // Only tabs inside the tab list (a button of another role there is an ARIA error).
          <div role="tablist" className="trs-tabs" aria-label={t(`trs.panes.${props.kind}`)}>
            {tables.map((x, i) => (
              <button
                key={x.id}
                type="button"
                role="tab"
                aria-selected={i === tableIndex}
                className={i === tableIndex ? 'active' : ''}
                onClick={() => setSelected(i)}
              >
                {x.title || t('trs.tables.untitled')}
              </button>
            ))}
          </div>
        ) : null}
        <button type="button" onClick={addTable} data-testid={`trs-add-table-${props.kind}`}>
          + {t('trs.tables.addTable')}
        </button>
      </div>
      {table ? (
        <TableEditor
          {...props}
          table={table}
          updateTable={updateTable}
          onDelete={() => props.update((doc) => ({ ...doc, [props.kind]: (doc[props.kind] as AnyTable[]).filter((_, i) => i !== tableIndex) }))}
        />
      ) : (
        <p className="muted">{t('trs.tables.none')}</p>
      )}
    </section>
  );
}

function TableEditor(props: Props & { table: AnyTable; updateTable(fn: (t: AnyTable) => AnyTable, key?: string): void; onDelete(): void }) {
  const { t } = useTranslation();
  const locale = useNumberLocale();
  const { table, updateTable } = props;
  const isResource = props.kind === 'mineralResources';
  const commodities = commoditiesOf(table, props.document);
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(table.rows.length / ROWS_PER_PAGE));
  const currentPage = Math.min(page, pages - 1);
  const rows = table.rows.slice(currentPage * ROWS_PER_PAGE, (currentPage + 1) * ROWS_PER_PAGE);
  const classes = isResource ? RESOURCE_CLASSES : RESERVE_CLASSES;
  const k = `${props.kind}.${table.id}`;

  const setField = <K extends keyof AnyTable>(key: K, value: AnyTable[K]) => updateTable((x) => ({ ...x, [key]: value }), `${k}.${String(key)}`);
  const updateRow = (rowId: string, fn: (r: AnyRow) => AnyRow, key: string) =>
    updateTable((x) => ({ ...x, rows: (x.rows as AnyRow[]).map((r) => (r.id === rowId ? fn(r) : r)) }) as AnyTable, `${k}.${rowId}.${key}`);
  const addRow = () =>
    updateTable((x) => {
      const cls = (isResource ? 'indicated' : 'probable') as AnyRow['class'];
      const row = {
        id: newElementId(),
        class: cls,
        domain: '',
        tonnage: { value: null, unit: x.rows[0]?.tonnage.unit ?? 'kt' },
        grades: commodities.map((c) => ({ commodity: c, value: null, unit: x.rows[0]?.grades.find((g) => g.commodity === c)?.unit ?? 'g/t' })),
        contained: [],
        cbrrCategory: props.brazilianFields ? CBRR_CATEGORY_BY_CLASS[cls] : null,
      } as AnyRow;
      return { ...x, rows: [...(x.rows as AnyRow[]), normalizeRow(row)] } as AnyTable;
    });

  const totals = isResource ? resourceTotals(table as ResourceTable) : reserveTotals(table as ReserveTable);
  const fmt = (v: number | null, digits = 2) => formatLocaleNumber(v, locale, { maximumFractionDigits: digits });
  const unit = table.rows[0]?.tonnage.unit ?? 'kt';

  return (
    <div className="trs-table-editor" data-testid="trs-table-editor">
      <div className="trs-form-grid">
        <TextField label={t('trs.tables.title')} value={table.title} onChange={(v) => setField('title', v)} />
        <DateField label={t('trs.tables.effectiveDate')} value={table.effectiveDate} onChange={(v) => setField('effectiveDate', v)} />
        <TextField
          label={t('trs.tables.pointOfReference')}
          value={table.pointOfReference}
          onChange={(v) => setField('pointOfReference', v)}
          testId="trs-point-of-reference"
        />
        <NumberField
          label={t('trs.tables.attributablePercent')}
          unit="%"
          value={table.attributablePercent}
          onChange={(v) => setField('attributablePercent', v)}
        />
        {isResource ? (
          <CheckboxField
            label={t('trs.tables.exclusiveOfReserves')}
            value={(table as ResourceTable).exclusiveOfReserves}
            onChange={(v) => updateTable((x) => ({ ...(x as ResourceTable), exclusiveOfReserves: v }))}
          />
        ) : null}
        <TextField label={t('trs.tables.notes')} value={table.notes} multiline maxLength={20000} onChange={(v) => setField('notes', v)} className="wide" />
      </div>

      <fieldset className="trs-subtable">
        <legend>{t('trs.tables.cutOff')}</legend>
        {table.cutOff.map((c, i) => (
          <div className="trs-inline-row" key={i}>
            <NumberField label={t('trs.tables.value')} value={c.value} onChange={(v) => setField('cutOff', withItemPatched(table.cutOff, i, { value: v }))} />
            <TextField
              label={t('trs.tables.unit')}
              value={c.unit}
              maxLength={30}
              onChange={(v) => setField('cutOff', withItemPatched(table.cutOff, i, { unit: v }))}
            />
            <TextField
              label={t('trs.tables.description')}
              value={c.description}
              onChange={(v) => setField('cutOff', withItemPatched(table.cutOff, i, { description: v }))}
            />
            <RemoveRowButton onClick={() => setField('cutOff', withoutIndex(table.cutOff, i))} />
          </div>
        ))}
        <button type="button" onClick={() => setField('cutOff', [...table.cutOff, { value: null, unit: '', description: '' }])}>
          + {t('trs.tables.addCutOff')}
        </button>
      </fieldset>

      <fieldset className="trs-subtable">
        <legend>{t('trs.tables.recovery')}</legend>
        {table.metallurgicalRecovery.map((c, i) => (
          <div className="trs-inline-row" key={i}>
            <TextField
              label={t('trs.tables.commodity')}
              value={c.commodity}
              maxLength={20}
              onChange={(v) => setField('metallurgicalRecovery', withItemPatched(table.metallurgicalRecovery, i, { commodity: v }))}
            />
            <NumberField
              label={t('trs.tables.recoveryPercent')}
              unit="%"
              value={c.percent}
              onChange={(v) => setField('metallurgicalRecovery', withItemPatched(table.metallurgicalRecovery, i, { percent: v }))}
            />
            <RemoveRowButton onClick={() => setField('metallurgicalRecovery', withoutIndex(table.metallurgicalRecovery, i))} />
          </div>
        ))}
        <button
          type="button"
          onClick={() => setField('metallurgicalRecovery', [...table.metallurgicalRecovery, { commodity: commodities[0] ?? 'Au', percent: null }])}
        >
          + {t('trs.tables.addRecovery')}
        </button>
      </fieldset>

      <fieldset className="trs-subtable">
        <legend>{t('trs.tables.prices')}</legend>
        {table.prices.map((c, i) => {
          const setPrice = (patch: Partial<typeof c>) => setField('prices', withItemPatched(table.prices, i, patch));
          return (
            <div className="trs-inline-row wrap" key={i}>
              <TextField label={t('trs.tables.commodity')} value={c.commodity} maxLength={20} onChange={(v) => setPrice({ commodity: v })} />
              <NumberField label={t('trs.tables.price')} value={c.value} onChange={(v) => setPrice({ value: v })} />
              <TextField label={t('trs.tables.unit')} value={c.unit} maxLength={30} onChange={(v) => setPrice({ unit: v })} />
              <SelectField
                label={t('trs.tables.priceBasis')}
                value={c.basis}
                options={(['historicalAverage', 'consensusForecast', 'contract', 'spot', 'other'] as const).map((b) => ({
                  value: b,
                  label: t(`trs.priceBasis.${b}`),
                }))}
                onChange={(v) => setPrice({ basis: v })}
              />
              <TextField label={t('trs.tables.timeFrame')} value={c.timeFrame} onChange={(v) => setPrice({ timeFrame: v })} className="wide" />
              <TextField
                label={t('trs.tables.justification')}
                value={c.justification}
                multiline
                maxLength={20000}
                onChange={(v) => setPrice({ justification: v })}
                className="wide"
              />
              <RemoveRowButton onClick={() => setField('prices', withoutIndex(table.prices, i))} />
            </div>
          );
        })}
        <button
          type="button"
          onClick={() =>
            setField('prices', [
              ...table.prices,
              { commodity: commodities[0] ?? 'Au', value: null, unit: 'USD/oz', timeFrame: '', basis: 'consensusForecast', justification: '' },
            ])
          }
        >
          + {t('trs.tables.addPrice')}
        </button>
      </fieldset>

      <div className="trs-grid-wrap">
        <table className="trs-grid" data-testid="trs-rows">
          <thead>
            <tr>
              <th>{t('trs.tables.class')}</th>
              <th>{t('trs.tables.domain')}</th>
              <th>{t('trs.tables.tonnage')}</th>
              {commodities.map((c) => (
                <th key={`g-${c}`}>{t('trs.tables.gradeOf', { commodity: c })}</th>
              ))}
              {commodities.map((c) => (
                <th key={`c-${c}`}>{t('trs.tables.containedOf', { commodity: c })}</th>
              ))}
              {props.brazilianFields ? <th>{t('trs.tables.cbrrCategory')}</th> : null}
              <th aria-label={t('trs.tables.actions')} />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-testid="trs-row">
                <td>
                  <SelectField
                    hideLabel
                    label={t('trs.tables.class')}
                    value={row.class as string}
                    options={classes.map((c) => ({ value: c, label: t(`trs.classes.${c}`) }))}
                    onChange={(v) =>
                      updateRow(
                        row.id,
                        (r) => ({
                          ...r,
                          class: v as AnyRow['class'],
                          cbrrCategory: r.cbrrCategory === null ? null : CBRR_CATEGORY_BY_CLASS[v as AnyRow['class']],
                        }),
                        'class',
                      )
                    }
                  />
                </td>
                <td>
                  <TextField
                    hideLabel
                    label={t('trs.tables.domain')}
                    value={row.domain}
                    onChange={(v) => updateRow(row.id, (r) => ({ ...r, domain: v }), 'domain')}
                  />
                </td>
                <td className="trs-cell-unit">
                  <NumberField
                    hideLabel
                    label={t('trs.tables.tonnage')}
                    min={0}
                    value={row.tonnage.value}
                    testId="trs-row-tonnage"
                    onChange={(v) => updateRow(row.id, (r) => normalizeRow({ ...r, tonnage: { ...r.tonnage, value: v } }), 'tonnage')}
                  />
                  <SelectField
                    hideLabel
                    label={t('trs.tables.unit')}
                    value={row.tonnage.unit}
                    options={TONNAGE_UNITS.map((u) => ({ value: u, label: u }))}
                    onChange={(v) => updateRow(row.id, (r) => normalizeRow({ ...r, tonnage: { ...r.tonnage, unit: v } }), 'tonnageUnit')}
                  />
                </td>
                {commodities.map((c) => {
                  const g = row.grades.find((x) => x.commodity === c);
                  const setGrade = (patch: { value?: number | null; unit?: GradeUnit }) =>
                    updateRow(
                      row.id,
                      (r) => {
                        const existing = r.grades.find((x) => x.commodity === c);
                        const grades = existing
                          ? r.grades.map((x) => (x.commodity === c ? { ...x, ...patch } : x))
                          : [...r.grades, { commodity: c, value: null, unit: 'g/t' as GradeUnit, ...patch }];
                        return normalizeRow({ ...r, grades });
                      },
                      `grade.${c}`,
                    );
                  return (
                    <td key={`g-${c}`} className="trs-cell-unit">
                      <NumberField
                        hideLabel
                        label={t('trs.tables.gradeOf', { commodity: c })}
                        min={0}
                        value={g?.value ?? null}
                        testId="trs-row-grade"
                        onChange={(v) => setGrade({ value: v })}
                      />
                      <SelectField
                        hideLabel
                        label={t('trs.tables.unit')}
                        value={g?.unit ?? 'g/t'}
                        options={GRADE_UNITS.map((u) => ({ value: u, label: u }))}
                        onChange={(v) => setGrade({ unit: v })}
                      />
                    </td>
                  );
                })}
                {commodities.map((c) => {
                  const ct = row.contained.find((x) => x.commodity === c);
                  return (
                    <td key={`c-${c}`} className="trs-cell-unit trs-computed">
                      <output data-testid="trs-row-contained">{fmt(ct?.value ?? null, 2)}</output>
                      <SelectField
                        hideLabel
                        label={t('trs.tables.unit')}
                        value={ct?.unit ?? 'oz'}
                        options={CONTAINED_UNITS.map((u) => ({ value: u, label: u }))}
                        onChange={(v) =>
                          updateRow(
                            row.id,
                            (r) =>
                              normalizeRow({
                                ...r,
                                contained: r.contained.some((x) => x.commodity === c)
                                  ? r.contained.map((x) => (x.commodity === c ? { ...x, unit: v } : x))
                                  : [...r.contained, { commodity: c, value: null, unit: v }],
                              }),
                            `containedUnit.${c}`,
                          )
                        }
                      />
                    </td>
                  );
                })}
                {props.brazilianFields ? (
                  <td>
                    <SelectField
                      hideLabel
                      label={t('trs.tables.cbrrCategory')}
                      value={row.cbrrCategory ?? ''}
                      options={[{ value: '', label: '—' }, ...CBRR_CATEGORIES.map((c) => ({ value: c, label: t(`trs.cbrr.${c}`) }))]}
                      onChange={(v) => updateRow(row.id, (r) => ({ ...r, cbrrCategory: v === '' ? null : v }), 'cbrr')}
                    />
                  </td>
                ) : null}
                <td>
                  <button
                    type="button"
                    className="link"
                    aria-label={t('trs.tables.removeRow')}
                    onClick={() => updateTable((x) => ({ ...x, rows: (x.rows as AnyRow[]).filter((r) => r.id !== row.id) }) as AnyTable)}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="trs-inline-row">
        <button type="button" onClick={addRow} data-testid="trs-add-row">
          + {t('trs.tables.addRow')}
        </button>
        {pages > 1 ? (
          <nav className="trs-pager" aria-label={t('trs.tables.pages')}>
            <button type="button" disabled={currentPage === 0} onClick={() => setPage(currentPage - 1)}>
              ‹
            </button>
            <span>{t('trs.tables.pageOf', { page: currentPage + 1, pages, rows: table.rows.length })}</span>
            <button type="button" disabled={currentPage >= pages - 1} onClick={() => setPage(currentPage + 1)}>
              ›
            </button>
          </nav>
        ) : null}
        <span className="spacer" />
        <button type="button" className="danger" onClick={props.onDelete}>
          {t('trs.tables.deleteTable')}
        </button>
      </div>

      <table className="trs-grid trs-totals" data-testid="trs-totals">
        <caption>{t('trs.tables.totals', { unit })}</caption>
        <thead>
          <tr>
            <th>{t('trs.tables.class')}</th>
            <th>{t('trs.tables.tonnage')}</th>
            {commodities.map((c) => (
              <th key={`tg-${c}`}>{t('trs.tables.gradeOf', { commodity: c })}</th>
            ))}
            {commodities.map((c) => (
              <th key={`tc-${c}`}>{t('trs.tables.containedOf', { commodity: c })}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Object.values<ClassTotal>(totals).map((total) => (
            <tr key={total.class} data-testid={`trs-total-${total.class}`}>
              <th>{t(`trs.classes.${total.class}`)}</th>
              <td>
                {fmt(convertTonnage(total.tonnes, unit), 1)}
                {total.missingTonnageRows > 0 ? (
                  <span className="trs-partial">{t('trs.tables.partialTonnage', { count: total.missingTonnageRows, rows: total.rowCount })}</span>
                ) : null}
              </td>
              {commodities.map((c) => {
                const g = total.grades.find((x) => x.commodity === c);
                return (
                  <td key={`tg-${c}`}>
                    {g ? `${fmt(g.value, 2)} ${g.unit}` : '—'}
                    {g && g.missingRows > 0 ? (
                      <span className="trs-partial" data-testid={`trs-total-${total.class}-grade-partial`}>
                        {t('trs.tables.partialGrade', { count: g.missingRows, rows: total.rowCount })}
                      </span>
                    ) : null}
                  </td>
                );
              })}
              {commodities.map((c) => {
                const ct = total.contained.find((x) => x.commodity === c);
                return (
                  <td key={`tc-${c}`}>
                    <span data-testid={`trs-total-${total.class}-contained`}>{ct ? `${fmt(ct.value, 1)} ${ct.unit}` : '—'}</span>
                    {ct && ct.missingRows > 0 ? (
                      <span className="trs-partial" data-testid={`trs-total-${total.class}-partial`}>
                        {t('trs.tables.partialContained', { count: ct.missingRows, rows: total.rowCount })}
                      </span>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
