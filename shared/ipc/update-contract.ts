import { z } from 'zod';
import { channel } from './contract-kit';

/**
 * The app's own updates: what the signed update feed offers this machine, and the "ready —
 * restart" step. Not behind a feature flag: IT must always be able to move a machine off a
 * withdrawn version.
 */
export const UpdateStateSchema = z.enum([
  /** No feed address configured (settings `update.feedUrl` or QIVO_UPDATE_FEED_URL). */
  'notConfigured',
  'upToDate',
  /** A newer version exists but this machine is not in its stage yet. */
  'notYet',
  /** The offered version has no build for this platform. */
  'noBuild',
  /** Offered; the shell can download it (Electron) or only report it (browser host, CLI). */
  'available',
  'downloading',
  /** Downloaded and checked; installs on restart. */
  'ready',
  'error',
]);
export type UpdateState = z.output<typeof UpdateStateSchema>;

export const UpdateStatusSchema = z.object({
  state: UpdateStateSchema,
  currentVersion: z.string(),
  version: z.string().optional(),
  downgrade: z.boolean().optional(),
  /** Why the version is offered: newer, or the running one was withdrawn by IT. */
  offerReason: z.enum(['newer', 'currentWithdrawn']).optional(),
  stagingPercentage: z.number().optional(),
  notes: z.object({ en: z.array(z.string()), 'pt-BR': z.array(z.string()) }).optional(),
  checkedAt: z.string().optional(),
  feedSequence: z.number().optional(),
  /** Whether this shell can install (only the packaged Electron app). */
  canInstall: z.boolean(),
  error: z.object({ code: z.string(), message: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }).optional(),
});
export type UpdateStatus = z.output<typeof UpdateStatusSchema>;

export const updateChannels = {
  'update.status': channel({ input: z.object({}).strict().optional(), output: UpdateStatusSchema }),
  'update.check': channel({ input: z.object({}).strict().optional(), output: UpdateStatusSchema }),
  /** Installs the downloaded update and restarts. The window flushes its pending saves before it asks. */
  'update.restart': channel({ input: z.object({}).strict().optional(), output: z.object({ restarting: z.boolean() }) }),
};

export const updateEvents = {
  'update.changed': UpdateStatusSchema,
};
