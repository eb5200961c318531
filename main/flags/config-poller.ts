import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import { backoffCeilingMs } from '../../shared/backoff';
import { MAX_ISSUED_AT_SKEW_MS } from '../../shared/flags/envelope';
import type { ConfigSource } from '../../shared/flags/evaluate';
import type { SettingsStore } from '../settings/settings-store';
import type { FlagAuditStore } from './audit-store';
import { FLAG_SETTINGS, type FlagConfigStore, type FlagProblem, type InForce } from './config-store';
import { fetchSignedConfig, type FetchOutcome } from './fetch-config';

const MAX_BACKOFF_MS = 15 * 60_000;

/** What the poller tells the service that composes it. */
export interface PollerListener {
  /** A new verified configuration is in force (already saved as last-known-good). */
  configAccepted(accepted: { inForce: InForce; previousVersion: number | null; keyId: string; at: Date }): void;
  /** The delivery status changed (source confirmed or demoted, an error appeared or cleared). */
  statusChanged(): void;
  /** A poll ended, whatever its outcome (a 304 included): time to check the configuration has not expired. */
  polled?(): void;
}

export interface FlagConfigPollerDeps {
  store: FlagConfigStore;
  settings: SettingsStore;
  env: NodeJS.ProcessEnv;
  audit: FlagAuditStore | null;
  now: () => Date;
  http?: AxiosInstance;
  random?: () => number;
  log?: (message: string) => void;
}

/**
 * Delivery of the remote signed configuration: polls every `pollSeconds` with the ETag, backs off
 * on failure, hands verified documents to the store and tells the listener what changed.
 */
export class FlagConfigPoller {
  private pollTimer: NodeJS.Timeout | null = null;
  private inflight: Promise<void> | null = null;
  private stopped = false;
  private failures = 0;
  lastFetchAt: string | null = null;
  lastSuccessAt: string | null = null;
  nextFetchAt: string | null = null;
  lastError: FlagProblem | null = null;
  /** The flag server's clock minus ours at the last answer that carried a Date (rollout schedules use it past their tolerance). */
  serverClockOffsetMs = 0;

  constructor(
    private readonly deps: FlagConfigPollerDeps,
    private readonly listener: PollerListener,
  ) {}

  /** Starts polling (the first fetch at once, in the background) when a URL is set. */
  start(): void {
    this.stopped = false;
    if (this.url()) this.schedulePoll(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  url(): string | null {
    const fromEnv = this.deps.env.QIVO_FLAGS_URL?.trim();
    if (fromEnv) return fromEnv;
    return this.deps.settings.get(FLAG_SETTINGS.url, z.string().trim().url().max(2048).optional(), undefined) ?? null;
  }

  pollSeconds(): number {
    return this.deps.store.inForce?.compiled.config.pollSeconds ?? 60;
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
    const backoff = backoffCeilingMs(base, Math.min(this.failures, 6), Math.max(base, MAX_BACKOFF_MS));
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
          this.listener.polled?.();
          if (this.url()) this.schedulePoll(this.nextDelayMs());
        });
    }
    return this.inflight;
  }

  private async fetchOnce(): Promise<void> {
    const { store } = this.deps;
    const url = this.url();
    if (!url) {
      this.lastError = null;
      return;
    }
    const timeoutSeconds = this.deps.settings.get(FLAG_SETTINGS.timeoutSeconds, z.number().min(1).max(120), 10);
    const outcome: FetchOutcome = await fetchSignedConfig({
      url,
      etag: store.etagFor(url),
      timeoutMs: timeoutSeconds * 1000,
      ...(this.deps.http ? { http: this.deps.http } : {}),
    });
    if (this.stopped) return;
    const now = this.deps.now();
    this.lastFetchAt = now.toISOString();
    if (outcome.serverDate) {
      const offset = outcome.serverDate.getTime() - now.getTime();
      // A Date header has one-second resolution: offsets within a few seconds are noise, not skew.
      const changed = Math.abs(offset - this.serverClockOffsetMs) > 5_000;
      this.serverClockOffsetMs = offset;
      if (changed && outcome.kind !== 'body') this.listener.statusChanged();
    }
    if (outcome.kind === 'failed') {
      this.fail({ reason: outcome.reason, message: outcome.message, at: now.toISOString() });
      return;
    }
    if (outcome.kind === 'notModified') {
      this.succeed('remote');
      return;
    }
    const result = store.verify(outcome.body, now);
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
    if (store.isInForce(result)) {
      store.confirm(outcome.body, result, outcome.etag, url, now);
      this.succeed('remote');
      return;
    }
    const previousVersion = store.inForce?.mark.version ?? null;
    const inForce = store.accept(outcome.body, result, outcome.etag, url, now);
    this.failures = 0;
    this.lastSuccessAt = now.toISOString();
    this.lastError = null;
    this.listener.configAccepted({ inForce, previousVersion, keyId: result.keyId, at: now });
  }

  private succeed(source: ConfigSource): void {
    const inForce = this.deps.store.inForce;
    const changedSource = inForce !== null && inForce.source !== source;
    this.deps.store.setSource(source);
    const hadError = this.lastError !== null;
    this.failures = 0;
    this.lastSuccessAt = this.lastFetchAt;
    this.lastError = null;
    if (changedSource || hadError) this.listener.statusChanged();
  }

  private fail(problem: FlagProblem, version?: number): void {
    const repeated = this.lastError?.reason === problem.reason && this.lastError.message === problem.message;
    this.failures++;
    this.lastError = problem;
    // The server could not confirm what we hold: from now on it is the last-known-good.
    const demoted = this.deps.store.inForce?.source === 'remote';
    if (demoted) this.deps.store.setSource('last-known-good');
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
      this.listener.statusChanged();
    }
  }
}
