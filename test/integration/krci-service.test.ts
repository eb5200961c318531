import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../main/core/core';
import type { MetricEvent } from '../../main/core/metrics-recorder';
import { ComplianceService, type OfficialLookup } from '../../main/krci/compliance-service';
import { complianceFeature } from '../../main/krci/feature';
import { reportsFeature } from '../../main/reports/feature';
import { trsFeature } from '../../main/trs/feature';
import type { FeatureGate, FlagKey } from '../../shared/flags/flag-keys';
import type { ComplianceCheckResult } from '../../shared/ipc/compliance-contract';
import type { Provenance } from '../../shared/official/records';
import { embargo, goldAnmRecord, loadSample, square } from '../support/krci-fixtures';
import { makeTempDir } from '../support/temp-dir';

const goldText = fs.readFileSync(path.resolve(__dirname, '../../assets/samples/trs-gold-ribeirao-dourado.json'), 'utf8');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function gateWith(off: FlagKey[]): FeatureGate {
  return { isEnabled: (f) => !off.includes(f), reason: (f) => (off.includes(f) ? 'DISABLED' : 'STATIC') };
}

const provenance = (dataset: string): Provenance => ({
  agency: 'ANM',
  dataset,
  url: 'http://127.0.0.1/x',
  fetchedAt: '2026-11-01T00:00:00.000Z',
  cache: 'fresh',
  ageSeconds: 60,
});

function fakeOfficial(phase: string, embargoes = false) {
  const calls = { anm: [] as string[], ibama: 0 };
  const official: OfficialLookup = {
    async anmProcess(n) {
      calls.anm.push(n);
      return { record: goldAnmRecord({ phase }), source: provenance('SIGMINE') };
    },
    async ibamaEmbargoes() {
      calls.ibama++;
      return { records: embargoes ? [embargo(square(-43.9, -20.29, 0.01))] : [], source: { ...provenance('adm_embargos_ibama_a'), agency: 'IBAMA' } };
    },
  };
  return { official, calls };
}

/** The gate is set after the import: with BRAZILIAN_FIELDS off the editor refuses Brazilian fields. */
function open(off: FlagKey[] = [], docText = goldText): { core: Core; reportId: string; events: MetricEvent[] } {
  const temp = makeTempDir('qivo-krci-');
  const core = openCore({
    dataDir: temp.dir,
    appVersion: '0.0.0-test',
    shell: 'cli',
    features: [reportsFeature, trsFeature, complianceFeature],
    now: () => new Date('2026-11-27T12:00:00Z'),
  });
  cleanups.push(async () => {
    await core.close();
    temp.cleanup();
  });
  const { reportId } = core.services.trs!.importJson(docText);
  core.setGate(gateWith(off));
  const events: MetricEvent[] = [];
  core.setMetrics({ record: (e) => events.push(e) });
  return { core, reportId, events };
}

async function call<T>(core: Core, channel: string, input: unknown): Promise<T> {
  const res = await core.dispatch(channel, input, { transport: 'in-process' });
  if (!res.ok) throw Object.assign(new Error(res.error.message), res.error);
  return res.value as T;
}

