import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, fullJitter } from '../../shared/backoff';

describe('backoff', () => {
  it('doubles from the base per attempt and stops at the maximum', () => {
    expect([0, 1, 2, 3, 4].map((a) => backoffCeilingMs(100, a, 1000))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffCeilingMs(100, 5000, 1000)).toBe(1000);
  });

  it('full jitter spreads over [0, ceiling) and never reaches it', () => {
    expect(fullJitter(400, () => 0)).toBe(0);
    expect(fullJitter(400, () => 0.5)).toBe(200);
    expect(fullJitter(400, () => 0.999999)).toBe(399);
  });
});
