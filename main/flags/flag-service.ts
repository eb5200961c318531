import type { AxiosInstance } from 'axios';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { evaluateAll, type CompiledConfig, type ConfigSource, type FlagEvaluation, type GuardTripState } from '../../shared/flags/evaluate';
import { FLAG_KEYS, isFlagKey, type FeatureGate, type FlagKey } from '../../shared/flags/flag-keys';
import type { GuardMetricsSource, GuardVerdict } from '../../shared/flags/guards';
import type { MetricEvent } from '../core/metrics-recorder';
import type { SettingsStore } from '../settings/settings-store';
import type { FlagAuditStore } from './audit-store';
import { FlagConfigPoller } from './config-poller';
import { FLAG_SETTINGS, FlagConfigStore, type FlagProblem, type InForce } from './config-store';
import { ExposureLog } from './exposures';
import { GuardMonitor } from './guard-monitor';
import { nextStepStartMs } from '../../shared/flags/schedule';

export { FLAG_SETTINGS, LKG_FILE, type FlagProblem } from './config-store';

const AttributesSetting = z.record(z.string(), z.string().max(256));

export interface FlagChange {
  flag: string;
  before: boolean;
  after: boolean;
  reason: string;
}

export type ChangeCause = 'config' | 'guard' | 'fetch' | 'user' | 'start' | 'schedule';

export interface FlagsChangedPayload {
  cause: ChangeCause;
  configVersion: number | null;
  source: ConfigSource;
  changes: FlagChange[];
  at: string;
}

export interface FlagServiceDeps {
  /** The core's data folder; the service keeps its files in `<dataDir>/flags/`. */
  dataDir: string;
  /** assets/flags: bootstrap.signed.json and keys/*.pem. */
  assetsDir: string;
  settings: SettingsStore;
  emit(payload: FlagsChangedPayload): void;
  audit: FlagAuditStore | null;
  /** Resolved on every guard check, so the metrics store can replace the in-memory source later. */
  guardMetrics: () => GuardMetricsSource;
  now: () => Date;
  env: NodeJS.ProcessEnv;
  isPackaged: boolean;
  appVersion: string;
  platform?: string;
  http?: AxiosInstance;
  random?: () => number;
  log?: (message: string) => void;
  /** Local metrics: one `flag.evaluation` per flag evaluated, one `flag.exposure` per use of a feature (see ExposureLog); never throws. */
  record?: (event: MetricEvent) => void;
}

/**
 * The rollout service: evaluates flags for this user and answers the core's FeatureGate. It
 * composes the configuration store (what is in force), the poller (delivery) and the guard
 * monitor (local rollback), and re-evaluates whenever one of them changes something.
 */
