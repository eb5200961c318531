import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openCore } from '../../main/core/core';
import { reportsFeature } from '../../main/reports/feature';
import { trsFeature } from '../../main/trs/feature';
import { serializeTrsReport } from '../../shared/trs/migrations';
import { launchBrowser, openApp, startHostProcess } from '../support/e2e';
import { figure, machine, printComparison } from './harness';
import { makeLargeReport } from '../support/large-report';
import { HOST_BIN } from '../support/temp-dir';

// The ProseMirror section editor against the hand-written contenteditable editor it replaced
// (kept in renderer/features/trs/legacy/ for this comparison only), in the same run, on the same
// large report, through the real host in Chromium. The two are timed interleaved (new, old, new,
// old …), each round in a fresh page, and each figure is printed with its median and spread:
// - open: hash change → the first paragraph of a ~4 000-word section on screen;
// - keystroke → stored: one key typed at the end of that section until the save status says saved
//   (includes the autosave policy, IPC over HTTP, validation and the write).

const ROUNDS = 4;
const KEYS_PER_ROUND = 5;
const SECTION = 7;

type Variant = 'prosemirror' | 'legacy';

interface Figures {
  open: number[];
  keystroke: number[];
}

async function round(browser: Browser, url: string, reportId: string, variant: Variant, into: Figures): Promise<void> {
  const page: Page = await openApp(browser, url, '#/reports');
  // The legacy editor is chosen when the page loads: set the switch, then load again.
  await page.evaluate((legacy) => {
    if (legacy) window.localStorage.setItem('qivo.bench.legacyEditor', '1');
    else window.localStorage.removeItem('qivo.bench.legacyEditor');
  }, variant === 'legacy');
  await page.reload();
  await page
    .getByTestId('status-version')
    .filter({ hasText: /\d+\.\d+\.\d+/ })
    .waitFor();
  const body = page.locator(`[data-testid="trs-section"][data-section="${SECTION}"] [data-testid="trs-section-body"]`);
  const start = performance.now();
  await page.evaluate(
    ([id, section]) => {
      window.location.hash = `#/reports/${id}?section=${section}`;
    },
    [reportId, String(SECTION)] as const,
  );
  await body.locator('p').first().waitFor({ timeout: 60_000 });
  into.open.push(performance.now() - start);
  const isLegacy = await body.evaluate((el) => !el.classList.contains('ProseMirror') && !el.querySelector('.ProseMirror'));
  if (isLegacy !== (variant === 'legacy')) throw new Error(`the ${variant} editor did not load`);

  await body.click();
  for (let k = 0; k < KEYS_PER_ROUND; k++) {
    await page.keyboard.press('End');
    const t0 = performance.now();
    await page.keyboard.type('x');
    // The keystroke must have registered (dirty or saving) before "saved" means anything.
    await page.waitForFunction(() => document.querySelector('[data-testid="trs-save-status"]')?.getAttribute('data-state') !== 'saved', undefined, {
      timeout: 5000,
      polling: 5,
    });
    await page.waitForFunction(() => document.querySelector('[data-testid="trs-save-status"]')?.getAttribute('data-state') === 'saved', undefined, {
      timeout: 15_000,
      polling: 5,
    });
    into.keystroke.push(performance.now() - t0);
  }
  await page.close();
}

async function main(): Promise<void> {
  if (!fs.existsSync(HOST_BIN)) {
    console.log('editor: skipped (run npm run build first)');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qivo-editor-bench-'));
  const core = openCore({ dataDir: dir, appVersion: 'bench', shell: 'cli', features: [reportsFeature, trsFeature], env: {} });
  const { reportId } = core.services.trs!.importJson(serializeTrsReport(makeLargeReport()));
  await core.close();

  const host = await startHostProcess(dir, { QIVO_LANG: 'en' });
  const browser = await launchBrowser();
  const figures: Record<Variant, Figures> = { prosemirror: { open: [], keystroke: [] }, legacy: { open: [], keystroke: [] } };
  try {
    // One warm-up of each, not counted (first compile of the bundle in this browser).
    await round(browser, host.url, reportId, 'prosemirror', { open: [], keystroke: [] });
    await round(browser, host.url, reportId, 'legacy', { open: [], keystroke: [] });
    for (let r = 0; r < ROUNDS; r++) {
      // A B, then B A: neither variant always runs first.
      const order: Variant[] = r % 2 === 0 ? ['prosemirror', 'legacy'] : ['legacy', 'prosemirror'];
      for (const variant of order) await round(browser, host.url, reportId, variant, figures[variant]);
    }
  } finally {
    await browser.close();
    await host.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`editor on the large report (25 sections × ~4 000 words), section ${SECTION}, ${ROUNDS} interleaved rounds in fresh pages; ${machine()}`);
  printComparison('open and render the section', figure(figures.prosemirror.open), 'legacy editor', figure(figures.legacy.open));
  printComparison('keystroke → stored in app.db', figure(figures.prosemirror.keystroke), 'legacy editor', figure(figures.legacy.keystroke));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
