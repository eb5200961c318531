import { z } from 'zod';
import { PHASES } from '../flags/config-schema';
import { GUARD_METRICS } from '../flags/guards';
import { REJECTION_REASONS } from '../flags/envelope';
import { FLAG_KEYS } from '../flags/flag-keys';
import { channel } from './contract-kit';

// Channels and events of the staged rollout. Merged in contract.ts.

export const ConfigSourceSchema = z.enum(['remote', 'last-known-good', 'bootstrap']);

export const FlagProblemSchema = z.object({
  reason: z.enum([...REJECTION_REASONS, 'noConfig', 'lkgInvalid', 'bootstrapInvalid', 'expiredInForce']),
  message: z.string(),
  details: z.array(z.string()).optional(),
  at: z.string(),
});
export type FlagProblemView = z.output<typeof FlagProblemSchema>;

const GuardMetricName = z.enum(GUARD_METRICS);

export const GuardStatusSchema = z.object({
  status: z.enum(['insufficientData', 'healthy', 'belowTarget', 'tripped', 'notChecked']),
  operations: z.array(z.string()),
  windowMinutes: z.number(),
  minSample: z.number(),
  calls: z.number(),
  metrics: z.partialRecord(GuardMetricName, z.number()),
  breaches: z.array(
    z.object({
      metric: GuardMetricName,
      kind: z.enum(['target', 'trigger']),
      rollback: z.enum(['immediate', 'gradual']).optional(),
      expected: z.enum(['above', 'below']),
      threshold: z.number(),
      actual: z.number(),
    }),
  ),
  feedback: z.number(),
  minFeedback: z.number(),
  trip: z.object({ at: z.string(), detail: z.string(), configVersion: z.number(), rollback: z.enum(['immediate', 'gradual']) }).nullable(),
});
export type GuardStatusView = z.output<typeof GuardStatusSchema>;

const StepSchema = z.object({ index: z.number(), at: z.string().nullable(), rolloutPercentage: z.number(), phase: z.enum(PHASES) });

export const FlagStatusSchema = z.object({
  flag: z.string(),
  value: z.boolean(),
  variant: z.enum(['on', 'off']),
  reason: z.string(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  match: z.string(),
  ruleIndex: z.number().optional(),
  phase: z.enum(PHASES).nullable(),
  rolloutPercentage: z.number().nullable(),
  configVersion: z.number().nullable(),
  source: ConfigSourceSchema,
  stale: z.boolean(),
  description: z.string().optional(),
  /** Per interface language, from the configuration's `descriptions`. */
  descriptions: z.record(z.string(), z.string()).optional(),
  step: StepSchema.nullable(),
  nextStep: StepSchema.nullable(),
  steppedBack: z.boolean(),
  bucket: z.number().optional(),
  guard: GuardStatusSchema.nullable(),
});
export type FlagStatusView = z.output<typeof FlagStatusSchema>;

export const FlagsOverviewSchema = z.object({
  userId: z.string(),
  userIdOrigin: z.enum(['settings', 'install']),
  userIdLocked: z.boolean(),
  url: z.string().nullable(),
  configVersion: z.number().nullable(),
  source: ConfigSourceSchema,
  environment: z.string().nullable(),
  issuedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  stale: z.boolean(),
  pollSeconds: z.number(),
  lastFetchAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  nextFetchAt: z.string().nullable(),
  lastError: FlagProblemSchema.nullable(),
  overridesAllowed: z.boolean(),
  flags: z.array(FlagStatusSchema),
});
export type FlagsOverview = z.output<typeof FlagsOverviewSchema>;

export const FlagAuditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  kind: z.enum(['config.accepted', 'config.rejected', 'guard.tripped', 'guard.cleared', 'flag.changed']),
  flag: z.string().nullable(),
  configVersion: z.number().nullable(),
  reason: z.string().nullable(),
  detail: z.string(),
});
export type FlagAuditEntryView = z.output<typeof FlagAuditEntrySchema>;

export const FlagsChangedSchema = z.object({
  cause: z.enum(['config', 'guard', 'fetch', 'user', 'start', 'schedule']),
  configVersion: z.number().nullable(),
  source: ConfigSourceSchema,
  changes: z.array(z.object({ flag: z.string(), before: z.boolean(), after: z.boolean(), reason: z.string() })),
  at: z.string(),
  /** Everything `flags.list` answers, as of this change: the window applies it without asking again. */
  overview: FlagsOverviewSchema,
});
export type FlagsChangedEvent = z.output<typeof FlagsChangedSchema>;

const Empty = z.object({}).strict().optional();

export const flagsChannels = {
  /** Every flag for this user with value, reason, phase, rollout %, config version, source, guard; plus fetch status. */
  'flags.list': channel({ input: Empty, output: FlagsOverviewSchema }),
  /** Fetches the remote configuration now (waits for the answer) and returns the new overview. */
  'flags.refresh': channel({ input: Empty, output: FlagsOverviewSchema }),
  /** The audit log: configurations accepted/refused, guard trips and clears (newest first). */
  'flags.audit': channel({
    input: z
      .object({ limit: z.number().int().min(1).max(500).optional(), flag: z.string().max(64).optional() })
      .strict()
      .optional(),
    output: z.array(FlagAuditEntrySchema),
  }),
  /** First run: the organisation id or e-mail the rollout is keyed on (refused when IT policy locks it). */
  'flags.setUserId': channel({ input: z.object({ userId: z.string().trim().min(1).max(320) }).strict(), output: FlagsOverviewSchema }),
  /**
   * A view that shows a flagged feature was shown (once per showing, not per render) or taken
   * away; `view` names that showing. Main records the exposure when the flag is on for this user,
   * and does not count again the gated calls the view makes while it is open. Not gated itself:
   * the report is not a use of the feature.
   */
  'flags.exposure': channel({
    input: z.object({ flag: z.enum(FLAG_KEYS), view: z.string().min(1).max(64), shown: z.boolean() }).strict(),
    output: z.object({ recorded: z.boolean() }),
  }),
};

export const flagsEvents = {
  /** The configuration, a guard, the fetch status or the user changed; `changes` lists flags whose value flipped, `overview` is the new state. */
  'flags.changed': FlagsChangedSchema,
};
