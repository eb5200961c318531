import { afterEach, describe, expect, it } from 'vitest';
import { APP_VERSION } from '../../main/core/app-version';
import { openCore, type Core } from '../../main/core/core';
import { allFeatures } from '../../main/core/features';
import { flagHealth } from '../../shared/metrics/rollout-health';
import { FlagDefinitionSchema } from '../../shared/flags/config-schema';
import { makeTempDir } from '../support/temp-dir';

const opened: { core: Core; cleanup: () => void }[] = [];
afterEach(async () => {
  while (opened.length) {
    const o = opened.pop()!;
    await o.core.close();
    o.cleanup();
  }
});

function open(): Core {
  const tmp = makeTempDir('qivo-metrics-rollout-');
  // No flag URL: the signed bootstrap configuration is in force (OFFICIAL_INTEGRATIONS guarded by the plan's thresholds).
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '' };
  const core = openCore({ dataDir: tmp.dir, appVersion: APP_VERSION, shell: 'cli', env, features: allFeatures });
  opened.push({ core, cleanup: tmp.cleanup });
  return core;
}

// Stamped "now": guards judge only metrics newer than the moment their configuration came into force.
function calls(core: Core, n: number, success: number, durationMs: number) {
  const now = Date.now();
  for (let i = 0; i < n; i++) {
    core.metrics.record({ kind: 'regulator.call', at: now, name: 'anm.process', source: 'ANM', outcome: i < success ? 'success' : 'error', durationMs });
  }
}
function lookups(core: Core, n: number, hits: number) {
  for (let i = 0; i < n; i++) core.metrics.record({ kind: 'cache', at: Date.now(), name: 'processes', source: 'ANM', outcome: i < hits ? 'hit' : 'miss' });
}

describe('rollout health over the real flags feature and metrics store', () => {
  it('phase, targets met and triggers armed for a healthy stream', () => {
    const core = open();
    calls(core, 200, 200, 300);
    lookups(core, 100, 90);
    const health = core.services.metrics!.rolloutHealth();
    expect(health.configSource).toBe('bootstrap');
    const official = health.flags.find((f) => f.flag === 'OFFICIAL_INTEGRATIONS')!;
    expect(official).toMatchObject({ enabled: true, phase: 'full', rolloutPercentage: 100, configured: true });
    expect(official.guard).toMatchObject({ status: 'healthy', samples: 200, minSample: 100, windowMinutes: 15 });
    expect(official.guard!.targets).toEqual([
      { metric: 'successRate', expected: 'above', threshold: 0.95, actual: 1, met: true },
      { metric: 'p95LatencyMs', expected: 'below', threshold: 2000, actual: 300, met: true },
      { metric: 'cacheHitRate', expected: 'above', threshold: 0.8, actual: 0.9, met: true },
      { metric: 'errorRate', expected: 'below', threshold: 0.01, actual: 0, met: true },
    ]);
    expect(official.guard!.triggers.map((t) => [t.metric, t.state])).toEqual([
      ['successRate', 'armed'],
      ['errorRate', 'armed'],
    ]);
    // Flags without a guard say so instead of inventing targets.
    expect(health.flags.find((f) => f.flag === 'SEC_SK_1300')!.guard).toBeNull();
  });

  it('below the minimum sample nothing is judged', () => {
    const core = open();
    calls(core, 20, 10, 300);
    const official = core.services.metrics!.rolloutHealth().flags.find((f) => f.flag === 'OFFICIAL_INTEGRATIONS')!;
    expect(official.guard!.status).toBe('insufficientData');
    expect(official.guard!.targets.every((t) => t.met === null)).toBe(true);
    expect(official.guard!.triggers.every((t) => t.state === 'armed')).toBe(true);
  });

  it('a stream past the triggers trips the guard: flag off, trigger tripped, transition in the audit log', async () => {
    const core = open();
    await new Promise((r) => setTimeout(r, 5));
    calls(core, 100, 80, 2500); // 80 % success < 85 %, 20 % errors > 5 %, p95 2.5 s > 2 s
    // The flags feature judges its guards shortly after metrics arrive (from our store).
    await expect.poll(() => core.gate.isEnabled('OFFICIAL_INTEGRATIONS'), { timeout: 10_000 }).toBe(false);
    const health = core.services.metrics!.rolloutHealth();
    const official = health.flags.find((f) => f.flag === 'OFFICIAL_INTEGRATIONS')!;
    expect(official.enabled).toBe(false);
    expect(official.guard!.status).toBe('tripped');
    expect(official.guard!.targets.filter((t) => t.met === false).map((t) => t.metric)).toEqual(['successRate', 'p95LatencyMs', 'errorRate']);
    expect(official.guard!.triggers).toEqual([
      { metric: 'successRate', expected: 'above', threshold: 0.85, actual: 0.8, rollback: 'immediate', state: 'tripped' },
      { metric: 'errorRate', expected: 'below', threshold: 0.05, actual: 0.2, rollback: 'immediate', state: 'tripped' },
    ]);
    const trip = health.audit.find((a) => a.kind === 'guard.tripped');
    expect(trip).toMatchObject({ flag: 'OFFICIAL_INTEGRATIONS', reason: 'GUARD_TRIPPED', configVersion: 0 });
    expect(trip!.detail).toContain('successRate 80.0 %');
    // Through the contract as the window asks for it.
    const viaIpc = await core.dispatch('metrics.rolloutHealth', {}, { transport: 'in-process' });
    expect(viaIpc.ok).toBe(true);
  });
});

