import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RichText } from '../../shared/trs/rich-text';
import { libreOfficeClipboardHtml } from '../support/clipboard-html';
import { launchBrowser, openApp, startHostProcess, type HostProcess } from '../support/e2e';
import { makeTempDir } from '../support/temp-dir';

// The ProseMirror section editor in Chromium against the real host: tables by keyboard, paste from
// LibreOffice Writer (real HTML made by soffice from a DOCX) and from a spreadsheet (TSV), images
// made EDGAR-ready on insert, and find and replace across sections. Everything is checked in the
// stored report (what main saved), not only on screen.

let browser: Browser;
let host: HostProcess;
const temp = makeTempDir('qivo-rte-e2e-');
let writerHtml: string;

beforeAll(async () => {
  [browser, host, writerHtml] = await Promise.all([
    launchBrowser(),
    startHostProcess(path.join(temp.dir, 'data'), { QIVO_LANG: 'pt-BR' }),
    libreOfficeClipboardHtml(temp.dir),
  ]);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await host?.kill();
  temp.cleanup();
});

interface StoredDoc {
  sections: Array<{ number: number; body: RichText }>;
  figures: Array<{ id: string; mimeType: string; dataBase64: string; fileName: string; widthPx: number }>;
}

async function stored(page: Page, reportId: string): Promise<StoredDoc> {
  const r = (await page.evaluate(
    (id) => (window as unknown as { qivoBridge: { trs: { get(i: unknown): Promise<unknown> } } }).qivoBridge.trs.get({ reportId: id }),
    reportId,
  )) as { ok: boolean; value: { document: StoredDoc } };
  expect(r.ok).toBe(true);
  return r.value.document;
}

async function waitSaved(page: Page): Promise<void> {
  await page.locator('[data-testid="trs-save-status"][data-state="saved"]').waitFor({ timeout: 15_000 });
}

async function newReport(title: string): Promise<{ page: Page; id: string }> {
  const page = await openApp(browser, host.url, '#/reports');
  await page.getByTestId('new-report').click();
  await page.getByTestId('new-report-title').fill(title);
  await page.getByTestId('new-report-submit').click();
  // Creating a report opens it in the editor (#/reports/<id>).
  await page.getByTestId('report-editor').waitFor();
  const id = /#\/reports\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  await page.getByTestId('trs-section-body').waitFor();
  return { page, id };
}

