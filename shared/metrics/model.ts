import { z } from 'zod';
import { FLAG_KEYS } from '../flags/flag-keys';
import { MetricsWindowSchema } from './window';

/** Rates and percentiles are null when there is nothing to measure: the UI says "no data", never "0 %". */
const maybe = z.number().nullable();

export const TimeSeriesSchema = z.object({
  stepMs: z.number(),
  /** Slot starts (ms epoch), the x axis. */
  slots: z.array(z.number()),
  series: z.array(z.object({ label: z.string(), values: z.array(z.number().nullable()) })),
});
export type TimeSeries = z.output<typeof TimeSeriesSchema>;

export const ApiSourceStatsSchema = z.object({
  source: z.string(),
  calls: z.number(),
  successes: z.number(),
  errors: z.number(),
  timeouts: z.number(),
  successRate: maybe,
  errorRate: maybe,
  timeoutRate: maybe,
  p50Ms: maybe,
  p95Ms: maybe,
  /** exact = nearest rank over the raw events; estimated = from the rollups' fixed-bucket histograms. */
  percentileMethod: z.enum(['exact', 'estimated']).nullable(),
  bytes: z.number(),
});
export type ApiSourceStats = z.output<typeof ApiSourceStatsSchema>;

export const CacheStatsSchema = z.object({
  lookups: z.number(),
  hits: z.number(),
  misses: z.number(),
  stale: z.number(),
  evictions: z.number(),
  hitRate: maybe,
  missRate: maybe,
  evictionRate: maybe,
  sizeEntries: maybe,
  sizeBytes: maybe,
  hitRateOverTime: TimeSeriesSchema,
});
export type CacheStats = z.output<typeof CacheStatsSchema>;

export const HistogramSchema = z.object({ bounds: z.array(z.number()), counts: z.array(z.number()) });

export const ComplianceStatsSchema = z.object({
  checks: z.number(),
  scored: z.number(),
  averageScore: maybe,
  minScore: maybe,
  maxScore: maybe,
  scoreHistogram: HistogramSchema,
  topViolations: z.array(z.object({ rule: z.string(), count: z.number() })),
});
export type ComplianceStats = z.output<typeof ComplianceStatsSchema>;

export const FlagUsageSchema = z.object({
  flag: z.string(),
  enabled: z.boolean(),
  reason: z.string(),
  evaluations: z.number(),
  exposures: z.number(),
  variants: z.array(z.object({ variant: z.string(), exposures: z.number() })),
});
export type FlagUsage = z.output<typeof FlagUsageSchema>;

export const CostStatsSchema = z.object({
  perSource: z.array(z.object({ source: z.string(), calls: z.number(), bytes: z.number() })),
  totalCalls: z.number(),
  totalBytes: z.number(),
  exports: z.number(),
  exportBytes: z.number(),
});

export const DashboardSchema = z.object({
  window: MetricsWindowSchema,
  from: z.number(),
  to: z.number(),
  generatedAt: z.number(),
  totalEvents: z.number(),
  api: z.object({ sources: z.array(ApiSourceStatsSchema), callsOverTime: TimeSeriesSchema }),
  cache: CacheStatsSchema,
  compliance: ComplianceStatsSchema,
  features: z.object({ flags: z.array(FlagUsageSchema) }),
  cost: CostStatsSchema,
});
export type Dashboard = z.output<typeof DashboardSchema>;

/** What ADVANCED_ANALYTICS adds: the tail latency, the latency distributions and the cost per report. */
export const DashboardExtrasSchema = z.object({
  window: MetricsWindowSchema,
  p99PerSource: z.array(z.object({ source: z.string(), p99Ms: maybe, percentileMethod: z.enum(['exact', 'estimated']).nullable() })),
  latencyHistograms: z.array(z.object({ source: z.string(), bounds: z.array(z.number()), counts: z.array(z.number()) })),
  costPerReport: z.array(
    z.object({ reportId: z.string(), calls: z.number(), bytes: z.number(), exports: z.number(), exportBytes: z.number(), checks: z.number() }),
  ),
});
export type DashboardExtras = z.output<typeof DashboardExtrasSchema>;

/** Operational measurements the rollout guards compare with a phase's targets. */
export const GuardMeasurementSchema = z.object({
  samples: z.number(),
  successRate: maybe,
  errorRate: maybe,
  timeoutRate: maybe,
  p95LatencyMs: maybe,
  cacheLookups: z.number(),
  cacheHitRate: maybe,
});
export type GuardMeasurement = z.output<typeof GuardMeasurementSchema>;

export const FlagKeySchema = z.enum(FLAG_KEYS);
