import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialFactsOf } from '../../shared/official/report-facts';
import { DATASETS } from '../../shared/official/records';
import { startOfficialServers, type OfficialServers } from '../servers/index';
import { launchBrowser, openApp, startHostForTest, type TestHost } from '../support/e2e';

let browser: Browser;
let servers: OfficialServers;
let host: TestHost;

beforeAll(async () => {
  servers = await startOfficialServers();
  browser = await launchBrowser();
  host = await startHostForTest({ env: { ...servers.env, ENABLE_OFFICIAL_INTEGRATIONS: 'true' } });
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await servers?.stop();
});

describe('Official data, end to end in Chromium against the real core and the fake regulators', () => {
  it('looks up a process, shows its surroundings with sources on a map, inserts a fact, then works offline', async () => {
    const report = host.host.core().services.reports!.create({ title: 'Mina Tratex — TRS', propertyName: 'Tratex', commodity: 'Manganês' });
    const page = await openApp(browser, host.url);
    await page.getByTestId('nav-official').click();
    await page.getByTestId('official-view').waitFor();
    await page.getByTestId('official-process-input').fill('802563/1973');
    await page.getByTestId('official-radius-input').fill('12');
    await page.getByTestId('official-lookup').click();

    await page.getByTestId('official-record').waitFor();
    expect(await page.getByTestId('official-holder').textContent()).toBe('TRATEX MINERACAO LTDA');
    expect(await page.getByTestId('official-area').textContent()).toBe('27,05 ha em 2 parte(s)');
    expect(await page.getByTestId('official-record-source').getAttribute('data-cache')).toBe('miss');
    expect(await page.getByTestId('official-record-source').textContent()).toContain('ANM · SIGMINE');

    // Within 12 km of the property centre: 4 synthetic occurrences and the real one at Antônio Pereira.
    await expect.poll(() => page.getByTestId('official-occurrence-row').count()).toBe(5);
    await expect.poll(() => page.getByTestId('official-embargo-row').count()).toBe(1);
    await expect.poll(() => page.getByTestId('official-anp-row').count()).toBe(1);
    expect(await page.getByTestId('official-unit').textContent()).toContain('Grupo Itabira');
    expect(await page.getByTestId('official-occurrences-source').textContent()).toContain('SGB · geosgb:ocorrencias_recursos_minerais');
    expect(await page.getByTestId('official-embargoes-source').textContent()).toContain('IBAMA · adm_embargos_ibama_a');
    expect(await page.getByTestId('official-anp-source').textContent()).toContain('ANP · BD_ANP:BLOCOS_EXPLORATORIOS_SIRGAS');

    // The map is drawn from the geometries: property, 5 occurrences, the embargo and the ANP block.
    expect(await page.getByTestId('map-property').count()).toBe(1);
    expect(await page.getByTestId('map-occurrence').count()).toBe(5);
    expect(await page.getByTestId('map-embargo').count()).toBe(1);
    expect(await page.getByTestId('map-anp').count()).toBe(1);

    // Sources panel: healthy circuits and a cache.
    await expect.poll(() => page.getByTestId('official-source-anm-circuit').textContent()).toBe('fechado (saudável)');
    // Each source by the name its agency gives it, never the configuration key (ibamaEmbargo).
    expect(await page.getByTestId('official-source-ibamaEmbargo').locator('td').first().textContent()).toBe('IBAMA — embargos');
    expect(await page.getByTestId('official-sources').textContent()).not.toMatch(/\b(anm|sgb|anp|ibamaEmbargo|ibamaSislic)\b/);
    // At 1024×700 the records keep a readable width beside the map, and the sources table fits its card.
    await page.setViewportSize({ width: 1024, height: 700 });
    const recordWidth = await page.getByTestId('official-record').evaluate((e) => e.getBoundingClientRect().width);
    expect(recordWidth).toBeGreaterThan(400);
    const sources = await page.getByTestId('official-sources').evaluate((card) => ({
      card: card.getBoundingClientRect().right,
      table: card.querySelector('table')!.getBoundingClientRect().right,
    }));
    expect(sources.table).toBeLessThanOrEqual(sources.card);

    // Insert into report: stored with its citation, listable by the report-model feature.
    await page.getByTestId('official-report-select').selectOption(report.id);
    await page.getByTestId('official-insert-record').click();
    await page.getByTestId('official-inserted').waitFor();
    const references = officialFactsOf(host.host.core().services.trs!.getDocument(report.id));
    expect(references).toHaveLength(1);
    expect(references[0]!.fact).toMatchObject({
      agency: 'ANM',
      dataset: 'SIGMINE',
      recordId: '802.563/1973',
      url: expect.stringContaining(servers.env.QIVO_ANM_SIGMINE_URL),
    });

    // A gateway API key, typed once: stored in main's secret store, shown only as "set", sent as a header.
    await page.getByTestId('official-api-key-source').selectOption('anm');
    await page.getByTestId('official-api-key-input').fill('e2e-gateway-key');
    await page.getByTestId('official-api-key-save').click();
    await expect.poll(() => page.getByTestId('official-source-anm').textContent()).toContain('definida');
    expect(await page.getByTestId('official-api-key-input').inputValue()).toBe('');
    expect(await page.content()).not.toContain('e2e-gateway-key');
    await page.getByTestId('official-process-input').fill('831.917/1998');
    await page.getByTestId('official-lookup').click();
    await expect
      .poll(() =>
        servers.arcgis.requests
          .filter((r) => r.path.includes('/SIGMINE/'))
          .at(-1)
          ?.query.get('where'),
      )
      .toBe('NUMERO=831917 AND ANO=1998');
    expect(servers.arcgis.requests.filter((r) => r.path.includes('/SIGMINE/')).at(-1)?.headers['x-api-key']).toBe('e2e-gateway-key');
    // Only the ANM source has a key: IBAMA's layer on the same host gets none.
    expect(servers.arcgis.requests.filter((r) => r.path.includes('adm_embargos')).every((r) => r.headers['x-api-key'] === undefined)).toBe(true);
    await page.getByTestId('official-process-input').fill('802.563/1973');

    // Offline at the mine site: every answer expired and the agencies unreachable.
    await servers.stop();
    const zero = Object.fromEntries(DATASETS.map((d) => [d, 0]));
    host.host.core().settings.set('official.cache.ttlSeconds', zero);
    host.host.core().settings.set('official.cache.staleWhileRevalidateSeconds', zero);
    await page.getByTestId('official-lookup').click();
    await expect.poll(() => page.getByTestId('official-record-source').getAttribute('data-cache')).toBe('stale');
    expect(await page.getByTestId('official-record-source-state').textContent()).toMatch(/cópia off-line de \d+ s atrás/);
    await expect.poll(() => page.getByTestId('official-occurrences-source').getAttribute('data-cache')).toBe('stale');
    await expect.poll(() => page.getByTestId('official-embargoes-source').getAttribute('data-cache')).toBe('stale');
    await expect.poll(() => page.getByTestId('official-anp-source').getAttribute('data-cache')).toBe('stale');
    expect(await page.getByTestId('official-occurrence-row').count()).toBe(5);
    // The status bar tells the computer's network apart from the agencies: the computer is on-line,
    // each agency unreachable, with the age of the copy in use.
    expect(await page.getByTestId('status-online').textContent()).toBe('Computador on-line');
    // Several agencies down: one short line, each agency's own sentence in the tooltip.
    await expect.poll(() => page.getByTestId('status-agencies').getAttribute('data-agencies')).toBe('ANM SGB IBAMA ANP');
    expect(await page.getByTestId('status-agencies').textContent()).toMatch(/^ANM, SGB, IBAMA e ANP inacessíveis — usando cópias de até \d+ (s|min) atrás$/);
    const tooltip = (await page.getByTestId('status-agencies').getAttribute('title')) ?? '';
    for (const agency of ['ANM', 'SGB', 'IBAMA', 'ANP'])
      expect(tooltip).toMatch(new RegExp(`^${agency} inacessível — usando a cópia de \\d+ (s|min) atrás$`, 'm'));

    // A process never looked up: a clear message, nothing else breaks.
    await page.getByTestId('official-process-input').fill('013.987/1967');
    await page.getByTestId('official-lookup').click();
    await expect.poll(() => page.getByTestId('error-banner').textContent()).toMatch(/ANM/);
    // Back on-line: the next answer clears the agency's notice.
    await servers.restart();
    await page.getByTestId('official-process-input').fill('802.563/1973');
    await page.getByTestId('official-lookup').click();
    await expect.poll(() => page.getByTestId('official-record-source').getAttribute('data-cache')).not.toBe('stale');
    await expect.poll(() => page.locator('[data-testid="status-agencies"][data-agencies~="ANM"]').count()).toBe(0);
    await page.close();
  });

  it('hides the view when OFFICIAL_INTEGRATIONS is off', async () => {
    const off = await startHostForTest({ env: { ...servers.env, ENABLE_OFFICIAL_INTEGRATIONS: 'false' } });
    try {
      const page = await openApp(browser, off.url, '#/official');
      // The route shows who switched the feature off (no time: it was never on in this session), not an empty view.
      await page.getByTestId('switched-off-OFFICIAL_INTEGRATIONS').waitFor();
      expect(await page.getByTestId('nav-official').count()).toBe(0);
      expect(await page.getByTestId('official-process-input').count()).toBe(0);
      await page.close();
    } finally {
      await off.close();
    }
  });
});
