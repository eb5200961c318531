import type { Block, Inline } from '../trs/rich-text';
import type {
  CostEstimate,
  EconomicAnalysis,
  Figure,
  Price,
  QualifiedPerson,
  ReserveTable,
  ResourceTable,
  Section,
  TrsReport,
} from '../trs/model';
import { SK1300_SECTIONS } from '../trs/sections';

/**
 * A format-neutral view of a TRS for the exporters: the same headings, paragraphs, tables and
 * figures in the same order, so the EX-96, the PDF and the DOCX cannot say different things.
 * Rendering (escaping, pagination, styles) is each exporter's job.
 */

export interface DocText {
  kind: 'text';
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  sub?: boolean;
  sup?: boolean;
}
export type DocInline = DocText | { kind: 'break' };

export type CellAlign = 'left' | 'right';

export interface DocTable {
  kind: 'table';
  /** What the table holds, for tests and for formats that treat some tables specially. */
  role: 'resources' | 'reserves' | 'priorYear' | 'costs' | 'cashFlow' | 'sensitivity' | 'rights' | 'royalties' | 'persons' | 'parameters' | 'content';
  caption?: string;
  /** Header rows (repeated on each page by paginated formats). */
  header: DocInline[][][];
  rows: DocInline[][][];
  align: CellAlign[];
}

export interface DocFigure {
  kind: 'figure';
  figureId: string;
  /** Attachment file name in the EDGAR submission (lowercase, ≤ 32 characters). */
  fileName: string;
  caption: string;
  number: number;
  /** How the text refers to it: the author's own "Figure 3-1" when the caption has one. */
  label: string;
  mimeType: 'image/jpeg' | 'image/gif';
  dataBase64: string;
  widthPx: number | null;
  heightPx: number | null;
}

export type DocBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; anchor?: string }
  | { kind: 'paragraph'; inlines: DocInline[]; emphasis?: 'note' | 'caution' }
  | { kind: 'list'; ordered: boolean; items: DocInline[][] }
  | DocTable
  | DocFigure;

export interface DocSignature {
  /** "/s/ Name" as typed on the EDGAR copy (Rule 402(e) / 12b-11(d) conformed signature). */
  conformed: string;
  name: string;
  lines: string[];
  date: string;
}

export interface ReportDocument {
  /** Exhibit number, e.g. "96.1". */
  exhibit: string;
  title: string;
  registrant: string;
  property: string;
  effectiveDate: string;
  reportDate: string;
  draft: boolean;
  /** Title page lines after the title. */
  cover: string[];
  /** The 25 sections, each starting with its level-1 heading. */
  sections: { number: number; title: string; heading: string; anchor: string; blocks: DocBlock[] }[];
  /** Figures no section placed, shown after section 25. */
  unplacedFigures: DocFigure[];
  signatures: { heading: string; intro: string; entries: DocSignature[] };
  figures: DocFigure[];
}

export interface BuildOptions {
  draft: boolean;
  /** Prefix of figure attachment names, e.g. "ex96-1" → "ex96-1-fig01.jpg". */
  figurePrefix: string;
  /** Exhibit number printed on the cover (default "96.1"). */
  exhibit?: string;
}

const STUDY_LABEL: Record<TrsReport['metadata']['studyType'], string> = {
  initialAssessment: 'Initial assessment',
  preFeasibility: 'Preliminary feasibility study',
  feasibility: 'Feasibility study',
};
const STAGE_LABEL: Record<TrsReport['metadata']['propertyStage'], string> = {
  exploration: 'Exploration stage property',
  development: 'Development stage property',
  production: 'Production stage property',
};
const CLASS_LABEL: Record<string, string> = {
  measured: 'Measured',
  indicated: 'Indicated',
  measuredIndicated: 'Measured + Indicated',
  inferred: 'Inferred',
  proven: 'Proven',
  probable: 'Probable',
  total: 'Total (Proven + Probable)',
};

const NOT_STATED = 'not stated';

/** Dates as written in SEC filings: "June 30, 2025". ISO dates are calendar dates, so format in UTC. */
export function formatFilingDate(iso: string | null | undefined): string {
  if (!iso) return NOT_STATED;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(date);
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
/** Numbers as the exhibits print them (en-US grouping, no rounding beyond the stored precision). */
export function formatExportNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  return numberFormat.format(value);
}

