import { filingLabel } from '../../trs/code-labels';
import type { Price, ReserveTable, ResourceTable, TrsReport } from '../../trs/model';
import { cell, formatExportNumber, formatFilingDate, NOT_STATED, para, t } from './format';
import type { DocBlock, DocInline, DocTable } from './types';

// Sections 11 and 12: the resource and reserve statements, their parameters, and the comparison
// with the previous estimate.

type EstimateTable = ResourceTable | ReserveTable;

function commodityColumns(table: EstimateTable) {
  const grades = new Map<string, string>();
  const contained = new Map<string, string>();
  for (const row of table.rows) {
    for (const g of row.grades) if (!grades.has(g.commodity)) grades.set(g.commodity, g.unit);
    for (const c of row.contained) if (!contained.has(c.commodity)) contained.set(c.commodity, c.unit);
  }
  return { grades: [...grades], contained: [...contained] };
}

function estimateTable(table: EstimateTable, role: 'resources' | 'reserves', caption: string): DocTable {
  const { grades, contained } = commodityColumns(table);
  const tonnageUnit = table.rows[0]?.tonnage.unit ?? 'Mt';
  const hasDomains = table.rows.some((r) => r.domain.trim() !== '');
  const header = [
    'Class',
    ...(hasDomains ? ['Domain'] : []),
    `Tonnage (${tonnageUnit})`,
    ...grades.map(([c, unit]) => `Grade ${c} (${unit})`),
    ...contained.map(([c, unit]) => `Contained ${c} (${unit})`),
  ];
  const rows = table.rows.map((row) => {
    const tonnage = row.tonnage.unit === tonnageUnit ? row.tonnage.value : null;
    return [
      filingLabel('estimateClass', row.class),
      ...(hasDomains ? [row.domain] : []),
      tonnage === null && row.tonnage.value !== null ? `${formatExportNumber(row.tonnage.value)} ${row.tonnage.unit}` : formatExportNumber(tonnage),
      ...grades.map(([c, unit]) => {
        const g = row.grades.find((x) => x.commodity === c);
        return g ? (g.unit === unit ? formatExportNumber(g.value) : `${formatExportNumber(g.value)} ${g.unit}`) : '-';
      }),
      ...contained.map(([c, unit]) => {
        const x = row.contained.find((y) => y.commodity === c);
        return x ? (x.unit === unit ? formatExportNumber(x.value) : `${formatExportNumber(x.value)} ${x.unit}`) : '-';
      }),
    ].map(cell);
  });
  return {
    kind: 'table',
    role,
    caption,
    header: [header.map(cell)],
    rows,
    align: header.map((_, i) => (i === 0 || (hasDomains && i === 1) ? 'left' : 'right')),
  };
}

function priceText(p: Price): string {
  const basis = filingLabel('priceBasis', p.basis);
  return `${p.commodity}: ${formatExportNumber(p.value)} ${p.unit} (${basis}${p.timeFrame ? `, ${p.timeFrame}` : ''})${p.justification ? `. ${p.justification}` : ''}`;
}

function parameterBlocks(table: EstimateTable): DocBlock[] {
  const items: DocInline[][] = [];
  items.push([t('Effective date: ', { bold: true }), t(formatFilingDate(table.effectiveDate))]);
  items.push([t('Point of reference: ', { bold: true }), t(table.pointOfReference || NOT_STATED)]);
  if (table.cutOff.length > 0) {
    items.push([
      t('Cut-off: ', { bold: true }),
      t(table.cutOff.map((c) => `${formatExportNumber(c.value)} ${c.unit}${c.description ? ` (${c.description})` : ''}`).join('; ')),
    ]);
  }
  if (table.metallurgicalRecovery.length > 0) {
    items.push([
      t('Metallurgical recovery: ', { bold: true }),
      t(table.metallurgicalRecovery.map((r) => `${r.commodity} ${formatExportNumber(r.percent)}%`).join('; ')),
    ]);
  }
  for (const price of table.prices) items.push([t('Price: ', { bold: true }), t(priceText(price))]);
  if (table.attributablePercent !== null) {
    items.push([t('Attributable to the registrant: ', { bold: true }), t(`${formatExportNumber(table.attributablePercent)}%`)]);
  }
  const blocks: DocBlock[] = [{ kind: 'list', ordered: false, items }];
  if (table.notes.trim()) blocks.push(para(table.notes, 'note'));
  return blocks;
}

export function resourceTableBlocks(table: ResourceTable, n: number): DocBlock[] {
  // The basis is said once: added only when the author's title does not already say it.
  const title = table.title.trim() || `Mineral resource statement ${n}`;
  const basis = /\b(?:exclusive|inclusive)\b/i.test(title)
    ? ''
    : table.exclusiveOfReserves
      ? ' (exclusive of mineral reserves)'
      : ' (inclusive of mineral reserves)';
  const caption = `${title}${basis}`;
  return [
    estimateTable(table, 'resources', caption),
    ...parameterBlocks(table),
    ...(table.exclusiveOfReserves ? [] : [para('These mineral resources include those converted to mineral reserves.', 'note')]),
  ];
}

export function reserveTableBlocks(table: ReserveTable, n: number): DocBlock[] {
  return [estimateTable(table, 'reserves', table.title.trim() || `Mineral reserve statement ${n}`), ...parameterBlocks(table)];
}

export function priorYearBlocks(report: TrsReport): DocBlock[] {
  const cmp = report.priorYearComparison;
  if (!cmp || cmp.rows.length === 0) return [];
  return [
    { kind: 'heading', level: 2, text: 'Comparison with the previous estimate' },
    {
      kind: 'table',
      role: 'priorYear',
      caption: `Comparison with the estimate effective ${formatFilingDate(cmp.priorEffectiveDate)}`,
      header: [['Kind', 'Class', 'Commodity', 'Prior tonnage', 'Current tonnage', 'Prior contained', 'Current contained', 'Causes', 'Explanation'].map(cell)],
      rows: cmp.rows.map((r) =>
        [
          filingLabel('estimateKind', r.kind),
          filingLabel('estimateClass', r.class),
          r.commodity,
          `${formatExportNumber(r.prior.tonnage.value)} ${r.prior.tonnage.unit}`,
          `${formatExportNumber(r.current.tonnage.value)} ${r.current.tonnage.unit}`,
          `${formatExportNumber(r.prior.contained.value)} ${r.prior.contained.unit}`,
          `${formatExportNumber(r.current.contained.value)} ${r.current.contained.unit}`,
          r.causes.map((c) => filingLabel('changeCause', c)).join(', '),
          r.explanation,
        ].map(cell),
      ),
      align: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'left', 'left'],
    },
  ];
}
