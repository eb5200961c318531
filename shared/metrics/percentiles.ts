/**
 * Exact percentiles over raw samples, nearest-rank definition: the p-th percentile is the
 * smallest sample such that at least p % of the samples are <= it. It always returns an observed
 * value (no interpolation), which makes "known stream → known percentile" checks unambiguous.
 */
export function nearestRank(sortedAscending: ArrayLike<number>, p: number): number | null {
  const n = sortedAscending.length;
  if (n === 0) return null;
  if (!(p > 0)) return sortedAscending[0] as number;
  const rank = Math.min(n, Math.ceil((p / 100) * n));
  return sortedAscending[rank - 1] as number;
}

/** Sorts a copy (numeric order) and returns the requested percentiles, keyed by p. */
export function percentiles<P extends number>(values: ArrayLike<number>, ps: readonly P[]): Record<P, number | null> {
  const sorted = Float64Array.from(values).sort();
  const out = {} as Record<P, number | null>;
  for (const p of ps) out[p] = nearestRank(sorted, p);
  return out;
}

/** A ratio that is honest about having nothing to divide: null instead of 0 % or NaN. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export function average(sum: number, count: number): number | null {
  return count > 0 ? sum / count : null;
}