export class FlagService implements FeatureGate {
  private readonly store: FlagConfigStore;
  private readonly poller: FlagConfigPoller;
  private readonly guards: GuardMonitor;
  /** Where the user met a feature: the gate serving its channels and the window's views. */
  readonly exposures: ExposureLog;
  private evaluations: Record<string, FlagEvaluation> = {};
  private stepTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: FlagServiceDeps) {
    this.store = new FlagConfigStore({
      dataDir: deps.dataDir,
      assetsDir: deps.assetsDir,
      settings: deps.settings,
      now: deps.now,
      env: deps.env,
      appVersion: deps.appVersion,
      ...(deps.log ? { log: deps.log } : {}),
    });
    this.poller = new FlagConfigPoller(
      {
        store: this.store,
        settings: deps.settings,
        env: deps.env,
        audit: deps.audit,
        now: deps.now,
        ...(deps.http ? { http: deps.http } : {}),
        ...(deps.random ? { random: deps.random } : {}),
        ...(deps.log ? { log: deps.log } : {}),
      },
      {
        configAccepted: (accepted) => this.configAccepted(accepted),
        statusChanged: () => this.reevaluate('fetch'),
        polled: () => this.checkExpiry(),
      },
    );
    this.guards = new GuardMonitor({
      store: this.store,
      audit: deps.audit,
      guardMetrics: deps.guardMetrics,
      now: deps.now,
      current: (flag) => this.evaluations[flag],
      onTripped: () => this.reevaluate('guard'),
      ...(deps.log ? { log: deps.log } : {}),
    });
    this.exposures = new ExposureLog({
      record: (event) => this.safeRecord(event),
      now: () => deps.now().getTime(),
      evaluation: (flag) => this.evaluations[flag],
    });
  }

  // ---------------------------------------------------------------- start-up (synchronous, no network)

  /** Loads keys and the configuration in force and evaluates. Never touches the network; the first fetch runs in the background. */
  start(): void {
    this.store.load();
    const problems = this.store.startupProblems;
    if (problems.length && !this.poller.lastError) this.poller.lastError = problems[problems.length - 1]!;
    const expired = problems.find((p) => p.reason === 'expiredInForce');
    if (expired) this.auditExpiry(expired);
    this.guards.reloadTrips();
    this.stopped = false;
    this.evaluations = this.evaluate();
    this.scheduleNextStep();
    this.poller.start();
    this.guards.start();
  }

  stop(): void {
    this.stopped = true;
    if (this.stepTimer) clearTimeout(this.stepTimer);
    this.stepTimer = null;
    this.poller.stop();
    this.guards.stop();
  }

  /** Re-evaluates when the next step of a rollout schedule starts (a step changes who has the feature, live). */
  private scheduleNextStep(): void {
    if (this.stepTimer) clearTimeout(this.stepTimer);
    this.stepTimer = null;
    const inForce = this.store.inForce;
    if (!inForce || this.stopped) return;
    const now = this.deps.now().getTime() + this.poller.serverClockOffsetMs;
    const next = nextStepStartMs(
      [...inForce.compiled.flags.values()].map((f) => f.def),
      now,
    );
    if (next === null) return;
    // setTimeout holds at most ~24.8 days; a later step is re-armed on the way.
    const delay = Math.min(Math.max(0, next - now) + 1, 2 ** 31 - 1);
    this.stepTimer = setTimeout(() => {
      this.stepTimer = null;
      this.stepReached();
    }, delay);
    this.stepTimer.unref();
  }

  /** A schedule step may have started: re-evaluate (and audit who changed) and arm the next one. */
  stepReached(): FlagChange[] {
    const changes = this.reevaluate('schedule');
    this.scheduleNextStep();
    return changes;
  }

  // ---------------------------------------------------------------- delivery status (from the poller)

  get lastFetchAt(): string | null {
    return this.poller.lastFetchAt;
  }
  get lastSuccessAt(): string | null {
    return this.poller.lastSuccessAt;
  }
  get nextFetchAt(): string | null {
    return this.poller.nextFetchAt;
  }
  get lastError(): FlagProblem | null {
    return this.poller.lastError;
  }
  get startupProblems(): FlagProblem[] {
    return this.store.startupProblems;
  }
  /** How the saved and shipped configurations were checked at start-up (schema run, or validated before by this app version). */
  get startupChecks(): FlagConfigStore['startupChecks'] {
    return this.store.startupChecks;
  }

  url(): string | null {
    return this.poller.url();
  }

  pollSeconds(): number {
    return this.poller.pollSeconds();
  }

  /** Fetches now (one at a time) and schedules the next poll. Resolves when done; never rejects. */
  refresh(): Promise<void> {
    return this.poller.refresh();
  }

  private configAccepted({ inForce, previousVersion, keyId, at }: { inForce: InForce; previousVersion: number | null; keyId: string; at: Date }): void {
    const version = inForce.mark.version;
    const cleared = this.guards.configChanged(version);
    const changes = this.reevaluate('config');
    this.scheduleNextStep();
    this.guards.auditCleared(cleared, version, at);
    this.deps.audit?.append({
      at: at.toISOString(),
      kind: 'config.accepted',
      flag: null,
      configVersion: version,
      reason: null,
      detail: `Version ${version} (was ${previousVersion ?? 'none'}), key ${keyId}, ${changes.length ? changes.map((c) => `${c.flag} ${c.before ? 'on' : 'off'}→${c.after ? 'on' : 'off'}`).join(', ') : 'no change for this user'}`,
    });
  }

  /** Falls back to the shipped defaults the moment the configuration in force expires. Cheap when nothing expired. */
  private checkExpiry(): void {
    const problem = this.store.expireIfNeeded(this.deps.now());
    if (!problem) return;
    this.poller.lastError = problem;
    this.auditExpiry(problem);
    this.reevaluate('config');
  }

  private auditExpiry(problem: FlagProblem): void {
    this.deps.audit?.append({ at: problem.at, kind: 'config.rejected', flag: null, configVersion: null, reason: problem.reason, detail: problem.message });
  }

  // ---------------------------------------------------------------- guards (from the monitor)

  /** Called when a guarded metric arrives: judge soon (debounced), not on every event. */
  metricsArrived(): void {
    this.guards.metricsArrived();
  }

  /** Judges every guarded flag that is on; a fired rollback trigger turns the flag off locally. */
  checkGuards(): GuardVerdict[] {
    return this.guards.checkGuards();
  }

  guardVerdict(flag: string): GuardVerdict | undefined {
    return this.guards.verdict(flag);
  }

  guardTrip(flag: string): GuardTripState | undefined {
    return this.guards.trip(flag);
  }

  // ---------------------------------------------------------------- evaluation

  /** The targeting key: IT policy / first-run id, else a random install id kept in settings. */
  userId(): { id: string; origin: 'settings' | 'install' } {
    const set = this.deps.settings.get(FLAG_SETTINGS.userId, z.string().trim().min(1).max(320).optional(), undefined);
    if (set) return { id: set, origin: 'settings' };
    let install = this.deps.settings.get(FLAG_SETTINGS.installId, z.string().min(1).max(100).optional(), undefined);
    if (!install) {
      install = `install-${randomUUID()}`;
      this.deps.settings.set(FLAG_SETTINGS.installId, install);
    }
    return { id: install, origin: 'install' };
  }

  attributes(): Record<string, string> {
    const fromPolicy = this.deps.settings.get(FLAG_SETTINGS.attributes, AttributesSetting, {});
    const attrs: Record<string, string> = { ...fromPolicy, appVersion: this.deps.appVersion, platform: this.deps.platform ?? process.platform };
    const user = this.userId().id;
    const at = user.lastIndexOf('@');
    if (!attrs.emailDomain && at > 0) attrs.emailDomain = user.slice(at + 1).toLowerCase();
    const inForce = this.store.inForce;
    if (!attrs.environment && inForce) attrs.environment = inForce.compiled.config.environment;
    return attrs;
  }

  overridesAllowed(): boolean {
    return !this.deps.isPackaged || this.deps.settings.get(FLAG_SETTINGS.allowEnvOverrides, z.boolean(), false);
  }

  /** ENABLE_<FLAG>=true|false (e.g. ENABLE_OFFICIAL_INTEGRATIONS=true), honoured in dev builds or where policy allows. */
  overrides(): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    if (!this.overridesAllowed()) return out;
    for (const flag of this.flagKeys()) {
      const raw = this.deps.env[`ENABLE_${flag}`]?.trim().toLowerCase();
      if (raw === 'true' || raw === '1' || raw === 'yes' || raw === 'on') out[flag] = true;
      else if (raw === 'false' || raw === '0' || raw === 'no' || raw === 'off') out[flag] = false;
    }
    return out;
  }

  /** The app's flags first, then any other flag the configuration carries. */
  flagKeys(): string[] {
    const inForce = this.store.inForce;
    const extra = inForce ? [...inForce.compiled.flags.keys()].filter((k) => !isFlagKey(k)) : [];
    return [...FLAG_KEYS, ...extra];
  }

  private evaluate(): Record<string, FlagEvaluation> {
    const inForce = this.store.inForce;
    const result = evaluateAll(
      inForce?.compiled ?? null,
      this.flagKeys(),
      { userId: this.userId().id, attributes: this.attributes() },
      {
        source: inForce?.source ?? 'bootstrap',
        now: this.deps.now(),
        clockOffsetMs: this.poller.serverClockOffsetMs,
        guardTrips: this.guards.tripsInForce(),
        overrides: this.overrides(),
      },
    );
    const at = this.deps.now().getTime();
    for (const e of Object.values(result)) {
      this.safeRecord({
        kind: 'flag.evaluation',
        at,
        name: e.flag,
        outcome: e.reason,
        value: e.value ? 1 : 0,
        labels: { variant: e.variant, source: e.source },
      });
    }
    return result;
  }

  private safeRecord(event: MetricEvent): void {
    try {
      this.deps.record?.(event);
    } catch {
      /* metrics never break the gate */
    }
  }

  /** Re-evaluates; emits `flags.changed` (always for config/fetch/user causes, so the UI refreshes its status). */
  private reevaluate(cause: ChangeCause): FlagChange[] {
    const before = this.evaluations;
    this.evaluations = this.evaluate();
    const changes: FlagChange[] = [];
    for (const [flag, after] of Object.entries(this.evaluations)) {
      const prev = before[flag];
      if (!prev || prev.value !== after.value) changes.push({ flag, before: prev?.value ?? false, after: after.value, reason: after.reason });
    }
    if (changes.length || cause !== 'guard') {
      const inForce = this.store.inForce;
      this.deps.emit({
        cause,
        configVersion: inForce?.mark.version ?? null,
        source: inForce?.source ?? 'bootstrap',
        changes,
        at: this.deps.now().toISOString(),
      });
    }
    return changes;
  }

  /** A read: dashboards, exports and compliance rules ask it too, so it records nothing. */
  isEnabled(flag: FlagKey): boolean {
    this.checkExpiry();
    return this.evaluations[flag]?.value ?? false;
  }

  served(flag: FlagKey): void {
    this.exposures.served(flag);
  }

  reason(flag: FlagKey): string {
    return this.evaluations[flag]?.reason ?? 'ERROR';
  }

  evaluation(flag: string): FlagEvaluation | undefined {
    return this.evaluations[flag];
  }

  allEvaluations(): Record<string, FlagEvaluation> {
    this.checkExpiry();
    return { ...this.evaluations };
  }

  configInForce(): { compiled: CompiledConfig; source: ConfigSource; version: number } | null {
    const inForce = this.store.inForce;
    return inForce ? { compiled: inForce.compiled, source: inForce.source, version: inForce.mark.version } : null;
  }

  /** First run: the user enters their organisation id or e-mail (unless IT locked it). */
  setUserId(userId: string): void {
    this.deps.settings.set(FLAG_SETTINGS.userId, userId.trim());
    this.reevaluate('user');
  }

  userIdLocked(): boolean {
    return this.deps.settings.get(FLAG_SETTINGS.lockUserId, z.boolean(), false);
  }
}
