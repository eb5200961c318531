import { FlagdCore } from '@openfeature/flagd-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inRollout } from '../../../shared/flags/bucketing';
import { FlagConfigSchema } from '../../../shared/flags/config-schema';
import { compileConfig, evaluateAll, evaluateFlag, simulateShares } from '../../../shared/flags/evaluate';
import { toFlagdDocument } from '../../../shared/flags/flagd-export';
import { FLAG_KEYS } from '../../../shared/flags/flag-keys';
import { sampleConfig, sampleConfigInput } from './flags-fixtures';

const opts = { source: 'remote' as const };

describe('evaluation order: kill switch → deny → allow → rules → percentage', () => {
  const compiled = compileConfig(sampleConfig());

  it('kill switch turns the flag off for everyone, even allow-listed users', () => {
    const killed = compileConfig(
      sampleConfig({ flags: { ...sampleConfigInput().flags, OFFICIAL_INTEGRATIONS: { ...sampleConfigInput().flags.OFFICIAL_INTEGRATIONS!, enabled: false } } }),
    );
    const r = evaluateFlag(killed, 'OFFICIAL_INTEGRATIONS', { userId: 'ana@qivo.example' }, opts);
    expect(r).toMatchObject({ value: false, variant: 'off', reason: 'DISABLED', match: 'killSwitch', configVersion: 7, phase: 'beta', source: 'remote' });
    expect(evaluateFlag(compiled, 'ADVANCED_ANALYTICS', { userId: 'anyone' }, opts)).toMatchObject({ value: false, reason: 'DISABLED' });
  });

  it('deny wins over allow and rules; allow wins over rules and percentage', () => {
    expect(evaluateFlag(compiled, 'OFFICIAL_INTEGRATIONS', { userId: 'blocked@qivo.example', attributes: { role: 'qa' } }, opts)).toMatchObject({
      value: false,
      reason: 'TARGETING_MATCH',
      match: 'deny',
    });
    expect(evaluateFlag(compiled, 'OFFICIAL_INTEGRATIONS', { userId: 'ana@qivo.example' }, opts)).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
      match: 'allow',
    });
  });

  it('a matching rule decides; without its own percentage it turns the flag on', () => {
    const outOfBucket = Array.from({ length: 200 }, (_, i) => `u${i}`).find((id) => !inRollout('OFFICIAL_INTEGRATIONS', id, 25))!;
    expect(evaluateFlag(compiled, 'OFFICIAL_INTEGRATIONS', { userId: outOfBucket }, opts)).toMatchObject({
      value: false,
      reason: 'SPLIT',
      match: 'percentage',
    });
    expect(evaluateFlag(compiled, 'OFFICIAL_INTEGRATIONS', { userId: outOfBucket, attributes: { role: 'qa' } }, opts)).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
      match: 'rule',
      ruleIndex: 0,
    });
  });

  it("a rule's own percentage is applied with the same sticky bucketing", () => {
    let on = 0;
    for (let i = 0; i < 4000; i++) {
      const r = evaluateFlag(compiled, 'BRAZILIAN_FIELDS', { userId: `p${i}`, attributes: { emailDomain: 'vale.example', appVersion: '1.0.0' } }, opts);
      expect(r.match).toBe('rule');
      expect(r.rolloutPercentage).toBe(50);
      expect(r.value).toBe(inRollout('BRAZILIAN_FIELDS', `p${i}`, 50));
      if (r.value) on++;
    }
    expect(on / 4000).toBeGreaterThan(0.45);
    expect(on / 4000).toBeLessThan(0.55);
  });

  it('semver rules compare versions, and a missing attribute never matches (not even notIn)', () => {
    const r = evaluateFlag(compiled, 'BRAZILIAN_FIELDS', { userId: 'x', attributes: { appVersion: '0.0.9' } }, opts);
    expect(r).toMatchObject({ value: true, match: 'rule', ruleIndex: 1 });
    const cfg = compileConfig(
      sampleConfig({
        flags: { SEC_SK_1300: { enabled: true, rolloutPercentage: 0, phase: 'beta', rules: [{ attribute: 'platform', op: 'notIn', values: ['linux'] }] } },
      }),
    );
    expect(evaluateFlag(cfg, 'SEC_SK_1300', { userId: 'x' }, opts).match).toBe('percentage');
    expect(evaluateFlag(cfg, 'SEC_SK_1300', { userId: 'x', attributes: { platform: 'win32' } }, opts).value).toBe(true);
    expect(evaluateFlag(cfg, 'SEC_SK_1300', { userId: 'x', attributes: { platform: 'linux' } }, opts).value).toBe(false);
  });

  it('0 % and 100 % are STATIC; a flag missing from the config is an OpenFeature FLAG_NOT_FOUND error, off', () => {
    expect(evaluateFlag(compiled, 'SEC_SK_1300', { userId: 'x' }, opts)).toMatchObject({ value: true, reason: 'STATIC' });
    expect(evaluateFlag(compiled, 'NOT_THERE', { userId: 'x' }, opts)).toMatchObject({ value: false, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
    expect(evaluateFlag(null, 'SEC_SK_1300', { userId: 'x' }, opts)).toMatchObject({ value: false, errorCode: 'FLAG_NOT_FOUND', configVersion: null });
  });

  it('an allowed override wins; a guard trip turns the flag off until a higher version', () => {
    expect(evaluateFlag(compiled, 'ADVANCED_ANALYTICS', { userId: 'x' }, { ...opts, overrides: { ADVANCED_ANALYTICS: true } })).toMatchObject({
      value: true,
      reason: 'STATIC',
      match: 'override',
    });
    const trips = new Map([['SEC_SK_1300', { configVersion: 7, at: '2026-11-02T00:00:00Z', detail: 'successRate 50 %', rollback: 'immediate' as const }]]);
    expect(evaluateFlag(compiled, 'SEC_SK_1300', { userId: 'x' }, { ...opts, guardTrips: trips })).toMatchObject({ value: false, reason: 'GUARD_TRIPPED' });
    const newer = compileConfig(sampleConfig({ version: 8 }));
    expect(evaluateFlag(newer, 'SEC_SK_1300', { userId: 'x' }, { ...opts, guardTrips: trips })).toMatchObject({ value: true, reason: 'STATIC' });
  });

  it('marks results stale when the configuration in force has expired', () => {
    const r = evaluateFlag(compiled, 'SEC_SK_1300', { userId: 'x' }, { source: 'last-known-good', now: new Date('2030-01-01T00:00:00Z') });
    expect(r.stale).toBe(true);
    expect(evaluateFlag(compiled, 'SEC_SK_1300', { userId: 'x' }, { source: 'last-known-good', now: new Date('2027-01-01T00:00:00Z') }).stale).toBe(false);
  });

  it('evaluateAll returns every requested flag', () => {
    expect(Object.keys(evaluateAll(compiled, FLAG_KEYS, { userId: 'x' }, opts))).toEqual([...FLAG_KEYS]);
  });

  it('simulate: at 100 000 users the share is within ±0.5 % of the target', () => {
    const cfg = compileConfig(
      sampleConfig({
        flags: {
          A: { enabled: true, rolloutPercentage: 10, phase: 'beta' },
          B: { enabled: true, rolloutPercentage: 50, phase: 'expanded' },
          C: { enabled: true, rolloutPercentage: 0.5, phase: 'internal' },
          D: { enabled: false, rolloutPercentage: 90, phase: 'full' },
        },
      }),
    );
    const shares = simulateShares(cfg, 100_000);
    for (const s of Object.values(shares)) expect(Math.abs(s.share - s.target)).toBeLessThanOrEqual(0.005);
    expect(shares.D!.on).toBe(0);
  });
});

