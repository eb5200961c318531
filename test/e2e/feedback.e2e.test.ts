import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSettingsStore } from '../../main/settings/file-settings-store';
import { startFlagConfigServer, type FlagConfigTestServer } from '../servers/flag-config-server';
import { deliveryConfig, testSigner } from '../support/flags-signing';
import { launchBrowser, openApp, startHostForTest, type TestHost } from '../support/e2e';
import { makeTempDir } from '../support/temp-dir';

const signer = testSigner('it-feedback-e2e');
let browser: Browser;
let host: TestHost;
let server: FlagConfigTestServer;
let temp: { dir: string; cleanup: () => void };

/** OFFICIAL_INTEGRATIONS in beta (under rollout); v2 switches it off. */
function config(version: number, off = false) {
  const c = deliveryConfig(version);
  c.pollSeconds = 1;
  if (off) c.flags.OFFICIAL_INTEGRATIONS = { ...c.flags.OFFICIAL_INTEGRATIONS!, enabled: false };
  return c;
}

beforeAll(async () => {
  server = await startFlagConfigServer(signer.sign(config(1)));
  temp = makeTempDir('qivo-feedback-e2e-');
  const settings = new FileSettingsStore(temp.dir);
  settings.set('flags.policy.trustedKeys', [signer.policyEntry]);
  settings.set('flags.userId', 'ana.souza@mineradora.example');
  browser = await launchBrowser();
  host = await startHostForTest({ dataDir: temp.dir, env: { QIVO_FLAGS_URL: server.url, QIVO_LANG: 'pt-BR' } });
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  await server?.close();
  temp?.cleanup();
});

describe('feedback on a feature under rollout, and a view switched off live (Chromium, real core)', () => {
  it('offers the rating after real use once per phase, takes a problem report, keeps comments local, and says when IT switched the view off', async () => {
    const core = host.host.core();
    await expect.poll(() => core.services.flags!.configInForce()?.version).toBe(1);
    const page = await openApp(browser, host.url);
    await page.getByTestId('nav-official').click();
    // "Report a problem" is always at hand on a feature under rollout; the rating waits for real use.
    await page.getByTestId('feedback-report').waitFor();
    expect(await page.getByTestId('feedback-prompt').count()).toBe(0);
    // Real use: each showing of the view counts once (the calls it makes while open are that same use).
    for (let i = 1; i < 5; i++) {
      await page.getByTestId('nav-reports').click();
      await page.getByTestId('feedback-report').waitFor({ state: 'detached' });
      await page.getByTestId('nav-official').click();
      await page.getByTestId('feedback-report').waitFor();
    }
    await page.getByTestId('feedback-prompt').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('feedback-prompt').textContent()).toContain('Como Dados oficiais está funcionando para você?');
    await page.getByTestId('feedback-rate-4').check();
    await page.getByTestId('feedback-comment').fill('Rápido, mas o mapa demora');
    await page.getByTestId('feedback-send').click();
    await page.getByTestId('feedback-done').waitFor();
    expect(await page.getByTestId('feedback-prompt').count()).toBe(0);

    await page.getByTestId('feedback-report').click();
    await page.getByTestId('feedback-report-text').fill('A consulta ao SIGMINE falhou com erro 500');
    await page.getByTestId('feedback-report-send').click();
    await expect.poll(() => page.getByTestId('feedback-done').textContent()).toContain('problema foi registrado');

    const feedback = core.services.metrics!.feedbackStore;
    expect(feedback.list().map((e) => [e.kind, e.rating, e.phase, e.comment])).toEqual([
      ['rating', 4, 'beta', 'Rápido, mas o mapa demora'],
      ['problem', null, 'beta', 'A consulta ao SIGMINE falhou com erro 500'],
    ]);
    // Asked at most once per phase: after a reload the prompt stays away.
    await page.reload();
    await page.getByTestId('nav-official').click();
    await page.getByTestId('feedback-report').waitFor();
    expect(core.services.metrics!.feedback.prompts().find((p) => p.flag === 'OFFICIAL_INTEGRATIONS')).toMatchObject({ promptDue: false, underRollout: true });
    expect(await page.getByTestId('feedback-prompt').count()).toBe(0);
    // Pushed as counts only: the comments never appear in what leaves the computer.
    const exposition = core.services.metrics!.exposition('1h');
    expect(exposition).toContain('qivo_feedback_ratings_total{flag="OFFICIAL_INTEGRATIONS",phase="beta"} 1');
    expect(exposition).toContain('qivo_feedback_rating_sum_total{flag="OFFICIAL_INTEGRATIONS",phase="beta"} 4');
    expect(exposition).toContain('qivo_feedback_complaints_total{flag="OFFICIAL_INTEGRATIONS",phase="beta"} 1');
    expect(exposition).not.toContain('SIGMINE');
    expect(exposition).not.toContain('mapa');

    // IT switches Official data off while the user is on it: a notice in place of the view, with the time.
    server.publish(signer.sign(config(2, true)));
    const notice = page.getByTestId('switched-off-OFFICIAL_INTEGRATIONS');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toMatch(/Dados oficiais foram desligados pela TI às \d{2}:\d{2}/);
    expect(await page.getByTestId('feedback-report').count()).toBe(0);
    await page.close();
  });
});
