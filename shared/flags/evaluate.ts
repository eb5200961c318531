import semver, { type SemVer } from 'semver';
import { parseVersion } from './version';
import { PERCENT_SCALE, bucketHash, bucketOf, onWeight } from './bucketing';
import type { FlagConfig, FlagDefinition, FlagRule, Phase, RollbackKind } from './config-schema';
import { planAt, scheduleTimeMs, stepIndexAt, stepView, type StepView } from './schedule';

export type { StepView } from './schedule';

/** Where the configuration in force came from. */
export type ConfigSource = 'remote' | 'last-known-good' | 'bootstrap';

/** OpenFeature reasons (an open set) plus ours: GUARD_TRIPPED. */
export type FlagReason = 'STATIC' | 'DEFAULT' | 'TARGETING_MATCH' | 'SPLIT' | 'DISABLED' | 'STALE' | 'ERROR' | 'GUARD_TRIPPED';
/** OpenFeature error codes used here. */
export type FlagErrorCode = 'FLAG_NOT_FOUND' | 'TARGETING_KEY_MISSING' | 'PARSE_ERROR' | 'GENERAL';
/** Which step of the evaluation order decided, for explanations. */
export type FlagMatch = 'override' | 'killSwitch' | 'guard' | 'deny' | 'allow' | 'rule' | 'percentage' | 'missing';

export interface EvaluationContext {
  /** The targeting key: organisation id/e-mail set by policy or at first run, else the random install id. */
  userId: string;
  /** role, emailDomain, appVersion, platform, environment, … Empty strings count as absent. */
  attributes?: Record<string, string | undefined>;
}

/** One flag's result, in OpenFeature's shape plus what the UI needs to explain it. */
export interface FlagEvaluation {
  flag: string;
  value: boolean;
  variant: 'on' | 'off';
  reason: FlagReason;
  errorCode?: FlagErrorCode;
  errorMessage?: string;
  match: FlagMatch;
  /** Index of the deciding rule when match = rule. */
  ruleIndex?: number;
  phase: Phase | null;
  /** The percentage that applied (the rule's when a rule with its own percentage decided). */
  rolloutPercentage: number | null;
  configVersion: number | null;
  source: ConfigSource;
  /** The configuration in force is past its expiresAt (kept because nothing newer verified). */
  stale: boolean;
  /** The rollout plan's step this workstation follows (index -1: the flag-level setting), and the next one. */
  step: StepView | null;
  nextStep: StepView | null;
  /** A gradual rollback holds this workstation on the step before (until a higher configuration version). */
  steppedBack?: boolean;
  /** This user's group, 0–99: on iff the group is inside the percentage (present when a percentage decided). */
  bucket?: number;
}

export interface GuardTripState {
  /** The config version the trip applies to; a higher published version clears it. */
  configVersion: number;
  at: string;
  detail: string;
  /** immediate: off; gradual: the step before the one in force at `at` (off when there is none). */
  rollback: RollbackKind;
}

export interface EvaluationOptions {
  source: ConfigSource;
  /** The stale marker, and which step of a flag's schedule is in force (without it, the flag-level setting). */
  now?: Date;
  /** The flag server's clock minus ours (from its Date header); used by schedules when beyond their skew tolerance. */
  clockOffsetMs?: number;
  /** Flags tripped by a local guard. */
  guardTrips?: ReadonlyMap<string, GuardTripState>;
  /** Environment overrides that are allowed to apply (dev builds, or policy). */
  overrides?: Readonly<Record<string, boolean | undefined>>;
}

interface CompiledFlag {
  key: string;
  def: FlagDefinition;
  allow: ReadonlySet<string>;
  deny: ReadonlySet<string>;
}

/** A configuration prepared for fast repeated evaluation (sets for allow/deny lists). */
export interface CompiledConfig {
  config: FlagConfig;
  flags: ReadonlyMap<string, CompiledFlag>;
  expiresAtMs: number;
}

