import { FlagConfigSchema, type FlagConfig, type FlagConfigInput } from '../../../shared/flags/config-schema';

/** A valid configuration with all four flags of the rollout plan; tests override parts of it. */
export function sampleConfigInput(overrides: Partial<FlagConfigInput> = {}): FlagConfigInput {
  return {
    schemaVersion: 1,
    version: 7,
    issuedAt: '2026-11-01T12:00:00Z',
    expiresAt: '2027-11-01T12:00:00Z',
    environment: 'test',
    pollSeconds: 60,
    flags: {
      OFFICIAL_INTEGRATIONS: {
        enabled: true,
        rolloutPercentage: 25,
        allow: ['ana@qivo.example'],
        deny: ['blocked@qivo.example'],
        rules: [{ attribute: 'role', op: 'in', values: ['qa'] }],
        phase: 'beta',
        guard: {
          operations: ['regulator.call', 'cache'],
          windowMinutes: 15,
          minSample: 20,
          targets: { successRate: 0.95, p95LatencyMs: 2000, cacheHitRate: 0.8, errorRate: 0.01 },
          rollbackTriggers: { successRateBelow: 0.85, errorRateAbove: 0.05 },
        },
      },
      SEC_SK_1300: { enabled: true, rolloutPercentage: 100, phase: 'full' },
      BRAZILIAN_FIELDS: {
        enabled: true,
        rolloutPercentage: 10.5,
        phase: 'expanded',
        rules: [
          { attribute: 'emailDomain', op: 'in', values: ['vale.example'], rolloutPercentage: 50 },
          { attribute: 'appVersion', op: 'semverLt', values: ['0.1.0'] },
        ],
      },
      ADVANCED_ANALYTICS: { enabled: false, rolloutPercentage: 50, phase: 'internal' },
    },
    ...overrides,
  };
}

export function sampleConfig(overrides: Partial<FlagConfigInput> = {}): FlagConfig {
  return FlagConfigSchema.parse(sampleConfigInput(overrides));
}

/** Ids that stress UTF-8 handling: accents, CJK, Cyrillic, Arabic, emoji (astral). */
export const NON_ASCII_IDS = ['José', 'Conceição', 'joão.silva@mineração.example', '中文用户', 'Дмитрий', 'مستخدم', '👷‍♀️miner', 'Ñandú'];