const t = (text: string, marks: Omit<DocText, 'kind' | 'text'> = {}): DocText => ({ kind: 'text', text, ...marks });
const cell = (text: string): DocInline[] => [t(text)];
const para = (text: string, emphasis?: 'note' | 'caution'): DocBlock =>
  emphasis ? { kind: 'paragraph', inlines: [t(text)], emphasis } : { kind: 'paragraph', inlines: [t(text)] };
const labelled = (label: string, value: string): DocBlock => ({ kind: 'paragraph', inlines: [t(`${label}: `, { bold: true }), t(value)] });

/** Attachment name of figure n (1-based): lowercase, ≤ 32 characters, .jpg or .gif. */
export function figureFileName(prefix: string, number: number, mimeType: Figure['mimeType']): string {
  return `${prefix}-fig${String(number).padStart(2, '0')}.${mimeType === 'image/gif' ? 'gif' : 'jpg'}`;
}

export function buildReportDocument(report: TrsReport, options: BuildOptions): ReportDocument {
  const meta = report.metadata;
  const figures: DocFigure[] = report.figures.map((f, index) => ({
    kind: 'figure',
    figureId: f.id,
    fileName: figureFileName(options.figurePrefix, index + 1, f.mimeType),
    caption: f.caption,
    number: index + 1,
    label: figureLabel(f.caption, index + 1),
    mimeType: f.mimeType,
    dataBase64: f.dataBase64,
    widthPx: f.widthPx,
    heightPx: f.heightPx,
  }));
  const figureById = new Map(figures.map((f) => [f.figureId, f]));
  const referenceNumber = new Map(report.references.map((r, index) => [r.id, index + 1]));
  const placed = new Set<string>();

  const inlines = (content: readonly Inline[]): DocInline[] =>
    content.map((inline): DocInline => {
      switch (inline.type) {
        case 'text': {
          const marks = new Set(inline.marks ?? []);
          const out: DocText = t(inline.text);
          if (marks.has('bold')) out.bold = true;
          if (marks.has('italic')) out.italic = true;
          if (marks.has('underline')) out.underline = true;
          if (marks.has('sub')) out.sub = true;
          if (marks.has('sup')) out.sup = true;
          return out;
        }
        case 'lineBreak':
          return { kind: 'break' };
        case 'figureRef': {
          const figure = figureById.get(inline.figureId);
          return t(figure ? figure.label : '[missing figure]');
        }
        case 'referenceRef': {
          const n = referenceNumber.get(inline.referenceId);
          return t(n ? `[${n}]` : '[missing reference]');
        }
      }
    });

  const richText = (blocks: readonly Block[]): DocBlock[] =>
    blocks.flatMap((block): DocBlock[] => {
      switch (block.type) {
        case 'paragraph':
          return [{ kind: 'paragraph', inlines: inlines(block.content) }];
        case 'heading':
          // Section titles are level 1; headings inside a section start at level 2.
          return [{ kind: 'heading', level: block.level === 1 ? 2 : 3, text: plain(inlines(block.content)) }];
        case 'list':
          return [{ kind: 'list', ordered: block.ordered, items: block.items.map(inlines) }];
        case 'table': {
          const width = Math.max(1, ...block.rows.map((r) => r.length));
          const pad = (row: DocInline[][]) => [...row, ...Array.from({ length: width - row.length }, () => [])];
          const rows = block.rows.map((r) => pad(r.map(inlines)));
          const table: DocTable = {
            kind: 'table',
            role: 'content',
            header: rows.slice(0, block.headerRows),
            rows: rows.slice(block.headerRows),
            align: Array.from({ length: width }, () => 'left' as const),
          };
          if (block.caption) table.caption = block.caption;
          return [table];
        }
        case 'figure': {
          const figure = figureById.get(block.figureId);
          if (!figure) return [para(`[Figure ${block.figureId} is missing from the report]`, 'note')];
          placed.add(figure.figureId);
          return [figure];
        }
      }
    });

  const sections = report.sections.map((section) => {
    const official = SK1300_SECTIONS[section.number - 1];
    const title = official?.title ?? section.title;
    const heading = `${section.number}. ${title}`;
    const blocks: DocBlock[] = [];
    if (section.status === 'notApplicable') {
      blocks.push(para(`Not applicable. ${section.notApplicableReason}`.trim()));
    } else {
      blocks.push(...richText(section.body));
    }
    blocks.push(...structuredContent(report, section));
    return { number: section.number, title, heading, anchor: `s${section.number}`, blocks };
  });

  const unplacedFigures = figures.filter((f) => !placed.has(f.figureId));

  return {
    exhibit: options.exhibit ?? '96.1',
    title: meta.title,
    registrant: meta.registrantName,
    property: meta.propertyName,
    effectiveDate: formatFilingDate(meta.effectiveDate),
    reportDate: formatFilingDate(meta.reportDate),
    draft: options.draft,
    cover: [
      'Technical Report Summary',
      `prepared in accordance with Subpart 1300 of Regulation S-K`,
      meta.propertyName ? `Property: ${meta.propertyName}` : '',
      meta.registrantName ? `Registrant: ${meta.registrantName}` : '',
      `${STUDY_LABEL[meta.studyType]}; ${STAGE_LABEL[meta.propertyStage]}`,
      `Effective date: ${formatFilingDate(meta.effectiveDate)}`,
      `Report date: ${formatFilingDate(meta.reportDate)}`,
    ].filter((line) => line !== ''),
    sections,
    unplacedFigures,
    signatures: signatures(report),
    figures,
  };
}

