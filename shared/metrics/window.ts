import { z } from 'zod';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export const METRICS_WINDOWS = ['1h', '24h', '7d', '30d'] as const;
export const MetricsWindowSchema = z.enum(METRICS_WINDOWS);
export type MetricsWindow = z.output<typeof MetricsWindowSchema>;

export const WINDOW_MS: Record<MetricsWindow, number> = { '1h': HOUR_MS, '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS };

/** Retention the store enforces: raw events a month, minute rollups as long as raw, hour rollups a year. */
export const RETENTION_MS = { raw: 30 * DAY_MS, minute: 30 * DAY_MS, hour: 365 * DAY_MS } as const;

/** Chart resolution per window: about 60–720 points, so every chart stays readable and cheap. */
export const CHART_STEP_MS: Record<MetricsWindow, number> = {
  '1h': MINUTE_MS,
  '24h': 30 * MINUTE_MS,
  '7d': 6 * HOUR_MS,
  '30d': DAY_MS,
};

export function floorTo(ts: number, step: number): number {
  return Math.floor(ts / step) * step;
}

export function ceilTo(ts: number, step: number): number {
  return Math.ceil(ts / step) * step;
}

/** A half-open time range [from, to) in ms epoch. */
export interface TimeRange {
  from: number;
  to: number;
}

export interface RollupPlan {
  /** Whole hours, read from the hour rollups. */
  hours: TimeRange | null;
  /** The ragged minutes before the first and after the last whole hour, read from minute rollups. */
  minutes: TimeRange[];
}

/**
 * Splits a window into whole hours (hour rollups) plus the minutes at both edges (minute
 * rollups), so totals over any window are exact to the minute while a 30-day query reads ~720
 * hour rows instead of ~43 000 minute rows. The window start is floored to its minute: the
 * partial minute at the start counts whole (the only imprecision, < 1 minute).
 */
export function planRollups(range: TimeRange): RollupPlan {
  const from = floorTo(range.from, MINUTE_MS);
  const to = range.to;
  if (to <= from) return { hours: null, minutes: [] };
  const firstWholeHour = ceilTo(from, HOUR_MS);
  const lastWholeHourEnd = floorTo(to, HOUR_MS);
  if (firstWholeHour >= lastWholeHourEnd) return { hours: null, minutes: [{ from, to }] };
  const minutes: TimeRange[] = [];
  if (from < firstWholeHour) minutes.push({ from, to: firstWholeHour });
  if (lastWholeHourEnd < to) minutes.push({ from: lastWholeHourEnd, to });
  return { hours: { from: firstWholeHour, to: lastWholeHourEnd }, minutes };
}

export function windowRange(window: MetricsWindow, now: number): TimeRange {
  return { from: now - WINDOW_MS[window], to: now + 1 };
}

/** Chart slot starts covering the window, aligned to the step. */
export function chartSlots(window: MetricsWindow, now: number): number[] {
  const step = CHART_STEP_MS[window];
  const start = floorTo(now - WINDOW_MS[window], step);
  const out: number[] = [];
  for (let t = start; t <= now; t += step) out.push(t);
  return out;
}

/** Parses the CLI's `--window` (1h, 24h, 7d, 30d); null when not one of them. */
export function parseWindow(text: string): MetricsWindow | null {
  const parsed = MetricsWindowSchema.safeParse(text.trim().toLowerCase());
  return parsed.success ? parsed.data : null;
}
