/**
 * Local metrics of what the workstation does (regulator calls, cache, compliance checks, flags,
 * exports). Features record; the metrics store persists and rolls them up; the rollout
 * guards read them. `record` must never throw and never block the operation it measures.
 */
export type MetricKind = 'regulator.call' | 'cache' | 'compliance.check' | 'flag.evaluation' | 'flag.exposure' | 'flag.guard' | 'export';

export interface MetricEvent {
  kind: MetricKind;
  /** Milliseconds since the epoch. */
  at: number;
  /** What was measured, e.g. `anm.process`, `sgb.occurrences`, `ex96`. */
  name: string;
  /** The regulator source or feature, e.g. `ANM`, `SGB`, `IBAMA`, `ANP`. */
  source?: string;
  /** e.g. success | error | timeout for calls; hit | miss | stale | eviction for the cache. */
  outcome?: string;
  durationMs?: number;
  /** A number that is not a duration: a compliance score, a flag value (1/0). */
  value?: number;
  bytes?: number;
  labels?: Record<string, string>;
}
