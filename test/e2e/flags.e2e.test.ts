import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSettingsStore } from '../../main/settings/file-settings-store';
import { startFlagConfigServer, type FlagConfigTestServer } from '../servers/flag-config-server';
import { deliveryConfig, testSigner } from '../support/flags-signing';
import { launchBrowser, openApp, recordDispatches, startHostForTest, type TestHost } from '../support/e2e';
import { makeTempDir } from '../support/temp-dir';

const signer = testSigner('it-e2e');
let browser: Browser;
let host: TestHost;
let server: FlagConfigTestServer;
let temp: { dir: string; cleanup: () => void };

function config(version: number, killOfficial = false) {
  const c = deliveryConfig(version);
  c.flags.ADVANCED_ANALYTICS = { enabled: true, rolloutPercentage: 0, phase: 'internal' };
  if (killOfficial) c.flags.OFFICIAL_INTEGRATIONS = { ...c.flags.OFFICIAL_INTEGRATIONS!, enabled: false };
  return c;
}

beforeAll(async () => {
  server = await startFlagConfigServer(signer.sign(config(1)));
  temp = makeTempDir('qivo-flags-e2e-');
  const settings = new FileSettingsStore(temp.dir);
  settings.set('flags.policy.trustedKeys', [signer.policyEntry]);
  settings.set('flags.userId', 'joão.silva@mineração.example');
  browser = await launchBrowser();
  host = await startHostForTest({ dataDir: temp.dir, env: { QIVO_FLAGS_URL: server.url, QIVO_LANG: 'en' } });
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await server?.close();
  temp?.cleanup();
});

describe('Settings → Features in Chromium against the real core', () => {
  it('shows every flag with state, reason, phase, rollout, version and source, and follows a kill switch live', async () => {
    await expect.poll(() => host.host.core().services.flags!.configInForce()?.source).toBe('remote');
    const page = await openApp(browser, host.url);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('open-features').click();
    await page.getByTestId('flags-table').waitFor();

    const row = (flag: string) => page.getByTestId(`flag-row-${flag}`);
    for (const flag of ['OFFICIAL_INTEGRATIONS', 'SEC_SK_1300', 'BRAZILIAN_FIELDS', 'ADVANCED_ANALYTICS']) await row(flag).waitFor();
    expect(await row('ADVANCED_ANALYTICS').getAttribute('data-value')).toBe('off');
    expect(await row('OFFICIAL_INTEGRATIONS').getAttribute('data-value')).toBe('on');
    expect(await page.getByTestId('flags-user-id').textContent()).toBe('joão.silva@mineração.example');
    expect(await page.getByTestId('flags-config-version').textContent()).toMatch(/1/);
    const rowText = await row('ADVANCED_ANALYTICS').textContent();
    expect(rowText).toMatch(/internal|interna/);
    expect(rowText).toMatch(/0 %/);
    await expect.poll(() => page.getByTestId('flags-source').textContent()).toMatch(/remote|remota/);
    expect(await page.getByTestId('flags-last-fetch').textContent()).not.toMatch(/never|nunca/);
    await expect.poll(() => page.getByTestId('nav-official').count()).toBe(1);

    // IT publishes a kill switch: the running window follows within one poll, without a reload and
    // without asking main for the flags again — the event carries the new state, which it applies.
    const calls = recordDispatches(host);
    server.publish(signer.sign(config(2, true)));
    await expect.poll(() => row('OFFICIAL_INTEGRATIONS').getAttribute('data-value'), { timeout: 10_000 }).toBe('off');
    expect(await row('OFFICIAL_INTEGRATIONS').getAttribute('data-reason')).toBe('DISABLED');
    await expect.poll(() => page.getByTestId('flags-config-version').textContent()).toMatch(/2/);
    expect(calls.filter((c) => c.startsWith('flags.') && c !== 'flags.audit')).toEqual([]);
    // The audit log on screen is not in the event: it is read again, and shows the new configuration.
    await expect.poll(() => calls.includes('flags.audit')).toBe(true);
    await page.getByTestId('flags-change').waitFor();
    expect(await page.getByTestId('flags-change').textContent()).toContain('OFFICIAL_INTEGRATIONS');
    // The navigation hides the feature as well.
    await expect.poll(() => page.getByTestId('nav-official').count()).toBe(0);
    await page.close();
  });

  it('shows a refused configuration with its reason and keeps the flags', async () => {
    server.fault({ kind: 'htmlPage' });
    const page = await openApp(browser, host.url, '#/settings/features');
    await page.getByTestId('flags-table').waitFor();
    await page.getByTestId('flags-refresh').click();
    await page.getByTestId('flags-last-error').waitFor();
    expect(await page.getByTestId('flags-last-error').textContent()).toMatch(/HTML|página web|web page/);
    expect(await page.getByTestId('flag-row-SEC_SK_1300').getAttribute('data-value')).toBe('on');
    await expect.poll(() => page.getByTestId('flags-source').textContent()).toMatch(/last known good|última válida/);
    server.fault({ kind: 'none' });
    await page.close();
  });

  it('fits 1024×700 without sideways scrolling (each flag a block of labelled lines) and keeps the table at 1920×1080', async () => {
    const page = await openApp(browser, host.url, '#/settings/features');
    const row = page.getByTestId('flag-row-OFFICIAL_INTEGRATIONS');
    for (const [width, height, stacked] of [
      [1024, 700, true],
      [1920, 1080, false],
    ] as const) {
      await page.setViewportSize({ width, height });
      await row.waitFor();
      await expect.poll(() => page.locator('.content').evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
      // The flag's human name leads, its key beside it; stacked, each value carries its column's label
      // (the window is in pt-BR: the browser host's language comes from its settings, not QIVO_LANG).
      expect(await row.locator('th .flag-name').textContent()).toBe('Dados oficiais');
      const display = await row.evaluate((el) => getComputedStyle(el).display);
      expect(display === 'block', `${width}px: display ${display}`).toBe(stacked);
      const label = await row.getByTestId('flag-reason').evaluate((el) => getComputedStyle(el, '::before').content);
      expect(label).toBe(stacked ? '"Motivo"' : 'none');
    }
    await page.close();
  });
});
