import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lintEdgarHtml } from '../../shared/edgar/lint';
import { renderEx96 } from '../../shared/exports/ex96';
import PDFDocument from 'pdfkit';
import { buildReportDocument, plain, type ReportDocument } from '../../shared/exports/report-document';
import { renderDocx } from '../../main/exports/docx-renderer';
import { renderPdf } from '../../main/exports/pdf-renderer';
import { makeLargeReport } from '../support/large-report';
import { interleaveAsync, machine, printComparison, printFigure, ROUNDS, type AsyncCase } from './harness';

// Export figures on the large report (25 sections of ~4 000 words, a 5 000-row resource table):
// the EX-96, the PDF and the DOCX, each against the exporters as they were before the
// filing-grade rework (commit BASELINE, checked out from git into a temporary folder and run
// on the same report), timed interleaved in this process by the bench harness (ours, before,
// floor, the order rotated each round; each figure with its spread, the ratio per round).
// The PDF also has a floor: PDFKit flowing the same text in the same font, one `text()` per
// paragraph, list item and table row, untagged, unjustified, no tables drawn — what any PDF of
// this text costs with this library.
// `BENCH_EXPORTS_BASELINE=<commit>` picks another baseline; `none` skips it.

const ROOT = path.resolve(__dirname, '../..');
const FONT_DIR = path.join(ROOT, 'assets/fonts');
const BASELINE = process.env.BENCH_EXPORTS_BASELINE ?? '64c5267';

type Render = () => unknown;
interface Subject {
  name: string;
  ours: Render;
  baseline: Render | null;
  floor?: { name: string; render: Render };
  target?: string;
}

/** The floor of the PDF: the document's text flowed by PDFKit in DejaVu Sans 10 pt on the same pages. */
function plainPdfFlow(report: ReportDocument): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'LETTER', margins: { top: 72, bottom: 72, left: 64, right: 64 }, pdfVersion: '1.7' });
  doc.registerFont('regular', path.join(FONT_DIR, 'DejaVuSans.ttf'));
  doc.font('regular').fontSize(10);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const flow = (text: string) => {
    if (text.trim() !== '') doc.text(text, { width: 484 });
  };
  for (const section of report.sections) {
    flow(section.heading);
    for (const block of section.blocks) {
      if (block.kind === 'heading') flow(block.text);
      else if (block.kind === 'paragraph') flow(plain(block.inlines));
      else if (block.kind === 'list') block.items.forEach((item) => flow(plain(item)));
      else if (block.kind === 'table') [...block.header, ...block.rows].forEach((row) => flow(row.map((cell) => plain(cell)).join('  ')));
    }
  }
  doc.end();
  return done;
}

async function loadBaseline(): Promise<{ ex96: Render; pdf: Render; docx: Render } | null> {
  if (BASELINE === 'none') return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qivo-bench-baseline-'));
  try {
    const tar = execFileSync('git', ['archive', BASELINE, 'shared', 'main/exports', 'test/support/large-report.ts'], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  } catch (error) {
    console.log(`baseline ${BASELINE} not available (${(error as Error).message.split('\n')[0]}); figures without it`);
    return null;
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const docModule = await import(path.join(dir, 'shared/exports/report-document.ts'));
  const ex96Module = await import(path.join(dir, 'shared/exports/ex96.ts'));
  const pdfModule = await import(path.join(dir, 'main/exports/pdf-renderer.ts'));
  const docxModule = await import(path.join(dir, 'main/exports/docx-renderer.ts'));
  const largeModule = await import(path.join(dir, 'test/support/large-report.ts'));
  const report = largeModule.makeLargeReport();
  const build = () => docModule.buildReportDocument(report, { draft: false, figurePrefix: 'ex96-1' });
  const doc = build();
  return {
    ex96: () => ex96Module.renderEx96(build(), 'ex96-1.htm'),
    pdf: () => pdfModule.renderPdf(doc, { fontDir: FONT_DIR, now: new Date(0) }),
    docx: () => docxModule.renderDocx(doc),
  };
}

async function main(): Promise<void> {
  const report = makeLargeReport();
  const rows = report.mineralResources.reduce((n, t) => n + t.rows.length, 0);
  console.log(`large report: ${report.sections.length} sections, ${rows} resource rows; ${ROUNDS} interleaved rounds; ${machine()}`);
  const doc = buildReportDocument(report, { draft: false, figurePrefix: 'ex96-1' });
  const baseline = await loadBaseline();

  const ex96 = renderEx96(buildReportDocument(report, { draft: false, figurePrefix: 'ex96-1' }), 'ex96-1.htm');
  if (!lintEdgarHtml(ex96.html, { fileName: 'ex96-1.htm' }).ok) throw new Error('the large EX-96 does not lint clean');
  const subjects: Subject[] = [
    {
      name: 'EX-96 (document model + EDGAR HTML)',
      ours: () => renderEx96(buildReportDocument(report, { draft: false, figurePrefix: 'ex96-1' }), 'ex96-1.htm'),
      baseline: baseline?.ex96 ?? null,
    },
    {
      name: 'PDF (tagged, PDF/A-2b, paginated, TOC, repeated headers)',
      ours: () => renderPdf(doc, { fontDir: FONT_DIR, now: new Date(0) }),
      baseline: baseline?.pdf ?? null,
      floor: { name: 'plain PDFKit text flow of the same text, same font', render: () => plainPdfFlow(doc) },
      target: '< 1.5 s',
    },
    { name: 'DOCX', ours: () => renderDocx(doc), baseline: baseline?.docx ?? null, target: 'ratio ≤ 1×' },
  ];
  for (const s of subjects) {
    // The harness warms each case up first (module and font loading are not what we measure),
    // then runs them in rounds, ours / before / floor, the order rotated each round.
    const cases: AsyncCase[] = [{ name: 'ours', fn: async () => s.ours() }];
    if (s.baseline) cases.push({ name: 'before', fn: async () => s.baseline!() });
    if (s.floor) cases.push({ name: 'floor', fn: async () => s.floor!.render() });
    const figures = await interleaveAsync(cases, { rounds: ROUNDS });
    const ours = figures.ours!;
    if (figures.before) printComparison(s.name, ours, `before (${BASELINE})`, figures.before, s.floor ? undefined : s.target);
    else printFigure(s.name, ours, s.target ? `target ${s.target}` : '');
    if (s.floor && figures.floor) printComparison(`${s.name} against its floor`, ours, s.floor.name, figures.floor, s.target);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
