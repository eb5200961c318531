import type { FlagConfig, FlagDefinition, FlagGuard, Phase } from './config-schema';
import { FEEDBACK_METRICS, TARGET_DEFS, TRIGGER_DEFS, type GuardMetric } from './guards';
import { planAt, stepView, type StepView } from './schedule';

/**
 * The fleet decision for one flag: from the fleet's figures (read from Prometheus) and the plan,
 * advance to the next step, hold, or roll back (immediately: off; gradually: the previous step).
 * Pure; the CLI reads the figures and writes the signed configuration it returns.
 */

export interface FleetFigures {
  /** Over the guard's window: judged against the rollback triggers. */
  window: { calls: number; feedback: number; metrics: Partial<Record<GuardMetric, number>> };
  /** Over the phase so far (since its step started): judged against the targets. */
  phase: { calls: number; feedback: number; metrics: Partial<Record<GuardMetric, number>>; seconds: number };
  workstations: number;
}

export type FleetAction = 'advance' | 'hold' | 'complete' | 'rollback-immediate' | 'rollback-gradual';

export interface FleetCheck {
  metric: GuardMetric;
  kind: 'target' | 'immediate' | 'gradual';
  expected: 'above' | 'below';
  threshold: number;
  actual: number | null;
  /** null: not judged (below the minimum sample). */
  ok: boolean | null;
}

export interface FleetDecision {
  flag: string;
  phase: Phase;
  action: FleetAction;
  reasons: string[];
  current: StepView;
  /** The step the next configuration puts the fleet on (null when nothing changes). */
  target: StepView | null;
  /** The step a gradual rollback goes back to. */
  previous: StepView;
  figures: FleetFigures;
  checks: FleetCheck[];
}

/** The plan's phases when a flag has no schedule: 0 % internal → 10 % beta → 50 % expanded → 100 % full. */
export const DEFAULT_LADDER: ReadonlyArray<{ rolloutPercentage: number; phase: Phase }> = [
  { rolloutPercentage: 0, phase: 'internal' },
  { rolloutPercentage: 10, phase: 'beta' },
  { rolloutPercentage: 50, phase: 'expanded' },
  { rolloutPercentage: 100, phase: 'full' },
];

function ladderNeighbours(def: FlagDefinition): { previous: StepView; next: StepView | null } {
  const p = def.rolloutPercentage;
  const next = DEFAULT_LADDER.find((s) => s.rolloutPercentage > p);
  const previous = [...DEFAULT_LADDER].reverse().find((s) => s.rolloutPercentage < p) ?? DEFAULT_LADDER[0]!;
  return { previous: { index: -1, at: null, ...previous }, next: next ? { index: -1, at: null, ...next } : null };
}

const sampled = (guard: FlagGuard, metric: GuardMetric, f: { calls: number; feedback: number }) =>
  FEEDBACK_METRICS.has(metric) ? f.feedback >= guard.minFeedback : f.calls >= guard.minSample;

/** Seconds the current step is planned to last (to the next step's start); null without a schedule. */
function plannedSeconds(current: StepView, next: StepView | null): number | null {
  if (!current.at || !next?.at) return null;
  return (Date.parse(next.at) - Date.parse(current.at)) / 1000;
}

