import { PERCENT_SCALE, TOTAL_WEIGHT, onWeight } from './bucketing';
import type { FlagConfig, FlagDefinition, FlagRule } from './config-schema';

/**
 * Exports a configuration as a flagd flag-definition document (https://flagd.dev/schema/v0/flags.json)
 * that buckets identically: the percentage becomes `fractional` over `flagKey + targetingKey`
 * with integer weights [on, 1 000 000 − on], "on" first — the same v2 arithmetic our evaluator uses.
 * Callers pass the user id as `targetingKey` and our attributes (role, emailDomain, …) as context fields.
 * Versions are read alike on both sides (`parseVersion`, as flagd's `sem_ver` reads them). A
 * schedule becomes a choice on `$flagd.timestamp` (flagd's clock, in whole seconds, stands for
 * the app's skew-corrected clock). Local guard trips (immediate and gradual) and environment
 * overrides are device-local and have no flagd equivalent. What flagd cannot express the same
 * way is refused with a FlagdExportError naming the flag and the rule or step.
 */

type JsonLogic = unknown;

export type FlagdExportProblem = 'attributePath' | 'reservedAttribute' | 'subsecondStep';

/** Where the problem is: a rule (1-based, with its attribute) or a schedule step (1-based, with its start). */
export type FlagdExportPlace = { flag: string; rule: number; attribute: string } | { flag: string; step: number; at: string };

/** A part of a configuration flagd would evaluate differently from the app. */
export class FlagdExportError extends Error {
  /** The place in English, e.g. `SEC_SK_1300 rule 2 (attribute "org.unit")`. */
  readonly where: string;
  constructor(
    readonly problem: FlagdExportProblem,
    readonly place: FlagdExportPlace,
  ) {
    const where =
      'rule' in place ? `${place.flag} rule ${place.rule} (attribute "${place.attribute}")` : `${place.flag} schedule step ${place.step} (at ${place.at})`;
    super(`${where}: ${problem}`);
    this.where = where;
    this.name = 'FlagdExportError';
  }
}

const BUCKET_BY = { cat: [{ var: '$flagd.flagKey' }, { var: 'targetingKey' }] };

function fractional(percentage: number): JsonLogic {
  const on = onWeight(percentage);
  return { fractional: [BUCKET_BY, ['on', on], ['off', TOTAL_WEIGHT - on]] };
}

const SEMVER_OPS: Partial<Record<FlagRule['op'], string>> = {
  semverEq: '=',
  semverNeq: '!=',
  semverGt: '>',
  semverGte: '>=',
  semverLt: '<',
  semverLte: '<=',
};

function attributeVar(attribute: string): JsonLogic {
  return { var: attribute === 'userId' ? 'targetingKey' : attribute };
}

/**
 * Context fields flagd reads differently: a dotted name is a path into nested objects for JSON
 * Logic's `var` (our attributes are flat), and `targetingKey` is flagd's name for the user id.
 */
function checkAttribute(flag: string, index: number, rule: FlagRule): void {
  const place = { flag, rule: index + 1, attribute: rule.attribute };
  if (rule.attribute.includes('.')) throw new FlagdExportError('attributePath', place);
  if (rule.attribute === 'targetingKey') throw new FlagdExportError('reservedAttribute', place);
}

function ruleCondition(rule: FlagRule): JsonLogic {
  const v = attributeVar(rule.attribute);
  // A missing attribute never matches, as in our evaluator (also for the negated operators).
  const present = { '!!': [v] };
  let test: JsonLogic;
  switch (rule.op) {
    case 'in':
      test = { in: [v, rule.values] };
      break;
    case 'notIn':
      test = { '!': { in: [v, rule.values] } };
      break;
    case 'startsWith':
      test = { or: rule.values.map((x) => ({ starts_with: [v, x] })) };
      break;
    case 'endsWith':
      test = { or: rule.values.map((x) => ({ ends_with: [v, x] })) };
      break;
    case 'semverNeq':
      test = { and: rule.values.map((x) => ({ sem_ver: [v, '!=', x] })) };
      break;
    default:
      test = { or: rule.values.map((x) => ({ sem_ver: [v, SEMVER_OPS[rule.op]!, x] })) };
  }
  return { and: [present, test] };
}

/**
 * The flag-level percentage, or with a schedule the step in force: the last step whose start
 * `$flagd.timestamp` (whole seconds) has reached. The app switches at the start's millisecond, so
 * a start within a second is refused rather than switched up to a second apart.
 */
function percentageBranch(flag: string, def: FlagDefinition): JsonLogic {
  const steps = def.schedule?.steps ?? [];
  if (steps.length === 0) return fractional(def.rolloutPercentage);
  const branches: JsonLogic[] = [];
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    const ms = Date.parse(step.at);
    if (ms % 1000 !== 0) throw new FlagdExportError('subsecondStep', { flag, step: i + 1, at: step.at });
    branches.push({ '>=': [{ var: '$flagd.timestamp' }, ms / 1000] }, fractional(step.rolloutPercentage));
  }
  return { if: [...branches, fractional(def.rolloutPercentage)] };
}

function targeting(flag: string, def: FlagDefinition): JsonLogic {
  const branches: JsonLogic[] = [];
  if (def.deny.length) branches.push({ in: [{ var: 'targetingKey' }, def.deny] }, 'off');
  if (def.allow.length) branches.push({ in: [{ var: 'targetingKey' }, def.allow] }, 'on');
  def.rules.forEach((rule, i) => {
    checkAttribute(flag, i, rule);
    branches.push(ruleCondition(rule), rule.rolloutPercentage === undefined ? 'on' : fractional(rule.rolloutPercentage));
  });
  const fallthrough = percentageBranch(flag, def);
  if (branches.length === 0) return fallthrough;
  return { if: [...branches, fallthrough] };
}

export interface FlagdDocument {
  $schema: string;
  metadata: Record<string, string | number | boolean>;
  flags: Record<string, unknown>;
}

export function toFlagdDocument(config: FlagConfig): FlagdDocument {
  const flags: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(config.flags)) {
    const metadata: Record<string, string | number | boolean> = {
      phase: def.phase,
      rolloutPercentage: def.rolloutPercentage,
      percentResolution: 1 / PERCENT_SCALE,
    };
    if (!def.enabled) {
      // Kill switch: a static "off" (not flagd's DISABLED state, which would hand the decision back to the caller's code default).
      flags[key] = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', metadata: { ...metadata, killSwitch: true } };
      continue;
    }
    flags[key] = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', targeting: targeting(key, def), metadata };
  }
  return {
    $schema: 'https://flagd.dev/schema/v0/flags.json',
    metadata: { flagSetId: `qivo-${config.environment}`, version: String(config.version) },
    flags,
  };
}