export function plain(inlines: readonly DocInline[]): string {
  return inlines.map((i) => (i.kind === 'break' ? '\n' : i.text)).join('');
}

function signatures(report: TrsReport): ReportDocument['signatures'] {
  const firm = report.signingFirm;
  const reportDate = report.metadata.reportDate;
  if (firm) {
    const persons = report.qualifiedPersons.filter((p) => firm.qualifiedPersonIds.includes(p.id));
    return {
      heading: 'Date and signature',
      intro:
        `This Technical Report Summary is dated and signed by ${firm.name}, a third-party firm comprising mining experts, ` +
        `under Item 1302(b)(1)(ii) of Regulation S-K.`,
      entries: [
        {
          conformed: `/s/ ${firm.name}`,
          name: firm.name,
          lines: [
            ...firm.address.split(/\r?\n/).filter((l) => l.trim() !== ''),
            ...(persons.length > 0 ? [`Qualified persons: ${persons.map((p) => p.name).join(', ')}`] : []),
          ],
          date: formatFilingDate(firm.signatureDate ?? reportDate),
        },
      ],
    };
  }
  return {
    heading: 'Date and signature',
    intro: 'Each qualified person who prepared this Technical Report Summary has dated and signed it.',
    entries: report.qualifiedPersons.map((qp) => ({
      conformed: `/s/ ${qp.name}`,
      name: qp.name,
      lines: [qp.credentials, qp.employer, qp.rpo ? `${qp.rpo}${qp.membershipNumber ? ` (${qp.membershipNumber})` : ''}` : ''].filter(
        (l) => l.trim() !== '',
      ),
      date: formatFilingDate(qp.signatureDate ?? reportDate),
    })),
  };
}

/** Facts the model keeps as structured data are printed in the section the rule puts them in. */
function structuredContent(report: TrsReport, section: Section): DocBlock[] {
  switch (section.key) {
    case 'propertyDescription':
      return propertyBlocks(report);
    case 'mineralResourceEstimates':
      return report.mineralResources.flatMap((table, i) => resourceTableBlocks(table, i + 1));
    case 'mineralReserveEstimates':
      return [...report.mineralReserves.flatMap((table, i) => reserveTableBlocks(table, i + 1)), ...priorYearBlocks(report)];
    case 'capitalAndOperatingCosts':
      return [
        ...(report.capitalCosts ? costBlocks('Capital cost estimate', report.capitalCosts) : []),
        ...(report.operatingCosts ? costBlocks('Operating cost estimate', report.operatingCosts) : []),
      ];
    case 'economicAnalysis':
      return report.economicAnalysis ? economicBlocks(report.economicAnalysis) : [];
    case 'references':
      return report.references.length > 0
        ? [{ kind: 'list', ordered: true, items: report.references.map((r) => cell(r.url ? `${r.citation} (${r.url})` : r.citation)) }]
        : [];
    default:
      return [];
  }
}

const OWN_FIGURE_NUMBER = /^(?:fig\.|figure)\s*([0-9][\w.-]*?)[.:]?(?=\s|$)/i;

