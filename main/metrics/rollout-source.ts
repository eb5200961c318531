import type { FlagDefinition } from '../../shared/flags/config-schema';
import type { RolloutState } from '../../shared/metrics/exposition';
import type { AuditEntry } from '../../shared/metrics/rollout-health';
import type { Core } from '../core/core';
import { FlagAuditStore } from '../flags/audit-store';

/**
 * What rollout health needs from the flags feature. The flags feature owns the configuration
 * and the audit log (app.db `flag_audit`); this adapter is the one place that knows how to ask
 * it, so a change there is a change here only.
 */
export interface RolloutSource {
  /** Flag definitions of the configuration in force, with where it came from. */
  current(): { flags: Record<string, FlagDefinition>; source: string | null; version: number | null; pushgatewayUrl: string | null } | null;
  /** Newest first. */
  audit(limit: number): AuditEntry[];
  /** True while the flag is held off by a guard rollback (its trigger stays "tripped" until a newer config). */
  rolledBackForGuard(flag: string): boolean;
  /** Each flag's state on this workstation now: phase, step, on/off, rollback (pushed to the fleet). */
  states(): RolloutState[];
}

export const NO_ROLLOUT: RolloutSource = { current: () => null, audit: () => [], rolledBackForGuard: () => false, states: () => [] };

/**
 * The Pushgateway address IT puts in the signed flag configuration: top-level
 * `metrics.pushgatewayUrl`. Read defensively (the field is optional, and older configurations
 * do not have it).
 */
export function pushgatewayUrlOf(config: unknown): string | null {
  const metrics = (config as { metrics?: unknown } | null)?.metrics;
  const url = (metrics as { pushgatewayUrl?: unknown } | undefined)?.pushgatewayUrl;
  return typeof url === 'string' ? url : null;
}

export function rolloutSourceOf(core: Core): RolloutSource {
  const flags = core.services.flags;
  if (!flags) return NO_ROLLOUT;
  return {
    current() {
      const inForce = flags.configInForce();
      if (!inForce) return null;
      const defs: Record<string, FlagDefinition> = {};
      for (const [key, compiled] of inForce.compiled.flags) defs[key] = compiled.def;
      return { flags: defs, source: inForce.source, version: inForce.version, pushgatewayUrl: pushgatewayUrlOf(inForce.compiled.config) };
    },
    audit(limit) {
      return new FlagAuditStore(core.appDb).list(limit).map((e) => ({
        at: e.at,
        kind: e.kind,
        flag: e.flag,
        configVersion: e.configVersion,
        reason: e.reason,
        detail: e.detail,
      }));
    },
    rolledBackForGuard: (flag) => flags.guardTrip(flag) !== undefined,
    states() {
      return Object.values(flags.allEvaluations()).map((e) => ({
        flag: e.flag,
        phase: e.phase ?? 'none',
        step: e.step ? e.step.index + 1 : 0,
        configVersion: e.configVersion,
        on: e.value,
        rollback: flags.guardTrip(e.flag)?.rollback ?? 'none',
      }));
    },
  };
}
