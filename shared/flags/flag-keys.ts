/** The flags of the rollout plan. A flag that is off turns its feature off in main and in the UI. */
export const FLAG_KEYS = ['OFFICIAL_INTEGRATIONS', 'SEC_SK_1300', 'BRAZILIAN_FIELDS', 'ADVANCED_ANALYTICS'] as const;
export type FlagKey = (typeof FLAG_KEYS)[number];

export function isFlagKey(value: string): value is FlagKey {
  return (FLAG_KEYS as readonly string[]).includes(value);
}

/**
 * What main asks before it serves a gated channel. The rollout service implements it; until a
 * configuration is loaded, every flag is evaluated from the bootstrap configuration.
 */
export interface FeatureGate {
  /** A read with no side effect: anything may ask (dashboards, exports, compliance rules). */
  isEnabled(flag: FlagKey): boolean;
  /** A short reason for the user when the flag is off (e.g. `DISABLED`, `SPLIT`, `GUARD_TRIPPED`). */
  reason(flag: FlagKey): string;
  /** Main is serving a gated channel of `flag` to the user, who meets the feature there (an exposure). */
  served?(flag: FlagKey): void;
}

export const ALL_ON_GATE: FeatureGate = { isEnabled: () => true, reason: () => 'STATIC' };
