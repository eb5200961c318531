import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_VERSION } from '../../main/core/app-version';
import { FileSettingsStore } from '../../main/settings/file-settings-store';
import { signUpdateFeed } from '../../main/update/feed-signing';
import { startFlagConfigServer, type FlagConfigTestServer } from '../servers/flag-config-server';
import { launchBrowser, openApp, startHostForTest } from '../support/e2e';
import { testSigner } from '../support/flags-signing';
import { makeTempDir } from '../support/temp-dir';
import { feedOf, release } from '../support/update-feed';

let browser: Browser;
let feedServer: FlagConfigTestServer;
const signer = testSigner('it-updates');

beforeAll(async () => {
  browser = await launchBrowser();
  feedServer = await startFlagConfigServer();
});
afterAll(async () => {
  await browser?.close();
  await feedServer?.close();
});

function nextPatch(version: string): string {
  const [major, minor, patch] = version.split('-')[0]!.split('.').map(Number);
  return `${major}.${minor}.${patch! + 1}`;
}

describe('app updates, seen from the window', () => {
  it('shows what the signed feed offers, with its notes in the interface language, and says when IT withdrew the running version', async () => {
    const { dir, cleanup } = makeTempDir('qivo-e2e-update-');
    const settings = new FileSettingsStore(dir);
    settings.set('flags.policy.trustedKeys', [signer.policyEntry]);
    settings.set('app.language', 'pt-BR');
    const newer = nextPatch(APP_VERSION);
    feedServer.publish(JSON.stringify(signUpdateFeed(feedOf([release(newer, 100)]), signer.pair.privateKeyPem, signer.keyId)));
    const host = await startHostForTest({ dataDir: dir, env: { QIVO_UPDATE_FEED_URL: feedServer.url } });
    const page = await openApp(browser, host.url, '#/settings');

    await page.getByTestId('updates-card').waitFor();
    await page.getByTestId('update-check').click();
    await expect.poll(() => page.getByTestId('update-state').textContent()).toContain(`A versão ${newer} está disponível`);
    await page.getByText(`Novidades da versão ${newer}`).click();
    expect(await page.getByTestId('updates-card').textContent()).toContain(`Versão ${newer}.`);
    // The browser host cannot install: no restart is offered, and no banner interrupts the work.
    expect(await page.getByTestId('update-notice').count()).toBe(0);

    feedServer.publish(
      JSON.stringify(
        signUpdateFeed(
          feedOf([release(newer, 100), release(APP_VERSION, 100, { withdrawn: { at: new Date().toISOString(), reason: 'perde o filtro de achados' } })], 2),
          signer.pair.privateKeyPem,
          signer.keyId,
        ),
      ),
    );
    await page.getByTestId('update-check').click();
    const banner = page.getByTestId('update-notice');
    await banner.waitFor();
    expect(await banner.textContent()).toContain(`A TI retirou a versão que você está usando; a versão ${newer} a substitui.`);

    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(() => banner.textContent()).toContain(`IT withdrew the version you are running; version ${newer} replaces it.`);
    await page.getByRole('button', { name: 'Later' }).click();
    await expect.poll(() => page.getByTestId('update-notice').count()).toBe(0);
    await page.close();
    await host.close();
    cleanup();
  });
});
