import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configValidatedBefore, FlagConfigSchema } from '../../../shared/flags/config-schema';
import { sampleConfigInput } from './flags-fixtures';

// A configuration validated before is rebuilt from the schema's definition without the validator:
// it must be exactly what the validator returns, defaults included, for every shape a config takes.
const assets = path.resolve(__dirname, '../../../assets/flags');
const inputs: Array<[string, unknown]> = [
  ['bootstrap', JSON.parse(readFileSync(path.join(assets, 'bootstrap.config.json'), 'utf8'))],
  ['example', JSON.parse(readFileSync(path.join(assets, 'example.config.json'), 'utf8'))],
  ['sample with rules and a guard', sampleConfigInput()],
  [
    'schedule, metrics and a guard left to its defaults',
    sampleConfigInput({
      pollSeconds: undefined,
      metrics: { pushgatewayUrl: 'http://127.0.0.1:9091' },
      flags: {
        OFFICIAL_INTEGRATIONS: {
          enabled: true,
          rolloutPercentage: 5,
          phase: 'beta',
          guard: { operations: ['regulator.call'] },
          schedule: { steps: [{ at: '2026-12-01T00:00:00Z', rolloutPercentage: 25, phase: 'expanded' }] },
          descriptions: { en: 'Official data', 'pt-BR': 'Dados oficiais' },
        },
      },
    }),
  ],
];

describe('configValidatedBefore', () => {
  it.each(inputs)('gives what the validator gives: %s', (_name, input) => {
    const raw: unknown = JSON.parse(JSON.stringify(input));
    expect(configValidatedBefore(raw)).toStrictEqual(FlagConfigSchema.parse(raw));
  });

  it('shares no default object between two configurations', () => {
    const a = configValidatedBefore(JSON.parse(JSON.stringify(sampleConfigInput())));
    a.flags.SEC_SK_1300!.allow.push('x@example');
    const b = configValidatedBefore(JSON.parse(JSON.stringify(sampleConfigInput())));
    expect(b.flags.SEC_SK_1300!.allow).toEqual([]);
  });
});
