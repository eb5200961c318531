import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APP_VERSION } from '../../main/core/app-version';
import { openCore, type Core } from '../../main/core/core';
import { allFeatures } from '../../main/core/features';
import { anmProcessFact, officialFactsOf } from '../../shared/official/report-facts';
import type { AnmProcessResult } from '../../shared/official/records';
import type { FeatureGate } from '../../shared/flags/flag-keys';
import { startOfficialServers, type OfficialServers } from '../servers/index';
import { makeTempDir } from '../support/temp-dir';

const ctx = { transport: 'in-process' as const };
let servers: OfficialServers;
let temp: { dir: string; cleanup: () => void };
let core: Core;

beforeAll(async () => {
  servers = await startOfficialServers();
});
afterAll(async () => {
  await servers.stop();
});
beforeEach(() => {
  servers.reset();
  temp = makeTempDir('qivo-official-core-');
  core = openCore({
    dataDir: temp.dir,
    appVersion: APP_VERSION,
    shell: 'cli',
    env: { ...servers.env, ENABLE_OFFICIAL_INTEGRATIONS: 'true' },
    features: allFeatures,
  });
});
afterEach(async () => {
  await core.close();
  temp.cleanup();
});

describe('official data in the real core', () => {
  it("serves the channels and stores facts in the report's TRS, once per record", async () => {
    const report = core.services.reports!.create({ title: 'Mina Tratex' });
    const looked = await core.dispatch('official.anmProcess', { number: '802563/1973' }, ctx);
    expect(looked.ok).toBe(true);
    const fact = anmProcessFact((looked as { ok: true; value: AnmProcessResult }).value);
    const inserted = await core.dispatch('official.insertIntoReport', { reportId: report.id, fact }, ctx);
    expect(inserted).toMatchObject({ ok: true, value: { added: true } });
    const again = await core.dispatch('official.insertIntoReport', { reportId: report.id, fact }, ctx);
    expect(again).toMatchObject({ ok: true, value: { added: false } });
    const stored = officialFactsOf(core.services.trs!.getDocument(report.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.fact).toMatchObject({
      agency: 'ANM',
      dataset: 'SIGMINE',
      recordId: '802.563/1973',
      recordType: 'anmProcess',
      values: { holder: 'TRATEX MINERACAO LTDA' },
    });
    expect(stored[0]!.fact.url).toContain(servers.env.QIVO_ANM_SIGMINE_URL);
    expect(stored[0]!.reference.citation).toMatch(/^ANM — SIGMINE, record 802\.563\/1973, retrieved \d{4}-\d{2}-\d{2}: http:\/\/127\.0\.0\.1/);
    const listed = await core.dispatch('official.reportFacts', { reportId: report.id }, ctx);
    expect(listed).toMatchObject({ ok: true, value: [{ referenceId: stored[0]!.reference.id, fact: { recordId: '802.563/1973' } }] });

    // Unknown report: a clear error and nothing stored.
    const unknown = await core.dispatch('official.insertIntoReport', { reportId: '00000000-0000-4000-8000-000000000000', fact }, ctx);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'reports.notFound' } });
  });

  it('refuses bad input with validation details and keeps working', async () => {
    const bad = await core.dispatch('official.sgbOccurrences', { lat: 120, lon: 0, radiusKm: 5 }, ctx);
    expect(bad).toMatchObject({ ok: false, error: { code: 'ipc.invalidInput' } });
    const extra = await core.dispatch('official.anmProcess', { number: '802563/1973', sneaky: true }, ctx);
    expect(extra).toMatchObject({ ok: false, error: { code: 'ipc.invalidInput' } });
    const two = await core.dispatch('official.ibamaEmbargoes', { cnpj: '11222333000181', process: '802563/1973' }, ctx);
    expect(two).toMatchObject({ ok: false, error: { code: 'ipc.invalidInput' } });
    const number = await core.dispatch('official.anmProcess', { number: '12.34/1999' }, ctx);
    expect(number).toMatchObject({ ok: false, error: { code: 'official.invalidProcessNumber' } });
    expect((await core.dispatch('official.status', {}, ctx)).ok).toBe(true);
  });

  it('every official channel is refused while OFFICIAL_INTEGRATIONS is off', async () => {
    const off: FeatureGate = { isEnabled: (f) => f !== 'OFFICIAL_INTEGRATIONS', reason: () => 'DISABLED' };
    core.setGate(off);
    const result = await core.dispatch('official.anmProcess', { number: '802563/1973' }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc.featureDisabled', params: { flag: 'OFFICIAL_INTEGRATIONS' } } });
    expect(servers.arcgis.calls).toBe(0);
  });

  it('records its calls and cache outcomes in the metrics store', async () => {
    await core.dispatch('official.anmProcess', { number: '802563/1973' }, ctx);
    await core.dispatch('official.anmProcess', { number: '802563/1973' }, ctx);
    const events: Array<{ kind: string; outcome?: string }> = [];
    const recorder = core.metrics;
    core.setMetrics({ record: (e) => (events.push(e), recorder.record(e)) });
    await core.dispatch('official.anmProcess', { number: '802563/1973' }, ctx);
    const official = events.filter((e) => e.kind === 'cache' || e.kind === 'regulator.call');
    expect(official).toEqual([expect.objectContaining({ kind: 'cache', outcome: 'hit', name: 'SIGMINE', source: 'ANM' })]);
  });
});
