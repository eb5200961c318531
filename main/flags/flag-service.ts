import type { AxiosInstance } from 'axios';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MAX_CONFIG_BYTES, MAX_ISSUED_AT_SKEW_MS, type RejectionReason } from '../../shared/flags/envelope';
import { compileConfig, evaluateAll, type CompiledConfig, type ConfigSource, type FlagEvaluation, type GuardTripState } from '../../shared/flags/evaluate';
import { FLAG_KEYS, isFlagKey, type FeatureGate, type FlagKey } from '../../shared/flags/flag-keys';
import { describeVerdict, evaluateGuard, type GuardMetricsSource, type GuardVerdict } from '../../shared/flags/guards';
import type { MetricEvent } from '../core/metrics-recorder';
import type { SettingsStore } from '../settings/settings-store';
import type { FlagAuditStore } from './audit-store';
import { fetchSignedConfig, type FetchOutcome } from './fetch-config';
import { loadTrustedKeys, verifySignedDocument, type AcceptedMark, type TrustedKeys } from './signing';

/** Settings (IT policy or the user) read by the rollout service. */
export const FLAG_SETTINGS = {
  url: 'flags.url',
  userId: 'flags.userId',
  installId: 'flags.installId',
  attributes: 'flags.attributes',
  timeoutSeconds: 'flags.timeoutSeconds',
  lastAccepted: 'flags.lastAccepted',
  allowEnvOverrides: 'flags.policy.allowEnvOverrides',
  lockUserId: 'flags.policy.lockUserId',
  trustedKeys: 'flags.policy.trustedKeys',
} as const;

const TrustedKeysSetting = z.array(z.object({ keyId: z.string().min(1).max(128), publicKeyPem: z.string().max(10_000) }));
const AcceptedMarkSetting = z.object({ version: z.number().int().min(0), payloadSha256: z.string().length(64) }).nullable();
const AttributesSetting = z.record(z.string(), z.string().max(256));

export const LKG_FILE = 'last-known-good.signed.json';
const LKG_META_FILE = 'last-known-good.meta.json';
const LkgMeta = z.object({ etag: z.string().nullable(), url: z.string().nullable(), payloadSha256: z.string(), acceptedAt: z.string() });
type LkgMeta = z.output<typeof LkgMeta>;

export interface FlagProblem {
  reason: RejectionReason | 'noConfig' | 'lkgInvalid' | 'bootstrapInvalid';
  message: string;
  details?: string[];
  at: string;
}

export interface FlagChange {
  flag: string;
  before: boolean;
  after: boolean;
  reason: string;
}

export type ChangeCause = 'config' | 'guard' | 'fetch' | 'user' | 'start';

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
  /** Local metrics: one `flag.evaluation` per flag evaluated, one `flag.exposure` per gate check (never throws). */
  record?: (event: MetricEvent) => void;
}

interface InForce {
  compiled: CompiledConfig;
  source: ConfigSource;
  mark: AcceptedMark;
  /** Guards judge only metrics newer than this, so a fixed, republished version does not re-trip on old failures. */
  effectiveSinceMs: number;
}

/** How often guards are judged even without new metrics (the metrics store does not notify). */
const GUARD_CHECK_MS = 30_000;
const MAX_BACKOFF_MS = 15 * 60_000;

