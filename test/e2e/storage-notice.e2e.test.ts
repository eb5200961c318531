import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../main/core/core';
import { allFeatures } from '../../main/core/features';
import { launchBrowser, openApp, startHostForTest } from '../support/e2e';
import { makeTempDir } from '../support/temp-dir';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('a damaged app database, seen from the window', () => {
  it('tells the user in plain words, keeps the file aside, and restores the last backup on request', async () => {
    const { dir, cleanup } = makeTempDir('qivo-e2e-corrupt-');
    const before = openCore({ dataDir: dir, appVersion: 't', shell: 'cli', features: allFeatures, env: {} });
    before.services.reports!.create({ title: 'Relatório salvo no backup' });
    await before.backupNow();
    await before.close();
    fs.writeFileSync(path.join(dir, 'app.db'), Buffer.alloc(16384, 0x5a));

    const host = await startHostForTest({ dataDir: dir });
    const page = await openApp(browser, host.url);
    const notice = page.getByTestId('storage-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/danificado|damaged/);
    expect(await notice.textContent()).toContain(path.join(dir, 'corrupt'));
    expect(fs.readdirSync(path.join(dir, 'corrupt'))).toHaveLength(1);
    await page.getByTestId('reports-empty').waitFor();

    await page.getByTestId('restore-backup').click();
    await expect.poll(() => page.getByTestId('report-title').allTextContents(), { timeout: 15_000 }).toEqual(['Relatório salvo no backup']);
    await page.close();
    await host.close();
    cleanup();
  });
});
