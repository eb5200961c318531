import type { GuardTripState } from '../../shared/flags/evaluate';
import { describeVerdict, evaluateGuard, type GuardMetricsSource, type GuardVerdict } from '../../shared/flags/guards';
import type { FlagAuditStore } from './audit-store';
import type { FlagConfigStore } from './config-store';

export interface ClearedTrip {
  flag: string;
  trip: GuardTripState;
}

/** The audit reasons of a trip: off at once, or back one step of the schedule. */
export const IMMEDIATE_REASON = 'GUARD_TRIPPED';
export const GRADUAL_REASON = 'GUARD_STEPPED_BACK';

/** How often guards are judged even without new metrics (the metrics store does not notify). */
const GUARD_CHECK_MS = 30_000;

export interface GuardMonitorDeps {
  store: FlagConfigStore;
  audit: FlagAuditStore | null;
  /** Resolved on every guard check, so the metrics store can replace the in-memory source later. */
  guardMetrics: () => GuardMetricsSource;
  now: () => Date;
  /** The flag's value and phase for this user now (only a flag that is on can trip; feedback counts per phase). */
  current: (flag: string) => { value: boolean; phase: string | null } | undefined;
  /** Flags whose guard just tripped (already recorded). */
  onTripped: (flags: string[]) => void;
  log?: (message: string) => void;
}

/**
 * Judges each guarded flag on this workstation's metrics and keeps the trips: a fired rollback
 * trigger turns the flag off locally until IT publishes a higher configuration version.
 */
export class GuardMonitor {
  private readonly trips = new Map<string, GuardTripState>();
  private readonly verdicts = new Map<string, GuardVerdict>();
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: GuardMonitorDeps) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.checkGuards(), GUARD_CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.soon) clearTimeout(this.soon);
    if (this.timer) clearInterval(this.timer);
    this.soon = this.timer = null;
  }

  /** The trips in force, read for the configuration in force from the audit log (they survive restarts). */
  reloadTrips(): void {
    this.trips.clear();
    const inForce = this.deps.store.inForce;
    if (!inForce || !this.deps.audit) return;
    for (const e of this.deps.audit.activeTrips(inForce.mark.version)) {
      if (e.flag)
        this.trips.set(e.flag, {
          configVersion: e.configVersion ?? 0,
          at: e.at,
          detail: e.detail,
          rollback: e.reason === GRADUAL_REASON ? 'gradual' : 'immediate',
        });
    }
  }

  /**
   * A new configuration version: trips of older versions are cleared, verdicts start afresh.
   * Returns the cleared trips, audited by `auditCleared` once the change itself is applied.
   */
  configChanged(version: number): ClearedTrip[] {
    const cleared = [...this.trips.entries()].filter(([, t]) => t.configVersion < version).map(([flag, trip]) => ({ flag, trip }));
    this.reloadTrips();
    this.verdicts.clear();
    return cleared;
  }

  auditCleared(cleared: ClearedTrip[], version: number, at: Date): void {
    for (const { flag, trip } of cleared) {
      this.deps.audit?.append({
        at: at.toISOString(),
        kind: 'guard.cleared',
        flag,
        configVersion: version,
        reason: null,
        detail: `Version ${version} published after the trip of ${trip.at}`,
      });
    }
  }

  tripsInForce(): ReadonlyMap<string, GuardTripState> {
    return this.trips;
  }

  verdict(flag: string): GuardVerdict | undefined {
    return this.verdicts.get(flag);
  }

  trip(flag: string): GuardTripState | undefined {
    return this.trips.get(flag);
  }

  /** Called when a guarded metric arrives: judge soon (debounced), not on every event. */
  metricsArrived(): void {
    if (this.soon || this.stopped) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      this.checkGuards();
    }, 250);
    this.soon.unref();
  }

  /** Judges every guarded flag that is on; a fired rollback trigger turns the flag off locally. */
  checkGuards(): GuardVerdict[] {
    const inForce = this.deps.store.inForce;
    if (!inForce || this.stopped) return [];
    const now = this.deps.now().getTime();
    const tripped: string[] = [];
    const verdicts: GuardVerdict[] = [];
    for (const [flag, entry] of inForce.compiled.flags) {
      const guard = entry.def.guard;
      if (!guard || !entry.def.enabled || this.trips.has(flag)) continue;
      const from = Math.max(now - guard.windowMinutes * 60_000, inForce.effectiveSinceMs);
      const current = this.deps.current(flag);
      let verdict: GuardVerdict;
      try {
        const query = {
          operations: guard.operations,
          fromMs: from,
          toMs: now,
          flag,
          feedbackFromMs: inForce.effectiveSinceMs,
          ...(current?.phase ? { phase: current.phase } : {}),
        };
        verdict = evaluateGuard(guard, this.deps.guardMetrics().windowStats(query));
      } catch (err) {
        this.deps.log?.(`[flags] guard metrics unavailable: ${(err as Error).message}`);
        continue;
      }
      this.verdicts.set(flag, verdict);
      verdicts.push(verdict);
      if (verdict.status === 'tripped' && current?.value) {
        const at = new Date(now).toISOString();
        const rollback = verdict.rollback ?? 'immediate';
        // The detail carries the measured values and thresholds, so the audit log says why.
        const detail = describeVerdict(verdict);
        this.trips.set(flag, { configVersion: inForce.mark.version, at, detail, rollback });
        this.deps.audit?.append({
          at,
          kind: 'guard.tripped',
          flag,
          configVersion: inForce.mark.version,
          reason: rollback === 'gradual' ? GRADUAL_REASON : IMMEDIATE_REASON,
          detail,
        });
        this.deps.log?.(`[flags] guard tripped (${rollback}) for ${flag}: ${detail}`);
        tripped.push(flag);
      }
    }
    if (tripped.length) this.deps.onTripped(tripped);
    return verdicts;
  }
}
