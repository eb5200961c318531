import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp, startHostForTest, type TestHost } from '../support/e2e';

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

describe('Reports, end to end in Chromium against the real core', () => {
  it('creates a draft in the window, finds it after a reload, renames, opens and deletes it', async () => {
    const page = await openApp(browser, host.url);
    await page.getByTestId('reports-empty').waitFor();
    await page.getByTestId('new-report').click();
    await page.getByTestId('new-report-title').fill('Mina Serra Azul — TRS 2026');
    await page.getByTestId('new-report-property').fill('Serra Azul');
    await page.getByTestId('new-report-commodity').fill('Ouro');
    await page.getByTestId('new-report-submit').click();
    // Creating opens the report in the editor; property and commodity typed into the form are in its TRS.
    await page.getByTestId('report-editor').waitFor();
    const createdId = /#\/reports\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const trs = host.host.core().services.trs!.getDocument(createdId);
    expect(trs.metadata).toMatchObject({ title: 'Mina Serra Azul — TRS 2026', propertyName: 'Serra Azul', commodities: [{ code: 'Ouro', name: 'Ouro', primary: true }] });
    await page.getByTestId('nav-reports').click();
    await expect.poll(() => page.getByTestId('report-title').allTextContents()).toEqual(['Mina Serra Azul — TRS 2026']);

    // Stored in SQLite through the contract: visible to the core and after a reload.
    expect(host.host.core().services.reports!.list().map((r) => r.title)).toEqual(['Mina Serra Azul — TRS 2026']);
    await page.reload();
    await expect.poll(() => page.getByTestId('report-title').allTextContents()).toEqual(['Mina Serra Azul — TRS 2026']);

    await page.getByTestId('report-rename').click();
    await page.getByTestId('rename-input').fill('Mina Serra Azul — revised');
    await page.getByTestId('rename-input').press('Enter');
    await expect.poll(() => page.getByTestId('report-title').allTextContents()).toEqual(['Mina Serra Azul — revised']);
    // The rename reaches the TRS, and the list keeps the commodity as typed.
    await expect.poll(() => host.host.core().services.trs!.getDocument(createdId).metadata.title).toBe('Mina Serra Azul — revised');
    expect(host.host.core().services.reports!.get(createdId)).toMatchObject({ propertyName: 'Serra Azul', commodity: 'Ouro' });

    await page.getByTestId('report-open').click();
    await page.getByTestId('report-editor').waitFor();
    expect(page.url()).toMatch(/#\/reports\/[0-9a-f-]{36}/);
    await page.getByTestId('nav-reports').click();

    await page.getByTestId('report-delete').click();
    await page.getByTestId('report-delete-confirm').click();
    await page.getByTestId('reports-empty').waitFor();
    expect(host.host.core().services.reports!.list()).toEqual([]);
    await page.close();
  });

  it('switches the language, shows Portuguese labels and remembers the choice', async () => {
    const page = await openApp(browser, host.url);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(() => page.getByTestId('nav-reports').textContent()).toBe('Reports');
    await page.getByTestId('language-select').selectOption('pt-BR');
    await expect.poll(() => page.getByTestId('nav-reports').textContent()).toBe('Relatórios');
    expect(await page.getByTestId('nav-settings').textContent()).toBe('Configurações');
    expect(await page.locator('html').getAttribute('lang')).toBe('pt-BR');
    await page.reload();
    await expect.poll(() => page.getByTestId('nav-official').textContent()).toBe('Dados oficiais');
    await page.close();
  });

  it('shows the status bar with online state, data folder and version', async () => {
    const page = await openApp(browser, host.url);
    expect(await page.getByTestId('status-data-dir').textContent()).toContain(host.dataDir);
    expect(await page.getByTestId('status-online').textContent()).toMatch(/On-line|Online/);
    await page.context().setOffline(true);
    await expect.poll(() => page.getByTestId('status-online').textContent()).toMatch(/Off-line|Offline/);
    await page.context().setOffline(false);
    await page.close();
  });

  it('refuses IPC calls that do not come from the app page', async () => {
    const origin = host.url.replace(/\/$/, '');
    const forged = await fetch(`${origin}/__qivo/ipc/reports.list`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://evil.example' }, body: '{}' });
    expect(forged.status).toBe(403);
    const noHeader = await fetch(`${origin}/__qivo/ipc/reports.list`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: '{}' });
    expect(noHeader.status).toBe(403);
    const noSecret = await fetch(`${origin}/__qivo/ipc/reports.list`, { method: 'POST', headers: { ...host.apiHeaders(), 'x-qivo-secret': 'guess' }, body: '{}' });
    expect(noSecret.status).toBe(403);
    const ok = await fetch(`${origin}/__qivo/ipc/reports.create`, {
      method: 'POST',
      headers: host.apiHeaders(),
      body: JSON.stringify({ input: { title: 'x'.repeat(5000) } }),
    });
    expect(await ok.json()).toMatchObject({ ok: false, error: { code: 'ipc.invalidInput' } });
    const page = await browser.newPage();
    const response = await page.goto(host.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.close();
  });
});
