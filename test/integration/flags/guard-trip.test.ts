import { afterEach, describe, expect, it } from 'vitest';
import { flagsFeature } from '../../../main/flags/feature';
import { FlagAuditStore } from '../../../main/flags/audit-store';
import { metricsFeature } from '../../../main/metrics/feature';
import { DEFAULT_HOST_POLICY, ResilientHttp } from '../../../main/official/http/resilient-http';
import type { Core } from '../../../main/core/core';
import type { FlagsOverview } from '../../../shared/ipc/flags-contract';
import { ArcgisFakeServer } from '../../servers/arcgis-server';
import { startFlagConfigServer } from '../../servers/flag-config-server';
import { deliveryConfig, testSigner } from '../../support/flags-signing';
import { startFlagsCore, waitFor, type FlagsHarness } from './flags-core-harness';

const signer = testSigner('it-guard');
const ctx = { transport: 'in-process' as const };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Regulator calls through the official client's resilient HTTP layer, which records `regulator.call` metrics on core.metrics. */
function regulatorClient(core: Core): ResilientHttp {
  return new ResilientHttp({
    hostPolicy: () => ({ ...DEFAULT_HOST_POLICY, timeoutMs: 2000, maxRetries: 0 }),
    // The breaker would stop calling after a few failures; the guard must see the calls, so it stays closed here.
    breakerPolicy: () => ({ failureThreshold: 1000, openMs: 1000 }),
    metrics: () => core.metrics,
  });
}

async function callAnm(http: ResilientHttp, arcgis: ArcgisFakeServer, n: number): Promise<{ ok: number; failed: number }> {
  let ok = 0;
  let failed = 0;
  for (let i = 0; i < n; i++) {
    try {
      await http.get({
        source: 'anm',
        agency: 'ANM',
        operation: 'anm.process',
        url: `${arcgis.anmBaseUrl}/0/query`,
        params: { where: "PROCESSO='802.563/1973'", outFields: '*', f: 'json' },
        expect: 'arcgis-json',
      });
      ok++;
    } catch {
      failed++;
    }
  }
  return { ok, failed };
}

async function setup(): Promise<{ h: FlagsHarness; arcgis: ArcgisFakeServer; publish: (v: number) => void }> {
  const config = await startFlagConfigServer(signer.sign({ ...deliveryConfig(1), pollSeconds: 3600 }));
  cleanups.push(() => config.close());
  const arcgis = new ArcgisFakeServer();
  await arcgis.start();
  cleanups.push(() => arcgis.stop());
  // The real metrics store (metrics.db) is the guard's source, as in the app.
  const h = startFlagsCore({ signer, url: config.url, features: [metricsFeature, flagsFeature] });
  cleanups.push(() => h.cleanup());
  await waitFor(() => h.service.configInForce()?.version === 1, 'version 1');
  return { h, arcgis, publish: (v) => config.publish(signer.sign({ ...deliveryConfig(v), pollSeconds: 3600 })) };
}

async function overview(h: FlagsHarness): Promise<FlagsOverview> {
  const r = await h.core.dispatch('flags.list', {}, ctx);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as FlagsOverview;
}

describe('guards on local metrics of the covered operations', () => {
  it('stays on while the regulator is healthy', async () => {
    const { h, arcgis } = await setup();
    const result = await callAnm(regulatorClient(h.core), arcgis, 25);
    expect(result.ok).toBe(25);
    const verdicts = h.service.checkGuards();
    expect(verdicts[0]).toMatchObject({ status: 'healthy', calls: 25 });
    expect(h.core.gate.isEnabled('OFFICIAL_INTEGRATIONS')).toBe(true);
  });

  it('trips under a fault-injecting regulator server: off locally with GUARD_TRIPPED, audited, shown, until a higher version', async () => {
    const { h, arcgis, publish } = await setup();
    const http = regulatorClient(h.core);
    await callAnm(http, arcgis, 10);
    arcgis.inject({ kind: 'status500', times: Infinity });
    const result = await callAnm(http, arcgis, 15);
    expect(result.failed).toBe(15);

    const event = await waitFor(() => h.events.find((e) => e.cause === 'guard'), 'the guard to trip', 10_000);
    expect(event.changes).toEqual([{ flag: 'OFFICIAL_INTEGRATIONS', before: true, after: false, reason: 'GUARD_TRIPPED' }]);
    expect(h.core.gate.isEnabled('OFFICIAL_INTEGRATIONS')).toBe(false);
    expect(h.core.gate.reason('OFFICIAL_INTEGRATIONS')).toBe('GUARD_TRIPPED');
    // Main refuses the feature, not only the UI.
    expect(await h.core.dispatch('official.anmProcess', { number: '802.563/1973' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'ipc.featureDisabled', params: { flag: 'OFFICIAL_INTEGRATIONS', reason: 'GUARD_TRIPPED' } },
    });
    // Other flags are untouched.
    expect(h.core.gate.isEnabled('SEC_SK_1300')).toBe(true);

    const trip = new FlagAuditStore(h.core.appDb).list().find((a) => a.kind === 'guard.tripped')!;
    expect(trip).toMatchObject({ flag: 'OFFICIAL_INTEGRATIONS', configVersion: 1, reason: 'GUARD_TRIPPED' });
    expect(trip.detail).toMatch(/successRate \d+\.\d % \(rollback when below 85\.0 %\)/);
    const shown = (await overview(h)).flags.find((f) => f.flag === 'OFFICIAL_INTEGRATIONS')!;
    expect(shown).toMatchObject({ value: false, reason: 'GUARD_TRIPPED', guard: { status: 'tripped', trip: { configVersion: 1 } } });

    // Survives a restart: the trip is in the audit log of app.db.
    await h.close();
    h.reopen();
    expect(h.core.gate.reason('OFFICIAL_INTEGRATIONS')).toBe('GUARD_TRIPPED');

    // IT publishes a higher version: the flag is back, and the old failures do not trip it again.
    publish(2);
    await h.core.dispatch('flags.refresh', {}, ctx);
    expect(h.service.configInForce()?.version).toBe(2);
    expect(h.core.gate.isEnabled('OFFICIAL_INTEGRATIONS')).toBe(true);
    expect(h.service.checkGuards().find((v) => v.status === 'tripped')).toBeUndefined();
    expect(h.core.gate.isEnabled('OFFICIAL_INTEGRATIONS')).toBe(true);
    expect(new FlagAuditStore(h.core.appDb).list().find((a) => a.kind === 'guard.cleared')).toMatchObject({ flag: 'OFFICIAL_INTEGRATIONS', configVersion: 2 });
  });
});
