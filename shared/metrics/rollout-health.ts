import { z } from 'zod';
import type { FlagDefinition } from '../flags/config-schema';
import { GUARD_METRICS, TARGET_DEFS, TRIGGER_DEFS, evaluateGuard, type GuardWindowStats } from '../flags/guards';

export const GuardMetricSchema = z.enum(GUARD_METRICS);

export const TargetCheckSchema = z.object({
  metric: GuardMetricSchema,
  expected: z.enum(['above', 'below']),
  threshold: z.number(),
  actual: z.number().nullable(),
  /** null = not judged yet (fewer samples than the guard's minimum). */
  met: z.boolean().nullable(),
});

export const TriggerCheckSchema = z.object({
  metric: GuardMetricSchema,
  expected: z.enum(['above', 'below']),
  threshold: z.number(),
  actual: z.number().nullable(),
  /** What the trigger does when it fires: immediate (off) or gradual (the previous step). */
  rollback: z.enum(['immediate', 'gradual']),
  /** armed = watching, within bounds (or not enough data yet); tripped = past the threshold now or rolled back for it. */
  state: z.enum(['armed', 'tripped']),
});

/** One transition of the flags feature's audit log (app.db `flag_audit`), as it records it. */
export const AuditEntrySchema = z.object({
  at: z.string(),
  /** config.accepted | config.rejected | guard.tripped | guard.cleared | flag.changed */
  kind: z.string(),
  flag: z.string().nullable(),
  configVersion: z.number().nullable(),
  reason: z.string().nullable(),
  detail: z.string(),
});
export type AuditEntry = z.output<typeof AuditEntrySchema>;

export const FlagHealthSchema = z.object({
  flag: z.string(),
  enabled: z.boolean(),
  reason: z.string(),
  configured: z.boolean(),
  phase: z.string().nullable(),
  rolloutPercentage: z.number().nullable(),
  guard: z
    .object({
      operations: z.array(z.string()),
      windowMinutes: z.number(),
      minSample: z.number(),
      samples: z.number(),
      status: z.enum(['insufficientData', 'healthy', 'belowTarget', 'tripped']),
      targets: z.array(TargetCheckSchema),
      triggers: z.array(TriggerCheckSchema),
    })
    .nullable(),
});
export type FlagHealth = z.output<typeof FlagHealthSchema>;

export const RolloutHealthSchema = z.object({
  generatedAt: z.number(),
  /** Where the flag configuration came from (signed remote, cached last-known-good, bootstrap), when known. */
  configSource: z.string().nullable(),
  configVersion: z.number().nullable(),
  flags: z.array(FlagHealthSchema),
  audit: z.array(AuditEntrySchema),
});
export type RolloutHealth = z.output<typeof RolloutHealthSchema>;

/**
 * One flag's health: its phase, each monitoring target against the measured value, and each
 * rollback trigger armed or tripped. `rolledBackForGuard` marks triggers tripped even when the
 * current window has recovered (the rollback already happened and stays until an operator acts).
 */
export function flagHealth(input: {
  flag: string;
  enabled: boolean;
  reason: string;
  definition: FlagDefinition | null;
  stats: GuardWindowStats | null;
  rolledBackForGuard?: boolean;
}): FlagHealth {
  const def = input.definition;
  const base = {
    flag: input.flag,
    enabled: input.enabled,
    reason: input.reason,
    configured: def !== null,
    phase: def?.phase ?? null,
    rolloutPercentage: def?.rolloutPercentage ?? null,
  };
  if (!def?.guard || !input.stats) return { ...base, guard: null };
  const guard = def.guard;
  const verdict = evaluateGuard(guard, input.stats);
  const judged = verdict.status !== 'insufficientData';
  const targets = TARGET_DEFS.flatMap(({ metric, key, expected }) => {
    const threshold = guard.targets[key];
    if (threshold === undefined) return [];
    const actual = verdict.metrics[metric] ?? null;
    const met = !judged || actual === null ? null : !verdict.breaches.some((b) => b.kind === 'target' && b.metric === metric);
    return [{ metric, expected, threshold, actual, met }];
  });
  const triggers = (['immediate', 'gradual'] as const).flatMap((rollback) =>
    TRIGGER_DEFS.flatMap(({ metric, key, expected }) => {
      const threshold = (rollback === 'immediate' ? guard.rollbackTriggers : guard.gradualTriggers)[key];
      if (threshold === undefined) return [];
      const actual = verdict.metrics[metric] ?? null;
      const trippedNow = verdict.breaches.some((b) => b.kind === 'trigger' && b.metric === metric && b.rollback === rollback);
      return [{ metric, expected, threshold, actual, rollback, state: trippedNow || input.rolledBackForGuard ? ('tripped' as const) : ('armed' as const) }];
    }),
  );
  return {
    ...base,
    guard: {
      operations: [...guard.operations],
      windowMinutes: guard.windowMinutes,
      minSample: guard.minSample,
      samples: verdict.calls,
      status: input.rolledBackForGuard && verdict.status !== 'tripped' ? 'tripped' : verdict.status,
      targets,
      triggers,
    },
  };
}
