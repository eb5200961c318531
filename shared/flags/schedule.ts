import type { FlagDefinition, Phase, Schedule } from './config-schema';

/** One step of a flag's rollout plan as shown to users and IT; index -1 is the flag-level setting in force before the first step. */
export interface StepView {
  index: number;
  /** Start of the step (null for the flag-level setting before the plan starts). */
  at: string | null;
  rolloutPercentage: number;
  phase: Phase;
}

/**
 * The time the schedule is read at. Each workstation reads its own clock; when the flag server's
 * clock (the Date of its last answer) says ours is off by more than the plan's tolerance, the
 * server's time is used instead, so a wrong clock cannot jump a machine weeks ahead or behind.
 */
export function scheduleTimeMs(schedule: Schedule, nowMs: number, clockOffsetMs = 0): number {
  return Math.abs(clockOffsetMs) > schedule.skewToleranceSeconds * 1000 ? nowMs + clockOffsetMs : nowMs;
}

// Start times parsed once per schedule object (evaluation runs per user in bulk simulations).
const startsCache = new WeakMap<Schedule, number[]>();
function startsOf(schedule: Schedule): number[] {
  let starts = startsCache.get(schedule);
  if (!starts) {
    starts = schedule.steps.map((s) => Date.parse(s.at));
    startsCache.set(schedule, starts);
  }
  return starts;
}

/** Index of the step in force at `tMs` (the last one started), -1 before the first. */
export function stepIndexAt(schedule: Schedule, tMs: number): number {
  const starts = startsOf(schedule);
  let index = -1;
  for (let i = 0; i < starts.length; i++) {
    if (starts[i]! <= tMs) index = i;
    else break;
  }
  return index;
}

/** The step at `index` (-1: the flag-level percentage and phase). */
export function stepView(def: FlagDefinition, index: number): StepView {
  const step = index >= 0 ? def.schedule?.steps[index] : undefined;
  return step
    ? { index, at: step.at, rolloutPercentage: step.rolloutPercentage, phase: step.phase }
    : { index: -1, at: null, rolloutPercentage: def.rolloutPercentage, phase: def.phase };
}

/** The step in force and the next one, at the time `tMs` (already corrected by scheduleTimeMs). */
export function planAt(def: FlagDefinition, tMs: number): { current: StepView; next: StepView | null } {
  if (!def.schedule) return { current: stepView(def, -1), next: null };
  const index = stepIndexAt(def.schedule, tMs);
  const next = index + 1 < def.schedule.steps.length ? stepView(def, index + 1) : null;
  return { current: stepView(def, index), next };
}

/** The earliest step start after `tMs` over all flags (when the app must re-evaluate), or null. */
export function nextStepStartMs(defs: Iterable<FlagDefinition>, tMs: number): number | null {
  let best: number | null = null;
  for (const def of defs) {
    for (const step of def.schedule?.steps ?? []) {
      const at = Date.parse(step.at);
      if (at > tMs && (best === null || at < best)) best = at;
    }
  }
  return best;
}
