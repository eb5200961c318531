import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp, startHostForTest, type TestHost } from '../support/e2e';
import { makeTempDir } from '../support/temp-dir';

const GOLD = path.resolve(__dirname, '../../assets/samples/trs-gold-ribeirao-dourado.json');
const SHOTS = process.env.QIVO_SCREENSHOTS_DIR;

let browser: Browser;
let host: TestHost;
const temp = makeTempDir('qivo-e2e-review-');

beforeAll(async () => {
  // The reviewer's display name, as Settings (or IT policy) stores it.
  fs.writeFileSync(path.join(temp.dir, 'settings.json'), JSON.stringify({ 'user.displayName': 'Ana Souza' }));
  browser = await launchBrowser();
  host = await startHostForTest({ dataDir: temp.dir, env: { QIVO_LANG: 'en' } });
  await host.host.core().dispatch('system.setLanguage', { language: 'en' }, { transport: 'in-process' });
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  temp.cleanup();
});

function importReport(mutate: (doc: any) => void): string {
  const doc = JSON.parse(fs.readFileSync(GOLD, 'utf8'));
  mutate(doc);
  return host.host.core().services.trs!.importJson(JSON.stringify(doc)).reportId;
}

describe('finding review in the Compliance view (Chromium)', () => {
  it('accepts a finding with a justification; after a reload it stays accepted with the name and date; the CSV lists it as accepted', async () => {
    const reportId = importReport((d) => {
      d.economicAnalysis.paybackYears = null;
      d.qualifiedPersons[1].consentStatus = 'requested';
    });
    const page = await openApp(browser, host.url, `#/compliance/${reportId}`);
    const finding = page.locator('[data-testid="krci-finding"][data-rule="economics.payback"]');
    await finding.waitFor({ timeout: 15_000 });
    expect(Number(await page.getByTestId('krci-score').getAttribute('data-score'))).toBe(80);

    await finding.getByTestId('krci-accept').click();
    const save = finding.getByTestId('krci-accept-save');
    expect(await save.isDisabled()).toBe(true); // no justification yet
    await finding.getByTestId('krci-justification').fill('Payback is given in the section 19 text; the field stays empty.');
    await save.click();

    const accepted = page.locator('[data-testid="krci-accepted-list"] [data-testid="krci-finding"][data-rule="economics.payback"]');
    await accepted.waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('krci-score').getAttribute('data-score')).toBe('90');

    await page.reload();
    await accepted.waitFor({ timeout: 15_000 });
    const by = await accepted.getByTestId('krci-accepted-by').textContent();
    expect(by).toContain('Accepted by Ana Souza on');
    expect(by).toMatch(/2026|\d{1,2}\/\d{1,2}\/\d{2,4}/);
    expect(by).toContain('Payback is given in the section 19 text');
    expect(await accepted.getAttribute('data-review')).toBe('accepted');
    // The open list no longer holds it; the history shows the checks.
    expect(await page.locator('[data-testid="krci-finding"][data-review="open"][data-rule="economics.payback"]').count()).toBe(0);
    await expect.poll(() => page.getByTestId('krci-history-entry').count()).toBeGreaterThanOrEqual(2);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('krci-export-csv').click()]);
    const file = path.join(temp.dir, 'findings.csv');
    await download.saveAs(file);
    const csv = fs.readFileSync(file, 'utf8');
    const row = csv.split('\r\n').find((l) => l.includes('economics.payback'))!;
    expect(row).toContain(',accepted,high,economics.payback,');
    expect(row).toContain('Ana Souza');
    expect(csv.split('\r\n').find((l) => l.includes('qp.consent'))).toContain(',open,high,');

    if (SHOTS) {
      for (const [w, h] of [
        [1024, 700],
        [1920, 1080],
      ] as const) {
        for (const lang of ['en', 'pt-BR'] as const) {
          await page.setViewportSize({ width: w, height: h });
          await host.host.core().dispatch('system.setLanguage', { language: lang }, { transport: 'in-process' });
          await page.reload();
          await accepted.waitFor({ timeout: 15_000 });
          await page.screenshot({ path: path.join(SHOTS, `compliance-${w}x${h}-${lang}.png`), fullPage: false });
        }
      }
    }
    await page.close();
  });

  it('a critical finding can be accepted only with the explicit second confirmation', async () => {
    const reportId = importReport((d) => {
      d.qualifiedPersons[0].signatureDate = null;
    });
    const page = await openApp(browser, host.url, `#/compliance/${reportId}`);
    const finding = page.locator('[data-testid="krci-finding"][data-rule="qp.signature"]');
    await finding.waitFor({ timeout: 15_000 });
    await finding.getByTestId('krci-accept').click();
    await finding.getByTestId('krci-justification').fill('Signed on paper; the conformed signature is added at filing.');
    const save = finding.getByTestId('krci-accept-save');
    expect(await save.isDisabled()).toBe(true);
    await finding.getByTestId('krci-confirm-critical').check();
    await save.click();
    await page.locator('[data-testid="krci-accepted-list"] [data-rule="qp.signature"]').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByTestId('krci-score').getAttribute('data-score')).toBe('100');
    await page.close();
  });
});
