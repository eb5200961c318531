import { z } from 'zod';

/**
 * The flag configuration document (schemaVersion 1). The field names of the issue are the
 * contract; objects are strict so that a typo in a hand-edited config ("rolloutPercent") is a
 * schema error at signing time instead of a silently ignored field in the field.
 * The JSON Schema in assets/flags/flag-config.schema.json is generated from this (a test checks).
 */

export const PHASES = ['internal', 'beta', 'expanded', 'full'] as const;
export type Phase = (typeof PHASES)[number];

export const RULE_OPS = ['in', 'notIn', 'startsWith', 'endsWith', 'semverEq', 'semverNeq', 'semverGt', 'semverGte', 'semverLt', 'semverLte'] as const;
export type RuleOp = (typeof RULE_OPS)[number];

const Percentage = z.number().min(0).max(100).describe('Share of users, 0..100; decimals allowed, resolved to 0.0001 %.');

const Rate = z.number().min(0).max(1);

const UserIdList = z.array(z.string().min(1).max(320)).max(10_000);

export const RuleSchema = z
  .object({
    attribute: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/)
      .describe('Context attribute: role, emailDomain, appVersion, platform, environment, or any attribute set by policy.'),
    op: z.enum(RULE_OPS).describe('in/notIn: exact match; startsWith/endsWith: string prefix/suffix; semver*: compares the attribute as a semantic version.'),
    values: z.array(z.string().min(1).max(256)).min(1).max(1000),
    rolloutPercentage: Percentage.optional().describe('When present, only this share of the matching users get the flag (same sticky bucketing).'),
    description: z.string().max(500).optional(),
  })
  .strict();
export type FlagRule = z.output<typeof RuleSchema>;

export const GuardTargetsSchema = z
  .object({
    successRate: Rate.optional().describe('Target: success rate above this (e.g. 0.95).'),
    p95LatencyMs: z.number().positive().optional().describe('Target: 95th percentile latency below this, in ms (e.g. 2000).'),
    cacheHitRate: Rate.optional().describe('Target: cache hit rate above this (e.g. 0.8).'),
    errorRate: Rate.optional().describe('Target: error rate below this (e.g. 0.01).'),
    timeoutRate: Rate.optional().describe('Target: timeout rate below this.'),
    satisfactionAbove: z.number().min(1).max(5).optional().describe('Target: average user rating (1-5) of the feature in this phase above this (e.g. 4).'),
  })
  .strict();
export type GuardTargets = z.output<typeof GuardTargetsSchema>;

export const RollbackTriggersSchema = z
  .object({
    successRateBelow: Rate.optional().describe('Immediate rollback when the success rate falls below this (e.g. 0.85).'),
    errorRateAbove: Rate.optional().describe('Immediate rollback when the error rate rises above this (e.g. 0.05).'),
    timeoutRateAbove: Rate.optional(),
    p95LatencyMsAbove: z.number().positive().optional(),
    complaintRateAbove: Rate.optional().describe(
      'Rollback when the share of feedback that is a complaint (a problem report or a rating of 1-2) rises above this (e.g. 0.10).',
    ),
  })
  .strict();
export type RollbackTriggers = z.output<typeof RollbackTriggersSchema>;
export type TriggerKey = keyof RollbackTriggers;

/** What a fired trigger does on this workstation. */
export const ROLLBACK_KINDS = ['immediate', 'gradual'] as const;
export type RollbackKind = (typeof ROLLBACK_KINDS)[number];

export const GuardSchema = z
  .object({
    operations: z
      .array(z.string().regex(/^[a-z][A-Za-z0-9._-]{0,63}(\/[A-Za-z0-9._-]{1,64})?$/))
      .min(1)
      .max(20)
      .describe('Local metric operations covered: a metric kind ("regulator.call", "cache") optionally narrowed to a source ("regulator.call/anm").'),
    windowMinutes: z.number().min(1).max(1440).default(15),
    minSample: z.number().int().min(1).max(1_000_000).default(50),
    minFeedback: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(10)
      .describe('Feedback answers (ratings + problem reports) needed before satisfaction and complaints are judged.'),
    targets: GuardTargetsSchema.default({}),
    rollbackTriggers: RollbackTriggersSchema.default({}).describe(
      'Immediate rollback: this workstation turns the flag off until a higher configuration version.',
    ),
    gradualTriggers: RollbackTriggersSchema.default({}).describe(
      'Gradual rollback: this workstation behaves as the previous step of the schedule (off when there is none) until a higher configuration version.',
    ),
  })
  .strict();
export type FlagGuard = z.output<typeof GuardSchema>;

export const ScheduleStepSchema = z
  .object({
    at: z.iso.datetime({ offset: true }).describe('When this step starts (ISO 8601 with zone), by the workstation clock.'),
    rolloutPercentage: Percentage,
    phase: z.enum(PHASES),
  })
  .strict();
export type ScheduleStep = z.output<typeof ScheduleStepSchema>;

export const ScheduleSchema = z
  .object({
    skewToleranceSeconds: z
      .number()
      .int()
      .min(0)
      .max(86_400)
      .default(300)
      .describe(
        'Clocks may differ by this much: a workstation whose clock is further than this from the flag server (its Date header) follows the server time instead.',
      ),
    steps: z
      .array(ScheduleStepSchema)
      .min(1)
      .max(50)
      .describe(
        'In time order, percentages never lower than the step before (so a rising step never drops a user). Before the first step the flag-level rolloutPercentage and phase apply.',
      ),
  })
  .strict();
