/**
 * The one exponential backoff of the workstation: base·2^attempt (attempt counts from 0), never
 * above `maxMs`. Callers add their own jitter: a retry of one request spreads over the whole range
 * (`fullJitter`), a poller stays near its period so it never polls faster than asked.
 */
export function backoffCeilingMs(baseMs: number, attempt: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** attempt);
}

/** Uniform in [0, ceiling): clients that failed together do not retry together. `random` is in [0, 1). */
export function fullJitter(ceilingMs: number, random: () => number): number {
  return Math.floor(random() * ceilingMs);
}
