/**
 * Fixed-bucket histograms. Rollups store counts per bucket instead of raw samples so that a
 * year of data stays small and percentiles can still be estimated; because every rollup uses the
 * same boundaries, merging two histograms is an element-wise sum.
 */

/** Upper bounds (inclusive, milliseconds) of the latency buckets; a final +Inf bucket is implied. */
export const LATENCY_BUCKETS_MS: readonly number[] = [
  5, 10, 25, 50, 75, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000, 2500, 3000, 4000, 5000, 7500, 10000, 15000, 20000, 30000, 60000,
];

/** Upper bounds of the compliance-score buckets (scores are 0–100); a final +Inf bucket is implied. */
export const SCORE_BUCKETS: readonly number[] = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

/** Counts per bucket; `counts.length === bounds.length + 1` (the last one is +Inf). Not cumulative. */
export type HistogramCounts = number[];

export function emptyHistogram(bounds: readonly number[]): HistogramCounts {
  return new Array<number>(bounds.length + 1).fill(0);
}

/** Index of the bucket a value falls into: the first bound >= value (binary search), else +Inf. */
export function bucketIndex(bounds: readonly number[], value: number): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((bounds[mid] as number) >= value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function observe(counts: HistogramCounts, bounds: readonly number[], value: number): void {
  const i = bucketIndex(bounds, value);
  counts[i] = (counts[i] ?? 0) + 1;
}

/** Element-wise sum into `target` (which grows if `source` is longer, e.g. an old stored row). */
export function mergeInto(target: HistogramCounts, source: readonly number[]): HistogramCounts {
  for (let i = 0; i < source.length; i++) target[i] = (target[i] ?? 0) + (source[i] ?? 0);
  return target;
}

export function mergeHistograms(bounds: readonly number[], parts: readonly (readonly number[])[]): HistogramCounts {
  const out = emptyHistogram(bounds);
  for (const p of parts) mergeInto(out, p);
  return out;
}

export function histogramTotal(counts: readonly number[]): number {
  let n = 0;
  for (const c of counts) n += c;
  return n;
}

/**
 * Estimated q-quantile (0 < q <= 1) from bucket counts, the way Prometheus' histogram_quantile
 * does it: find the bucket holding rank q·n and interpolate linearly inside it. The lower edge
 * of the first bucket is 0 (latencies and scores are non-negative). When the rank lands in +Inf,
 * the highest finite bound is returned (a lower bound of the truth) — or the observed max when
 * given, which is exact for the top. Returns null with no samples.
 */
export function estimateQuantile(counts: readonly number[], bounds: readonly number[], q: number, observedMax?: number | null): number | null {
  const total = histogramTotal(counts);
  if (total === 0) return null;
  const rank = q * total;
  let cumulative = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i] ?? 0;
    if (c > 0 && cumulative + c >= rank) {
      if (i >= bounds.length) {
        const top = bounds[bounds.length - 1] ?? 0;
        return observedMax != null && observedMax > top ? observedMax : top;
      }
      const lower = i === 0 ? 0 : (bounds[i - 1] as number);
      const upper = bounds[i] as number;
      const estimate = lower + (upper - lower) * ((rank - cumulative) / c);
      return observedMax != null ? Math.min(estimate, observedMax) : estimate;
    }
    cumulative += c;
  }
  return bounds[bounds.length - 1] ?? null;
}

/** Cumulative counts per bound (Prometheus `_bucket{le=…}` series), the last being +Inf = total. */
export function cumulativeCounts(counts: readonly number[]): number[] {
  const out: number[] = [];
  let running = 0;
  for (const c of counts) {
    running += c;
    out.push(running);
  }
  return out;
}
