import { spawnSync } from 'node:child_process';
import path from 'node:path';
import JSZip from 'jszip';
import type { CheckResult } from '../../shared/krci/types';
import { checkReport } from '../../shared/krci';
import type { TrsReport } from '../../shared/trs/model';
import type { MetricEvent } from '../../main/core/metrics-recorder';
import { ExportService } from '../../main/exports/export-service';
import { NOW } from './krci-fixtures';

export const FONT_DIR = path.resolve(__dirname, '../../assets/fonts');

/** An export service wired as main wires it, with the real KRCI engine and a recording metrics sink. */
export function makeExportService(options: { check?: (r: TrsReport) => CheckResult } = {}) {
  const events: MetricEvent[] = [];
  const service = new ExportService({
    fontDir: FONT_DIR,
    now: () => NOW,
    appVersion: '0.0.0-test',
    check: options.check ?? ((r) => checkReport(r, { now: NOW })),
    metrics: { record: (e) => events.push(e) },
  });
  return { service, events };
}

/** Text of a PDF as poppler's pdftotext sees it, one string per page. */
export function pdfPages(file: string): string[] {
  const run = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw new Error(`pdftotext is needed for this test (Debian: apt-get install -y poppler-utils): ${run.error.message}`);
  if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr}`);
  const pages = run.stdout.split('\f');
  if (pages[pages.length - 1]?.trim() === '') pages.pop();
  return pages;
}

export const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

const decodeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');

/** Paragraphs of word/document.xml with their style id and text. */
export async function docxParagraphs(data: Buffer): Promise<{ style: string | null; text: string }[]> {
  const zip = await JSZip.loadAsync(data);
  const xml = await zip.file('word/document.xml')!.async('string');
  const paragraphs: { style: string | null; text: string }[] = [];
  for (const match of xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)) {
    const p = match[0];
    const style = /<w:pStyle w:val="([^"]+)"\/>/.exec(p)?.[1] ?? null;
    const text = [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decodeXml(m[1] ?? '')).join('');
    paragraphs.push({ style, text });
  }
  return paragraphs;
}
