import { FlagdCore } from '@openfeature/flagd-core';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FlagConfigInput } from '../../../shared/flags/config-schema';
import { compileConfig, evaluateFlag } from '../../../shared/flags/evaluate';
import { FlagdExportError, toFlagdDocument } from '../../../shared/flags/flagd-export';
import { parseVersion } from '../../../shared/flags/version';
import { sampleConfig } from './flags-fixtures';

// Issue 18 point 7: a configuration exported with `qivo flags export-flagd` is evaluated by real
// flagd evaluation code (@openfeature/flagd-core, the engine of flagd's JavaScript in-process
// provider) exactly as the app evaluates it — for any version string, at any time of a schedule —
// or the export is refused, naming what flagd cannot express.

const SEED = { seed: 20261202 };
const opts = { source: 'remote' as const };

// Version strings of every shape an app or a policy may send: full, partial, prefixed, pre-release,
// build metadata, padded, and things that are no version at all.
const versionArb = fc.oneof(
  fc.constantFrom(
    '2.1',
    'V2.0.0',
    'v2.0.0',
    '2',
    '2.1.0',
    '2.1.0-beta.1',
    '2.1.0+build.7',
    ' 2.1.0 ',
    'vv2.0.0',
    '2.1.x',
    '1.2.3.4',
    '01.2.3',
    'latest',
    'V2.1',
    'v2',
    '=2.1.0',
    '2.1.0-rc.1',
    '0.1.0',
    '0.0.9',
    '10.0.0',
  ),
  fc
    .tuple(
      fc.constantFrom('', 'v', 'V'),
      fc.array(fc.nat({ max: 12 }), { minLength: 1, maxLength: 4 }),
      fc.constantFrom('', '-alpha', '-beta.2', '-rc.1', '+b5'),
    )
    .map(([prefix, parts, suffix]) => `${prefix}${parts.join('.')}${suffix}`),
);
const opArb = fc.constantFrom('semverEq', 'semverNeq', 'semverGt', 'semverGte', 'semverLt', 'semverLte');

