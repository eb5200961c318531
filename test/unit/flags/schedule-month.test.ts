import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySettings } from '../../support/memory-settings';
import { LKG_FILE } from '../../../main/flags/config-store';
import { FlagService } from '../../../main/flags/flag-service';
import { FlagConfigSchema, type FlagConfigInput } from '../../../shared/flags/config-schema';
import { compileConfig, evaluateFlag, simulateSchedule } from '../../../shared/flags/evaluate';
import { emptyWindowStats, type GuardWindowStats } from '../../../shared/flags/guards';
import { writeFileSync } from 'node:fs';
import { testSigner } from '../../support/flags-signing';

const DAY = 24 * 3600_000;
const START = Date.parse('2026-12-01T09:00:00Z');
const at = (days: number) => new Date(START + days * DAY).toISOString();

/** The rollout plan: 0 % internal for a week, 10 % beta in week 2, 50 % in weeks 3–4, 100 % from week 5. */
function planConfig(): FlagConfigInput {
  return {
    schemaVersion: 1,
    version: 3,
    issuedAt: at(-1),
    expiresAt: at(60),
    environment: 'test',
    pollSeconds: 3600,
    flags: {
      OFFICIAL_INTEGRATIONS: {
        enabled: true,
        rolloutPercentage: 0,
        phase: 'internal',
        allow: ['qa@qivo.example'],
        schedule: {
          skewToleranceSeconds: 300,
          steps: [
            { at: at(0), rolloutPercentage: 0, phase: 'internal' },
            { at: at(7), rolloutPercentage: 10, phase: 'beta' },
            { at: at(14), rolloutPercentage: 50, phase: 'expanded' },
            { at: at(28), rolloutPercentage: 100, phase: 'full' },
          ],
        },
        guard: {
          operations: ['regulator.call'],
          windowMinutes: 15,
          minSample: 50,
          targets: { successRate: 0.95 },
          rollbackTriggers: { successRateBelow: 0.85 },
          gradualTriggers: { successRateBelow: 0.9 },
        },
      },
      SEC_SK_1300: { enabled: true, rolloutPercentage: 100, phase: 'full' },
      BRAZILIAN_FIELDS: { enabled: true, rolloutPercentage: 100, phase: 'full' },
      ADVANCED_ANALYTICS: { enabled: true, rolloutPercentage: 100, phase: 'full' },
    },
  };
}

const USERS = 100_000;
const ids = Array.from({ length: USERS }, (_, i) => `user-${i}@mineradora.example`);
const EXPECTED: Array<[number, number, string]> = [
  // day of the month, expected share, phase
  [0, 0, 'internal'],
  [3, 0, 'internal'],
  [7, 0.1, 'beta'],
  [10, 0.1, 'beta'],
  [14, 0.5, 'expanded'],
  [21, 0.5, 'expanded'],
  [28, 1, 'full'],
  [30, 1, 'full'],
];

