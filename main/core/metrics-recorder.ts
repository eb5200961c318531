import type { MetricEvent } from '../../shared/metrics/metric-event';

// The event type is pure data, shared with the aggregation code in shared/metrics.
export type { MetricEvent, MetricKind } from '../../shared/metrics/metric-event';

export interface MetricsRecorder {
  record(event: MetricEvent): void;
}

export const NO_METRICS: MetricsRecorder = { record: () => undefined };

/** Sends every event to each recorder; one failing recorder never affects the others or the caller. */
export function teeRecorders(...recorders: MetricsRecorder[]): MetricsRecorder {
  return {
    record(event) {
      for (const r of recorders) {
        try {
          r.record(event);
        } catch {
          /* metrics are best effort by design */
        }
      }
    },
  };
}
