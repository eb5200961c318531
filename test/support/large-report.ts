import { CBRR_CATEGORY_BY_CLASS, createEmptyReport, type ResourceRow, type TrsReport } from '../../shared/trs/model';
import type { Block } from '../../shared/trs/rich-text';
import { containedAmount } from '../../shared/trs/units';

/**
 * A large but valid Technical Report Summary for benchmarks (editor, KRCI, exporters): 25
 * sections of long rich text (paragraphs, headings, lists, a table per section) and one resource
 * table of `rows` rows. Deterministic: the same options give the same document.
 */
export interface LargeReportOptions {
  /** Words per section (default 4 000, i.e. ~100 000 words in all: a long TRS). */
  wordsPerSection?: number;
  /** Rows of the resource table (default 5 000). */
  rows?: number;
  /** Add the Brazilian fields (default true). */
  brazil?: boolean;
}

const WORDS = (
  'drilling core assay grade gold tonnage sample laboratory quality control pit underground shear zone vein quartz carbonate sulphide ' +
  'density kriging block model composite cut-off recovery plant leach carbon mill crusher tailings water permit licence closure ' +
  'cost capital operating royalty price forecast discount cash flow sensitivity geology lithology schist iron formation contact'
).split(' ');

/** Small deterministic PRNG (mulberry32) so benchmarks compare like with like. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]!);
  const s = out.join(' ');
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

function sectionBody(rand: () => number, number: number, words: number): Block[] {
  const blocks: Block[] = [];
  let written = 0;
  let paragraph = 0;
  while (written < words) {
    paragraph++;
    if (paragraph % 6 === 1)
      blocks.push({ type: 'heading', level: 2, content: [{ type: 'text', text: `${number}.${Math.ceil(paragraph / 6)} ${sentence(rand, 4)}` }] });
    if (paragraph % 9 === 0) {
      blocks.push({ type: 'list', ordered: paragraph % 2 === 0, items: [0, 1, 2, 3].map(() => [{ type: 'text', text: sentence(rand, 10) }]) });
      written += 40;
      continue;
    }
    const n = 80 + Math.floor(rand() * 60);
    const parts = [sentence(rand, Math.floor(n / 3)), sentence(rand, Math.floor(n / 3)), sentence(rand, n - 2 * Math.floor(n / 3))];
    blocks.push({
      type: 'paragraph',
      content: [
        { type: 'text', text: `${parts[0]} ` },
        { type: 'text', text: parts[1]!, marks: ['bold'] },
        { type: 'text', text: ` ${parts[2]} 10` },
        { type: 'text', text: '-6', marks: ['sup'] },
        { type: 'text', text: ' m/s.' },
      ],
    });
    written += n;
  }
  blocks.push({
    type: 'table',
    caption: `Table ${number}-1. Summary`,
    headerRows: 1,
    rows: [
      [[{ type: 'text', text: 'Item' }], [{ type: 'text', text: 'Value' }]],
      ...[1, 2, 3, 4, 5].map((i) => [[{ type: 'text' as const, text: `Item ${i}` }], [{ type: 'text' as const, text: (rand() * 1000).toFixed(1) }]]),
    ],
  });
  return blocks;
}

export function makeLargeReport(options: LargeReportOptions = {}): TrsReport {
  const rand = rng(1300);
  const words = options.wordsPerSection ?? 4000;
  const rowCount = options.rows ?? 5000;
  const report = createEmptyReport({
    title: 'Large benchmark TRS',
    registrantName: 'Bench Mining Corp.',
    propertyName: 'Bench Gold Property',
    studyType: 'preFeasibility',
    propertyStage: 'production',
  });
  report.metadata.effectiveDate = '2025-06-30';
  report.metadata.reportDate = '2025-09-15';
  report.metadata.commodities = [{ code: 'Au', name: 'Gold', primary: true }];
  report.sections = report.sections.map((s) => ({ ...s, status: 'complete' as const, body: sectionBody(rand, s.number, words) }));
  const classes = ['measured', 'indicated', 'inferred'] as const;
  const rows: ResourceRow[] = [];
  for (let i = 0; i < rowCount; i++) {
    const cls = classes[i % 3]!;
    const tonnage = { value: Math.round(5 + rand() * 200) / 10, unit: 'kt' as const };
    const grade = { commodity: 'Au', value: Math.round(50 + rand() * 450) / 100, unit: 'g/t' as const };
    rows.push({
      id: `blk-${i}`,
      class: cls,
      domain: `Block ${Math.floor(i / 100)}-${i % 100}`,
      tonnage,
      grades: [grade],
      contained: [{ commodity: 'Au', unit: 'oz', value: Math.round(containedAmount(tonnage, grade, 'oz')!) }],
      cbrrCategory: options.brazil === false ? null : CBRR_CATEGORY_BY_CLASS[cls],
    });
  }
  report.mineralResources = [
    {
      id: 'res-large',
      title: 'Mineral resources by block (benchmark)',
      effectiveDate: '2025-06-30',
      pointOfReference: 'In situ',
      cutOff: [{ value: 0.5, unit: 'g/t Au', description: 'Open pit' }],
      metallurgicalRecovery: [{ commodity: 'Au', percent: 92 }],
      prices: [
        {
          commodity: 'Au',
          value: 2200,
          unit: 'USD/oz',
          timeFrame: '3-year trailing average to 30 June 2025',
          basis: 'historicalAverage',
          justification: 'Benchmark.',
        },
      ],
      attributablePercent: 100,
      notes: '',
      exclusiveOfReserves: true,
      rows,
    },
  ];
  if (options.brazil !== false) {
    report.brazil = {
      holderName: 'Bench Mineração Ltda.',
      holderCnpj: '11.222.333/0001-81',
      anmProcesses: [
        {
          processNumber: '831.245/2004',
          phase: 'Concessão de Lavra',
          substance: 'Minério de ouro',
          areaHa: 612.4,
          holderName: 'Bench Mineração Ltda.',
          lastEvent: '',
        },
      ],
      municipalities: [{ ibgeCode: '3131901', name: 'Itabirito', uf: 'MG' }],
      ibamaLicences: [],
      res94PublicDeclaration: 'notPlanned',
      notes: '',
    };
  }
  return report;
}
