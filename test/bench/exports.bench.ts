import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lintEdgarHtml } from '../../shared/edgar/lint';
import { renderEx96 } from '../../shared/exports/ex96';
import { buildReportDocument } from '../../shared/exports/report-document';
import { renderDocx } from '../../main/exports/docx-renderer';
import { renderPdf } from '../../main/exports/pdf-renderer';
import { makeLargeReport } from '../support/large-report';

// Export figures on the large report (25 sections of ~4 000 words, a 5 000-row resource table):
// the EX-96, the PDF and the DOCX, each against the exporters as they were before the
// filing-grade rework (commit BASELINE, checked out from git into a temporary folder and run
// on the same report), timed interleaved (ours, baseline, ours, baseline …) in this process.
// `BENCH_EXPORTS_BASELINE=<commit>` picks another baseline; `none` skips it.

const ROOT = path.resolve(__dirname, '../..');
const FONT_DIR = path.join(ROOT, 'assets/fonts');
const BASELINE = process.env.BENCH_EXPORTS_BASELINE ?? '64c5267';
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

type Render = () => unknown;
interface Subject {
  name: string;
  ours: Render;
  baseline: Render | null;
}

async function loadBaseline(): Promise<{ ex96: Render; pdf: Render; docx: Render } | null> {
  if (BASELINE === 'none') return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qivo-bench-baseline-'));
  try {
    const tar = execFileSync('git', ['archive', BASELINE, 'shared', 'main/exports', 'test/support/large-report.ts'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
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

async function time(fn: Render): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const spread = (v: number[]) => `${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)}`;

async function main(): Promise<void> {
  const report = makeLargeReport();
  const rows = report.mineralResources.reduce((n, t) => n + t.rows.length, 0);
  console.log(`large report: ${report.sections.length} sections, ${rows} resource rows; ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`);
  const doc = buildReportDocument(report, { draft: false, figurePrefix: 'ex96-1' });
  const baseline = await loadBaseline();

  const ex96 = renderEx96(buildReportDocument(report, { draft: false, figurePrefix: 'ex96-1' }), 'ex96-1.htm');
  if (!lintEdgarHtml(ex96.html, { fileName: 'ex96-1.htm' }).ok) throw new Error('the large EX-96 does not lint clean');
  const subjects: Subject[] = [
    { name: 'EX-96 (document model + EDGAR HTML)', ours: () => renderEx96(buildReportDocument(report, { draft: false, figurePrefix: 'ex96-1' }), 'ex96-1.htm'), baseline: baseline?.ex96 ?? null },
    { name: 'PDF (tagged, PDF/A-2b, paginated, TOC, repeated headers)', ours: () => renderPdf(doc, { fontDir: FONT_DIR, now: new Date(0) }), baseline: baseline?.pdf ?? null },
    { name: 'DOCX', ours: () => renderDocx(doc), baseline: baseline?.docx ?? null },
  ];
  for (const s of subjects) {
    // Warm-up of both: module and font loading are not what we measure.
    await s.ours();
    if (s.baseline) await s.baseline();
    const ours: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      ours.push(await time(s.ours));
      if (s.baseline) base.push(await time(s.baseline));
    }
    const line = `${s.name}: ours median ${median(ours).toFixed(0)} ms (${spread(ours)})`;
    if (base.length === 0) console.log(line);
    else console.log(`${line}; before (${BASELINE}) median ${median(base).toFixed(0)} ms (${spread(base)}); ratio ours/before ${(median(ours) / median(base)).toFixed(2)}x (${(Math.min(...ours) / Math.max(...base)).toFixed(2)}–${(Math.max(...ours) / Math.min(...base)).toFixed(2)})`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
