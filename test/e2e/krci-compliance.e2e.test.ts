import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp, startHostForTest, type TestHost } from '../support/e2e';

const GOLD = path.resolve(__dirname, '../../assets/samples/trs-gold-ribeirao-dourado.json');

let browser: Browser;
let host: TestHost;

beforeAll(async () => {
  browser = await launchBrowser();
  host = await startHostForTest({ env: { QIVO_LANG: 'en' } });
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

function importReport(mutate?: (doc: any) => void): string {
  const doc = JSON.parse(fs.readFileSync(GOLD, 'utf8'));
  mutate?.(doc);
  const trs = host.host.core().services.trs!;
  return trs.importJson(JSON.stringify(doc)).reportId;
}

describe('Compliance (KRCI) in Chromium', () => {
  it('shows the score against the target, filters findings, and a click opens the field in the editor', async () => {
    const goldId = importReport();
    const page = await openApp(browser, host.url, `#/compliance/${goldId}`);
    const score = page.getByTestId('krci-score');
    await score.waitFor({ timeout: 15_000 });
    expect(Number(await score.getAttribute('data-score'))).toBeGreaterThanOrEqual(90);
    await expect.poll(() => page.getByTestId('krci-target').textContent()).toContain('80');
    await page.getByTestId('krci-no-findings').waitFor();

    const badId = importReport((d) => {
      d.qualifiedPersons[1].consentStatus = 'requested';
      d.qualifiedPersons[0].membershipNumber = '';
      d.economicAnalysis.sensitivity = [];
    });
    await page.evaluate((id) => (window.location.hash = `#/compliance/${id}`), badId);
    await page.locator('[data-testid="krci-finding"][data-rule="qp.consent"]').waitFor({ timeout: 15_000 });
    // The critical RPO finding caps the score.
    expect(Number(await page.getByTestId('krci-score').getAttribute('data-score'))).toBeLessThanOrEqual(49);
    const rules = await page.getByTestId('krci-finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')));
    expect(rules).toEqual(['qp.rpo-membership', 'qp.consent', 'economics.sensitivity']);
    // Grouped by section: whole report first, then section 19.
    const groups = await page.getByTestId('krci-group').evaluateAll((els) => els.map((e) => e.getAttribute('data-section')));
    expect(groups).toEqual(['0', '19']);

    await page.getByTestId('krci-filter-severity').selectOption('high');
    await expect
      .poll(() => page.getByTestId('krci-finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule'))))
      .toEqual(['qp.consent', 'economics.sensitivity']);
    await page.getByTestId('krci-filter-category').selectOption('economics');
    await expect.poll(() => page.getByTestId('krci-finding').count()).toBe(1);

    // Keyboard: focus the "go to" button and press Enter.
    const goto = page.locator('[data-testid="krci-finding"][data-rule="economics.sensitivity"] [data-testid="krci-finding-goto"]');
    await goto.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/reports/${badId}`);
    await expect.poll(() => page.getByTestId('trs-nav-economics').getAttribute('aria-current')).toBe('true');
    await page.close();
  });

  it('a finding on a data field opens its pane and focuses that very field', async () => {
    const id = importReport((d) => {
      d.qualifiedPersons[0].membershipNumber = '';
    });
    const page = await openApp(browser, host.url, `#/compliance/${id}`);
    const finding = page.locator('[data-testid="krci-finding"][data-rule="qp.rpo-membership"]');
    await finding.waitFor({ timeout: 15_000 });
    const findingPath = await finding.getByTestId('krci-finding-goto').getAttribute('data-path');
    expect(findingPath).toMatch(/^qualifiedPersons\.0\./);
    await finding.getByTestId('krci-finding-goto').click();
    await expect.poll(() => page.getByTestId('trs-nav-qps').getAttribute('aria-current')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-krci-path') ?? null)).toBe(findingPath);
    await page.close();
  });

  it('the editor panel re-checks as the user types', async () => {
    const id = importReport();
    const page = await openApp(browser, host.url, `#/reports/${id}?section=5`);
    // Playwright's default 1280×720 window is below the width where the findings panel starts open.
    const toggle = page.getByTestId('trs-toggle-findings');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    const panel = page.getByTestId('krci-panel');
    await panel.getByTestId('krci-score').waitFor({ timeout: 15_000 });
    await panel.getByTestId('krci-no-findings').waitFor();

    await page.getByTestId('trs-section-status').selectOption('notApplicable');
    const finding = panel.locator('[data-testid="krci-finding"][data-rule="structure.section-05"]');
    await finding.waitFor({ timeout: 10_000 });
    await page.getByTestId('trs-section-reason').click();
    await page.keyboard.type('No mining has taken place on the property before 2004.');
    await finding.waitFor({ state: 'detached', timeout: 10_000 });

    // A finding in another section: its "go to" switches the editor to that section.
    await page.getByTestId('trs-nav-section-9').click();
    await page.getByTestId('trs-section-status').selectOption('notApplicable');
    await panel.locator('[data-testid="krci-finding"][data-rule="structure.section-09"]').waitFor({ timeout: 10_000 });
    await page.getByTestId('trs-nav-section-2').click();
    await panel.locator('[data-testid="krci-finding"][data-rule="structure.section-09"] [data-testid="krci-finding-goto"]').click();
    await expect.poll(() => page.getByTestId('trs-section-title').textContent()).toBe('9. Data verification');
    // The field itself gets the focus: the empty "why not applicable" box of section 9.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('trs-section-reason');
    await page.close();
  });
});
