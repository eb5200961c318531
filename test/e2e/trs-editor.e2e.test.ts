import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp, startHostProcess, type HostProcess } from '../support/e2e';
import { makeTempDir } from '../support/temp-dir';

// The host runs as a child process so the test can kill it (SIGKILL) mid-session, as a crash would.
let browser: Browser;
const temp = makeTempDir('qivo-trs-e2e-');
const hosts: HostProcess[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const h of hosts) await h.kill();
  temp.cleanup();
});

async function start(dataDir: string): Promise<HostProcess> {
  const host = await startHostProcess(dataDir, { QIVO_LANG: 'pt-BR' });
  hosts.push(host);
  return host;
}

async function createReport(page: Page, title: string): Promise<string> {
  await page.getByTestId('new-report').click();
  await page.getByTestId('new-report-title').fill(title);
  await page.getByTestId('new-report-submit').click();
  // Creating a report opens it in the editor (#/reports/<id>).
  await page.getByTestId('report-editor').waitFor();
  const id = /#\/reports\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  await page.getByTestId('trs-nav-section-1').waitFor();
  return id;
}

async function waitSaved(page: Page): Promise<void> {
  await page.locator('[data-testid="trs-save-status"][data-state="saved"]').waitFor({ timeout: 10_000 });
}

describe('S-K 1300 editor in Chromium', () => {
  it('keeps typed text across a host crash (kill -9) and restart', async () => {
    const dataDir = path.join(temp.dir, 'crash');
    let host = await start(dataDir);
    let page = await openApp(browser, host.url, '#/reports');
    const id = await createReport(page, 'Crash test TRS');

    // The template has the 25 official headings, in order.
    const titles = await page.locator('[data-testid^="trs-nav-section-"]').allTextContents();
    expect(titles).toHaveLength(25);
    expect(titles[16]).toContain('17. Environmental studies, permitting, and plans, negotiations, or agreements with local individuals or groups');

    await page.getByTestId('trs-nav-section-7').click();
    await expect.poll(() => page.getByTestId('trs-section-title').textContent()).toBe('7. Exploration');
    const body = page.getByTestId('trs-section-body');
    await body.click();
    await page.keyboard.type('Drill hole DDS-2291 intersected 11.4 m at 6.12 g/t Au.');
    // No blur, no explicit save: the autosave alone must persist it.
    await waitSaved(page);
    await host.kill('SIGKILL');
    await page.close();

    host = await start(dataDir);
    page = await openApp(browser, host.url, `#/reports/${id}?section=7`);
    await expect
      .poll(() => page.getByTestId('trs-section-body').textContent(), { timeout: 10_000 })
      .toBe('Drill hole DDS-2291 intersected 11.4 m at 6.12 g/t Au.');
    await expect.poll(() => page.getByTestId('trs-nav-section-7').getAttribute('data-state')).toBe('inProgress');
    await page.close();
    await host.kill();
  });

  it('undo/redo with the keyboard, pt-BR number entry with computed contained metal, and a refused hostile import', async () => {
    const dataDir = path.join(temp.dir, 'edit');
    const host = await start(dataDir);
    const page = await openApp(browser, host.url, '#/reports');
    await createReport(page, 'Editing TRS');

    const body = page.getByTestId('trs-section-body');
    await body.click();
    await page.keyboard.type('Primeira frase.');
    await waitSaved(page);
    await page.keyboard.press('Enter');
    await page.keyboard.type('Segunda frase.');
    await expect.poll(() => body.textContent()).toBe('Primeira frase.Segunda frase.');
    await page.keyboard.press('Control+z');
    await expect.poll(() => body.textContent()).toBe('Primeira frase.');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => body.textContent()).toBe('Primeira frase.Segunda frase.');
    await waitSaved(page);

    // Resources table: pt-BR entry "1.234,5" kt at "2,5" g/t Au → contained computed in oz.
    await page.getByTestId('trs-nav-metadata').click();
    await page.getByRole('button', { name: /Adicionar substância/ }).click();
    await page.getByTestId('trs-nav-mineralResources').click();
    await page.getByTestId('trs-add-table-mineralResources').click();
    await page.getByTestId('trs-add-row').click();
    const tonnage = page.getByTestId('trs-row-tonnage');
    await tonnage.fill('1.234,5');
    await tonnage.press('Enter');
    const grade = page.getByTestId('trs-row-grade');
    await grade.fill('2,5');
    await grade.press('Enter');
    // 1 234 500 t × 2.5 g/t = 3 086 250 g = 99 225.24 oz
    await expect.poll(() => page.getByTestId('trs-row-contained').textContent()).toBe('99.225,24');
    await expect.poll(() => tonnage.inputValue()).toBe('1.234,5');
    // An en-style entry that is ambiguous in pt-BR is refused, not misread.
    await grade.fill('2.55');
    await grade.press('Enter');
    await page.getByTestId('trs-row-grade-error').waitFor();
    await expect.poll(() => page.getByTestId('trs-row-contained').textContent()).toBe('99.225,24');
    await grade.press('Escape');
    await waitSaved(page);

    // A hostile file: script in the text model, unknown block type. Clear error with its JSON path; nothing overwritten.
    await page.getByTestId('trs-nav-section-1').click();
    const gold = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../assets/samples/trs-gold-ribeirao-dourado.json'), 'utf8'));
    gold.sections[0].body.push({ type: 'html', html: '<img src=x onerror="document.title=1">' });
    await page.getByTestId('trs-import-file').setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(gold)) });
    const error = page.getByTestId('trs-import-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('$.sections[0].body[5].type');
    await page
      .getByTestId('trs-import-file')
      .setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "qivo.trs", "schemaVersion": 2,') });
    await expect.poll(() => error.textContent()).toContain('JSON');
    await page.reload();
    await page.getByTestId('trs-section-body').waitFor();
    await expect.poll(() => page.getByTestId('trs-section-body').textContent()).toBe('Primeira frase.Segunda frase.');
    expect(await page.title()).not.toBe('1');
    await page.close();
  });

  it('imports the gold sample from the Reports list, formats text, and diffs and restores a named version', async () => {
    const dataDir = path.join(temp.dir, 'versions');
    const host = await start(dataDir);
    const page = await openApp(browser, host.url, '#/reports');
    await page.getByTestId('trs-import-new-file').setInputFiles(path.resolve(__dirname, '../../assets/samples/trs-gold-ribeirao-dourado.json'));
    await page.getByTestId('trs-nav-section-1').waitFor();
    const states = await page.locator('[data-testid^="trs-nav-section-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    expect(states).toEqual(Array(25).fill('complete'));
    const reportId = page.url().split('#/reports/')[1]!.split('?')[0]!;
    // With BRAZILIAN_FIELDS on (default) the Brazilian fields are there (the last test checks the opposite).
    await page.getByTestId('trs-nav-property').click();
    await expect.poll(() => page.getByTestId('trs-sirgas-lat').inputValue()).toBe('-20:17:10,104');
    await page.getByTestId('trs-nav-brazil').click();
    await expect.poll(() => page.getByTestId('trs-brazil-cnpj').inputValue()).toBe('47.318.562/0001-41');

    await page.getByTestId('trs-nav-mineralReserves').click();
    await expect.poll(() => page.getByTestId('trs-total-total-contained').textContent()).toBe('773,4 koz');

    await page.getByTestId('trs-nav-versions').click();
    await page.getByTestId('trs-version-name').fill('Antes da revisão');
    await page.getByTestId('trs-version-create').click();
    await page.getByTestId('trs-version').filter({ hasText: 'Antes da revisão' }).waitFor();

    await page.getByTestId('trs-nav-section-21').click();
    const body = page.getByTestId('trs-section-body');
    await body.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('Nota em negrito');
    await page.keyboard.press('Control+b');
    await waitSaved(page);
    const stored = (await page.evaluate(
      (id) => (window as unknown as { qivoBridge: { trs: { get(i: unknown): Promise<unknown> } } }).qivoBridge.trs.get({ reportId: id }),
      reportId,
    )) as {
      ok: boolean;
      value: { document: { sections: Array<{ body: Array<{ type: string; content?: Array<{ text?: string; marks?: string[] }> }> }> } };
    };
    expect(stored.ok).toBe(true);
    const blocks = stored.value.document.sections[20]!.body;
    expect(blocks[blocks.length - 1]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'Nota em negrito', marks: ['bold'] }] });

    await page.getByTestId('trs-nav-versions').click();
    const named = page.getByTestId('trs-version').filter({ hasText: 'Antes da revisão' });
    const namedId = await page.getByTestId('trs-diff-from').locator('option', { hasText: 'Antes da revisão' }).getAttribute('value');
    await page.getByTestId('trs-diff-from').selectOption(namedId);
    await page.getByTestId('trs-diff-run').click();
    await expect.poll(() => page.getByTestId('trs-diff').textContent()).toContain('Nota em negrito');
    expect(await page.getByTestId('trs-diff').locator('ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Nota em negrito')]));

    await named.getByTestId('trs-version-restore').click();
    await page.getByTestId('trs-nav-section-21').click();
    await expect
      .poll(() => page.getByTestId('trs-section-body').textContent())
      .toBe('No other relevant data or information is needed to make this TRS understandable and not misleading.');
    await page.close();
  });

  it('edits and removes the clicked row in a list of a pane and in a table section', async () => {
    const host = await start(path.join(temp.dir, 'remove-rows'));
    const page = await openApp(browser, host.url, '#/reports');
    await page.setViewportSize({ width: 1024, height: 700 });
    await createReport(page, 'Linhas removidas');
    await page.getByTestId('trs-nav-property').click();
    const pane = page.getByTestId('trs-pane-property');
    await pane.waitFor();
    const rights = pane.locator('fieldset.trs-subtable').first().locator('.trs-inline-row');
    for (const number of ['ANM 800.001/2020', 'ANM 800.002/2020']) {
      await pane.getByRole('button', { name: '+ Adicionar direito minerário' }).click();
      await rights.last().getByLabel('Número (processo ANM, concessão…)').fill(number);
    }
    await expect.poll(() => rights.count()).toBe(2);
    // For a person to look at the layout at the smallest supported window, when asked for.
    if (process.env.QIVO_SCREENSHOT_DIR) await page.screenshot({ path: path.join(process.env.QIVO_SCREENSHOT_DIR, 'property-rows-1024x700.png') });
    await rights.first().getByRole('button', { name: 'Remover', exact: true }).click();
    await expect.poll(() => rights.count()).toBe(1);
    expect(await rights.first().getByLabel('Número (processo ANM, concessão…)').inputValue()).toBe('ANM 800.002/2020');

    // A table section: each cut-off row edits its own item, and × removes the clicked one.
    await page.getByTestId('trs-nav-mineralResources').click();
    await page.getByTestId('trs-add-table-mineralResources').click();
    const cutOffs = page.locator('fieldset.trs-subtable', { hasText: 'Teores de corte' }).locator('.trs-inline-row');
    for (const unit of ['g/t Au', '% Cu']) {
      await page.getByRole('button', { name: '+ Adicionar teor de corte' }).click();
      await cutOffs.last().getByLabel('Unidade').fill(unit);
    }
    await expect.poll(() => cutOffs.count()).toBe(2);
    expect(await cutOffs.first().getByLabel('Unidade').inputValue()).toBe('g/t Au');
    await cutOffs.first().getByRole('button', { name: 'Remover', exact: true }).click();
    await expect.poll(() => cutOffs.count()).toBe(1);
    expect(await cutOffs.first().getByLabel('Unidade').inputValue()).toBe('% Cu');
    await waitSaved(page);
    await page.close();
  });

  it('with BRAZILIAN_FIELDS off hides the Brazilian fields and main refuses to set them', async () => {
    const dataDir = path.join(temp.dir, 'no-brazil');
    const host = await startHostProcess(dataDir, { QIVO_LANG: 'pt-BR', ENABLE_BRAZILIAN_FIELDS: 'false' });
    hosts.push(host);
    const page = await openApp(browser, host.url, '#/reports');
    // A file carrying Brazilian fields cannot be imported while they are off.
    await page.getByTestId('trs-import-new-file').setInputFiles(path.resolve(__dirname, '../../assets/samples/trs-gold-ribeirao-dourado.json'));
    await expect.poll(() => page.getByTestId('trs-import-new-error').textContent()).toContain('BRAZILIAN_FIELDS');
    await createReport(page, 'Sem campos brasileiros');
    expect(await page.getByTestId('trs-nav-brazil').count()).toBe(0);
    await page.getByTestId('trs-nav-property').click();
    await page.getByTestId('trs-pane-property').waitFor();
    expect(await page.getByTestId('trs-sirgas-lat').count()).toBe(0);
    await page.getByTestId('trs-nav-mineralResources').click();
    await page.getByTestId('trs-add-table-mineralResources').click();
    await page.getByTestId('trs-add-row').click();
    await page.getByTestId('trs-row').waitFor();
    expect(await page.locator('[data-testid="trs-rows"] th', { hasText: 'CBRR' }).count()).toBe(0);
    await waitSaved(page);
    await page.close();
  });
});