describe('flagd export buckets identically', () => {
  it('flagd-core evaluating the exported document agrees with our evaluator (ASCII ids)', () => {
    const config = sampleConfig();
    const doc = toFlagdDocument(config);
    const core = new FlagdCore();
    core.setConfigurations(JSON.stringify(doc));
    const compiled = compileConfig(config);
    const attrs = fc.record(
      {
        role: fc.constantFrom('qa', 'geologist', ''),
        emailDomain: fc.constantFrom('vale.example', 'other.example'),
        appVersion: fc.constantFrom('0.0.9', '0.1.0', '1.2.3'),
      },
      { requiredKeys: [] },
    );
    const id = fc.oneof(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 30 }), fc.constantFrom('ana@qivo.example', 'blocked@qivo.example'));
    fc.assert(
      fc.property(id, attrs, (userId, attributes) => {
        for (const flag of FLAG_KEYS) {
          const ours = evaluateFlag(compiled, flag, { userId, attributes }, opts).value;
          const ctx: Record<string, string> = { targetingKey: userId };
          for (const [k, v] of Object.entries(attributes)) if (v) ctx[k] = v;
          const theirs = core.resolveBooleanEvaluation(flag, !ours, ctx);
          expect(theirs.value, `${flag} ${JSON.stringify(ctx)} ${JSON.stringify(theirs)}`).toBe(ours);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('documents metadata and the kill switch as a static off', () => {
    const doc = toFlagdDocument(sampleConfig());
    expect(doc.metadata).toEqual({ flagSetId: 'qivo-test', version: '7' });
    expect(doc.flags.ADVANCED_ANALYTICS).toMatchObject({ defaultVariant: 'off', metadata: { killSwitch: true } });
    expect(FlagConfigSchema.safeParse(sampleConfigInput()).success).toBe(true);
  });
});
