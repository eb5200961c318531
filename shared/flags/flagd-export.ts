import { PERCENT_SCALE, TOTAL_WEIGHT, onWeight } from './bucketing';
import type { FlagConfig, FlagDefinition, FlagRule } from './config-schema';

/**
 * Exports a configuration as a flagd flag-definition document (https://flagd.dev/schema/v0/flags.json)
 * that buckets identically: the percentage becomes `fractional` over `flagKey + targetingKey`
 * with integer weights [on, 1 000 000 − on], "on" first — the same v2 arithmetic our evaluator uses.
 * Callers pass the user id as `targetingKey` and our attributes (role, emailDomain, …) as context fields.
 * Local guard trips and environment overrides are device-local and have no flagd equivalent.
 */

type JsonLogic = unknown;

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

function targeting(def: FlagDefinition): JsonLogic {
  const branches: JsonLogic[] = [];
  if (def.deny.length) branches.push({ in: [{ var: 'targetingKey' }, def.deny] }, 'off');
  if (def.allow.length) branches.push({ in: [{ var: 'targetingKey' }, def.allow] }, 'on');
  for (const rule of def.rules) {
    branches.push(ruleCondition(rule), rule.rolloutPercentage === undefined ? 'on' : fractional(rule.rolloutPercentage));
  }
  const fallthrough = fractional(def.rolloutPercentage);
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
    flags[key] = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off', targeting: targeting(def), metadata };
  }
  return {
    $schema: 'https://flagd.dev/schema/v0/flags.json',
    metadata: { flagSetId: `qivo-${config.environment}`, version: String(config.version) },
    flags,
  };
}
