/**
 * Local metrics of what the workstation does (regulator calls, cache, compliance checks, flags,
 * exports). Features record; the metrics store persists and rolls them up; the rollout
 * guards read them. `record` must never throw and never block the operation it measures.
 */
export type MetricKind = 'regulator.call' | 'cache' | 'compliance.check' | 'flag.evaluation' | 'flag.exposure' | 'flag.guard' | 'export';

import type { CacheOutcome, CallOutcome, CheckOutcome, ExportOutcome } from './outcomes';

/**
 * Where a user met a flagged feature — the `surface` label of a `flag.exposure`: main served one of
 * the feature's gated channels while no view of it was open (`channel`), or a view that shows the
 * feature was shown with the flag on (`view`; the gated calls it makes while open are the same use
 * and are not counted again). Reading a flag (a dashboard, an export, a compliance rule) is no
 * exposure and records nothing.
 */
export const EXPOSURE_SURFACES = ['channel', 'view'] as const;
export type ExposureSurface = (typeof EXPOSURE_SURFACES)[number];

interface MetricEventBase {
  /** Milliseconds since the epoch. */
  at: number;
  /** What was measured, e.g. `anm.process`, `sgb.occurrences`, `ex96`. */
  name: string;
  /** The regulator source or feature, e.g. `ANM`, `SGB`, `IBAMA`, `ANP`. */
  source?: string;
  durationMs?: number;
  /** A number that is not a duration: a compliance score, a flag value (1/0). */
  value?: number;
  bytes?: number;
  labels?: Record<string, string>;
}

/**
 * The outcome each kind may record is its closed set from outcomes.ts (the type checker refuses an
 * `ok` for a regulator call); flag events carry the evaluation reason or the variant.
 */
export type MetricEvent =
  | (MetricEventBase & { kind: 'regulator.call'; outcome: CallOutcome })
  | (MetricEventBase & { kind: 'cache'; outcome: CacheOutcome })
  | (MetricEventBase & { kind: 'compliance.check'; outcome: CheckOutcome })
  | (MetricEventBase & { kind: 'export'; outcome: ExportOutcome })
  | (MetricEventBase & { kind: 'flag.exposure'; outcome: string; labels: { reason: string; surface: ExposureSurface } })
  | (MetricEventBase & { kind: 'flag.evaluation' | 'flag.guard'; outcome?: string });