export function compileConfig(config: FlagConfig): CompiledConfig {
  const flags = new Map<string, CompiledFlag>();
  for (const [key, def] of Object.entries(config.flags)) {
    flags.set(key, { key, def, allow: new Set(def.allow), deny: new Set(def.deny) });
  }
  return { config, flags, expiresAtMs: Date.parse(config.expiresAt) };
}

function attributeOf(ctx: EvaluationContext, name: string): string | undefined {
  const value = name === 'userId' ? ctx.userId : ctx.attributes?.[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Compares two parsed versions as a rule's operator says. */
function semverCompare(version: SemVer, op: FlagRule['op'], target: SemVer): boolean {
  const order = semver.compare(version, target);
  switch (op) {
    case 'semverEq':
      return order === 0;
    case 'semverNeq':
      return order !== 0;
    case 'semverGt':
      return order > 0;
    case 'semverGte':
      return order >= 0;
    case 'semverLt':
      return order < 0;
    case 'semverLte':
      return order <= 0;
    default:
      return false;
  }
}

/** A semver rule: versions read as flagd reads them (parseVersion); a value that is no version never matches. */
function semverRuleMatches(rule: FlagRule, actual: string): boolean {
  const version = parseVersion(actual);
  if (!version) return false;
  const test = (v: string) => {
    const target = parseVersion(v);
    return target !== null && semverCompare(version, rule.op, target);
  };
  return rule.op === 'semverNeq' ? rule.values.every(test) : rule.values.some(test);
}

/**
 * Whether a rule matches. A missing attribute never matches, not even a negated operator
 * (notIn, semverNeq): a rule cannot judge what it cannot see. Positive operators match when
 * any value matches; negated ones when no value matches.
 */
export function ruleMatches(rule: FlagRule, ctx: EvaluationContext): boolean {
  const actual = attributeOf(ctx, rule.attribute);
  if (actual === undefined) return false;
  switch (rule.op) {
    case 'in':
      return rule.values.includes(actual);
    case 'notIn':
      return !rule.values.includes(actual);
    case 'startsWith':
      return rule.values.some((v) => actual.startsWith(v));
    case 'endsWith':
      return rule.values.some((v) => actual.endsWith(v));
    default:
      return semverRuleMatches(rule, actual);
  }
}

function result(
  flag: string,
  value: boolean,
  reason: FlagReason,
  match: FlagMatch,
  def: FlagDefinition | undefined,
  compiled: CompiledConfig | null,
  options: EvaluationOptions,
  extra?: Partial<Pick<FlagEvaluation, 'errorCode' | 'errorMessage' | 'ruleIndex' | 'rolloutPercentage' | 'bucket' | 'steppedBack'>>,
  plan?: { step: StepView; next: StepView | null },
): FlagEvaluation {
  const stale = compiled !== null && options.now !== undefined && options.now.getTime() > compiled.expiresAtMs;
  const out: FlagEvaluation = {
    flag,
    value,
    variant: value ? 'on' : 'off',
    reason,
    match,
    phase: plan ? plan.step.phase : (def?.phase ?? null),
    rolloutPercentage: plan ? plan.step.rolloutPercentage : def ? def.rolloutPercentage : null,
    configVersion: compiled ? compiled.config.version : null,
    source: options.source,
    stale,
    step: plan && def?.schedule ? plan.step : null,
    nextStep: plan?.next ?? null,
  };
  // Assigned field by field rather than spread: this runs once per flag per user in bulk evaluation.
  if (extra) {
    if (extra.errorCode !== undefined) out.errorCode = extra.errorCode;
    if (extra.errorMessage !== undefined) out.errorMessage = extra.errorMessage;
    if (extra.ruleIndex !== undefined) out.ruleIndex = extra.ruleIndex;
    if (extra.rolloutPercentage !== undefined) out.rolloutPercentage = extra.rolloutPercentage;
    if (extra.bucket !== undefined) out.bucket = extra.bucket;
    if (extra.steppedBack) out.steppedBack = true;
  }
  return out;
}

/**
 * The step this workstation follows: the schedule's step at the (skew-corrected) time, or — after
 * a gradual rollback — the step before the one that was in force when the trigger fired.
 */
export function effectivePlan(
  def: FlagDefinition,
  options: EvaluationOptions,
  trip?: GuardTripState,
): { step: StepView; next: StepView | null; steppedBack: boolean; off: boolean } {
  const nowMs = (options.now ?? new Date(0)).getTime();
  if (trip?.rollback === 'gradual') {
    if (!def.schedule) return { step: stepView(def, -1), next: null, steppedBack: true, off: true };
    const trippedAt = stepIndexAt(def.schedule, scheduleTimeMs(def.schedule, Date.parse(trip.at), options.clockOffsetMs));
    // Before the first step there is no earlier one to go back to: off.
    if (trippedAt < 0) return { step: stepView(def, -1), next: null, steppedBack: true, off: true };
    return { step: stepView(def, trippedAt - 1), next: null, steppedBack: true, off: false };
  }
  const t = def.schedule ? scheduleTimeMs(def.schedule, nowMs, options.clockOffsetMs) : nowMs;
  const { current, next } = planAt(def, t);
  return { step: current, next, steppedBack: false, off: false };
}

/** The user's group 0–99 for a hash (the percent the hash falls in). */
function groupOf(hash: number): number {
  return Math.floor(bucketOf(hash) / PERCENT_SCALE);
}

/**
 * Evaluates one flag for one user. Order: (allowed env override) → kill switch → local guard
 * trip → deny → allow → rules (first match decides) → percentage.
 */
export function evaluateFlag(compiled: CompiledConfig | null, flag: string, ctx: EvaluationContext, options: EvaluationOptions): FlagEvaluation {
  const entry = compiled?.flags.get(flag);
  const def = entry?.def;
  const override = options.overrides?.[flag];
  if (override !== undefined) return result(flag, override, 'STATIC', 'override', def, compiled ?? null, options);
  if (!entry || !def) {
    return result(flag, false, 'ERROR', 'missing', undefined, compiled ?? null, options, {
      errorCode: 'FLAG_NOT_FOUND',
      errorMessage: `Flag ${flag} is not in configuration version ${compiled?.config.version ?? '(none)'}`,
    });
  }
  if (!def.enabled) return result(flag, false, 'DISABLED', 'killSwitch', def, compiled, options);
  const tripState = options.guardTrips?.get(flag);
  const trip = tripState && tripState.configVersion >= compiled!.config.version ? tripState : undefined;
  const plan = effectivePlan(def, options, trip);
  if (trip && (trip.rollback === 'immediate' || plan.off)) {
    return result(
      flag,
      false,
      'GUARD_TRIPPED',
      'guard',
      def,
      compiled,
      options,
      { errorMessage: trip.detail, ...(plan.steppedBack ? { steppedBack: true } : {}) },
      plan,
    );
  }
  const stepped = plan.steppedBack ? { steppedBack: true } : {};
  if (ctx.userId === '') {
    return result(flag, false, 'ERROR', 'missing', def, compiled, options, {
      errorCode: 'TARGETING_KEY_MISSING',
      errorMessage: 'No user id to evaluate the flag for',
    });
  }
  if (entry.deny.has(ctx.userId)) return result(flag, false, 'TARGETING_MATCH', 'deny', def, compiled, options, stepped, plan);
  if (entry.allow.has(ctx.userId)) return result(flag, true, 'TARGETING_MATCH', 'allow', def, compiled, options, stepped, plan);
  let hash: number | undefined;
  for (let i = 0; i < def.rules.length; i++) {
    const rule = def.rules[i]!;
    if (!ruleMatches(rule, ctx)) continue;
    if (rule.rolloutPercentage === undefined) {
      return result(flag, true, 'TARGETING_MATCH', 'rule', def, compiled, options, { ruleIndex: i, ...stepped }, plan);
    }
    hash = bucketHash(flag, ctx.userId);
    const on = bucketOf(hash) < onWeight(rule.rolloutPercentage);
    return result(
      flag,
      on,
      'SPLIT',
      'rule',
      def,
      compiled,
      options,
      { ruleIndex: i, rolloutPercentage: rule.rolloutPercentage, bucket: groupOf(hash), ...stepped },
      plan,
    );
  }
  hash = bucketHash(flag, ctx.userId);
  const percentage = plan.step.rolloutPercentage;
  const on = bucketOf(hash) < onWeight(percentage);
  // 0 % and 100 % are the same for everyone: STATIC rather than SPLIT, so the UI does not suggest a lottery.
  const reason: FlagReason = percentage <= 0 || percentage >= 100 ? 'STATIC' : 'SPLIT';
  return result(flag, on, reason, 'percentage', def, compiled, options, { bucket: groupOf(hash), ...stepped }, plan);
}

/** Evaluates the given flags (default: all in the configuration). */
export function evaluateAll(
  compiled: CompiledConfig | null,
  flags: readonly string[],
  ctx: EvaluationContext,
  options: EvaluationOptions,
): Record<string, FlagEvaluation> {
  const out: Record<string, FlagEvaluation> = {};
  for (const flag of flags) out[flag] = evaluateFlag(compiled, flag, ctx, options);
  return out;
}

/** Share of `userCount` synthetic users ("user-0", "user-1", …) that get each flag. */
export function simulateShares(
  compiled: CompiledConfig,
  userCount: number,
  attributes: Record<string, string> = {},
  idPrefix = 'user-',
  now?: Date,
): Record<string, { on: number; users: number; share: number; target: number }> {
  const out: Record<string, { on: number; users: number; share: number; target: number }> = {};
  const options: EvaluationOptions = now ? { source: 'bootstrap', now } : { source: 'bootstrap' };
  for (const [flag, entry] of compiled.flags) {
    let on = 0;
    for (let i = 0; i < userCount; i++) {
      if (evaluateFlag(compiled, flag, { userId: idPrefix + i, attributes }, options).value) on++;
    }
    const target = entry.def.enabled ? effectivePlan(entry.def, options).step.rolloutPercentage / 100 : 0;
    out[flag] = { on, users: userCount, share: userCount ? on / userCount : 0, target };
  }
  return out;
}

/** The share per step of each scheduled flag's plan (the flag-level setting first), for `qivo flags simulate`. */
export function simulateSchedule(
  compiled: CompiledConfig,
  userCount: number,
  attributes: Record<string, string> = {},
  idPrefix = 'user-',
): Record<string, { step: StepView; on: number; users: number; share: number; target: number }[]> {
  const out: Record<string, { step: StepView; on: number; users: number; share: number; target: number }[]> = {};
  for (const [flag, entry] of compiled.flags) {
    const def = entry.def;
    if (!def.schedule) continue;
    const rows: { step: StepView; on: number; users: number; share: number; target: number }[] = [];
    for (let index = -1; index < def.schedule.steps.length; index++) {
      const step = stepView(def, index);
      // Evaluated at the step's own start (a millisecond before the first step for the flag-level row).
      const now = new Date(step.at ? Date.parse(step.at) : Date.parse(def.schedule.steps[0]!.at) - 1);
      let on = 0;
      for (let i = 0; i < userCount; i++) if (evaluateFlag(compiled, flag, { userId: idPrefix + i, attributes }, { source: 'bootstrap', now }).value) on++;
      rows.push({ step, on, users: userCount, share: userCount ? on / userCount : 0, target: def.enabled ? step.rolloutPercentage / 100 : 0 });
    }
    out[flag] = rows;
  }
  return out;
}
