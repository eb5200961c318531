import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_ON_GATE } from '../../shared/flags/flag-keys';
import { HOUR_MS, MINUTE_MS } from '../../shared/metrics/window';
import { launchBrowser, openApp, startHostForTest, type TestHost } from '../support/e2e';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openMetrics(host: TestHost): Promise<Page> {
  host.host.core().settings.set('app.language', 'en');
  const page = await openApp(browser, host.url, '#/metrics');
  await page.getByTestId('metrics-view').waitFor();
  await page.getByTestId('metrics-generated').waitFor();
  return page;
}

/** Records a known stream through the core's real recorder, as the features do. */
function seed(host: TestHost): void {
  const core = host.host.core();
  const now = Date.now();
  for (let i = 0; i < 20; i++) {
    core.metrics.record({
      kind: 'regulator.call',
      at: now - 10 * MINUTE_MS + i * 1000,
      name: 'anm.process',
      source: 'ANM',
      outcome: i < 18 ? 'success' : 'timeout',
      durationMs: 100 * (i + 1),
      bytes: 2048,
      labels: { reportId: 'report-0001' },
    });
  }
  // Three hours ago: inside 24 h, outside 1 h.
  core.metrics.record({ kind: 'regulator.call', at: now - 3 * HOUR_MS, name: 'sgb.occurrences', source: 'SGB', outcome: 'error', durationMs: 900, bytes: 0 });
  for (let i = 0; i < 10; i++)
    core.metrics.record({ kind: 'cache', at: now - 5 * MINUTE_MS, name: 'processes', source: 'ANM', outcome: i < 8 ? 'hit' : 'miss' });
  core.metrics.record({ kind: 'cache', at: now - 5 * MINUTE_MS, name: 'processes', source: 'ANM', outcome: 'eviction' });
  // As the KRCI engine records a check: the score as value, its most important rules in labels.topRules.
  const checks: [number, string][] = [
    [62, 'KRCI-042,KRCI-007'],
    [78, 'KRCI-042'],
    [91, 'KRCI-042'],
  ];
  for (const [score, topRules] of checks) {
    core.metrics.record({
      kind: 'compliance.check',
      at: now - 2 * MINUTE_MS,
      name: 'krci',
      source: 'app',
      outcome: 'ok',
      durationMs: 12,
      value: score,
      labels: { topRules, critical: '0' },
    });
  }
  for (let i = 0; i < 4; i++)
    core.metrics.record({
      kind: 'flag.exposure',
      at: now - MINUTE_MS,
      name: 'OFFICIAL_INTEGRATIONS',
      outcome: 'on',
      labels: { reason: 'SPLIT', surface: 'view' },
    });
  core.metrics.record({ kind: 'export', at: now - MINUTE_MS, name: 'docx', outcome: 'success', bytes: 50_000, labels: { reportId: 'report-0001' } });
}

