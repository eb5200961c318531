import { z } from 'zod';
import { DashboardExtrasSchema, DashboardSchema } from '../metrics/model';
import { RolloutHealthSchema } from '../metrics/rollout-health';
import { MetricsWindowSchema } from '../metrics/window';
import { channel } from './contract-kit';

export const PushStatusSchema = z.object({
  /** The user's opt-in (setting `metrics.pushEnabled`); off by default. */
  enabled: z.boolean(),
  /** The Pushgateway URL from the flag configuration (`metrics.pushgatewayUrl`), null when IT set none. */
  url: z.string().nullable(),
  workstation: z.string(),
  lastPushAt: z.number().nullable(),
  lastError: z.string().nullable(),
});
export type PushStatus = z.output<typeof PushStatusSchema>;

// Channels and events of this feature. Owned by the feature's issue; merged in contract.ts.
export const metricsChannels = {
  'metrics.dashboard': channel({ input: z.object({ window: MetricsWindowSchema }).strict(), output: DashboardSchema }),
  /** p99, latency distributions and cost per report: only with ADVANCED_ANALYTICS. */
  'metrics.extras': channel({ input: z.object({ window: MetricsWindowSchema }).strict(), output: DashboardExtrasSchema, flag: 'ADVANCED_ANALYTICS' }),
  'metrics.rolloutHealth': channel({
    input: z
      .object({ auditLimit: z.number().int().min(1).max(1000).optional() })
      .strict()
      .optional(),
    output: RolloutHealthSchema,
  }),
  'metrics.pushStatus': channel({ input: z.object({}).strict().optional(), output: PushStatusSchema }),
  'metrics.setPushEnabled': channel({ input: z.object({ enabled: z.boolean() }).strict(), output: PushStatusSchema }),
};
export const metricsEvents = {};
