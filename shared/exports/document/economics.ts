import { filingLabel } from '../../trs/code-labels';
import type { CostEstimate, EconomicAnalysis } from '../../trs/model';
import { cell, formatExportNumber, formatFilingDate, NOT_STATED, para, t } from './format';
import type { DocBlock } from './types';

// Sections 18 and 19: capital and operating costs, and the economic analysis.

export function costBlocks(title: string, estimate: CostEstimate): DocBlock[] {
  const blocks: DocBlock[] = [
    { kind: 'heading', level: 2, text: title },
    {
      kind: 'list',
      ordered: false,
      items: [
        [t('Currency: ', { bold: true }), t(estimate.currency)],
        [t('Basis date: ', { bold: true }), t(formatFilingDate(estimate.basisDate))],
        [t('Accuracy: ', { bold: true }), t(estimate.accuracyPercent === null ? NOT_STATED : `\u00B1${formatExportNumber(estimate.accuracyPercent)}%`)],
        [t('Contingency: ', { bold: true }), t(estimate.contingencyPercent === null ? NOT_STATED : `${formatExportNumber(estimate.contingencyPercent)}%`)],
      ],
    },
  ];
  if (estimate.items.length > 0) {
    blocks.push({
      kind: 'table',
      role: 'costs',
      caption: title,
      header: [['Category', 'Description', 'Phase', 'Amount', 'Unit'].map(cell)],
      rows: estimate.items.map((i) => [i.category, i.description, filingLabel('costPhase', i.phase), formatExportNumber(i.amount), i.unit].map(cell)),
      align: ['left', 'left', 'left', 'right', 'left'],
    });
  }
  if (estimate.notes.trim()) blocks.push(para(estimate.notes, 'note'));
  return blocks;
}

export function economicBlocks(e: EconomicAnalysis): DocBlock[] {
  const scale = e.amountScale === 1_000_000 ? ' millions' : e.amountScale === 1_000 ? ' thousands' : '';
  const money = `${e.currency}${scale}`;
  const blocks: DocBlock[] = [];
  if (e.cautionaryStatement.trim()) blocks.push(para(e.cautionaryStatement, 'caution'));
  blocks.push({
    kind: 'list',
    ordered: false,
    items: [
      [
        t('Net present value: ', { bold: true }),
        t(`${formatExportNumber(e.npv)} ${money} at a ${formatExportNumber(e.discountRatePercent)}% discount rate (${filingLabel('taxBasis', e.taxBasis)})`),
      ],
      [t('Internal rate of return: ', { bold: true }), t(e.irrPercent === null ? NOT_STATED : `${formatExportNumber(e.irrPercent)}%`)],
      [t('Payback: ', { bold: true }), t(e.paybackYears === null ? NOT_STATED : `${formatExportNumber(e.paybackYears)} years`)],
      ...e.exchangeRates.map((r) => [t('Exchange rate: ', { bold: true }), t(`${r.pair} ${formatExportNumber(r.rate)}`)]),
    ],
  });
  if (e.cashFlow.length > 0) {
    blocks.push({
      kind: 'table',
      role: 'cashFlow',
      caption: `Annual cash-flow forecast (${money})`,
      header: [['Year', 'Ore processed (t)', 'Revenue', 'Operating cost', 'Royalties', 'Capital cost', 'Taxes', 'Net cash flow'].map(cell)],
      rows: e.cashFlow.map((r) =>
        [String(r.year), ...[r.oreProcessedT, r.revenue, r.operatingCost, r.royalties, r.capitalCost, r.taxes, r.netCashFlow].map(formatExportNumber)].map(
          cell,
        ),
      ),
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    });
  }
  if (e.sensitivity.length > 0) {
    blocks.push({
      kind: 'table',
      role: 'sensitivity',
      caption: 'Sensitivity analysis',
      header: [['Variable', 'Change (%)', `NPV (${money})`, 'IRR (%)'].map(cell)],
      rows: e.sensitivity.map((r) =>
        [
          r.label || filingLabel('sensitivityVariable', r.variable),
          formatExportNumber(r.changePercent),
          formatExportNumber(r.npv),
          formatExportNumber(r.irrPercent),
        ].map(cell),
      ),
      align: ['left', 'right', 'right', 'right'],
    });
  }
  return blocks;
}
