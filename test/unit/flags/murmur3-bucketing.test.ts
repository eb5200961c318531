import { createHash } from 'node:crypto';
import { FlagdCore } from '@openfeature/flagd-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketHash, bucketOf, inRollout, onWeight, TOTAL_WEIGHT } from '../../../shared/flags/bucketing';
import { murmur3Bytes, murmur3Utf8 } from '../../../shared/flags/murmur3';
import { NON_ASCII_IDS } from './flags-fixtures';

describe('murmur3 x86_32 over UTF-8', () => {
  it('reproduces the flagd hash-boundary vectors', () => {
    expect(murmur3Utf8('ejOoVL')).toBe(0x00000000);
    expect(murmur3Utf8('bY9fO-')).toBe(0x00000001);
    expect(murmur3Utf8('SI7p-')).toBe(0x7fffffff);
    expect(murmur3Utf8('6LvT0')).toBe(0x80000000);
    expect(murmur3Utf8('ceQdGm')).toBe(0xffffffff);
  });

  it('matches the published reference values of MurmurHash3_x86_32', () => {
    // From the SMHasher reference implementation (also used by Guava's murmur3_32 tests).
    expect(murmur3Bytes(new Uint8Array(0), 0)).toBe(0);
    expect(murmur3Bytes(new Uint8Array(0), 1)).toBe(0x514e28b7);
    expect(murmur3Utf8('The quick brown fox jumps over the lazy dog', 0)).toBe(0x2e4ff723);
    expect(murmur3Bytes(new Uint8Array([0x21, 0x43, 0x65, 0x87]), 0)).toBe(0xf55b516b);
    expect(murmur3Bytes(new Uint8Array([0x21, 0x43, 0x65]), 0)).toBe(0x7e4a8634);
    expect(murmur3Bytes(new Uint8Array([0x21, 0x43]), 0)).toBe(0xa0f7b07a);
    expect(murmur3Bytes(new Uint8Array([0x21]), 0)).toBe(0x72661cf4);
  });

  it('hashes the UTF-8 bytes of non-ASCII ids, not UTF-16 code units', () => {
    for (const id of NON_ASCII_IDS) {
      const bytes = new Uint8Array(Buffer.from(id, 'utf8'));
      expect(murmur3Utf8(id)).toBe(murmur3Bytes(bytes));
    }
    // "é" is C3 A9 in UTF-8; a UTF-16 hasher would see E9 00.
    expect(murmur3Utf8('é')).toBe(murmur3Bytes(new Uint8Array([0xc3, 0xa9])));
    expect(murmur3Utf8('é')).not.toBe(murmur3Bytes(new Uint8Array([0xe9])));
  });

  it('handles long ids (scratch buffer growth) the same as a fresh encoding', () => {
    const long = 'Conceição-'.repeat(500);
    expect(murmur3Utf8(long)).toBe(murmur3Bytes(new Uint8Array(Buffer.from(long, 'utf8'))));
    expect(murmur3Utf8('short')).toBe(murmur3Bytes(new Uint8Array(Buffer.from('short', 'utf8'))));
  });
});

describe('bucketing = flagd fractional v2', () => {
  it('agrees with @openfeature/flagd-core on ASCII ids, percentage by percentage', () => {
    const core = new FlagdCore();
    const percentages = [0, 0.5, 1, 10, 33.3333, 50, 99.9999, 100];
    const flags: Record<string, unknown> = {};
    percentages.forEach((p, i) => {
      const on = onWeight(p);
      flags[`F${i}`] = {
        state: 'ENABLED',
        variants: { on: true, off: false },
        defaultVariant: 'off',
        targeting: { fractional: [{ cat: [{ var: '$flagd.flagKey' }, { var: 'targetingKey' }] }, ['on', on], ['off', TOTAL_WEIGHT - on]] },
      };
    });
    core.setConfigurations(JSON.stringify({ flags }));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }), (id) => {
        percentages.forEach((p, i) => {
          const theirs = core.resolveBooleanEvaluation(`F${i}`, false, { targetingKey: id }).value;
          expect(inRollout(`F${i}`, id, p)).toBe(theirs);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('maps the boundary hashes to the first and last bucket', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(0xffffffff)).toBe(TOTAL_WEIGHT - 1);
    expect(bucketOf(0x80000000)).toBe(TOTAL_WEIGHT / 2);
    expect(bucketOf(0x7fffffff)).toBe(TOTAL_WEIGHT / 2 - 1);
  });

  it('is on iff h < p/100 · 2^32 (checked with BigInt) for random hashes and percentages', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 1_000_000 }), (h, w) => {
        const p = w / 10_000;
        const expected = BigInt(h) * 1_000_000n < BigInt(w) * 4294967296n;
        expect(bucketOf(h) < onWeight(p)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('raising the percentage keeps every previously-on user on (accented and non-Latin ids included)', () => {
    const anyId = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
      fc.constantFrom(...NON_ASCII_IDS),
      fc.emailAddress(),
    );
    const pct = fc.double({ min: 0, max: 100, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(anyId, { minLength: 1, maxLength: 50 }),
        pct,
        pct,
        fc.constantFrom('OFFICIAL_INTEGRATIONS', 'BRAZILIAN_FIELDS'),
        (ids, a, b, flag) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          for (const id of ids) {
            if (inRollout(flag, id, low)) expect(inRollout(flag, id, high)).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('at 100 000 users the share on is within ±0.5 % of the target', () => {
    for (const [flag, p] of [
      ['OFFICIAL_INTEGRATIONS', 10],
      ['SEC_SK_1300', 50],
      ['BRAZILIAN_FIELDS', 0.5],
      ['ADVANCED_ANALYTICS', 73.25],
    ] as const) {
      let on = 0;
      for (let i = 0; i < 100_000; i++) if (inRollout(flag, `user-${i}@org.example`, p)) on++;
      expect(Math.abs(on / 100_000 - p / 100)).toBeLessThanOrEqual(0.005);
    }
  });

  it('is the same for the same id every time (sticky), different per flag', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => createHash('sha1').update(String(i)).digest('hex'));
    const a = ids.map((id) => bucketHash('OFFICIAL_INTEGRATIONS', id));
    expect(ids.map((id) => bucketHash('OFFICIAL_INTEGRATIONS', id))).toEqual(a);
    const b = ids.map((id) => bucketHash('SEC_SK_1300', id));
    const same = a.filter((h, i) => h < 2 ** 31 === b[i]! < 2 ** 31).length;
    // Independent hashes agree on a half/half split about half of the time, not always.
    expect(same).toBeGreaterThan(800);
    expect(same).toBeLessThan(1200);
  });
});

describe('ASCII fast path', () => {
  it('hashes ASCII text exactly like its UTF-8 bytes, at every length and tail size', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 64 }), fc.integer({ min: 0, max: 0xffffffff }), (text, seed) => {
        expect(murmur3Utf8(text, seed)).toBe(murmur3Bytes(new Uint8Array(Buffer.from(text, 'utf8')), seed));
      }),
      { numRuns: 2000 },
    );
  });
});
