import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FeatureGate, FlagKey } from '../../shared/flags/flag-keys';
import { lintEdgarHtml } from '../../shared/edgar/lint';
import type { ExportRunOutput } from '../../shared/ipc/exports-contract';
import type { IpcResult } from '../../shared/errors';
import type { TrsReport } from '../../shared/trs/model';
import { openCore, type Core } from '../../main/core/core';
import type { MetricEvent } from '../../main/core/metrics-recorder';
import { exportsFeature } from '../../main/exports/feature';
import { reportsFeature } from '../../main/reports/feature';
import { trsFeature } from '../../main/trs/feature';
import { loadSample } from '../support/krci-fixtures';
import { docxParagraphs, pdfPages, squash } from '../support/exports-harness';
import { adversarialReport, ADVERSARIAL } from '../support/exports-adversarial';
import { makeTempDir } from '../support/temp-dir';

// PDF rendering of a whole TRS takes seconds on a busy 2-core machine; correctness only, never timing.
vi.setConfig({ testTimeout: 240_000 });

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function open(options: { gate?: FeatureGate; chooser?: (r: unknown) => Promise<string | undefined> } = {}) {
  const temp = makeTempDir('qivo-exports-feature-');
  const core = openCore({
    dataDir: temp.dir,
    appVersion: '0.0.0-test',
    shell: 'browser-host',
    features: [reportsFeature, trsFeature, exportsFeature],
    now: () => new Date('2026-11-27T12:00:00Z'),
    ...(options.chooser ? { hooks: { chooseExportDestination: options.chooser } } : {}),
  });
  const events: MetricEvent[] = [];
  core.setMetrics({ record: (e) => events.push(e) });
  if (options.gate) core.setGate(options.gate);
  cleanups.push(async () => {
    await core.close();
    temp.cleanup();
  });
  return { core, events, dir: temp.dir };
}

function storeReport(core: Core, report: TrsReport): string {
  const draft = core.services.reports!.create({ title: report.metadata.title.slice(0, 200), propertyName: 'x' });
  const stored = core.services.trs!.get(draft.id);
  core.services.trs!.save(draft.id, stored.revision, report);
  return draft.id;
}

const run = (core: Core, input: unknown) => core.dispatch('exports.run', input, { transport: 'in-process' }) as Promise<IpcResult<ExportRunOutput>>;

describe('exports.run over the contract', () => {
  it('exports a stored report into a new folder under the data dir and records the metric', async () => {
    const { core, events, dir } = open();
    const reportId = storeReport(core, loadSample('gold'));
    const out = await run(core, { reportId, format: 'package' });
    expect(out.ok).toBe(true);
    if (!out.ok || out.value.status !== 'written') throw new Error('not written');
    expect(out.value.result.destination.startsWith(path.join(dir, 'exports') + path.sep)).toBe(true);
    expect(out.value.result.destination).toMatch(/ribeirao-dourado-gold-mine-filing\.zip$/);
    expect(fs.existsSync(out.value.result.destination)).toBe(true);
    expect(events.filter((e) => e.kind === 'export')).toEqual([
      expect.objectContaining({ name: 'package', outcome: 'success', labels: { draft: 'false', reportId } }),
    ]);
  });

  it('uses the shell dialog when there is one, and writes nothing when the user cancels', async () => {
    const asked: unknown[] = [];
    const { core, dir } = open({ chooser: async (r) => (asked.push(r), undefined) });
    const reportId = storeReport(core, loadSample('lithium'));
    const out = await run(core, { reportId, format: 'pdf', draft: true });
    expect(out).toEqual({ ok: true, value: { status: 'cancelled' } });
    expect(asked).toEqual([{ kind: 'file', suggestedName: 'lagoa-seca-lithium-project-trs-draft.pdf', extension: 'pdf' }]);
    expect(fs.existsSync(path.join(dir, 'exports'))).toBe(false);
  });

  it('refuses with the critical findings as details', async () => {
    const { core } = open();
    const report = loadSample('lithium');
    const reportId = storeReport(core, { ...report, metadata: { ...report.metadata, reportDate: null } });
    const out = await run(core, { reportId, format: 'ex96' });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.code).toBe('exports.criticalFindings');
    expect(out.error.details?.some((d) => d.includes('structure.report-date'))).toBe(true);
  });

  it('is refused while SEC_SK_1300 is off, and validates its input', async () => {
    const off: FlagKey[] = ['SEC_SK_1300'];
    const { core } = open({ gate: { isEnabled: (f) => !off.includes(f), reason: () => 'DISABLED' } });
    const out = await run(core, { reportId: '00000000-0000-4000-8000-000000000000', format: 'pdf' });
    expect(out.ok === false && out.error.code).toBe('ipc.featureDisabled');
    const { core: core2 } = open();
    const bad = await run(core2, { reportId: 'nope', format: 'exe', extra: 1 });
    expect(bad.ok).toBe(false);
  });
});

describe('adversarial text', () => {
  it('exports <script>, </td>, &#, emoji, a 10 000-character word and right-to-left text safely in every format', async () => {
    const { core } = open();
    const reportId = storeReport(core, adversarialReport());
    const out = await run(core, { reportId, format: 'package', draft: true });
    if (!out.ok) throw new Error(JSON.stringify(out.error));
    if (out.value.status !== 'written') throw new Error('cancelled');
    const zip = await JSZip.loadAsync(fs.readFileSync(out.value.result.destination));

    const html = await zip.file('ex96-1-draft.htm')!.async('string');
    expect(lintEdgarHtml(html, { fileName: 'ex96-1-draft.htm' }).violations).toEqual([]);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;');
    expect(html).toContain('&amp;#65; &amp;#');
    expect(html).toContain('&#128512;');
    expect(html).not.toMatch(/&#5[5-7]\d{3};/); // no surrogate halves as references
    expect(html).toContain(ADVERSARIAL.longWord);
    expect(html).toMatch(/<p dir="rtl"[^>]*>&#1513;&#1500;&#1493;&#1501;/);
    expect(html).toContain('&#8238;evil&#8236;'); // the stray RLO is closed where it started
    for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.htm'))) {
      expect(lintEdgarHtml(await zip.file(name)!.async('string'), { fileName: name }).ok, name).toBe(true);
    }

    const pdfFile = path.join(path.dirname(out.value.result.destination), 'adversarial.pdf');
    fs.writeFileSync(pdfFile, await zip.file('ex96-1-draft.pdf')!.async('nodebuffer'));
    const text = pdfPages(pdfFile).join('\n');
    expect(squash(text)).toContain('<script>alert("x")</script>');
    expect(squash(text)).toContain('</td></tr></table>');
    // The long word, in a paragraph and in a table cell, is all there (wrapped, split across pages).
    expect((text.match(/W/g) ?? []).length).toBeGreaterThanOrEqual(2 * ADVERSARIAL.longWord.length);

    const paragraphs = await docxParagraphs(await zip.file('ex96-1-draft.docx')!.async('nodebuffer'));
    const all = paragraphs.map((p) => p.text).join('\n');
    expect(all).toContain('<script>alert("x")</script>');
    expect(all).toContain('\u{1F600}');
    expect(all).toContain(ADVERSARIAL.longWord);
    const xml = await (await JSZip.loadAsync(await zip.file('ex96-1-draft.docx')!.async('nodebuffer'))).file('word/document.xml')!.async('string');
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('<w:bidi/>');
  });
});