describe('Metrics dashboard in Chromium against the real core', () => {
  it('without data: every group says so honestly, no fake zeros', async () => {
    const host = await startHostForTest();
    try {
      const page = await openMetrics(host);
      for (const id of ['metrics-api-empty', 'metrics-cache-empty', 'metrics-compliance-empty', 'metrics-cost-empty', 'rollout-audit-empty']) {
        await page.getByTestId(id).waitFor();
      }
      // Feature usage lists every flag even before any exposure; rollout health lists them too. Reading
      // every flag for this dashboard is no exposure of the features.
      for (const flag of ['OFFICIAL_INTEGRATIONS', 'SEC_SK_1300', 'BRAZILIAN_FIELDS']) {
        expect(await page.getByTestId(`metrics-flag-${flag}`).getByTestId('exposures').textContent()).toBe('0');
      }
      for (const flag of ['OFFICIAL_INTEGRATIONS', 'SEC_SK_1300', 'BRAZILIAN_FIELDS', 'ADVANCED_ANALYTICS'])
        await page.getByTestId(`rollout-flag-${flag}`).waitFor();
      // The dashboard shows the advanced analytics (on in the bootstrap): that showing is their one
      // use, and reloading the dashboard (which calls the gated extras again) is not another.
      const advanced = () =>
        host.host
          .core()
          .services.metrics!.queries.dashboard('24h')
          .features.flags.find((f) => f.flag === 'ADVANCED_ANALYTICS')?.exposures;
      await expect.poll(advanced).toBe(1);
      const refresh = page.getByTestId('metrics-refresh');
      for (let i = 0; i < 2; i++) {
        await refresh.click();
        await expect.poll(() => refresh.isEnabled()).toBe(true);
      }
      await expect.poll(() => page.getByTestId('metrics-flag-ADVANCED_ANALYTICS').getByTestId('exposures').textContent()).toBe('1');
      expect(advanced()).toBe(1);
      expect(await page.locator('[data-testid="metrics-api"] canvas').count()).toBe(0);
      await page.getByTestId('metrics-push').waitFor();
      expect(await page.getByTestId('metrics-push-enabled').isChecked()).toBe(false);
      await page.close();
    } finally {
      await host.close();
    }
  });

  it('with data: tables and charts for every group, the window selector and the opt-in', async () => {
    const host = await startHostForTest();
    try {
      seed(host);
      const page = await openMetrics(host);
      const anm = page.getByTestId('metrics-api-row-ANM');
      await anm.waitFor();
      await expect.poll(() => anm.getByTestId('success-rate').textContent()).toBe('90.0%');
      // Exact nearest-rank p95 of 100, 200, …, 2000 ms.
      await expect.poll(() => anm.getByTestId('p95').textContent()).toBe('1.9 s');
      await expect.poll(() => anm.getByTestId('p99').textContent()).toBe('2 s');
      await page.getByTestId('metrics-api-row-SGB').waitFor();
      // Charts are drawn by uPlot on canvas.
      for (const id of ['metrics-api-chart', 'metrics-cache-chart', 'metrics-score-histogram', 'metrics-latency-chart-ANM']) {
        await page.locator(`[data-testid="${id}"] canvas`).first().waitFor();
      }
      await expect.poll(() => page.getByTestId('cache-hit-rate').textContent()).toBe('80.0%');
      await expect.poll(() => page.getByTestId('compliance-average').textContent()).toBe('77');
      await expect.poll(() => page.getByTestId('metrics-violations').locator('tbody tr').allTextContents()).toEqual(['KRCI-0423', 'KRCI-0071']);
      await expect.poll(() => page.getByTestId('metrics-flag-OFFICIAL_INTEGRATIONS').getByTestId('exposures').textContent()).toBe('4');
      await page.getByTestId('metrics-cost-table').waitFor();
      await expect.poll(() => page.getByTestId('metrics-cost-per-report').locator('tbody tr').count()).toBe(1);

      // The last hour leaves the SGB call of three hours ago out.
      await page.getByTestId('metrics-window').selectOption('1h');
      await expect.poll(() => page.getByTestId('metrics-api-row-SGB').count()).toBe(0);
      await anm.waitFor();
      await page.getByTestId('metrics-window').selectOption('30d');
      await page.getByTestId('metrics-api-row-SGB').waitFor();

      // Opting in to the push is stored in the settings main reads.
      await page.getByTestId('metrics-push-enabled').check();
      await expect.poll(() => host.host.core().services.metrics!.pushStatus().enabled).toBe(true);
      await page.close();
    } finally {
      await host.close();
    }
  });

  it('the push opt-in answers at once and goes back, with a translated message, when main cannot store it', async () => {
    const host = await startHostForTest();
    try {
      const page = await openMetrics(host);
      const box = page.getByTestId('metrics-push-enabled');
      await page.getByTestId('metrics-push').waitFor();
      expect(await box.isChecked()).toBe(false);
      // Settings can no longer be written: a directory stands where settings.json is replaced.
      const settingsFile = path.join(host.dataDir, 'settings.json');
      fs.rmSync(settingsFile, { force: true });
      fs.mkdirSync(path.join(settingsFile, 'blocked'), { recursive: true });
      await box.click();
      const banner = page.getByTestId('error-banner');
      await banner.waitFor();
      expect(await banner.textContent()).toContain('The push setting could not be changed, so it is back as it was');
      expect(await box.isChecked()).toBe(false);
      // Nothing was stored: with settings writable again, main still says off.
      fs.rmSync(settingsFile, { recursive: true, force: true });
      expect(host.host.core().services.metrics!.pushStatus().enabled).toBe(false);
      await page.close();
    } finally {
      fs.rmSync(path.join(host.dataDir, 'settings.json'), { recursive: true, force: true });
      await host.close();
    }
  });

  it('with ADVANCED_ANALYTICS off, main refuses the extras and the window hides them', async () => {
    const host = await startHostForTest();
    try {
      seed(host);
      host.host.core().setGate({
        isEnabled: (f) => f !== 'ADVANCED_ANALYTICS' && ALL_ON_GATE.isEnabled(f),
        reason: (f) => (f === 'ADVANCED_ANALYTICS' ? 'DISABLED' : 'STATIC'),
      });
      const refused = await host.host.core().dispatch('metrics.extras', { window: '24h' }, { transport: 'http-host' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'ipc.featureDisabled' } });
      const page = await openMetrics(host);
      await page.getByTestId('metrics-api-row-ANM').waitFor();
      expect(await page.getByTestId('metrics-extras-locked').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('p99').count()).toBe(0);
      expect(await page.getByTestId('metrics-cost-per-report').count()).toBe(0);
      expect(await page.locator('[data-testid^="metrics-latency-histogram-"]').count()).toBe(0);
      // The base groups are still all there.
      await page.locator('[data-testid="metrics-score-histogram"] canvas').waitFor();
      await page.close();
    } finally {
      await host.close();
    }
  });

  it('rollout health: phase, targets against measured values, a tripped trigger and its audit entry', async () => {
    const host = await startHostForTest();
    try {
      const core = host.host.core();
      // Guards judge only metrics newer than the configuration in force, applied while the host started.
      const started = Date.now();
      await expect.poll(() => Date.now()).toBeGreaterThan(started);
      const now = Date.now();
      for (let i = 0; i < 120; i++) {
        core.metrics.record({ kind: 'regulator.call', at: now, name: 'anm.process', source: 'ANM', outcome: i < 96 ? 'success' : 'error', durationMs: 400 });
      }
      // The flags feature judges its guard on the metrics store and rolls the flag back locally.
      await expect.poll(() => core.gate.isEnabled('OFFICIAL_INTEGRATIONS'), { timeout: 10_000 }).toBe(false);
      const page = await openMetrics(host);
      const flag = page.getByTestId('rollout-flag-OFFICIAL_INTEGRATIONS');
      await flag.waitFor();
      expect(await flag.getByTestId('rollout-phase').textContent()).toBe('full');
      expect(await flag.getByTestId('rollout-status').textContent()).toBe('Rollback triggered');
      // 80 % success: the 95 % target is not met and the 85 % trigger has tripped; p95 400 ms meets its target.
      expect(await flag.getByTestId('target-successRate').getByTestId('target-result').textContent()).toBe('Not met');
      expect(await flag.getByTestId('target-p95LatencyMs').getByTestId('target-result').textContent()).toBe('Met');
      expect(await flag.getByTestId('trigger-successRate').getByTestId('trigger-state').textContent()).toBe('Tripped');
      expect(await flag.getByTestId('trigger-errorRate').getByTestId('trigger-state').textContent()).toBe('Tripped');
      const audit = page.getByTestId('audit-guard.tripped');
      await audit.waitFor();
      expect(await audit.textContent()).toContain('GUARD_TRIPPED');
      // Unguarded flags say so.
      expect(await page.getByTestId('rollout-flag-SEC_SK_1300').textContent()).toContain('No guard');
      await page.close();
    } finally {
      await host.close();
    }
  });
});
