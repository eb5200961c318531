import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../main/settings/secret-store';
import { launchBrowser, openApp, startHostForTest } from '../support/e2e';
import { makeTempDir } from '../support/temp-dir';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const API_KEY = 'PLANTED-window-key-4Rt7/u=';

describe('Settings → Diagnostics for support', () => {
  it('creates the bundle from a button, lists its contents, and the zip holds no secret (host secret included)', async () => {
    const { dir, cleanup } = makeTempDir('qivo-e2e-diag-');
    new FileSecretStore(dir).set('official.anm.apiKey', API_KEY);
    const host = await startHostForTest({ dataDir: dir });
    // Something worth logging, quoting the key and the host's own secret.
    host.host.core().log.error(`[test] upstream echoed ${API_KEY} and /__qivo/events?secret=${host.host.secret}`);
    const page = await openApp(browser, host.url, '#/settings');
    for (const [language, label] of [
      ['en', 'Create diagnostics file'],
      ['pt-BR', 'Criar arquivo de diagnóstico'],
    ] as const) {
      await page.getByTestId('language-select').selectOption(language);
      await expect.poll(() => page.getByTestId('diagnostics-create').textContent()).toBe(label);
    }
    await page.getByTestId('diagnostics-create').click();
    const result = page.getByTestId('diagnostics-result');
    await result.waitFor();
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('Arquivo de diagnóstico criado');
    const file = /criado: (\S+\.zip)/.exec(text)![1]!;
    expect(path.dirname(file)).toBe(path.join(dir, 'diagnostics'));

    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const names = Object.keys(zip.files)
      .filter((n) => !zip.files[n]!.dir)
      .sort();
    const listed = await page.getByTestId('diagnostics-entries').locator('li').allTextContents();
    expect(listed.slice().sort()).toEqual(names);
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'versions.json', 'settings.json', 'integrity.json', 'flags.json', 'logs/qivo.log']));
    expect(JSON.parse(await zip.file('versions.json')!.async('string')).shell).toBe('browser-host');
    const log = await zip.file('logs/qivo.log')!.async('string');
    expect(log).toContain('[test] upstream echoed [redacted]');
    for (const name of names) {
      const body = await zip.file(name)!.async('string');
      for (const secret of [API_KEY, encodeURIComponent(API_KEY), host.host.secret]) expect(body, `${name}`).not.toContain(secret);
    }
    await page.close();
    await host.close();
    cleanup();
  });
});