function flagdContext(userId: string, attributes: Record<string, string>): Record<string, string> {
  const ctx: Record<string, string> = { targetingKey: userId };
  for (const [k, v] of Object.entries(attributes)) if (v) ctx[k] = v;
  return ctx;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('flagd export parity', () => {
  it('versions are read as flagd reads them: 2.1 and V2.0.0 are versions, 2.1.x is none', () => {
    expect(parseVersion('2.1')?.version).toBe('2.1.0');
    expect(parseVersion('V2.0.0')?.version).toBe('2.0.0');
    expect(parseVersion('2')?.version).toBe('2.0.0');
    expect(parseVersion('2.1.x')).toBeNull();
    expect(parseVersion('1.2.3.4')).toBeNull();
  });

  it('semver rules over any version string: flagd-core and the app give every user the same value', () => {
    fc.assert(
      fc.property(
        opArb,
        fc.array(versionArb, { minLength: 1, maxLength: 3 }),
        fc.array(versionArb, { minLength: 1, maxLength: 12 }),
        fc.nat({ max: 100 }),
        (op, values, versions, pct) => {
          const input: FlagConfigInput = {
            ...sampleConfig(),
            flags: {
              OFFICIAL_INTEGRATIONS: { enabled: true, rolloutPercentage: pct, phase: 'beta', rules: [{ attribute: 'appVersion', op, values }] },
              SEC_SK_1300: { enabled: true, rolloutPercentage: 0, phase: 'beta', rules: [{ attribute: 'appVersion', op, values, rolloutPercentage: 50 }] },
            },
          };
          const config = sampleConfig({ flags: input.flags });
          const compiled = compileConfig(config);
          const core = new FlagdCore();
          core.setConfigurations(JSON.stringify(toFlagdDocument(config)));
          versions.forEach((appVersion, i) => {
            const userId = `user-${i}@org.example`;
            for (const flag of ['OFFICIAL_INTEGRATIONS', 'SEC_SK_1300']) {
              const ours = evaluateFlag(compiled, flag, { userId, attributes: { appVersion } }, opts).value;
              const theirs = core.resolveBooleanEvaluation(flag, !ours, flagdContext(userId, { appVersion }));
              expect(theirs.value, `${flag} ${op} ${JSON.stringify(values)} appVersion=${JSON.stringify(appVersion)}`).toBe(ours);
            }
          });
        },
      ),
      { numRuns: 400, ...SEED },
    );
  });

  it('the fixture configuration over many users, roles and versions agrees too', () => {
    const config = sampleConfig();
    const compiled = compileConfig(config);
    const core = new FlagdCore();
    core.setConfigurations(JSON.stringify(toFlagdDocument(config)));
    const roles = ['qa', 'geologist', ''];
    const versions = ['2.1', 'V2.0.0', '0.0.9', 'v0.0.9', '0.1', '0', 'x', ''];
    let disagreements = 0;
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      // ASCII ids: flagd-core (JavaScript) hashes UTF-16 units where flagd (Go) and the app hash
      // UTF-8 bytes, so accented ids bucket alike only in flagd proper (README, bucketing).
      const userId = i % 7 === 0 ? `usuario-${i}@mineracao.example` : `user-${i}@org.example`;
      const attributes = { role: roles[i % 3]!, appVersion: versions[i % versions.length]!, emailDomain: i % 5 === 0 ? 'vale.example' : 'org.example' };
      for (const flag of Object.keys(config.flags)) {
        const ours = evaluateFlag(compiled, flag, { userId, attributes }, opts).value;
        if (core.resolveBooleanEvaluation(flag, !ours, flagdContext(userId, attributes)).value !== ours) disagreements++;
        checked++;
      }
    }
    expect({ checked, disagreements }).toEqual({ checked: 12_000, disagreements: 0 });
  });

  it('a schedule is followed at the same moments: before, at and after each step start', () => {
    const steps = [
      { at: '2026-12-01T00:00:00Z', rolloutPercentage: 10, phase: 'beta' as const },
      { at: '2026-12-08T00:00:00Z', rolloutPercentage: 50, phase: 'expanded' as const },
      { at: '2026-12-22T00:00:00Z', rolloutPercentage: 100, phase: 'full' as const },
    ];
    const config = sampleConfig({
      flags: {
        SEC_SK_1300: { enabled: true, rolloutPercentage: 0, phase: 'internal', allow: ['it@qivo.example'], schedule: { skewToleranceSeconds: 300, steps } },
      },
    });
    const compiled = compileConfig(config);
    const core = new FlagdCore();
    core.setConfigurations(JSON.stringify(toFlagdDocument(config)));
    const moments = steps.flatMap((s) => [Date.parse(s.at) - 1000, Date.parse(s.at), Date.parse(s.at) + 999, Date.parse(s.at) + 86_400_000]);
    vi.useFakeTimers();
    const onAt = new Map<number, number>();
    for (const t of moments) {
      vi.setSystemTime(t);
      let on = 0;
      for (let i = 0; i < 2000; i++) {
        const userId = `user-${i}`;
        const ours = evaluateFlag(compiled, 'SEC_SK_1300', { userId }, { ...opts, now: new Date(t) }).value;
        expect(core.resolveBooleanEvaluation('SEC_SK_1300', !ours, { targetingKey: userId }).value, `${userId} at ${new Date(t).toISOString()}`).toBe(ours);
        if (ours) on++;
      }
      onAt.set(t, on);
    }
    // The steps really are in force: about 0, 10, 50 and 100 % of the users.
    expect(onAt.get(Date.parse(steps[0]!.at) - 1000)).toBe(0);
    expect(onAt.get(Date.parse(steps[2]!.at))).toBe(2000);
    expect(Math.abs(onAt.get(Date.parse(steps[1]!.at))! / 2000 - 0.5)).toBeLessThan(0.05);
  });

  it('refuses, naming the rule or step, what flagd would evaluate differently', () => {
    const refused = (flags: FlagConfigInput['flags']) => {
      try {
        toFlagdDocument(sampleConfig({ flags }));
      } catch (error) {
        if (error instanceof FlagdExportError) return [error.problem, error.where];
        throw error;
      }
      return null;
    };
    expect(
      refused({
        SEC_SK_1300: {
          enabled: true,
          rolloutPercentage: 5,
          phase: 'beta',
          rules: [
            { attribute: 'role', op: 'in', values: ['qa'] },
            { attribute: 'org.unit', op: 'in', values: ['geo'] },
          ],
        },
      }),
    ).toEqual(['attributePath', 'SEC_SK_1300 rule 2 (attribute "org.unit")']);
    expect(
      refused({ SEC_SK_1300: { enabled: true, rolloutPercentage: 5, phase: 'beta', rules: [{ attribute: 'targetingKey', op: 'in', values: ['x'] }] } })?.[0],
    ).toBe('reservedAttribute');
    expect(
      refused({
        SEC_SK_1300: {
          enabled: true,
          rolloutPercentage: 5,
          phase: 'beta',
          schedule: { skewToleranceSeconds: 0, steps: [{ at: '2026-12-01T00:00:00.250Z', rolloutPercentage: 10, phase: 'beta' }] },
        },
      }),
    ).toEqual(['subsecondStep', 'SEC_SK_1300 schedule step 1 (at 2026-12-01T00:00:00.250Z)']);
  });
});