function figureLabel(caption: string, number: number): string {
  const own = OWN_FIGURE_NUMBER.exec(caption.trim());
  return own ? `Figure ${own[1]}` : `Figure ${number}`;
}

/** Figure caption as printed: the author's own "Figure 3-1. …" numbering wins over ours. */
export function figureCaption(figure: Pick<DocFigure, 'caption' | 'number'>): string {
  return OWN_FIGURE_NUMBER.test(figure.caption.trim()) ? figure.caption.trim() : `Figure ${figure.number}. ${figure.caption}`.trim();
}

/** Kept for formats that list the QPs apart from the signature page. */
export function qualifiedPersonBlocks(persons: readonly QualifiedPerson[]): DocBlock[] {
  if (persons.length === 0) return [];
  return [
    { kind: 'heading', level: 2, text: 'Qualified persons' },
    {
      kind: 'table',
      role: 'persons',
      header: [['Qualified person', 'Professional organization', 'Employer', 'Sections', 'Personal inspection'].map(cell)],
      rows: persons.map((p) =>
        [
          [p.name, p.credentials].filter(Boolean).join(', '),
          [p.rpo, p.membershipNumber].filter(Boolean).join(' '),
          `${p.employer}${p.isRegistrantEmployee ? ' (employee of the registrant)' : ''}`,
          p.sectionsResponsible.join(', '),
          [p.personalInspection.date ? formatFilingDate(p.personalInspection.date) : '', p.personalInspection.description]
            .filter(Boolean)
            .join(': '),
        ].map(cell),
      ),
      align: ['left', 'left', 'left', 'left', 'left'],
    },
  ];
}

function propertyBlocks(report: TrsReport): DocBlock[] {
  const p = report.property;
  const blocks: DocBlock[] = [];
  if (p.location.latitude !== null && p.location.longitude !== null) {
    blocks.push(labelled('Location (WGS 84)', `latitude ${formatExportNumber(p.location.latitude)}, longitude ${formatExportNumber(p.location.longitude)}`));
  }
  if (p.areaHa !== null) blocks.push(labelled('Area', `${formatExportNumber(p.areaHa)} ha`));
  if (p.ownershipPercent !== null) blocks.push(labelled("Registrant's interest", `${formatExportNumber(p.ownershipPercent)}%`));
  if (p.mineralRights.length > 0) {
    blocks.push({
      kind: 'table',
      role: 'rights',
      caption: 'Mineral rights',
      header: [['Identifier', 'Kind', 'Holder', 'Area (ha)', 'Status', 'Expires'].map(cell)],
      rows: p.mineralRights.map((r) =>
        [r.identifier, r.kind, r.holder, formatExportNumber(r.areaHa), r.status, r.expiresOn ? formatFilingDate(r.expiresOn) : '-'].map(cell),
      ),
      align: ['left', 'left', 'left', 'right', 'left', 'left'],
    });
  }
  if (p.royalties.length > 0) {
    blocks.push({
      kind: 'table',
      role: 'royalties',
      caption: 'Royalties and obligations',
      header: [['Holder', 'Kind', 'Rate (%)', 'Description'].map(cell)],
      rows: p.royalties.map((r) => [r.holder, r.kind, formatExportNumber(r.ratePercent), r.description].map(cell)),
      align: ['left', 'left', 'right', 'left'],
    });
  }
  if (p.encumbrances.trim()) blocks.push(labelled('Encumbrances', p.encumbrances));
  return blocks;
}

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
      CLASS_LABEL[row.class] ?? row.class,
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
  const basis = { historicalAverage: 'historical average', consensusForecast: 'consensus forecast', contract: 'contract price', spot: 'spot price', other: 'other basis' }[p.basis];
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
    items.push([t('Metallurgical recovery: ', { bold: true }), t(table.metallurgicalRecovery.map((r) => `${r.commodity} ${formatExportNumber(r.percent)}%`).join('; '))]);
  }
  for (const price of table.prices) items.push([t('Price: ', { bold: true }), t(priceText(price))]);
  if (table.attributablePercent !== null) {
    items.push([t('Attributable to the registrant: ', { bold: true }), t(`${formatExportNumber(table.attributablePercent)}%`)]);
  }
  const blocks: DocBlock[] = [{ kind: 'list', ordered: false, items }];
  if (table.notes.trim()) blocks.push(para(table.notes, 'note'));
  return blocks;
}

