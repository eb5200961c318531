import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp, recordDispatches, startHostForTest, type TestHost } from '../support/e2e';

// Each store asks main for its feature's data when its view mounts, never when its module is
// imported: starting on one view calls only the shell's channels and that view's.
let browser: Browser;
let host: TestHost;

beforeAll(async () => {
  browser = await launchBrowser();
  host = await startHostForTest();
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

/** What the shell reads wherever it starts: app info and notices, flags (the navigation), the update status. */
const SHELL = ['system.info', 'flags.list', 'update.status'];

describe('stores load when their view mounts (Chromium, real core)', () => {
  it('starting on Reports calls the shell and the Reports list only; another view calls its channels when opened', async () => {
    const calls = recordDispatches(host);
    const page = await openApp(browser, host.url);
    await page.getByTestId('reports-empty').waitFor();
    await expect.poll(() => SHELL.every((c) => calls.includes(c))).toBe(true);
    expect([...new Set(calls)].sort()).toEqual([...SHELL, 'reports.list'].sort());

    await page.getByTestId('nav-metrics').click();
    await page.getByTestId('metrics-generated').waitFor();
    expect(calls).toContain('metrics.dashboard');
    // Nothing the Reports list or the shell did asked for the rollout audit or the official data.
    expect(calls.filter((c) => c.startsWith('official.') || c.startsWith('compliance.') || c === 'flags.audit')).toEqual([]);
    await page.close();
  });

  it('starting on the Metrics view calls no Reports, official or compliance channel', async () => {
    const calls = recordDispatches(host);
    const page = await openApp(browser, host.url, '#/metrics');
    await page.getByTestId('metrics-generated').waitFor();
    const features = new Set(calls.map((c) => c.slice(0, c.indexOf('.'))));
    expect([...features].sort()).toEqual(['flags', 'metrics', 'system', 'update']);
    await page.close();
  });
});
