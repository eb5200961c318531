import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FlagConfigSchema } from '../../../shared/flags/config-schema';
import { sampleConfigInput } from './flags-fixtures';

const SCHEMA_FILE = join(__dirname, '../../../assets/flags/flag-config.schema.json');

function generated(): unknown {
  return {
    ...(z.toJSONSchema(FlagConfigSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>),
    $id: 'https://qivo.example/schemas/flag-config.schema.json',
  };
}

describe('assets/flags/flag-config.schema.json', () => {
  it('is the JSON Schema of the zod schema (regenerate with QIVO_UPDATE_FLAG_SCHEMA=1)', () => {
    const expected = JSON.stringify(generated(), null, 2) + '\n';
    if (process.env.QIVO_UPDATE_FLAG_SCHEMA === '1') writeFileSync(SCHEMA_FILE, expected);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(expected);
  });

  const base = sampleConfigInput() as Record<string, any>;
  const flag = (patch: Record<string, unknown>) => ({ ...base, flags: { ...base.flags, SEC_SK_1300: { ...base.flags.SEC_SK_1300, ...patch } } });
  const samples: Array<[string, unknown]> = [
    ['the sample', base],
    ['minimal flag', { ...base, flags: { X: { enabled: false, rolloutPercentage: 0, phase: 'internal' } } }],
    ['no flags', { ...base, flags: {} }],
    ['decimal percentage', flag({ rolloutPercentage: 0.5 })],
    ['percentage above 100', flag({ rolloutPercentage: 100.5 })],
    ['negative percentage', flag({ rolloutPercentage: -1 })],
    ['string percentage', flag({ rolloutPercentage: '50' })],
    ['enabled as string', flag({ enabled: 'true' })],
    ['unknown phase', flag({ phase: 'ga' })],
    ['typo field', flag({ rolloutPercent: 10 })],
    ['bad rule op', flag({ rules: [{ attribute: 'role', op: 'like', values: ['x'] }] })],
    ['empty rule values', flag({ rules: [{ attribute: 'role', op: 'in', values: [] }] })],
    ['guard without operations', flag({ guard: { operations: [] } })],
    ['guard rate above 1', flag({ guard: { operations: ['regulator.call'], rollbackTriggers: { successRateBelow: 85 } } })],
    ['guard ok', flag({ guard: { operations: ['regulator.call/anm'], rollbackTriggers: { successRateBelow: 0.85 } } })],
    [
      'schedule ok',
      flag({
        schedule: {
          skewToleranceSeconds: 120,
          steps: [
            { at: '2026-12-01T09:00:00Z', rolloutPercentage: 0, phase: 'internal' },
            { at: '2026-12-08T09:00:00-03:00', rolloutPercentage: 10, phase: 'beta' },
          ],
        },
      }),
    ],
    ['schedule without steps', flag({ schedule: { steps: [] } })],
    ['schedule step without zone', flag({ schedule: { steps: [{ at: '2026-12-01T09:00:00', rolloutPercentage: 10, phase: 'beta' }] } })],
    ['schedule step typo', flag({ schedule: { steps: [{ at: '2026-12-01T09:00:00Z', percentage: 10, phase: 'beta' }] } })],
    [
      'feedback guard ok',
      flag({
        guard: { operations: ['regulator.call'], targets: { satisfactionAbove: 4 }, gradualTriggers: { complaintRateAbove: 0.1, successRateBelow: 0.9 } },
      }),
    ],
    ['satisfaction above 5', flag({ guard: { operations: ['regulator.call'], targets: { satisfactionAbove: 6 } } })],
    ['descriptions per language', flag({ descriptions: { 'pt-BR': 'Relatório', en: 'Report' } })],
    ['lower-case flag key', { ...base, flags: { bad_key: { enabled: true, rolloutPercentage: 1, phase: 'beta' } } }],
    ['schemaVersion 2', { ...base, schemaVersion: 2 }],
    ['version -1', { ...base, version: -1 }],
    ['fractional version', { ...base, version: 1.5 }],
    ['issuedAt not a date', { ...base, issuedAt: 'yesterday' }],
    ['issuedAt without zone', { ...base, issuedAt: '2026-11-01T12:00:00' }],
    ['expiresAt with offset', { ...base, expiresAt: '2027-11-01T12:00:00-03:00' }],
    ['missing environment', { ...base, environment: undefined }],
    ['pollSeconds 0', { ...base, pollSeconds: 0 }],
    ['no pollSeconds (default)', { ...base, pollSeconds: undefined }],
    ['extra top-level field', { ...base, extra: 1 }],
    ['metrics pushgateway', { ...base, metrics: { pushgatewayUrl: 'https://push.example.com:9091' } }],
    ['metrics unknown field', { ...base, metrics: { push: 'x' } }],
    ['array instead of object', [base]],
    ['null', null],
  ];

  it('accepts the documented example and the bootstrap source (zod and JSON Schema)', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    for (const file of ['example.config.json', 'bootstrap.config.json']) {
      const doc = JSON.parse(readFileSync(join(SCHEMA_FILE, '..', file), 'utf8'));
      expect(FlagConfigSchema.safeParse(doc).success, file).toBe(true);
      expect(validate(doc), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('agrees with the zod schema on valid and invalid samples', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    let valid = 0;
    for (const [name, sample] of samples) {
      const clean = JSON.parse(JSON.stringify(sample ?? null));
      const zodOk = FlagConfigSchema.safeParse(clean).success;
      expect(validate(clean), name).toBe(zodOk);
      if (zodOk) valid++;
    }
    expect(valid).toBeGreaterThanOrEqual(6);
    expect(valid).toBeLessThan(samples.length - 10);
  });
});