function resourceTableBlocks(table: ResourceTable, n: number): DocBlock[] {
  const caption = `Mineral resource statement ${n}: ${table.title}${table.exclusiveOfReserves ? ' (exclusive of mineral reserves)' : ' (inclusive of mineral reserves)'}`;
  return [
    estimateTable(table, 'resources', caption),
    ...parameterBlocks(table),
    ...(table.exclusiveOfReserves ? [] : [para('These mineral resources include those converted to mineral reserves.', 'note')]),
  ];
}

function reserveTableBlocks(table: ReserveTable, n: number): DocBlock[] {
  return [estimateTable(table, 'reserves', `Mineral reserve statement ${n}: ${table.title}`), ...parameterBlocks(table)];
}

function priorYearBlocks(report: TrsReport): DocBlock[] {
  const cmp = report.priorYearComparison;
  if (!cmp || cmp.rows.length === 0) return [];
  return [
    { kind: 'heading', level: 2, text: 'Comparison with the previous estimate' },
    {
      kind: 'table',
      role: 'priorYear',
      caption: `Compared with the estimate effective ${formatFilingDate(cmp.priorEffectiveDate)}`,
      header: [['Kind', 'Class', 'Commodity', 'Prior tonnage', 'Current tonnage', 'Prior contained', 'Current contained', 'Causes', 'Explanation'].map(cell)],
      rows: cmp.rows.map((r) =>
        [
          r.kind,
          CLASS_LABEL[r.class] ?? r.class,
          r.commodity,
          `${formatExportNumber(r.prior.tonnage.value)} ${r.prior.tonnage.unit}`,
          `${formatExportNumber(r.current.tonnage.value)} ${r.current.tonnage.unit}`,
          `${formatExportNumber(r.prior.contained.value)} ${r.prior.contained.unit}`,
          `${formatExportNumber(r.current.contained.value)} ${r.current.contained.unit}`,
          r.causes.join(', '),
          r.explanation,
        ].map(cell),
      ),
      align: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'left', 'left'],
    },
  ];
}

function costBlocks(title: string, estimate: CostEstimate): DocBlock[] {
  const blocks: DocBlock[] = [
    { kind: 'heading', level: 2, text: title },
    {
      kind: 'list',
      ordered: false,
      items: [
        [t('Currency: ', { bold: true }), t(estimate.currency)],
        [t('Basis date: ', { bold: true }), t(formatFilingDate(estimate.basisDate))],
        [t('Accuracy: ', { bold: true }), t(estimate.accuracyPercent === null ? NOT_STATED : `+/-${formatExportNumber(estimate.accuracyPercent)}%`)],
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
      rows: estimate.items.map((i) => [i.category, i.description, i.phase, formatExportNumber(i.amount), i.unit].map(cell)),
      align: ['left', 'left', 'left', 'right', 'left'],
    });
  }
  if (estimate.notes.trim()) blocks.push(para(estimate.notes, 'note'));
  return blocks;
}

function economicBlocks(e: EconomicAnalysis): DocBlock[] {
  const scale = e.amountScale === 1_000_000 ? ' millions' : e.amountScale === 1_000 ? ' thousands' : '';
  const money = `${e.currency}${scale}`;
  const blocks: DocBlock[] = [];
  if (e.cautionaryStatement.trim()) blocks.push(para(e.cautionaryStatement, 'caution'));
  blocks.push({
    kind: 'list',
    ordered: false,
    items: [
      [t('Net present value: ', { bold: true }), t(`${formatExportNumber(e.npv)} ${money} at a ${formatExportNumber(e.discountRatePercent)}% discount rate (${e.taxBasis === 'afterTax' ? 'after tax' : 'before tax'})`)],
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
        [String(r.year), ...[r.oreProcessedT, r.revenue, r.operatingCost, r.royalties, r.capitalCost, r.taxes, r.netCashFlow].map(formatExportNumber)].map(cell),
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
      rows: e.sensitivity.map((r) => [r.label || r.variable, formatExportNumber(r.changePercent), formatExportNumber(r.npv), formatExportNumber(r.irrPercent)].map(cell)),
      align: ['left', 'right', 'right', 'right'],
    });
  }
  return blocks;
}
