import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IpcResult } from '../../../shared/errors';
import { openCore, type Core } from '../../../main/core/core';
import { allFeatures } from '../../../main/core/features';
import { METRICS_DB_FILE } from '../../../main/metrics/metrics-store';
import { loadSample } from '../../support/krci-fixtures';
import { makeTempDir } from '../../support/temp-dir';

// Exposures count where the user meets a feature — a gated channel served, a view of the feature
// shown — and never the many places that only read a flag (a dashboard, an export's rules, a check).
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function open(env: NodeJS.ProcessEnv = {}): { core: Core; dir: string } {
  const temp = makeTempDir('qivo-exposures-');
  // No QIVO_FLAGS_URL: the shipped bootstrap configuration, which turns every feature on.
  const core = openCore({ dataDir: temp.dir, appVersion: '0.0.0-test', shell: 'browser-host', features: allFeatures, env });
  cleanups.push(async () => {
    await core.close();
    temp.cleanup();
  });
  return { core, dir: temp.dir };
}

/** The exposure rows in metrics.db, read from the file by a second connection after the recorder's buffer is written. */
function exposures(core: Core, dir: string): { name: string; outcome: string; surface: string }[] {
  core.services.metrics!.store.flush();
  const db = new Database(path.join(dir, METRICS_DB_FILE), { readonly: true });
  try {
    const rows = db.prepare(`SELECT name, outcome, labels FROM events WHERE kind = 'flag.exposure' ORDER BY id`).all() as {
      name: string;
      outcome: string;
      labels: string;
    }[];
    return rows.map((r) => ({ name: r.name, outcome: r.outcome, surface: (JSON.parse(r.labels) as { surface: string }).surface }));
  } finally {
    db.close();
  }
}

async function call(core: Core, channel: string, input?: unknown): Promise<unknown> {
  const result = (await core.dispatch(channel, input, { transport: 'in-process' })) as IpcResult<unknown>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

describe('flag exposures (real core, real metrics.db)', () => {
  it('reading flags records nothing: a dashboard, rollout health, a compliance check and an export run by the services', async () => {
    const { core, dir } = open();
    for (const flag of ['OFFICIAL_INTEGRATIONS', 'SEC_SK_1300', 'BRAZILIAN_FIELDS', 'ADVANCED_ANALYTICS'] as const)
      expect(core.gate.isEnabled(flag)).toBe(true);
    const draft = core.services.reports!.create({ title: 'Exposures', propertyName: 'x' });
    core.services.trs!.save(draft.id, core.services.trs!.get(draft.id).revision, loadSample('gold'));

    // Every one of these asks the gate about every flag (or the Brazilian and official ones).
    await call(core, 'metrics.dashboard', { window: '24h' });
    await call(core, 'metrics.rolloutHealth', {});
    await core.services.compliance!.check(draft.id, false);
    const report = core.services.trs!.getDocument(draft.id);
    await core.services.exports!.export({ report, format: 'json', draft: true, destination: path.join(dir, 'exports') });
    expect(core.services.metrics!.exposition('24h')).not.toMatch(/qivo_flag_exposures_total\{/);
    expect(exposures(core, dir)).toEqual([]);
  });

  it('a gated channel served counts once per call, a shown view once per showing, and the calls a shown view makes are not counted again', async () => {
    const { core, dir } = open();
    // Served through the gate with no view of the feature open: each call is a use.
    await call(core, 'compliance.rules', {});
    await call(core, 'metrics.extras', { window: '24h' });
    expect(exposures(core, dir)).toEqual([
      { name: 'SEC_SK_1300', outcome: 'on', surface: 'channel' },
      { name: 'ADVANCED_ANALYTICS', outcome: 'on', surface: 'channel' },
    ]);

    // The Compliance view is shown: one exposure, however many gated calls it makes while open.
    expect(await call(core, 'flags.exposure', { flag: 'SEC_SK_1300', view: 'page-1', shown: true })).toEqual({ recorded: true });
    expect(await call(core, 'flags.exposure', { flag: 'SEC_SK_1300', view: 'page-1', shown: true })).toEqual({ recorded: false });
    for (let i = 0; i < 3; i++) await call(core, 'compliance.rules', {});
    // Reading the dashboard meanwhile (every flag asked) adds nothing either.
    await call(core, 'metrics.dashboard', { window: '24h' });
    expect(exposures(core, dir).slice(2)).toEqual([{ name: 'SEC_SK_1300', outcome: 'on', surface: 'view' }]);

    // Once the view is gone, a gated call is a use of its own again; the report channel itself is never one.
    await call(core, 'flags.exposure', { flag: 'SEC_SK_1300', view: 'page-1', shown: false });
    await call(core, 'compliance.rules', {});
    expect(exposures(core, dir).slice(3)).toEqual([{ name: 'SEC_SK_1300', outcome: 'on', surface: 'channel' }]);
    const exposition = core.services.metrics!.exposition('24h');
    expect(exposition).toContain('qivo_flag_exposures_total{flag="SEC_SK_1300",variant="on"} 3');
    expect(exposition).toContain('qivo_flag_exposures_total{flag="ADVANCED_ANALYTICS",variant="on"} 1');
  });

  it('a view shown while its flag is off for this user is no exposure, and a refused channel is none either', async () => {
    // A developer's override (honoured outside packaged builds) turns the feature off for this user.
    const { core, dir } = open({ ENABLE_OFFICIAL_INTEGRATIONS: 'false' });
    expect(core.gate.isEnabled('OFFICIAL_INTEGRATIONS')).toBe(false);
    const refused = (await core.dispatch('official.anmProcess', { number: '830.001/2020' }, { transport: 'in-process' })) as IpcResult<unknown>;
    expect(refused).toMatchObject({ ok: false, error: { code: 'ipc.featureDisabled' } });
    expect(await call(core, 'flags.exposure', { flag: 'OFFICIAL_INTEGRATIONS', view: 'page-1', shown: true })).toEqual({ recorded: false });
    expect(exposures(core, dir)).toEqual([]);
  });
});