export function decide(flag: string, def: FlagDefinition & { guard: FlagGuard }, figures: FleetFigures, now: Date): FleetDecision {
  const guard = def.guard;
  const { current, next: scheduledNext } = planAt(def, now.getTime());
  const checks: FleetCheck[] = [];
  const reasons: string[] = [];
  const trig = (kind: 'immediate' | 'gradual') => {
    const t = kind === 'immediate' ? guard.rollbackTriggers : guard.gradualTriggers;
    let fired = false;
    for (const { metric, key, expected } of TRIGGER_DEFS) {
      const threshold = t[key];
      if (threshold === undefined) continue;
      const actual = figures.window.metrics[metric] ?? null;
      const judged = actual !== null && sampled(guard, metric, figures.window);
      const past = judged && (expected === 'above' ? actual < threshold : actual > threshold);
      checks.push({ metric, kind, expected, threshold, actual, ok: judged ? !past : null });
      if (past) {
        fired = true;
        reasons.push(`${metric} ${actual} past the ${kind} rollback trigger (${expected === 'above' ? 'below' : 'above'} ${threshold})`);
      }
    }
    return fired;
  };
  const immediate = trig('immediate');
  const gradual = trig('gradual');
  let targetsMet = true;
  let judgedAll = true;
  for (const { metric, key, expected } of TARGET_DEFS) {
    const threshold = guard.targets[key];
    if (threshold === undefined) continue;
    const actual = figures.phase.metrics[metric] ?? null;
    const judged = actual !== null && sampled(guard, metric, figures.phase);
    const ok = judged ? (expected === 'above' ? actual > threshold : actual < threshold) : null;
    checks.push({ metric, kind: 'target', expected, threshold, actual, ok });
    if (ok === false) {
      targetsMet = false;
      reasons.push(`${metric} ${actual} misses its target (${expected} ${threshold}) over the phase`);
    }
    if (ok === null) judgedAll = false;
  }
  const neighbours = def.schedule ? null : ladderNeighbours(def);
  const previous = def.schedule ? stepView(def, Math.max(-1, current.index - 1)) : neighbours!.previous;
  const next = def.schedule ? scheduledNext : neighbours!.next;
  const base = { flag, phase: current.phase, current, previous, figures, checks };
  if (immediate) return { ...base, action: 'rollback-immediate', reasons, target: { index: -1, at: null, rolloutPercentage: 0, phase: 'internal' } };
  if (gradual) return { ...base, action: 'rollback-gradual', reasons, target: previous };
  if (!next) return { ...base, action: 'complete', reasons: [...reasons, 'the last step of the plan is in force'], target: null };
  if (figures.phase.calls < guard.minSample) {
    return {
      ...base,
      action: 'hold',
      reasons: [...reasons, `minimum sample not reached: ${figures.phase.calls} of ${guard.minSample} calls in this phase`],
      target: null,
    };
  }
  if (!targetsMet || !judgedAll) {
    if (!judgedAll) reasons.push('not every target could be judged yet (minimum sample of calls or feedback)');
    return { ...base, action: 'hold', reasons, target: null };
  }
  const planned = plannedSeconds(current, next);
  if (planned !== null && figures.phase.seconds < planned) {
    // Targets met so far; the schedule moves on by itself at the next step's start.
    return {
      ...base,
      action: 'hold',
      reasons: [`targets met; the phase runs until ${next.at} (${Math.round(figures.phase.seconds / 3600)} h of ${Math.round(planned / 3600)} h so far)`],
      target: null,
    };
  }
  return {
    ...base,
    action: 'advance',
    reasons: [`every target met over ${Math.round(figures.phase.seconds / 60)} min of the phase with ${figures.phase.calls} calls`],
    target: next,
  };
}

/**
 * The next configuration for a decision: version + 1, issued now, valid as long as the one before.
 * A rollback freezes the plan (the remaining steps are removed: IT re-plans with a new schedule);
 * an advance brings the next step forward to now.
 */
export function nextConfig(config: FlagConfig, decisions: readonly FleetDecision[], now: Date, mode?: 'immediate' | 'gradual'): FlagConfig {
  const validity = Date.parse(config.expiresAt) - Date.parse(config.issuedAt);
  const flags: FlagConfig['flags'] = { ...config.flags };
  for (const d of decisions) {
    const def = flags[d.flag];
    if (!def) continue;
    const action = mode ? (`rollback-${mode}` as const) : d.action;
    if (action === 'advance' && d.target) {
      if (def.schedule && d.target.index >= 0) {
        const steps = def.schedule.steps.map((s, i) => (i === d.target!.index ? { ...s, at: now.toISOString() } : s));
        flags[d.flag] = { ...def, schedule: { ...def.schedule, steps } };
      } else {
        flags[d.flag] = { ...def, rolloutPercentage: d.target.rolloutPercentage, phase: d.target.phase };
      }
    } else if (action === 'rollback-gradual' || action === 'rollback-immediate') {
      const target = action === 'rollback-immediate' ? { rolloutPercentage: 0, phase: 'internal' as const } : d.previous;
      const { schedule: _dropped, ...rest } = def;
      flags[d.flag] = { ...rest, rolloutPercentage: target.rolloutPercentage, phase: target.phase };
    }
  }
  return { ...config, version: config.version + 1, issuedAt: now.toISOString(), expiresAt: new Date(now.getTime() + validity).toISOString(), flags };
}
