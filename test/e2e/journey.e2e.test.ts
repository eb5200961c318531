import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEx96 } from '../../shared/exports/ex96';
import { buildReportDocument } from '../../shared/exports/report-document';
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

describe("the geologist's journey: official facts flow into the report, the check and the filing", () => {
  it("create → look up → apply → insert an embargo → Compliance cites the fact → EX-96 cites it → offline, same findings and the facts' age", async () => {
    const page = await openApp(browser, host.url);
    await page.getByTestId('new-report').click();
    await page.getByTestId('new-report-title').fill('Mina Tratex — TRS');
    await page.getByTestId('new-report-property').fill('Tratex');
    await page.getByTestId('new-report-commodity').fill('Mn');
    await page.getByTestId('new-report-submit').click();
    await page.getByTestId('report-editor').waitFor();
    const reportId = /#\/reports\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    const core = host.host.core();

    // Look up the ANM process and apply it to the report, field by field.
    await page.getByTestId('nav-official').click();
    await page.getByTestId('official-report-select').selectOption(reportId);
    await page.getByTestId('official-process-input').fill('802563/1973');
    await page.getByTestId('official-lookup').click();
    await page.getByTestId('official-record').waitFor();
    await page.getByTestId('official-apply-open').click();
    await page.getByTestId('official-apply-dialog').waitFor();
    expect(await page.getByTestId('official-apply-proposed-holder').textContent()).toBe('TRATEX MINERACAO LTDA');
    expect(await page.getByTestId('official-apply-current-holder').textContent()).toBe('—');
    await page.getByTestId('official-apply-accept-location').uncheck();
    await page.getByTestId('official-apply-confirm').click();
    await page.getByTestId('official-inserted').waitFor();
    let doc = core.services.trs!.getDocument(reportId);
    expect(doc.brazil!.anmProcesses[0]).toMatchObject({ processNumber: '802.563/1973', holderName: 'TRATEX MINERACAO LTDA' });
    expect(doc.property.polygon).not.toBeNull();
    expect(doc.property.location.latitude).toBeNull(); // skipped
    const anmFact = officialFactsOf(doc).find((f) => f.fact.recordType === 'anmProcess')!;
    expect(anmFact.fact.appliedTo).toContain('brazil.anmProcesses.0.holderName');
    const phase = anmFact.fact.values.phase as string;

    // The IBAMA embargo near the property becomes a fact of the report (twice pressed, stored once).
    await expect.poll(() => page.getByTestId('official-embargo-row').count()).toBe(1);
    await page.getByTestId('official-insert-embargo').click();
    await page.getByTestId('official-insert-embargo').click();
    await expect.poll(() => officialFactsOf(core.services.trs!.getDocument(reportId)).length).toBe(2);
    doc = core.services.trs!.getDocument(reportId);
    const embargoFact = officialFactsOf(doc).find((f) => f.fact.recordType === 'ibamaEmbargo')!;

    // Compliance shows the official-data finding citing the stored fact.
    await page.goto(`${host.url}#/compliance/${reportId}`);
    await page.getByTestId('krci-findings').waitFor();
    const cites = page.getByTestId('krci-finding').filter({ hasText: embargoFact.fact.recordId });
    await expect.poll(() => cites.count()).toBeGreaterThan(0);
    expect(await cites.first().textContent()).toContain('adm_embargos_ibama_a');
    const online = (await core.services.compliance!.check(reportId)).findings.map((f) => f.ruleId).sort();
    expect(online).toContain('official.ibama-embargo');

    // The filing: holder, phase and the References entry with the fact's URL.
    const ex96 = renderEx96(buildReportDocument(doc, { draft: true, figurePrefix: 'ex96-1' }), 'ex96-1.htm').html;
    expect(ex96).toContain('TRATEX MINERACAO LTDA');
    expect(ex96).toContain(phase.replace('Ç', '&#199;').replace('Ã', '&#195;'));
    expect(ex96).toContain(anmFact.fact.url.replace(/&/g, '&amp;'));
    expect(ex96).toContain('ANM, SIGMINE, record 802.563/1973, retrieved');

    // Offline: the agencies stop and every cached answer is expired. The same check gives the same findings.
    await servers.stop();
    const zero = Object.fromEntries(DATASETS.map((d) => [d, 0]));
    core.settings.set('official.cache.ttlSeconds', zero);
    core.settings.set('official.cache.staleWhileRevalidateSeconds', zero);
    await page.reload();
    await page.getByTestId('krci-findings').waitFor();
    const offline = (await core.services.compliance!.check(reportId)).findings.map((f) => f.ruleId).sort();
    expect(offline).toEqual(online);
    await expect.poll(() => page.getByTestId('krci-finding').filter({ hasText: embargoFact.fact.recordId }).count()).toBeGreaterThan(0);

    // The Sources pane lists both facts with their age.
    await page.goto(`${host.url}#/reports/${reportId}`);
    await page.getByTestId('trs-nav-sources').click();
    await expect.poll(() => page.getByTestId('sources-row').count()).toBe(2);
    expect(await page.getByTestId('sources-age').first().textContent()).toMatch(/\d+ (s|min)/);
    await page.close();
    await servers.restart();
  });
});
