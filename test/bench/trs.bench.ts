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
import { figure, interleave, machine, printComparison, printFigure, timeOnce } from './harness';

// `npm run bench -- trs`: the large report (25 sections × ~4 000 words + a 5 000-row resource
// table), through the harness (peers interleaved in one process, spread over rounds): validation,
// parse against bare JSON.parse, totals over 5 000 rows, the main-side autosave write
// (synchronous=FULL) against a bare INSERT of the same bytes; and in Chromium through the real host
// (child process), each over several repeats: open-and-render of the editor, a switch to a long
// section, the 5 000-row table pane, and keystroke → stored autosave (includes the 400 ms debounce).

const ms = (v: number) => `${v.toFixed(1)} ms`;

async function main(): Promise<void> {
  console.log(`machine: ${machine()}`);
  let report!: ReturnType<typeof makeLargeReport>;
  const genMs = timeOnce(() => (report = makeLargeReport()));
  const text = serializeTrsReport(report);
  console.log(
    `large report: 25 sections, ${report.mineralResources[0]!.rows.length} resource rows, ${(text.length / 1024 / 1024).toFixed(2)} MB JSON (generated in ${ms(genMs)})`,
  );

  const parsing = interleave([
    { name: 'validate', fn: () => TrsReportSchema.parse(report) },
    { name: 'parse', fn: () => parseTrsJson(text) },
    { name: 'bare', fn: () => JSON.parse(text) },
  ]);
  printFigure('TRS schema validation, large report', parsing.validate!);
  printComparison('parseTrsJson, large report (depth scan + JSON.parse + migrate + validate)', parsing.parse!, 'JSON.parse alone', parsing.bare!);
  const totals = interleave([{ name: 'totals', fn: () => resourceTotals(report.mineralResources[0]!) }], { inner: 5 });
  printFigure('resource totals over 5 000 rows', totals.totals!);

  // Main-side autosave write.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qivo-trs-bench-'));
  const core = openCore({ dataDir: dir, appVersion: 'bench', shell: 'cli', features: [reportsFeature, trsFeature], env: {} });
  const trs = core.services.trs!;
  const { reportId } = trs.importJson(text);
  let revision = trs.get(reportId).revision;
  let doc = trs.get(reportId).document;
  let edit = 0;
  const raw = core.appDb.prepare(
    'INSERT INTO report_versions (report_id, kind, name, revision, schema_version, document, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const saves = interleave([
    {
      name: 'patch',
      // The editor's way: one changed ~4 000-word section, only that part written.
      fn: () => {
        const section = { ...doc.sections[6]!, body: [...richTextFromPlain(`patch ${edit++}`), ...doc.sections[6]!.body.slice(1)] };
        doc = { ...doc, sections: doc.sections.map((s) => (s.number === 7 ? section : s)) };
        revision = trs.saveChanges(reportId, revision, { sections: [section] }).revision;
      },
    },
    {
      name: 'whole',
      fn: () => {
        doc = {
          ...doc,
          sections: doc.sections.map((s) => (s.number === 7 ? { ...s, body: [...richTextFromPlain(`edit ${edit++}`), ...s.body.slice(1)] } : s)),
        };
        revision = trs.save(reportId, revision, doc).revision;
      },
    },
    { name: 'bare', fn: () => raw.run(reportId, 'named', 'peer', 0, 2, text, new Date().toISOString()) },
  ]);
  printComparison(
    "autosave write in main, large report, one changed section (the editor's way)",
    saves.patch!,
    'bare INSERT of the whole document',
    saves.bare!,
  );
  printComparison(
    'whole-document save in main, large report (validate + all parts, synchronous=FULL)',
    saves.whole!,
    'bare INSERT of the same bytes',
    saves.bare!,
  );
  const small = trs.importJson(fs.readFileSync(path.resolve(__dirname, '../../assets/samples/trs-gold-ribeirao-dourado.json'), 'utf8')).reportId;
  let smallRev = 1;
  const smallDoc = trs.get(small).document;
  const smallSaves = interleave(
    [
      {
        name: 'save',
        fn: () => {
          smallRev = trs.save(small, smallRev, { ...smallDoc, metadata: { ...smallDoc.metadata, title: `Gold ${edit++}` } }).revision;
        },
      },
    ],
    { inner: 5 },
  );
  printFigure(`autosave write in main, gold sample (${(serializeTrsReport(smallDoc).length / 1024).toFixed(0)} KB)`, smallSaves.save!);
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
    const switches: number[] = [];
    const tablePane: number[] = [];
    const keystrokes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await openApp(browser, host.url, '#/reports');
      const start = Date.now();
      await page.evaluate((id) => {
        window.location.hash = `#/reports/${id}?section=7`;
      }, reportId);
      await page.locator('[data-testid="trs-section"][data-section="7"] [data-testid="trs-section-body"] p').first().waitFor({ timeout: 60_000 });
      opens.push(Date.now() - start);
      for (const n of [1, 6, 11, 17, 25]) {
        const t0 = Date.now();
        await page.getByTestId(`trs-nav-section-${n}`).click();
        await page.locator(`[data-testid="trs-section"][data-section="${n}"] [data-testid="trs-section-body"] p`).first().waitFor();
        switches.push(Date.now() - t0);
      }
      const t1 = Date.now();
      await page.getByTestId('trs-nav-mineralResources').click();
      await page.getByTestId('trs-total-inferred').waitFor();
      tablePane.push(Date.now() - t1);

      await page.getByTestId('trs-nav-section-7').click();
      const body = page.locator('[data-testid="trs-section"][data-section="7"] [data-testid="trs-section-body"]');
      await body.click();
      for (let k = 0; k < 3; k++) {
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
        keystrokes.push(Date.now() - t0);
      }
      await page.close();
    }
    printFigure('Chromium: open and render the editor on the large report (hash change → section text on screen)', figure(opens));
    printFigure('Chromium: switch to a long section (~4 000 words rendered into the editor)', figure(switches));
    printFigure('Chromium: open the 5 000-row resource table pane (first 50 rows of inputs + totals over all rows)', figure(tablePane));
    printFigure('Chromium: keystroke → stored in app.db, large report (400 ms debounce + IPC over HTTP + validate + write)', figure(keystrokes));
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