describe('a four-step schedule over a simulated month', () => {
  const compiled = compileConfig(FlagConfigSchema.parse(planConfig()));

  it('gives each step its share (±0.5 % on 100 000 ids) and never drops a user when a step rises', { timeout: 180_000 }, () => {
    let previousOn: Set<number> | null = null;
    for (const [day, share, phase] of EXPECTED) {
      const now = new Date(START + day * DAY + 3600_000);
      const on = new Set<number>();
      for (let i = 0; i < USERS; i++) {
        const e = evaluateFlag(compiled, 'OFFICIAL_INTEGRATIONS', { userId: ids[i]! }, { source: 'remote', now });
        if (e.value) on.add(i);
        if (i === 0) expect(e.phase, `day ${day}`).toBe(phase);
      }
      expect(Math.abs(on.size / USERS - share), `day ${day}: ${on.size}`).toBeLessThanOrEqual(0.005);
      if (previousOn) for (const i of previousOn) expect(on.has(i), `user ${i} dropped on day ${day}`).toBe(true);
      previousOn = on;
    }
  });

  it('shows the current and next step, reads the server time past the skew tolerance, and simulates the share per step', () => {
    const e = evaluateFlag(compiled, 'OFFICIAL_INTEGRATIONS', { userId: 'x' }, { source: 'remote', now: new Date(Date.parse(at(7)) - 60_000) });
    expect(e.step).toMatchObject({ index: 0, phase: 'internal', rolloutPercentage: 0 });
    expect(e.nextStep).toMatchObject({ index: 1, phase: 'beta', rolloutPercentage: 10, at: at(7) });
    // Our clock is a minute early: within the 5-minute tolerance, our clock decides.
    const within = evaluateFlag(
      compiled,
      'OFFICIAL_INTEGRATIONS',
      { userId: 'x' },
      { source: 'remote', now: new Date(Date.parse(at(7)) - 60_000), clockOffsetMs: 120_000 },
    );
    expect(within.step?.index).toBe(0);
    // Our clock is an hour behind the flag server: beyond the tolerance, the server's time is used.
    const beyond = evaluateFlag(
      compiled,
      'OFFICIAL_INTEGRATIONS',
      { userId: 'x' },
      { source: 'remote', now: new Date(Date.parse(at(7)) - 60_000), clockOffsetMs: 3600_000 },
    );
    expect(beyond.step?.index).toBe(1);
    const rows = simulateSchedule(compiled, 20_000).OFFICIAL_INTEGRATIONS!;
    expect(rows.map((r) => r.step.phase)).toEqual(['internal', 'internal', 'beta', 'expanded', 'full']);
    for (const r of rows) expect(Math.abs(r.share - r.target)).toBeLessThanOrEqual(0.01);
  });

  it('refuses a schedule whose steps go back in time or lower the percentage', () => {
    const bad = planConfig();
    const steps = bad.flags.OFFICIAL_INTEGRATIONS!.schedule!.steps;
    steps[2] = { ...steps[2]!, rolloutPercentage: 5 };
    const r = FlagConfigSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path.join('.')).toBe('flags.OFFICIAL_INTEGRATIONS.schedule.steps.2.rolloutPercentage');
    const late = planConfig();
    late.flags.OFFICIAL_INTEGRATIONS!.schedule!.steps[1]!.at = at(-3);
    expect(FlagConfigSchema.safeParse(late).success).toBe(false);
  });

  it('a gradual trigger steps one machine back to the previous step; the other machine and the schedule go on', () => {
    const signer = testSigner('month-test');
    const envelope = signer.sign(planConfig());
    let clock = START + 15 * DAY; // week 3: 50 % expanded
    const healthy: GuardWindowStats = { ...emptyWindowStats(), calls: 200, successes: 196, errors: 4 };
    const degraded: GuardWindowStats = { ...emptyWindowStats(), calls: 200, successes: 176, errors: 24 }; // 88 %: gradual, not immediate
    const machine = (userId: string, stats: () => GuardWindowStats) => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qivo-month-'));
      mkdirSync(path.join(dataDir, 'flags'));
      writeFileSync(path.join(dataDir, 'flags', LKG_FILE), envelope);
      const settings = new MemorySettings();
      settings.set('flags.policy.trustedKeys', [signer.policyEntry]);
      settings.set('flags.userId', userId);
      const audit: { kind: string; reason: string | null; detail: string; flag: string | null }[] = [];
      const service = new FlagService({
        dataDir,
        assetsDir: path.resolve(__dirname, '../../../assets/flags'),
        settings,
        emit: () => undefined,
        audit: { append: (e: any) => (audit.push(e), { id: audit.length, ...e }), activeTrips: () => [], list: () => [] } as any,
        guardMetrics: () => ({ windowStats: () => stats() }),
        now: () => new Date(clock),
        env: {},
        isPackaged: true,
        appVersion: '0.2.0',
      });
      service.start();
      return { service, audit };
    };
    // Two users inside the 10 % of beta (so the step back keeps them on) and one at 10–50 % (the step back turns them off).
    const inBeta = ids.filter(
      (id) => evaluateFlag(compiled, 'OFFICIAL_INTEGRATIONS', { userId: id }, { source: 'remote', now: new Date(START + 8 * DAY) }).value,
    );
    const onlyExpanded = ids.find(
      (id) => !inBeta.includes(id) && evaluateFlag(compiled, 'OFFICIAL_INTEGRATIONS', { userId: id }, { source: 'remote', now: new Date(clock) }).value,
    )!;
    const a = machine(onlyExpanded, () => degraded);
    const b = machine(inBeta[0]!, () => healthy);
    const c = machine(inBeta[1]!, () => degraded);
    for (const m of [a, b, c]) expect(m.service.evaluation('OFFICIAL_INTEGRATIONS')).toMatchObject({ value: true, phase: 'expanded', rolloutPercentage: 50 });

    for (const m of [a, b, c]) m.service.checkGuards();
    // a: stepped back to beta's 10 %, where this user is outside: off, with the step shown.
    expect(a.service.evaluation('OFFICIAL_INTEGRATIONS')).toMatchObject({ value: false, phase: 'beta', rolloutPercentage: 10, steppedBack: true });
    // c: stepped back too, but inside beta's 10 %: still on, as beta.
    expect(c.service.evaluation('OFFICIAL_INTEGRATIONS')).toMatchObject({ value: true, phase: 'beta', rolloutPercentage: 10, steppedBack: true });
    expect(b.service.evaluation('OFFICIAL_INTEGRATIONS')).toMatchObject({ value: true, phase: 'expanded' });
    expect(b.service.evaluation('OFFICIAL_INTEGRATIONS')!.steppedBack).toBeUndefined();
    const trip = a.audit.find((e) => e.kind === 'guard.tripped')!;
    expect(trip.reason).toBe('GUARD_STEPPED_BACK');
    expect(trip.detail).toContain('successRate 88.0 %');
    expect(trip.detail).toContain('gradual rollback when below 90.0 %');

    // Week 5: the schedule reaches 100 %; the healthy machine follows it, the stepped-back one stays on beta until a new config.
    clock = START + 29 * DAY;
    for (const m of [a, b, c]) m.service.stepReached();
    expect(b.service.evaluation('OFFICIAL_INTEGRATIONS')).toMatchObject({ value: true, phase: 'full', rolloutPercentage: 100 });
    expect(a.service.evaluation('OFFICIAL_INTEGRATIONS')).toMatchObject({ value: false, phase: 'beta', steppedBack: true });
    for (const m of [a, b, c]) m.service.stop();
  });
});
