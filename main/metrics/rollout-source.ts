import type { FlagDefinition } from '../../shared/flags/config-schema';
import type { AuditEntry } from '../../shared/metrics/rollout-health';
import type { Core } from '../core/core';

/**
 * What rollout health needs from the flags feature. The flags feature owns the configuration
 * and the audit log (in app.db); this adapter is the one place that knows how to ask it, so a
 * change there is a change here only.
 */
export interface RolloutSource {
  /** Flag definitions of the configuration in force, with where it came from. */
  current(): { flags: Record<string, FlagDefinition>; source: string | null; version: number | null; pushgatewayUrl: string | null } | null;
  /** Newest first. */
  audit(limit: number): AuditEntry[];
  /** True when the flag is currently held off by a guard rollback (the trigger stays "tripped"). */
  rolledBackForGuard(flag: string): boolean;
}

export const NO_ROLLOUT: RolloutSource = { current: () => null, audit: () => [], rolledBackForGuard: () => false };

export function rolloutSourceOf(core: Core): RolloutSource {
  return NO_ROLLOUT;
}
