import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lintEdgarHtml } from '../../shared/edgar/lint';
import { launchBrowser, openApp, startHostForTest, type TestHost } from '../support/e2e';

const LITHIUM = path.resolve(__dirname, '../../assets/samples/trs-lithium-lagoa-seca.json');

// A PDF of a whole TRS takes a few seconds on a busy machine.
vi.setConfig({ testTimeout: 240_000 });

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

function importReport(mutate?: (doc: { metadata: { reportDate: string | null } }) => void): string {
  const doc = JSON.parse(fs.readFileSync(LITHIUM, 'utf8'));
  mutate?.(doc);
  return host.host.core().services.trs!.importJson(JSON.stringify(doc)).reportId;
}

describe('Export panel in Chromium', () => {
  it('exports the EX-96 into the data folder, refuses on critical findings with the list, then exports a DRAFT on purpose', async () => {
    const id = importReport();
    const blockedId = importReport((d) => {
      d.metadata.reportDate = null;
    });
    // One page for the whole flow: opening the app twice is slow on a loaded machine.
    const page = await openApp(browser, host.url, `#/compliance/${id}`);
    await page.getByTestId('export-panel').waitFor({ timeout: 30_000 });
    await page.getByTestId('export-format').selectOption('ex96');
    await page.getByTestId('export-run').click();
    await page.getByTestId('export-result').waitFor({ timeout: 120_000 });
    const fileNames = () => page.getByTestId('export-file').evaluateAll((rows) => rows.map((r) => r.firstElementChild?.textContent));
    expect(await fileNames()).toEqual(['ex96-1.htm', 'ex96-1-fig01.gif']);
    const exportsDir = path.join(host.dataDir, 'exports');
    const [folder] = fs.readdirSync(exportsDir);
    const html = fs.readFileSync(path.join(exportsDir, folder!, 'ex96-1.htm'), 'latin1');
    expect(lintEdgarHtml(html, { fileName: 'ex96-1.htm' }).ok).toBe(true);

    await page.evaluate((next) => (window.location.hash = `#/compliance/${next}`), blockedId);
    await page.getByTestId('export-format').selectOption('pdf');
    await page.getByTestId('export-run').click();
    await page.getByTestId('export-error-details').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('export-error').textContent()).toMatch(/Export refused|Exportação recusada/);
    expect(await page.getByTestId('export-error-details').textContent()).toContain('structure.report-date');
    expect(fs.readdirSync(exportsDir)).toHaveLength(1);

    await page.getByTestId('export-draft').check();
    await page.getByTestId('export-run').click();
    await page.getByTestId('export-result').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('export-result').textContent()).toMatch(/DRAFT|RASCUNHO/);
    expect(await fileNames()).toEqual(['lagoa-seca-lithium-project-trs-draft.pdf']);
    await page.close();
  });
});