export type Schedule = z.output<typeof ScheduleSchema>;

export const FlagDefinitionSchema = z
  .object({
    enabled: z.boolean().describe('false = kill switch: off for everyone, before any other rule.'),
    rolloutPercentage: Percentage,
    allow: UserIdList.default([]).describe('User ids that always get the flag (unless denied or killed).'),
    deny: UserIdList.default([]).describe('User ids that never get the flag.'),
    rules: z.array(RuleSchema).max(100).default([]).describe('Evaluated in order; the first matching rule decides.'),
    phase: z.enum(PHASES),
    schedule: ScheduleSchema.optional().describe('The rollout plan on a calendar: each step sets the percentage and phase from its start time.'),
    guard: GuardSchema.optional(),
    description: z.string().max(500).optional(),
    descriptions: z
      .record(z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/), z.string().max(500))
      .optional()
      .describe('The description per interface language ("pt-BR", "en"); `description` is the fallback.'),
  })
  .strict()
  .superRefine((def, ctx) => {
    const steps = def.schedule?.steps ?? [];
    for (let i = 1; i < steps.length; i++) {
      const prev = steps[i - 1]!;
      const step = steps[i]!;
      if (Date.parse(step.at) <= Date.parse(prev.at))
        ctx.addIssue({ code: 'custom', path: ['schedule', 'steps', i, 'at'], message: 'steps must be in time order' });
      if (step.rolloutPercentage < prev.rolloutPercentage)
        ctx.addIssue({
          code: 'custom',
          path: ['schedule', 'steps', i, 'rolloutPercentage'],
          message: 'a step may not lower the percentage (it would drop users); publish a new configuration instead',
        });
    }
  });
export type FlagDefinition = z.output<typeof FlagDefinitionSchema>;

const IsoDateTime = z.iso.datetime({ offset: true });

export const FLAG_KEY_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;

export const FlagConfigSchema = z
  .object({
    $schema: z.string().max(500).optional(),
    schemaVersion: z.literal(1),
    version: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .describe('Higher with every publish; a lower one is refused as a replay. 0 is the shipped bootstrap; publish from 1.'),
    issuedAt: IsoDateTime,
    expiresAt: IsoDateTime,
    environment: z.string().min(1).max(64),
    pollSeconds: z.number().int().min(1).max(86_400).default(60),
    metrics: z
      .object({
        pushgatewayUrl: z
          .string()
          .url()
          .max(2048)
          .optional()
          .describe('Prometheus Pushgateway the workstations push their local metrics to (metrics feature).'),
      })
      .strict()
      .optional(),
    flags: z
      .record(z.string().regex(FLAG_KEY_PATTERN), FlagDefinitionSchema)
      .describe('Flags by key. Keys this app version does not know are kept and ignored.'),
  })
  .strict()
  .meta({
    title: 'QIVO flag configuration',
    description: 'Signed remote flag configuration of the QIVO Compliance Workstation (schemaVersion 1).',
  });
export type FlagConfig = z.output<typeof FlagConfigSchema>;
export type FlagConfigInput = z.input<typeof FlagConfigSchema>;

/** One line per problem, "path: message", for the UI, the CLI and the audit log. */
export function describeZodIssues(error: z.ZodError, max = 10): string[] {
  return error.issues.slice(0, max).map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
}

type SchemaDef = {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  innerType?: z.core.$ZodType;
  element?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  defaultValue?: unknown;
};

const LEAVES = new Set(['string', 'number', 'boolean', 'enum', 'literal']);

/** What zod's parse adds to a valid value: its defaults, walked from the schema's definition (no validation, no compiled parser). */
function fillDefaults(schema: z.core.$ZodType, value: unknown): unknown {
  const def = schema._zod.def as unknown as SchemaDef;
  switch (def.type) {
    case 'default':
      // As zod does: an absent value takes the default as it is, a present one is the inner type's.
      return value === undefined ? def.defaultValue : fillDefaults(def.innerType!, value);
    case 'optional':
    case 'nullable':
      return value === undefined || value === null ? value : fillDefaults(def.innerType!, value);
    case 'object': {
      if (typeof value !== 'object' || value === null) return value;
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(def.shape!)) {
        const filled = fillDefaults(field, source[key]);
        if (filled !== undefined) out[key] = filled;
      }
      return out;
    }
    case 'array':
      // Lists of plain values (allow, deny: up to 10 000 ids) have nothing to fill.
      return Array.isArray(value) && !LEAVES.has(def.element!._zod.def.type) ? value.map((item) => fillDefaults(def.element!, item)) : value;
    case 'record': {
      if (typeof value !== 'object' || value === null) return value;
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillDefaults(def.valueType!, item)]));
    }
    default:
      return value;
  }
}

/**
 * A configuration that passed FlagConfigSchema before (same bytes, same app version), as the
 * schema's parse returns it, without running the parse again: zod compiles its parser on the first
 * call, which costs several milliseconds in a fresh process. Never for a value not validated before.
 */
export function configValidatedBefore(value: unknown): FlagConfig {
  return fillDefaults(FlagConfigSchema, value) as FlagConfig;
}
