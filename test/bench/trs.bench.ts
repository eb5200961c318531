import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore } from '../../main/core/core';
import { reportsFeature } from '../../main/reports/feature';
import { trsFeature } from '../../main/trs/feature';
import { parseTrsJson, serializeTrsReport } from '../../shared/trs/migrations';
import { TrsReportSchema } from '../../shared/trs/model';
import { richTextFromPlain } from '../../shared/trs/rich-text';
import { resourceTotals } from '../../shared/trs/units';
import { launchBrowser, openApp, startHostProcess } from '../support/e2e';
import { makeLargeReport } from '../support/large-report';
import { HOST_BIN } from '../support/temp-dir';

// TRS figures: the large report (25 sections × ~4 000 words + a 5 000-row resource table) —
// validation and parse against bare JSON.parse (peer), totals over 5 000 rows, the main-side
// autosave write (synchronous=FULL) against a bare INSERT of the same bytes (peer), and in
// Chromium through the real host (child process): open-and-render of the editor, rendering the
// 5 000-row table pane, and keystroke → stored autosave latency (includes the 400 ms debounce).

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
}
function time<T>(fn: () => T): [number, T] {
  const start = process.hrtime.bigint();
  const result = fn();
  return [Number(process.hrtime.bigint() - start) / 1e6, result];
}
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function main(): Promise<void> {
  const [genMs, report] = time(() => makeLargeReport());
  const text = serializeTrsReport(report);
  console.log(
    `large report: 25 sections, ${report.mineralResources[0]!.rows.length} resource rows, ${(text.length / 1024 / 1024).toFixed(2)} MB JSON (generated in ${ms(genMs)})`,
  );

  const validate: number[] = [];
  const parse: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < 5; i++) {
    validate.push(time(() => TrsReportSchema.parse(report))[0]);
    parse.push(time(() => parseTrsJson(text))[0]);
    bare.push(time(() => JSON.parse(text))[0]);
  }
  console.log(`schema validation: median ${ms(median(validate))}`);
  console.log(
    `parseTrsJson (depth scan + JSON.parse + migrate + validate): median ${ms(median(parse))}; peer JSON.parse alone ${ms(median(bare))}; ratio ${(median(parse) / median(bare)).toFixed(1)}x`,
  );
  const totals: number[] = [];
  for (let i = 0; i < 20; i++) totals.push(time(() => resourceTotals(report.mineralResources[0]!))[0]);
  console.log(`resource totals over 5 000 rows: median ${ms(median(totals))}`);

  // Main-side autosave write.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qivo-trs-bench-'));
  const core = openCore({ dataDir: dir, appVersion: 'bench', shell: 'cli', features: [reportsFeature, trsFeature], env: {} });
  const trs = core.services.trs!;
  const { reportId } = trs.importJson(text);
  let revision = trs.get(reportId).revision;
  const saves: number[] = [];
  let doc = trs.get(reportId).document;
  for (let i = 0; i < 15; i++) {
    doc = { ...doc, sections: doc.sections.map((s) => (s.number === 7 ? { ...s, body: [...richTextFromPlain(`edit ${i}`), ...s.body.slice(1)] } : s)) };
    const [t, result] = time(() => trs.save(reportId, revision, doc));
    revision = result.revision;
    saves.push(t);
  }
  const patches: number[] = [];
  for (let i = 0; i < 15; i++) {
    const section = { ...doc.sections[6]!, body: [...richTextFromPlain(`patch ${i}`), ...doc.sections[6]!.body.slice(1)] };
    doc = { ...doc, sections: doc.sections.map((s) => (s.number === 7 ? section : s)) };
    const [t, result] = time(() => trs.saveChanges(reportId, revision, { sections: [section] }));
    revision = result.revision;
    patches.push(t);
  }
  console.log(
    `autosave write in main, large report, the editor's way (one changed ~4 000-word section, only that part written): median ${ms(median(patches))}, p95 ${ms(p95(patches))}`,
  );
  const raw = core.appDb.prepare(
    'INSERT INTO report_versions (report_id, kind, name, revision, schema_version, document, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const inserts: number[] = [];
  for (let i = 0; i < 15; i++) inserts.push(time(() => raw.run(reportId, 'named', 'peer', 0, 2, text, new Date().toISOString()))[0]);
  console.log(
    `whole-document save in main, large report (validate + all parts, synchronous=FULL): median ${ms(median(saves))}, p95 ${ms(p95(saves))}; peer bare INSERT of the same bytes ${ms(median(inserts))}; ratio ${(median(saves) / median(inserts)).toFixed(1)}x`,
  );
  const small = trs.importJson(fs.readFileSync(path.resolve(__dirname, '../../assets/samples/trs-gold-ribeirao-dourado.json'), 'utf8')).reportId;
  let smallRev = 1;
  const smallDoc = trs.get(small).document;
  const smallSaves: number[] = [];
  for (let i = 0; i < 30; i++) {
    const [t, r] = time(() => trs.save(small, smallRev, { ...smallDoc, metadata: { ...smallDoc.metadata, title: `Gold ${i}` } }));
    smallRev = r.revision;
    smallSaves.push(t);
  }
  console.log(
    `autosave write in main, gold sample (${(serializeTrsReport(smallDoc).length / 1024).toFixed(0)} KB): median ${ms(median(smallSaves))}, p95 ${ms(p95(smallSaves))}`,
  );
  await core.close();

  if (!fs.existsSync(HOST_BIN)) {
    console.log('Chromium figures: skipped (run npm run build first)');
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  // Chromium through the real host, as the user sees it.
  const host = await startHostProcess(dir, { QIVO_LANG: 'en' });
  const browser = await launchBrowser();
  try {
    const opens: number[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await openApp(browser, host.url, '#/reports');
      const start = Date.now();
      await page.evaluate((id) => {
        window.location.hash = `#/reports/${id}?section=7`;
      }, reportId);
      await page.locator('[data-testid="trs-section"][data-section="7"] [data-testid="trs-section-body"] p').first().waitFor({ timeout: 60_000 });
      opens.push(Date.now() - start);
      if (i === 2) {
        const switches: number[] = [];
        for (const n of [1, 6, 11, 17, 25]) {
          const t0 = Date.now();
          await page.getByTestId(`trs-nav-section-${n}`).click();
          await page.locator(`[data-testid="trs-section"][data-section="${n}"] [data-testid="trs-section-body"] p`).first().waitFor();
          switches.push(Date.now() - t0);
        }
        console.log(`Chromium: switch to a long section (~4 000 words rendered into the editor): median ${ms(median(switches))}`);
        const t1 = Date.now();
        await page.getByTestId('trs-nav-mineralResources').click();
        await page.getByTestId('trs-total-inferred').waitFor();
        console.log(`Chromium: open the 5 000-row resource table pane (first 50 rows of inputs + totals over all rows): ${ms(Date.now() - t1)}`);

        await page.getByTestId('trs-nav-section-7').click();
        const body = page.locator('[data-testid="trs-section"][data-section="7"] [data-testid="trs-section-body"]');
        await body.click();
        const latencies: number[] = [];
        for (let k = 0; k < 5; k++) {
          await page.keyboard.press('End');
          const t0 = Date.now();
          await page.keyboard.type('x');
          // The keystroke must have registered (dirty or already saving) before we wait for "saved".
          await page.waitForFunction(() => document.querySelector('[data-testid="trs-save-status"]')?.getAttribute('data-state') !== 'saved', undefined, {
            timeout: 5000,
            polling: 5,
          });
          await page.waitForFunction(() => document.querySelector('[data-testid="trs-save-status"]')?.getAttribute('data-state') === 'saved', undefined, {
            timeout: 10_000,
            polling: 5,
          });
          latencies.push(Date.now() - t0);
          await page.waitForTimeout(200);
        }
        console.log(
          `Chromium: keystroke → stored in app.db (400 ms debounce + IPC over HTTP + validate + write), large report: median ${ms(median(latencies))}, max ${ms(Math.max(...latencies))}`,
        );
      }
      await page.close();
    }
    console.log(
      `Chromium: open and render the editor on the large report (hash change → section text on screen): median ${ms(median(opens))} over ${opens.length}`,
    );
  } finally {
    await browser.close();
    await host.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
