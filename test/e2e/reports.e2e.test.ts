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
    expect(trs.metadata).toMatchObject({
      title: 'Mina Serra Azul — TRS 2026',
      propertyName: 'Serra Azul',
      commodities: [{ code: 'Ouro', name: 'Ouro', primary: true }],
    });
    await page.getByTestId('nav-reports').click();
    await expect.poll(() => page.getByTestId('report-title').allTextContents()).toEqual(['Mina Serra Azul — TRS 2026']);

    // Stored in SQLite through the contract: visible to the core and after a reload.
    expect(
      host.host
        .core()
        .services.reports!.list()
        .map((r) => r.title),
    ).toEqual(['Mina Serra Azul — TRS 2026']);
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

  it('keeps the keyboard focus in a sensible place after rename, delete and the new-report form', async () => {
    const reports = host.host.core().services.reports!;
    for (const title of ['Alfa', 'Bravo', 'Charlie']) reports.create({ title, propertyName: '', commodity: '' });
    const page = await openApp(browser, host.url, '#/reports');
    await expect.poll(() => page.getByTestId('report-title').count()).toBe(3);
    const focused = () =>
      page.evaluate(() => ({
        testId: document.activeElement?.getAttribute('data-testid') ?? null,
        label: document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? null,
      }));
    const rowOf = (title: string) =>
      page.getByTestId('report-row').filter({ has: page.getByTestId('report-title').filter({ hasText: new RegExp(`^${title}$`) }) });

    // Every row action names its report: no two buttons share an accessible name.
    const names = await page
      .getByTestId('report-list')
      .locator('button')
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? b.textContent));
    expect(new Set(names).size).toBe(names.length);

    // Rename, then Escape: back on that row's Rename button.
    await rowOf('Bravo').getByTestId('report-rename').click();
    await expect.poll(focused).toMatchObject({ testId: 'rename-input' });
    await page.keyboard.press('Escape');
    await expect.poll(focused).toEqual({ testId: 'report-rename', label: 'Renomear "Bravo"' });
    // Rename with Enter: on the renamed report's title.
    await page.keyboard.press('Enter');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Bravo 2');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toMatchObject({ testId: 'report-open' });
    expect(await page.evaluate(() => document.activeElement?.querySelector('[data-testid="report-title"]')?.textContent)).toBe('Bravo 2');

    // Delete, then cancel: back on Delete; confirm: on the report that took its place.
    await rowOf('Bravo 2').getByTestId('report-delete').click();
    await expect.poll(focused).toEqual({ testId: 'report-delete-confirm', label: 'Sim, excluir "Bravo 2"' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toEqual({ testId: 'report-delete', label: 'Excluir "Bravo 2"' });
    // (The list is newest first: the renamed report moved; take its place before deleting it.)
    const deletedAt = (await page.getByTestId('report-title').allTextContents()).indexOf('Bravo 2');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('report-title').allTextContents()).not.toContain('Bravo 2');
    await expect.poll(() => page.evaluate(() => document.activeElement?.querySelector('[data-testid="report-title"]')?.textContent ?? null)).not.toBeNull();
    const afterDelete = await page.evaluate(() => document.activeElement?.querySelector('[data-testid="report-title"]')?.textContent);
    const remaining = await page.getByTestId('report-title').allTextContents();
    expect(remaining.indexOf(afterDelete!)).toBe(Math.min(deletedAt, remaining.length - 1));
    await expect.poll(() => page.getByTestId('report-deleted').textContent()).toBe('"Bravo 2" excluído');

    // The last report deleted: the focus is on "New report"; the form's Cancel/Escape comes back to it.
    for (const title of remaining) {
      await rowOf(title).getByTestId('report-delete').click();
      await rowOf(title).getByTestId('report-delete-confirm').click();
    }
    await page.getByTestId('reports-empty').waitFor();
    await expect.poll(focused).toMatchObject({ testId: 'new-report' });
    await page.keyboard.press('Enter');
    await expect.poll(focused).toMatchObject({ testId: 'new-report-title' });
    await page.keyboard.press('Escape');
    await expect.poll(focused).toMatchObject({ testId: 'new-report' });
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
    expect(await page.getByTestId('status-online').textContent()).toMatch(/on-line|online/i);
    await page.context().setOffline(true);
    await expect.poll(() => page.getByTestId('status-online').textContent()).toMatch(/off-line|offline/i);
    await page.context().setOffline(false);
    await page.close();
  });

  it('refuses IPC calls that do not come from the app page', async () => {
    const origin = host.url.replace(/\/$/, '');
    const forged = await fetch(`${origin}/__qivo/ipc/reports.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: '{}',
    });
    expect(forged.status).toBe(403);
    const noHeader = await fetch(`${origin}/__qivo/ipc/reports.list`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: '{}' });
    expect(noHeader.status).toBe(403);
    const noSecret = await fetch(`${origin}/__qivo/ipc/reports.list`, {
      method: 'POST',
      headers: { ...host.apiHeaders(), 'x-qivo-secret': 'guess' },
      body: '{}',
    });
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
