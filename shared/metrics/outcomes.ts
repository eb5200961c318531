/**
 * The one vocabulary of metric outcomes. Each metric kind records one closed set of outcomes and
 * every reader — the dashboard, the rollout guards, the Prometheus exposition and the push —
 * classifies them with the functions below, so two views of the same events cannot disagree.
 * Flag events are not here: their `outcome` is the evaluation reason or the variant.
 */

/** `regulator.call`: disjoint, so success + error + timeout rates add up to 1. */
export const CALL_OUTCOMES = ['success', 'error', 'timeout'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/**
 * `cache`: hit (fresh entry), stale (an expired entry served while it is refreshed, or because the
 * agency is down — a lookup that still needs the network, so not a hit), miss, eviction and size
 * (a gauge report) — the last two are not lookups.
 */
export const CACHE_OUTCOMES = ['hit', 'stale', 'miss', 'eviction', 'size'] as const;
export type CacheOutcome = (typeof CACHE_OUTCOMES)[number];

/**
 * `compliance.check`: ok, or critical while any critical finding is open; violation = the check of
 * one rule (`name`) failed. Per-rule violations derived from a check's labels are their own kind.
 */
export const CHECK_OUTCOMES = ['ok', 'critical', 'violation'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

/** `export`: refused = blocked by a critical finding or bad input, error = failed while writing. */
export const EXPORT_OUTCOMES = ['success', 'refused', 'error'] as const;
export type ExportOutcome = (typeof EXPORT_OUTCOMES)[number];

/** A call that reports anything but success or timeout (or nothing) failed. */
export function classifyCall(outcome: string | undefined): CallOutcome {
  return outcome === 'success' || outcome === 'timeout' ? outcome : 'error';
}

/** A cache outcome outside the set is no cache event at all (null). */
export function classifyCache(outcome: string | undefined): CacheOutcome | null {
  return (CACHE_OUTCOMES as readonly string[]).includes(outcome ?? '') ? (outcome as CacheOutcome) : null;
}

export function isCacheLookup(outcome: string | undefined): boolean {
  const c = classifyCache(outcome);
  return c === 'hit' || c === 'stale' || c === 'miss';
}

export function isCacheHit(outcome: string | undefined): boolean {
  return classifyCache(outcome) === 'hit';
}

export function isViolation(outcome: string | undefined): boolean {
  return outcome === 'violation';
}
