import path from 'node:path';
import { lintEdgarHtml } from '../../shared/edgar/lint';
import { renderEx96 } from '../../shared/exports/ex96';
import { buildReportDocument } from '../../shared/exports/report-document';
import { serializeTrsReport } from '../../shared/trs/migrations';
import { renderDocx } from '../../main/exports/docx-renderer';
import { renderPdf } from '../../main/exports/pdf-renderer';
import { makeLargeReport } from '../support/large-report';

// Export figures on the large report (25 sections of ~4 000 words, a 5 000-row resource table):
// EX-96 (document model + EDGAR HTML) and its lint, the PDF, and as peers in the same run the
// canonical JSON (the cheapest full pass over the same report) and the DOCX (the other paginated
// format, laid out by Word instead of by us).

const FONT_DIR = path.resolve(__dirname, '../../assets/fonts');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time<T>(fn: () => T | Promise<T>): Promise<[number, T]> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return [Number(process.hrtime.bigint() - start) / 1e6, result];
}

async function measure<T>(label: string, runs: number, fn: () => T | Promise<T>): Promise<{ median: number; last: T }> {
  await fn(); // warm-up: module and font loading are not what we measure
  const times: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < runs; i++) {
    const [ms, value] = await time(fn);
    times.push(ms);
    last = value;
  }
  const m = median(times);
  console.log(`${label}: median ${m.toFixed(1)} ms over ${runs} (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`);
  return { median: m, last: last as T };
}

async function main(): Promise<void> {
  const report = makeLargeReport();
  const rows = report.mineralResources.reduce((n, t) => n + t.rows.length, 0);
  console.log(`large report: ${report.sections.length} sections, ${rows} resource rows`);

  const ex96 = await measure('EX-96 (document model + EDGAR HTML)', 5, () => renderEx96(buildReportDocument(report, { draft: false, figurePrefix: 'ex96-1' }), 'ex96-1.htm'));
  console.log(`  ${(ex96.last.html.length / 1024 / 1024).toFixed(1)} MB of HTML`);
  const lint = await measure('EDGAR lint of that EX-96', 5, () => lintEdgarHtml(ex96.last.html, { fileName: 'ex96-1.htm' }));
  if (!lint.last.ok) throw new Error(`the large EX-96 does not lint clean: ${lint.last.violations[0]?.message}`);
  const json = await measure('peer: canonical JSON', 5, () => serializeTrsReport(report));

  const doc = buildReportDocument(report, { draft: false, figurePrefix: 'ex96-1' });
  const pdf = await measure('PDF (paginated, TOC, repeated table headers, embedded fonts)', 3, () => renderPdf(doc, { fontDir: FONT_DIR, now: new Date(0) }));
  console.log(`  ${(pdf.last.length / 1024 / 1024).toFixed(1)} MB of PDF`);
  const docx = await measure('peer: DOCX of the same document', 3, () => renderDocx(doc));

  console.log(`ratio EX-96+lint / canonical JSON: ${((ex96.median + lint.median) / json.median).toFixed(1)}x`);
  console.log(`ratio PDF / DOCX: ${(pdf.median / docx.median).toFixed(1)}x`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
