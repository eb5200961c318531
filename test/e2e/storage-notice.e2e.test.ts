import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../main/core/core';
import { createTranslator } from '../../shared/i18n';
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

describe('a damaged settings file, seen from the window', () => {
  it('says so in the words of the CLI, keeps the file aside byte for byte, and the app works with the defaults', async () => {
    const { dir, cleanup } = makeTempDir('qivo-e2e-settings-');
    const damaged = Buffer.concat([Buffer.from('{"app.language": "en", "window'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1])]);
    fs.writeFileSync(path.join(dir, 'settings.json'), damaged);

    const host = await startHostForTest({ dataDir: dir });
    const page = await openApp(browser, host.url);
    const notice = page.getByTestId('storage-notice');
    await notice.waitFor();
    const [aside] = fs.readdirSync(dir).filter((f) => f.startsWith('settings.json.invalid-'));
    expect(fs.readFileSync(path.join(dir, aside!)).equals(damaged)).toBe(true);
    // The default language (pt-BR), and the very sentence the CLI prints.
    expect(await notice.locator('span').textContent()).toBe(createTranslator('pt-BR')('notices.settingsKeptAside', { movedTo: path.join(dir, aside!) }));
    expect(await notice.getByTestId('restore-backup').count()).toBe(0);

    await page.getByTestId('reports-empty').waitFor();
    await notice.getByRole('button').click();
    await notice.waitFor({ state: 'detached' });
    // Settings are written again, to a new file; the one kept aside stays as it was.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-select').selectOption('en');
    await expect
      .poll(() => fs.existsSync(path.join(dir, 'settings.json')) && JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8'))['app.language'])
      .toBe('en');
    expect(fs.readFileSync(path.join(dir, aside!)).equals(damaged)).toBe(true);
    await page.close();
    await host.close();
    cleanup();
  });
});