function atomicWrite(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/**
 * The rollout service: evaluates flags from the configuration in force (last-known-good, else
 * the signed bootstrap) without waiting for the network, polls the remote signed configuration,
 * applies changes live, judges guards, and answers the core's FeatureGate.
 */
export class FlagService implements FeatureGate {
  private readonly dir: string;
  private keys: TrustedKeys = new Map();
  private inForce: InForce | null = null;
  private evaluations: Record<string, FlagEvaluation> = {};
  private trips = new Map<string, GuardTripState>();
  private verdicts = new Map<string, GuardVerdict>();
  private lkgMeta: LkgMeta | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private guardTimer: NodeJS.Timeout | null = null;
  private guardSoon: NodeJS.Timeout | null = null;
  private inflight: Promise<void> | null = null;
  private stopped = false;
  private failures = 0;
  lastFetchAt: string | null = null;
  lastSuccessAt: string | null = null;
  nextFetchAt: string | null = null;
  lastError: FlagProblem | null = null;
  startupProblems: FlagProblem[] = [];

  constructor(private readonly deps: FlagServiceDeps) {
    this.dir = path.join(deps.dataDir, 'flags');
  }

  // ---------------------------------------------------------------- start-up (synchronous, no network)

  /** Loads keys and the configuration in force and evaluates. Never touches the network; the first fetch runs in the background. */
  start(): void {
    this.stopped = false;
    this.loadKeys();
    this.loadConfigInForce();
    this.reloadTrips();
    this.evaluations = this.evaluate();
    if (this.url()) this.schedulePoll(0);
    this.guardTimer = setInterval(() => this.checkGuards(), GUARD_CHECK_MS);
    this.guardTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    for (const t of [this.pollTimer, this.guardSoon]) if (t) clearTimeout(t);
    if (this.guardTimer) clearInterval(this.guardTimer);
    this.pollTimer = this.guardSoon = this.guardTimer = null;
  }

  private loadKeys(): void {
    const policyKeys = this.deps.settings.get(FLAG_SETTINGS.trustedKeys, TrustedKeysSetting, []);
    const { keys, problems } = loadTrustedKeys([path.join(this.deps.assetsDir, 'keys'), path.join(this.dir, 'keys')], policyKeys);
    this.keys = keys;
    for (const p of problems) this.deps.log?.(`[flags] trusted key skipped: ${p}`);
  }

  private readSmallFile(file: string): Buffer | 'tooLarge' | null {
    if (!existsSync(file)) return null;
    if (statSync(file).size > MAX_CONFIG_BYTES) return 'tooLarge';
    return readFileSync(file);
  }

  private loadConfigInForce(): void {
    const now = this.deps.now();
    let lkg: InForce | null = null;
    const lkgBytes = this.readSmallFile(path.join(this.dir, LKG_FILE));
    if (lkgBytes !== null) {
      // Checked against the remembered replay mark too: an older signed file copied over ours is refused.
      const stored = this.deps.settings.get(FLAG_SETTINGS.lastAccepted, AcceptedMarkSetting, null);
      const r = lkgBytes === 'tooLarge' ? null : verifySignedDocument(lkgBytes, { keys: this.keys, now, checkTime: false, lastAccepted: stored });
      if (r?.ok) {
        const meta = this.readMeta();
        this.lkgMeta = meta && meta.payloadSha256 === r.payloadSha256 ? meta : null;
        const since = this.lkgMeta ? Date.parse(this.lkgMeta.acceptedAt) : now.getTime();
        lkg = { compiled: compileConfig(r.config), source: 'last-known-good', mark: { version: r.config.version, payloadSha256: r.payloadSha256 }, effectiveSinceMs: since };
      } else {
        this.startupProblems.push({
          reason: 'lkgInvalid',
          message: `The saved configuration could not be used (${r ? r.message : 'larger than 1 MiB'}); the shipped one is used until a valid one arrives.`,
          at: now.toISOString(),
        });
      }
    }
    let bootstrap: InForce | null = null;
    const bootBytes = this.readSmallFile(path.join(this.deps.assetsDir, 'bootstrap.signed.json'));
    if (bootBytes !== null && bootBytes !== 'tooLarge') {
      const r = verifySignedDocument(bootBytes, { keys: this.keys, now, checkTime: false });
      if (r.ok) {
        bootstrap = { compiled: compileConfig(r.config), source: 'bootstrap', mark: { version: r.config.version, payloadSha256: r.payloadSha256 }, effectiveSinceMs: now.getTime() };
      } else {
        this.startupProblems.push({ reason: 'bootstrapInvalid', message: `The shipped flag configuration is not valid: ${r.message}`, at: now.toISOString() });
      }
    }
    // A newer app release may ship a bootstrap newer than an old last-known-good: the higher version wins.
    this.inForce = lkg && (!bootstrap || lkg.mark.version >= bootstrap.mark.version) ? lkg : (bootstrap ?? lkg);
    if (!this.inForce) {
      this.startupProblems.push({ reason: 'noConfig', message: 'No verified flag configuration is available; every flag is off.', at: now.toISOString() });
    }
    for (const p of this.startupProblems) this.deps.log?.(`[flags] ${p.message}`);
    if (this.startupProblems.length && !this.lastError) this.lastError = this.startupProblems[this.startupProblems.length - 1]!;
  }

  private readMeta(): LkgMeta | null {
    try {
      return LkgMeta.parse(JSON.parse(readFileSync(path.join(this.dir, LKG_META_FILE), 'utf8')));
    } catch {
      return null;
    }
  }

  private reloadTrips(): void {
    this.trips.clear();
    if (!this.inForce || !this.deps.audit) return;
    for (const e of this.deps.audit.activeTrips(this.inForce.mark.version)) {
      if (e.flag) this.trips.set(e.flag, { configVersion: e.configVersion ?? 0, at: e.at, detail: e.detail });
    }
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
    if (!attrs.environment && this.inForce) attrs.environment = this.inForce.compiled.config.environment;
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
    const extra = this.inForce ? [...this.inForce.compiled.flags.keys()].filter((k) => !isFlagKey(k)) : [];
    return [...FLAG_KEYS, ...extra];
  }

  private evaluate(): Record<string, FlagEvaluation> {
    const result = evaluateAll(
      this.inForce?.compiled ?? null,
      this.flagKeys(),
      { userId: this.userId().id, attributes: this.attributes() },
      { source: this.inForce?.source ?? 'bootstrap', now: this.deps.now(), guardTrips: this.trips, overrides: this.overrides() },
    );
    const at = this.deps.now().getTime();
    for (const e of Object.values(result)) {
      this.safeRecord({ kind: 'flag.evaluation', at, name: e.flag, outcome: e.reason, value: e.value ? 1 : 0, labels: { variant: e.variant, source: e.source } });
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
      this.deps.emit({
        cause,
        configVersion: this.inForce?.mark.version ?? null,
        source: this.inForce?.source ?? 'bootstrap',
        changes,
        at: this.deps.now().toISOString(),
      });
    }
    return changes;
  }

  /** Asked by main before it serves a gated channel: that use of the feature is an exposure. */
  isEnabled(flag: FlagKey): boolean {
    const e = this.evaluations[flag];
    this.safeRecord({ kind: 'flag.exposure', at: this.deps.now().getTime(), name: flag, outcome: e?.variant ?? 'off', labels: { reason: e?.reason ?? 'ERROR' } });
    return e?.value ?? false;
  }

  reason(flag: FlagKey): string {
    return this.evaluations[flag]?.reason ?? 'ERROR';
  }

  evaluation(flag: string): FlagEvaluation | undefined {
    return this.evaluations[flag];
  }

  allEvaluations(): Record<string, FlagEvaluation> {
    return { ...this.evaluations };
  }

  configInForce(): { compiled: CompiledConfig; source: ConfigSource; version: number } | null {
    return this.inForce ? { compiled: this.inForce.compiled, source: this.inForce.source, version: this.inForce.mark.version } : null;
  }

  guardVerdict(flag: string): GuardVerdict | undefined {
    return this.verdicts.get(flag);
  }

  guardTrip(flag: string): GuardTripState | undefined {
    return this.trips.get(flag);
  }

  /** First run: the user enters their organisation id or e-mail (unless IT locked it). */
  setUserId(userId: string): void {
    this.deps.settings.set(FLAG_SETTINGS.userId, userId.trim());
    this.reevaluate('user');
  }

  userIdLocked(): boolean {
    return this.deps.settings.get(FLAG_SETTINGS.lockUserId, z.boolean(), false);
  }

  // ---------------------------------------------------------------- delivery

  url(): string | null {
    const fromEnv = this.deps.env.QIVO_FLAGS_URL?.trim();
    if (fromEnv) return fromEnv;
    return this.deps.settings.get(FLAG_SETTINGS.url, z.string().trim().url().max(2048).optional(), undefined) ?? null;
  }

  pollSeconds(): number {
    return this.inForce?.compiled.config.pollSeconds ?? 60;
  }

  private schedulePoll(delayMs: number): void {
    if (this.stopped) return;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.nextFetchAt = new Date(this.deps.now().getTime() + delayMs).toISOString();
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      void this.refresh();
    }, delayMs);
    this.pollTimer.unref();
  }

  private nextDelayMs(): number {
    const base = this.pollSeconds() * 1000;
    if (this.failures === 0) return base;
    // Back off on failure (a down or misbehaving server is not hammered by every workstation), with jitter.
    const backoff = Math.min(base * 2 ** Math.min(this.failures, 6), Math.max(base, MAX_BACKOFF_MS));
    const jitter = 0.8 + 0.4 * (this.deps.random ?? Math.random)();
    return Math.round(backoff * jitter);
  }

  /** Fetches now (one at a time) and schedules the next poll. Resolves when done; never rejects. */
  refresh(): Promise<void> {
    if (!this.inflight) {
      this.inflight = this.fetchOnce()
        .catch((err) => this.fail({ reason: 'network', message: `Unexpected failure: ${(err as Error).message}`, at: this.deps.now().toISOString() }))
        .finally(() => {
          this.inflight = null;
          if (this.url()) this.schedulePoll(this.nextDelayMs());
        });
    }
    return this.inflight;
  }

  private async fetchOnce(): Promise<void> {
    const url = this.url();
    if (!url) {
      this.lastError = null;
      return;
    }
    const timeoutSeconds = this.deps.settings.get(FLAG_SETTINGS.timeoutSeconds, z.number().min(1).max(120), 10);
    const cachedBody = this.inForce && this.inForce.source !== 'bootstrap' && this.lkgMeta?.url === url && this.lkgMeta.payloadSha256 === this.inForce.mark.payloadSha256;
    const outcome: FetchOutcome = await fetchSignedConfig({
      url,
      etag: cachedBody ? this.lkgMeta!.etag : null,
      timeoutMs: timeoutSeconds * 1000,
      ...(this.deps.http ? { http: this.deps.http } : {}),
    });
    if (this.stopped) return;
    const now = this.deps.now();
    this.lastFetchAt = now.toISOString();
    if (outcome.kind === 'failed') {
      this.fail({ reason: outcome.reason, message: outcome.message, at: now.toISOString() });
      return;
    }
    if (outcome.kind === 'notModified') {
      this.succeed('remote');
      return;
    }
    const lastAccepted = this.acceptedMark();
    const result = verifySignedDocument(outcome.body, { keys: this.keys, now, lastAccepted });
    if (!result.ok) {
      let { reason, message } = result;
      // A refused time window plus a server clock far from ours: say so, it is the clock to fix.
      if ((reason === 'expired' || reason === 'issuedInFuture') && outcome.serverDate) {
        const skew = now.getTime() - outcome.serverDate.getTime();
        if (Math.abs(skew) > MAX_ISSUED_AT_SKEW_MS) {
          reason = 'clockSkew';
          message = `This computer's clock (${now.toISOString()}) differs from the flag server's (${outcome.serverDate.toISOString()}) by ${Math.round(Math.abs(skew) / 60000)} minutes; fix the clock. (${result.message})`;
        }
      }
      this.fail({ reason, message, ...(result.details ? { details: result.details } : {}), at: now.toISOString() }, result.version);
      return;
    }
    if (this.inForce && result.payloadSha256 === this.inForce.mark.payloadSha256) {
      // Same bytes (a server without ETag, or the bootstrap served remotely): nothing changes, but it is
      // now confirmed as the remote config. Written only when something about it is new.
      if (this.inForce.source === 'bootstrap' || this.lkgMeta?.etag !== outcome.etag || this.lkgMeta?.url !== url) {
        this.persistLkg(outcome.body, { etag: outcome.etag, url, payloadSha256: result.payloadSha256, acceptedAt: this.lkgMeta?.acceptedAt ?? now.toISOString() });
      }
      this.succeed('remote');
      return;
    }
    this.persistLkg(outcome.body, { etag: outcome.etag, url, payloadSha256: result.payloadSha256, acceptedAt: now.toISOString() });
    const mark = { version: result.config.version, payloadSha256: result.payloadSha256 };
    this.deps.settings.set(FLAG_SETTINGS.lastAccepted, mark);
    const previousVersion = this.inForce?.mark.version ?? null;
    this.inForce = { compiled: compileConfig(result.config), source: 'remote', mark, effectiveSinceMs: now.getTime() };
    const clearedTrips = [...this.trips.entries()].filter(([, t]) => t.configVersion < mark.version);
    this.reloadTrips();
    this.failures = 0;
    this.lastSuccessAt = now.toISOString();
    this.lastError = null;
    this.verdicts.clear();
    const changes = this.reevaluate('config');
    for (const [flag, trip] of clearedTrips) {
      this.deps.audit?.append({ at: now.toISOString(), kind: 'guard.cleared', flag, configVersion: mark.version, reason: null, detail: `Version ${mark.version} published after the trip of ${trip.at}` });
    }
    this.deps.audit?.append({
      at: now.toISOString(),
      kind: 'config.accepted',
      flag: null,
      configVersion: mark.version,
      reason: null,
      detail: `Version ${mark.version} (was ${previousVersion ?? 'none'}), key ${result.keyId}, ${changes.length ? changes.map((c) => `${c.flag} ${c.before ? 'on' : 'off'}→${c.after ? 'on' : 'off'}`).join(', ') : 'no change for this user'}`,
    });
  }

  /** The replay mark: the highest of what settings remember and what is in force. */
  private acceptedMark(): AcceptedMark | null {
    const stored = this.deps.settings.get(FLAG_SETTINGS.lastAccepted, AcceptedMarkSetting, null);
    const inForce = this.inForce?.mark ?? null;
    if (stored && (!inForce || stored.version > inForce.version)) return stored;
    return inForce;
  }

  private persistLkg(body: Buffer, meta: LkgMeta): void {
    mkdirSync(this.dir, { recursive: true });
    atomicWrite(path.join(this.dir, LKG_FILE), body);
    atomicWrite(path.join(this.dir, LKG_META_FILE), JSON.stringify(meta, null, 2));
    this.lkgMeta = meta;
  }

  private succeed(source: ConfigSource): void {
    const changedSource = this.inForce !== null && this.inForce.source !== source;
    if (this.inForce) this.inForce.source = source;
    const hadError = this.lastError !== null;
    this.failures = 0;
    this.lastSuccessAt = this.lastFetchAt;
    this.lastError = null;
    if (changedSource || hadError) this.reevaluate('fetch');
  }

  private fail(problem: FlagProblem, version?: number): void {
    const repeated = this.lastError?.reason === problem.reason && this.lastError.message === problem.message;
    this.failures++;
    this.lastError = problem;
    // The server could not confirm what we hold: from now on it is the last-known-good.
    const demoted = this.inForce?.source === 'remote';
    if (this.inForce && demoted) this.inForce.source = 'last-known-good';
    this.deps.log?.(`[flags] ${problem.reason}: ${problem.message}`);
    if (!repeated || demoted) {
      // Logged once per distinct problem, not once per poll.
      this.deps.audit?.append({
        at: problem.at,
        kind: 'config.rejected',
        flag: null,
        configVersion: version ?? null,
        reason: problem.reason,
        detail: [problem.message, ...(problem.details ?? [])].join('\n'),
      });
      this.reevaluate('fetch');
    }
  }

  // ---------------------------------------------------------------- guards

  /** Called when a guarded metric arrives: judge soon (debounced), not on every event. */
  metricsArrived(): void {
    if (this.guardSoon || this.stopped) return;
    this.guardSoon = setTimeout(() => {
      this.guardSoon = null;
      this.checkGuards();
    }, 250);
    this.guardSoon.unref();
  }

  /** Judges every guarded flag that is on; a fired rollback trigger turns the flag off locally. */
  checkGuards(): GuardVerdict[] {
    if (!this.inForce || this.stopped) return [];
    const now = this.deps.now().getTime();
    const tripped: string[] = [];
    const verdicts: GuardVerdict[] = [];
    for (const [flag, entry] of this.inForce.compiled.flags) {
      const guard = entry.def.guard;
      if (!guard || !entry.def.enabled || this.trips.has(flag)) continue;
      const from = Math.max(now - guard.windowMinutes * 60_000, this.inForce.effectiveSinceMs);
      let verdict: GuardVerdict;
      try {
        verdict = evaluateGuard(guard, this.deps.guardMetrics().windowStats({ operations: guard.operations, fromMs: from, toMs: now }));
      } catch (err) {
        this.deps.log?.(`[flags] guard metrics unavailable: ${(err as Error).message}`);
        continue;
      }
      this.verdicts.set(flag, verdict);
      verdicts.push(verdict);
      if (verdict.status === 'tripped' && this.evaluations[flag]?.value) {
        const at = new Date(now).toISOString();
        const detail = describeVerdict(verdict);
        this.trips.set(flag, { configVersion: this.inForce.mark.version, at, detail });
        this.deps.audit?.append({ at, kind: 'guard.tripped', flag, configVersion: this.inForce.mark.version, reason: 'GUARD_TRIPPED', detail });
        this.deps.log?.(`[flags] guard tripped for ${flag}: ${detail}`);
        tripped.push(flag);
      }
    }
    if (tripped.length) this.reevaluate('guard');
    return verdicts;
  }
}