describe('flagHealth (pure)', () => {
  const def = FlagDefinitionSchema.parse({
    enabled: true,
    rolloutPercentage: 25,
    phase: 'beta',
    guard: { operations: ['regulator.call'], minSample: 10, targets: { successRate: 0.95, p95LatencyMs: 2000 }, rollbackTriggers: { successRateBelow: 0.85 } },
  });
  it('a trip held by the flags service keeps the trigger tripped after the window recovers', () => {
    const h = flagHealth({
      flag: 'X',
      enabled: false,
      reason: 'GUARD_TRIPPED',
      definition: def,
      stats: { calls: 50, successes: 50, errors: 0, timeouts: 0, p95LatencyMs: 100, cacheLookups: 0, cacheHits: 0 },
      rolledBackForGuard: true,
    });
    expect(h.guard!.status).toBe('tripped');
    expect(h.guard!.targets.every((t) => t.met === true)).toBe(true);
    expect(h.guard!.triggers).toEqual([{ metric: 'successRate', expected: 'above', threshold: 0.85, actual: 1, rollback: 'immediate', state: 'tripped' }]);
    expect(h).toMatchObject({ phase: 'beta', rolloutPercentage: 25 });
  });
  it('below target but above the trigger: not met, still armed', () => {
    const h = flagHealth({
      flag: 'X',
      enabled: true,
      reason: 'SPLIT',
      definition: def,
      stats: { calls: 100, successes: 90, errors: 10, timeouts: 0, p95LatencyMs: 2500, cacheLookups: 0, cacheHits: 0 },
    });
    expect(h.guard!.status).toBe('belowTarget');
    expect(h.guard!.targets.map((t) => [t.metric, t.met])).toEqual([
      ['successRate', false],
      ['p95LatencyMs', false],
    ]);
    expect(h.guard!.triggers[0]!.state).toBe('armed');
  });
  it('no configuration: no phase, no guard', () => {
    expect(flagHealth({ flag: 'X', enabled: true, reason: 'STATIC', definition: null, stats: null })).toEqual({
      flag: 'X',
      enabled: true,
      reason: 'STATIC',
      configured: false,
      phase: null,
      rolloutPercentage: null,
      guard: null,
    });
  });
});