/** A paste as the browser delivers it from the system clipboard. */
async function paste(page: Page, data: Record<string, string>): Promise<void> {
  await page.getByTestId('trs-section-body').evaluate((el, entries) => {
    const dt = new DataTransfer();
    for (const [type, value] of Object.entries(entries)) dt.setData(type, value);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, data);
}

const txt = (cell: RichText[number] | undefined) => JSON.stringify(cell);
const cellText = (cell: Array<{ type: string; text?: string }>) => cell.map((i) => i.text ?? '').join('');

describe('ProseMirror section editor', () => {
  it('edits a table by keyboard: Tab between cells, Tab in the last cell adds a row, never leaves the editor; caption numbered; numbers right-aligned', async () => {
    const { page, id } = await newReport('Tabelas pelo teclado');
    const body = page.getByTestId('trs-section-body');
    await body.click();
    await page.keyboard.type('Recursos no fim de 2025:');
    await page.getByTestId('rte-insert-table').click();
    await page.getByTestId('rte-table-tools').waitFor();
    for (const [i, value] of [
      'Classe',
      'Tonelagem (kt)',
      'Teor (g/t)',
      'Medido',
      '1.250,0',
      '2,41',
      'Indicado',
      '3.400,5',
      '1,98',
      'Inferido',
      '820',
      '1,2',
    ].entries()) {
      if (i > 0) await page.keyboard.press('Tab');
      await page.keyboard.type(value);
    }
    // Tab never left the editor (the 0.1 editor sent it to the findings filter).
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('trs-section-body');
    // Shift+Tab goes back, selecting the cell's text as Word does: typing replaces it.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('Inferido (aprox.)');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('trs-section-body');
    await expect.poll(() => page.getByTestId('rte-table-number').textContent()).toBe('Tabela 1-1');
    await page.getByTestId('rte-table-caption').fill('Recursos minerais, base 100 %');
    // A column inserted with the table tools, then deleted again; a row deleted.
    await page.getByTestId('rte-table-tools').getByRole('button', { name: 'Inserir coluna à direita' }).click();
    await expect.poll(() => page.locator('.trs-rte-body tr').first().locator('th').count()).toBe(4);
    await page.locator('.trs-rte-body tr').nth(2).locator('td').nth(1).click();
    await page.getByTestId('rte-delete-col').click();
    await expect.poll(() => page.locator('.trs-rte-body tr').first().locator('th').count()).toBe(3);
    // The numbers column shows right-aligned (automatic alignment).
    const align = await page
      .locator('.trs-rte-body tr')
      .nth(1)
      .locator('td')
      .nth(1)
      .evaluate((el) => getComputedStyle(el).textAlign);
    expect(align).toBe('right');
    await waitSaved(page);
    const doc = await stored(page, id);
    const blocks = doc.sections[0]!.body;
    expect(blocks[0]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'Recursos no fim de 2025:' }] });
    const table = blocks.find((b) => b.type === 'table');
    expect(table?.type).toBe('table');
    if (table?.type !== 'table') return;
    expect(table.caption).toBe('Recursos minerais, base 100 %');
    expect(table.headerRows).toBe(1);
    expect(table.rows.map((r) => r.map(cellText))).toEqual([
      ['Classe', 'Tonelagem (kt)', 'Teor (g/t)'],
      ['Medido', '1.250,0', '2,41'],
      ['Indicado', '3.400,5', '1,98'],
      ['Inferido (aprox.)', '820', '1,2'],
    ]);
    await page.close();
  });

  it('pastes LibreOffice Writer HTML faithfully (headings, marks, lists, the table and its cells) and drops fonts and colours', async () => {
    const { page, id } = await newReport('Colar do Writer');
    await page.getByTestId('trs-section-body').click();
    await paste(page, { 'text/html': writerHtml, 'text/plain': 'Geological setting' });
    await expect.poll(() => page.locator('.trs-rte-body table td').count()).toBe(9);
    // No foreign styling reached the editor.
    expect(await page.locator('.trs-rte-body font, .trs-rte-body [style*="Comic"], .trs-rte-body [color]').count()).toBe(0);
    await waitSaved(page);
    const blocks = (await stored(page, id)).sections[0]!.body;
    expect(blocks[0]).toEqual({ type: 'heading', level: 1, content: [{ type: 'text', text: 'Geological setting' }] });
    expect(blocks[1]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'The deposit is ' },
        { type: 'text', text: 'hosted', marks: ['bold'] },
        { type: 'text', text: ' in ' },
        { type: 'text', text: 'banded iron formation', marks: ['italic'] },
        { type: 'text', text: ' with ' },
        { type: 'text', text: 'quartz veins', marks: ['underline'] },
        { type: 'text', text: '; water as H' },
        { type: 'text', text: '2', marks: ['sub'] },
        { type: 'text', text: 'O, volume 10' },
        { type: 'text', text: '3', marks: ['sup'] },
        { type: 'text', text: ' m.' },
      ],
    });
    expect(blocks[2]).toEqual({ type: 'heading', level: 2, content: [{ type: 'text', text: 'Lithologies' }] });
    expect(blocks[3]).toEqual({ type: 'list', ordered: false, items: [[{ type: 'text', text: 'Itabirite' }], [{ type: 'text', text: 'Phyllite' }]] });
    expect(blocks[4]).toEqual({
      type: 'list',
      ordered: true,
      items: [[{ type: 'text', text: 'Drill the northern extension' }], [{ type: 'text', text: 'Update the block model' }]],
    });
    const table = blocks[5]!;
    expect(table.type).toBe('table');
    if (table.type !== 'table') return;
    expect(table.rows.map((r) => r.map(cellText))).toEqual([
      ['Class', 'Tonnage (kt)', 'Grade (g/t Au)'],
      ['Measured', '1 250,0', '2,41'],
      ['Indicated', '3 400,5', '1,98'],
    ]);
    expect(table.rows[0]![0]).toEqual([{ type: 'text', text: 'Class', marks: ['bold'] }]);
    expect(txt(blocks[6])).toContain('After the table.');
    await page.close();
  });

  it('pastes Word clipboard HTML: lists written as mso-list paragraphs become real lists, the table keeps its cells, Word styling is dropped', async () => {
    // Word's text/html clipboard flavour (mso-list paragraphs, conditional comments, <o:p>, class=Mso*);
    // Word cannot run here, so the fixture follows the format Word 2016+ writes to the clipboard.
    const wordHtml = fs.readFileSync(path.resolve(__dirname, '../fixtures/paste/word-clipboard.html'), 'utf8');
    const { page, id } = await newReport('Colar do Word');
    await page.getByTestId('trs-section-body').click();
    await paste(page, { 'text/html': wordHtml, 'text/plain': 'Mineral resource estimates' });
    await expect.poll(() => page.locator('.trs-rte-body table td').count()).toBe(4);
    expect(
      await page
        .locator(
          '.trs-rte-body [style*="Comic"], .trs-rte-body [style*="mso"], .trs-rte-body [style*="color"], .trs-rte-body [class*="Mso"], .trs-rte-body [lang], .trs-rte-body font',
        )
        .count(),
    ).toBe(0);
    await waitSaved(page);
    const blocks = (await stored(page, id)).sections[0]!.body;
    const text = JSON.stringify(blocks);
    // Neither the bullet glyph, the Word-only markup nor the conditional comments leak in as text.
    for (const leak of ['·', 'supportLists', 'endif', 'o:p', 'mso-', '\u00a0\u00a0']) expect(text).not.toContain(leak);
    expect(blocks[0]).toEqual({ type: 'heading', level: 1, content: [{ type: 'text', text: 'Mineral resource estimates' }] });
    expect(blocks[1]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Resources were estimated by ' },
        { type: 'text', text: 'ordinary kriging', marks: ['bold'] },
        { type: 'text', text: ' on ' },
        { type: 'text', text: 'composites', marks: ['italic'] },
        { type: 'text', text: ' of ' },
        { type: 'text', text: '1.0 m', marks: ['underline'] },
        { type: 'text', text: '; grade in g/t and volume in m' },
        { type: 'text', text: '3', marks: ['sup'] },
        { type: 'text', text: ', CO' },
        { type: 'text', text: '2', marks: ['sub'] },
        { type: 'text', text: ' from assays.' },
      ],
    });
    expect(blocks[2]).toEqual({ type: 'list', ordered: false, items: [[{ type: 'text', text: 'Measured' }], [{ type: 'text', text: 'Indicated' }]] });
    expect(txt(blocks[3])).toContain('The next steps:');
    expect(blocks[4]).toEqual({
      type: 'list',
      ordered: true,
      items: [[{ type: 'text', text: 'Infill drilling' }], [{ type: 'text', text: 'Metallurgical tests' }]],
    });
    const table = blocks[5]!;
    expect(table.type).toBe('table');
    if (table.type !== 'table') return;
    expect(table.rows.map((r) => r.map(cellText))).toEqual([
      ['Class', 'Tonnage (kt)'],
      ['Measured', '1 250,0'],
    ]);
    expect(txt(blocks[6])).toContain('After the table.');
    await page.close();
  });

  it('pastes a TSV block from a spreadsheet: a new table outside a table, cells filled (and the table grown) inside one', async () => {
    const { page, id } = await newReport('Colar do Calc');
    await page.getByTestId('trs-section-body').click();
    await paste(page, { 'text/plain': 'Classe\tTonelagem (kt)\tTeor (g/t)\r\nMedido\t1.250,0\t2,41\r\nIndicado\t3.400,5\t1,98\r\n' });
    await expect.poll(() => page.locator('.trs-rte-body table td, .trs-rte-body table th').count()).toBe(9);
    await waitSaved(page);
    let table = (await stored(page, id)).sections[0]!.body.find((b) => b.type === 'table');
    expect(table?.type === 'table' && table.headerRows).toBe(1);
    expect(table?.type === 'table' && table.rows.map((r) => r.map(cellText))).toEqual([
      ['Classe', 'Tonelagem (kt)', 'Teor (g/t)'],
      ['Medido', '1.250,0', '2,41'],
      ['Indicado', '3.400,5', '1,98'],
    ]);
    // Into the existing table, at "Medido": cells are overwritten and the table grows by a row.
    await page.locator('.trs-rte-body td').first().click();
    await paste(page, { 'text/plain': 'Medido\t1.300,0\t2,50\nIndicado\t3.100,0\t2,02\nInferido\t900,0\t1,40' });
    await expect.poll(() => page.locator('.trs-rte-body tr').count()).toBe(4);
    await waitSaved(page);
    table = (await stored(page, id)).sections[0]!.body.find((b) => b.type === 'table');
    expect(table?.type === 'table' && table.rows.map((r) => r.map(cellText))).toEqual([
      ['Classe', 'Tonelagem (kt)', 'Teor (g/t)'],
      ['Medido', '1.300,0', '2,50'],
      ['Indicado', '3.100,0', '2,02'],
      ['Inferido', '900,0', '1,40'],
    ]);
    await page.close();
  });

  it('inserts a PNG line drawing (stored as GIF) and pastes a PNG photo (stored as JPEG), each shown inline with a numbered caption and a note', async () => {
    const { page, id } = await newReport('Figuras no texto');
    const body = page.getByTestId('trs-section-body');
    await body.click();
    await page.keyboard.type('Mapa de localização:');
    // Real PNG files, drawn by Chromium: a two-colour map (few colours) and a noisy photo-like image.
    const [drawing, photo] = await page.evaluate(() => {
      const make = (w: number, h: number, paint: (ctx: CanvasRenderingContext2D) => void) => {
        const c = document.createElement('canvas');
        c.width = w;
        c.height = h;
        paint(c.getContext('2d')!);
        return c.toDataURL('image/png').split(',')[1]!;
      };
      return [
        make(320, 200, (ctx) => {
          ctx.fillStyle = '#ffffff';
          ctx.fillRect(0, 0, 320, 200);
          ctx.fillStyle = '#1f4e9c';
          ctx.fillRect(40, 40, 120, 80);
          ctx.fillRect(200, 60, 60, 100);
        }),
        make(2400, 300, (ctx) => {
          const img = ctx.createImageData(2400, 300);
          for (let i = 0; i < img.data.length; i += 4) {
            img.data[i] = (i * 7) % 256;
            img.data[i + 1] = (i * 13) % 251;
            img.data[i + 2] = (i * 3) % 241;
            img.data[i + 3] = 255;
          }
          ctx.putImageData(img, 0, 0);
        }),
      ];
    });
    await page.getByTestId('rte-image-file').setInputFiles({ name: 'mapa-localizacao.png', mimeType: 'image/png', buffer: Buffer.from(drawing, 'base64') });
    await expect.poll(() => page.getByTestId('rte-image-note').textContent()).toContain('gravada como GIF');
    const img = page.locator('.trs-rte-body figure img');
    await expect.poll(() => img.first().evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(320);
    await expect.poll(() => page.getByTestId('rte-figure-number').first().textContent()).toBe('Figura 1-1');
    // Paste of an image file, as from a screenshot tool.
    await body.evaluate((el, b64) => {
      const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'foto-testemunho.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, photo);
    await expect.poll(() => page.getByTestId('rte-image-note').textContent()).toContain('gravada como JPEG');
    expect(await page.getByTestId('rte-image-note').textContent()).toContain('2400×300');
    await expect.poll(() => img.count()).toBe(2);
    await expect.poll(() => page.getByTestId('rte-figure-number').nth(1).textContent()).toBe('Figura 1-2');
    await waitSaved(page);
    const doc = await stored(page, id);
    expect(doc.figures.map((f) => [f.mimeType, f.fileName, f.widthPx])).toEqual([
      ['image/gif', 'mapa-localizacao.gif', 320],
      ['image/jpeg', 'foto-testemunho.jpg', 2000],
    ]);
    expect(doc.figures[0]!.dataBase64.startsWith('R0lGOD')).toBe(true);
    expect(doc.figures[1]!.dataBase64.startsWith('/9j/')).toBe(true);
    const figureBlocks = doc.sections[0]!.body.filter((b) => b.type === 'figure');
    expect(figureBlocks).toEqual(doc.figures.map((f) => ({ type: 'figure', figureId: f.id })));
    await page.close();
  });

  it('finds and replaces across sections with case and whole-word options; replace all is one undo step', async () => {
    const { page, id } = await newReport('Localizar e substituir');
    await page.getByTestId('trs-section-body').click();
    await page.keyboard.type('Ouro e ouro; ouros. O ouro aflora.');
    await page.getByTestId('trs-nav-section-2').click();
    await page.locator('[data-testid="trs-section"][data-section="2"]').waitFor();
    await page.getByTestId('trs-section-body').click();
    await page.keyboard.type('Teor de ouro alto.');
    await waitSaved(page);
    await page.keyboard.press('Control+f');
    const query = page.getByTestId('trs-find-query');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('trs-find-query');
    await query.fill('ouro');
    await expect.poll(() => page.getByTestId('trs-find-count').textContent()).toContain('5 ocorrências em 2 seção');
    await page.getByTestId('trs-find-word').check();
    await expect.poll(() => page.getByTestId('trs-find-count').textContent()).toContain('4 ocorrências');
    await page.getByTestId('trs-find-case').check();
    await expect.poll(() => page.getByTestId('trs-find-count').textContent()).toContain('3 ocorrências');
    // Next from the end of section 2 wraps to section 1 and selects its first match.
    await page.getByTestId('trs-find-next').click();
    await expect.poll(() => page.getByTestId('trs-section-title').textContent()).toContain('1.');
    await expect.poll(() => page.locator('.trs-find-match').count()).toBe(2);
    await expect.poll(() => page.locator('.trs-find-current').textContent()).toBe('ouro');
    await page.getByTestId('trs-find-replacement').fill('OURO');
    await page.getByTestId('trs-find-replace-one').click();
    await expect.poll(() => page.getByTestId('trs-section-body').textContent()).toBe('Ouro e OURO; ouros. O ouro aflora.');
    // Replace moved on to the next match, still in section 1.
    await expect.poll(() => page.locator('.trs-find-current').textContent()).toBe('ouro');
    await expect.poll(() => page.getByTestId('trs-find-count').textContent()).toContain('2 ocorrências');
    await page.getByTestId('trs-find-replacement').fill('gold');
    await page.getByTestId('trs-find-replace-all').click();
    await expect.poll(() => page.getByTestId('trs-find-count').textContent()).toContain('2 substituições');
    await expect.poll(() => page.getByTestId('trs-section-body').textContent()).toBe('Ouro e OURO; ouros. O gold aflora.');
    await waitSaved(page);
    let doc = await stored(page, id);
    expect(doc.sections.slice(0, 2).map((s) => s.body.map((b) => (b.type === 'paragraph' ? cellText(b.content) : '')).join())).toEqual([
      'Ouro e OURO; ouros. O gold aflora.',
      'Teor de gold alto.',
    ]);
    await page.getByTestId('trs-undo').click();
    await expect.poll(() => page.getByTestId('trs-section-body').textContent()).toBe('Ouro e OURO; ouros. O ouro aflora.');
    await waitSaved(page);
    doc = await stored(page, id);
    expect(cellText((doc.sections[1]!.body[0] as { content: Array<{ text?: string }> }).content as Array<{ type: string; text?: string }>)).toBe(
      'Teor de ouro alto.',
    );
    await page.close();
  });
});

describe('correct figures and dates in the interface language', () => {
  it('refuses a negative tonnage, says a class total is partial, and reads dd/mm/aaaa dates', async () => {
    const { page, id } = await newReport('Números corretos');
    await page.getByTestId('trs-nav-metadata').click();
    const date = page.locator('[data-krci-path="metadata.effectiveDate"]');
    expect(await date.getAttribute('placeholder')).toBe('dd/mm/aaaa');
    await date.fill('31/02/2025');
    await date.press('Enter');
    await expect.poll(() => page.locator('.trs-field-error').textContent()).toBe('Data inválida; escreva como dd/mm/aaaa');
    // Shown once, next to the field.
    expect(await page.getByText('Data inválida').count()).toBe(1);
    await date.fill('30/06/2025');
    await date.press('Enter');
    await expect.poll(() => page.locator('.trs-field-error').count()).toBe(0);
    await page.getByRole('button', { name: /Adicionar substância/ }).click();
    await page.getByTestId('trs-nav-mineralResources').click();
    await page.getByTestId('trs-add-table-mineralResources').click();
    await page.getByTestId('trs-add-row').click();
    await page.getByTestId('trs-add-row').click();
    const tonnage = page.getByTestId('trs-row-tonnage');
    await tonnage.nth(0).fill('-5');
    await tonnage.nth(0).press('Enter');
    await expect.poll(() => page.getByTestId('trs-row-tonnage-error').textContent()).toContain('não podem ser negativos');
    await tonnage.nth(0).fill('1.234,5');
    await tonnage.nth(0).press('Enter');
    await page.getByTestId('trs-row-grade').nth(0).fill('2,5');
    await page.getByTestId('trs-row-grade').nth(0).press('Enter');
    await tonnage.nth(1).fill('1.234,6');
    await tonnage.nth(1).press('Enter');
    // Two Indicated rows, 2 469,1 kt, one without a grade: the total says it is partial.
    await expect.poll(() => page.getByTestId('trs-total-indicated-contained').textContent()).toBe('99.225,2 oz');
    expect(await page.getByTestId('trs-total-indicated-partial').textContent()).toBe('parcial: 1 de 2 linhas não tem tonelagem ou teor e ficou de fora');
    await page.getByTestId('trs-row-grade').nth(1).fill('2,5');
    await page.getByTestId('trs-row-grade').nth(1).press('Enter');
    await expect.poll(() => page.getByTestId('trs-total-indicated-contained').textContent()).toBe('198.458,5 oz');
    expect(await page.getByTestId('trs-total-indicated-partial').count()).toBe(0);
    await waitSaved(page);
    const doc = (await stored(page, id)) as unknown as {
      metadata: { effectiveDate: string };
      mineralResources: Array<{ rows: Array<{ tonnage: { value: number } }> }>;
    };
    expect(doc.metadata.effectiveDate).toBe('2025-06-30');
    expect(doc.mineralResources[0]!.rows.map((r) => r.tonnage.value)).toEqual([1234.5, 1234.6]);
    await page.close();
  });
});

// Keeps the fixture honest: the committed sample is what this LibreOffice makes of the same DOCX.
describe('clipboard fixture', () => {
  it('the committed LibreOffice Writer sample has the same body as a fresh conversion', () => {
    const body = (h: string) => h.slice(h.indexOf('<body')).replace(/\s+/g, ' ');
    expect(body(fs.readFileSync(path.resolve(__dirname, '../fixtures/paste/libreoffice-writer-7.4.html'), 'utf8'))).toBe(body(writerHtml));
  });
});
