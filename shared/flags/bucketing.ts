import { murmur3Utf8 } from './murmur3';

/**
 * Sticky percentage bucketing, exactly flagd `fractional` v2 (reference/flags.md, "Decided"):
 *   h = MurmurHash3_x86_32(utf8(flagKey + userId), seed 0)      (unsigned 32-bit)
 *   bucket = (h * W) >> 32 with integer weights [on, W - on], "on" first; on iff bucket < on.
 * Because "on" is the first range and starts at 0, raising the percentage only ever adds users.
 */

/** Percentages are resolved to 1/10 000 of a percent; W = 100 × 10 000 = 1 000 000 keeps h × W < 2^53, so plain doubles are exact. */
export const PERCENT_SCALE = 10_000;
export const TOTAL_WEIGHT = 100 * PERCENT_SCALE;
const TWO_POW_32 = 4294967296;

/** The integer "on" weight out of TOTAL_WEIGHT for a percentage (0..100, decimals allowed; rounded to 0.0001 %). */
export function onWeight(percentage: number): number {
  if (!Number.isFinite(percentage) || percentage <= 0) return 0;
  if (percentage >= 100) return TOTAL_WEIGHT;
  return Math.round(percentage * PERCENT_SCALE);
}

/** The hash of the bucketing value `flagKey + userId` (plain concatenation, as flagd's shorthand). */
export function bucketHash(flagKey: string, userId: string): number {
  return murmur3Utf8(flagKey + userId);
}

/** flagd v2's bucket in [0, weightTotal) for a hash. */
export function bucketOf(hash: number, weightTotal: number = TOTAL_WEIGHT): number {
  // hash < 2^32 and weightTotal ≤ 2^21 → the product is an exact integer below 2^53.
  return Math.floor((hash * weightTotal) / TWO_POW_32);
}

/** Whether a hash falls in the first `percentage` % of the hash space. */
export function hashInRollout(hash: number, percentage: number): boolean {
  return bucketOf(hash) < onWeight(percentage);
}

/** Whether `userId` is inside the rollout of `flagKey` at `percentage`. */
export function inRollout(flagKey: string, userId: string, percentage: number): boolean {
  return hashInRollout(bucketHash(flagKey, userId), percentage);
}