describe('compliance channels on the real core', () => {
  it('compliance.check: the stored TRS, its revision, a score ≥ 90, one metrics event and a compliance.checked event', async () => {
    const { core, reportId, events } = open();
    const checked: unknown[] = [];
    core.events.on('compliance.checked', (p) => checked.push(p));
    const result = await call<ComplianceCheckResult>(core, 'compliance.check', { reportId });
    expect(result.reportId).toBe(reportId);
    expect(result.revision).toBeGreaterThanOrEqual(1);
    expect(result.score).toBeGreaterThanOrEqual(90);
    expect(result.target).toBe(80);
    expect(result.counts.critical).toBe(0);
    expect(result.official).toEqual({ anmProcess: null, ibamaEmbargoes: null });
    expect(result.rulesEvaluated + result.rulesNotApplicable).toBeLessThanOrEqual(120);
    const compliance = events.filter((e) => e.kind === 'compliance.check');
    expect(compliance).toHaveLength(1);
    expect(compliance[0]).toMatchObject({
      name: 'krci',
      source: 'app',
      outcome: 'ok',
      value: result.score,
      labels: { topRules: '', critical: '0', official: 'no', reportId },
    });
    expect(checked).toEqual([{ reportId, score: result.score, critical: 0 }]);
  });

  it('uses official data from the official service: ANM record and IBAMA embargoes, with their provenance', async () => {
    const { core, reportId, events } = open();
    const { official, calls } = fakeOfficial('REQUERIMENTO DE PESQUISA', true);
    // A stand-in speaking the same two methods the compliance service uses.
    (core.services as Record<string, unknown>)['official'] = official;
    const result = await call<ComplianceCheckResult>(core, 'compliance.check', { reportId });
    expect(calls.anm).toEqual(['831.245/2004']);
    expect(calls.ibama).toBe(1);
    expect(result.official.anmProcess?.source.dataset).toBe('SIGMINE');
    // The report's own stored facts decide; the newer official copy only says the stored fact is out of
    // date (phase changed since 2025-08-04), and the embargo over the polygon is not cited by the report.
    const ids = result.findings.map((f) => f.ruleId);
    expect(ids).toContain('official.fact-outdated');
    expect(ids).toContain('official.ibama-embargo-uncited');
    expect(ids).not.toContain('official.reserves-on-research-application');
    expect(result.findings.find((f) => f.ruleId === 'official.fact-outdated')!.message.en).toContain('phase CONCESSÃO DE LAVRA → REQUERIMENTO DE PESQUISA');
    const event = events.find((e) => e.kind === 'compliance.check')!;
    expect(event.outcome).toBe('ok');
    expect(event.labels?.topRules?.split(',')).toEqual(expect.arrayContaining(['official.ibama-embargo-uncited', 'official.fact-outdated']));
    expect(event.labels?.official).toBe('yes');

    // useOfficialData: false skips it.
    const without = await call<ComplianceCheckResult>(core, 'compliance.check', { reportId, useOfficialData: false });
    expect(without.findings.map((f) => f.ruleId).filter((id) => id.startsWith('official.'))).toEqual([]);
    expect(without.score).toBeGreaterThan(result.score);
    expect(calls.anm).toHaveLength(1);

    const ctx = await call<ComplianceCheckResult['official']>(core, 'compliance.officialContext', { reportId });
    expect(ctx.anmProcess?.record.phase).toBe('REQUERIMENTO DE PESQUISA');
  });

  it('no official lookups while OFFICIAL_INTEGRATIONS is off; Brazil rules off with BRAZILIAN_FIELDS', async () => {
    const { core, reportId } = open(['OFFICIAL_INTEGRATIONS']);
    const { official, calls } = fakeOfficial('REQUERIMENTO DE PESQUISA');
    // A stand-in speaking the same two methods the compliance service uses.
    (core.services as Record<string, unknown>)['official'] = official;
    await call<ComplianceCheckResult>(core, 'compliance.check', { reportId });
    expect(calls.anm).toEqual([]);

    const bad = JSON.parse(goldText);
    bad.brazil.holderCnpj = '00.000.000/0000-00';
    const other = open(['BRAZILIAN_FIELDS'], JSON.stringify(bad));
    const result = await call<ComplianceCheckResult>(other.core, 'compliance.check', { reportId: other.reportId });
    expect(result.findings.map((f) => f.ruleId)).not.toContain('brazil.cnpj');
  });

  it('refused while SEC_SK_1300 is off; a bad id or unknown report is a clear error; rules lists the catalogue', async () => {
    const { core, reportId } = open(['SEC_SK_1300']);
    const refused = await core.dispatch('compliance.check', { reportId }, { transport: 'in-process' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ipc.featureDisabled' } });

    const on = open();
    const badInput = await on.core.dispatch('compliance.check', { reportId: 'x', extra: 1 }, { transport: 'in-process' });
    expect(badInput.ok).toBe(false);
    const unknown = await on.core.dispatch('compliance.check', { reportId: '7a1f0c1e-5b0e-4c44-9a51-1b4d2c8e9f00' }, { transport: 'in-process' });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error.code).toMatch(/notFound/);
    const rules = await call<Array<{ id: string; citationVerified: boolean }>>(on.core, 'compliance.rules', {});
    expect(rules.length).toBeGreaterThanOrEqual(50);
  });
});

describe('ComplianceService', () => {
  it('an official lookup that hangs does not hold the check beyond the timeout', async () => {
    const gold = loadSample('gold');
    const events: MetricEvent[] = [];
    const svc = new ComplianceService({
      loadTrs: () => ({ document: gold, revision: 3 }),
      official: () => ({ anmProcess: () => new Promise(() => undefined), ibamaEmbargoes: () => Promise.reject(new Error('offline')) }),
      gate: () => gateWith([]),
      metrics: () => ({ record: (e) => events.push(e) }),
      now: () => new Date('2026-11-27T12:00:00Z'),
      officialTimeoutMs: 50,
    });
    const started = Date.now();
    const result = await svc.check('r1');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.official).toEqual({ anmProcess: null, ibamaEmbargoes: null });
    expect(result.revision).toBe(3);
    expect(result.score).toBeGreaterThanOrEqual(90);
    expect(events).toHaveLength(1);
  });
});
