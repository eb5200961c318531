import type { Agency, SourceHealth } from './records';

/**
 * What the status bar says about one agency, apart from the computer's own network: an agency is
 * failing as soon as one call to any of its services failed (not only once the circuit opens), and
 * then the newest copy kept of its answers is what the app works from.
 */
export type AgencyState =
  { agency: Agency; state: 'unknown' } | { agency: Agency; state: 'ok' } | { agency: Agency; state: 'failing'; copyAgeSeconds: number | null };

export function agencyStates(sources: readonly SourceHealth[]): AgencyState[] {
  const byAgency = new Map<Agency, SourceHealth[]>();
  for (const s of sources) byAgency.set(s.agency, [...(byAgency.get(s.agency) ?? []), s]);
  return [...byAgency].map(([agency, list]): AgencyState => {
    if (list.some((s) => s.consecutiveFailures > 0 || s.circuit === 'open')) {
      const ages = list.map((s) => s.cacheAgeSeconds).filter((a): a is number => a !== null);
      return { agency, state: 'failing', copyAgeSeconds: ages.length ? Math.min(...ages) : null };
    }
    return list.some((s) => s.lastSuccessAt !== null) ? { agency, state: 'ok' } : { agency, state: 'unknown' };
  });
}
