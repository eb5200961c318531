import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import type { UpdateStatus } from '../../shared/ipc/update-contract';
import { decideUpdate, MAX_UPDATE_FEED_BYTES, type UpdateDecision, type UpdateFile, type UpdateRelease } from '../../shared/update/feed';
import { fetchSignedConfig } from '../flags/fetch-config';
import type { TrustedKeys } from '../flags/signing';
import { writeFileAtomic } from '../storage/atomic-file';
import { verifyUpdateFeed, type FeedMark } from './feed-signing';

/** What the shell does with an offer: only the packaged Electron app can download and install. */
export interface ShellUpdater {
  /** Downloads the offered file and checks it against the SHA-512 the signed feed names; rejects on any mismatch. */
  download(offer: UpdateOffer): Promise<void>;
  /** Quits and installs the downloaded update (called after the core has closed). */
  quitAndInstall(): void;
}

export interface UpdateOffer {
  version: string;
  release: UpdateRelease;
  file: UpdateFile;
  downgrade: boolean;
}

export interface UpdateServiceDeps {
  dataDir: string;
  appVersion: string;
  platform: string;
  /** The signed feed's address, or undefined when IT configured none. */
  feedUrl: () => string | undefined;
  keys: () => TrustedKeys;
  /** The flags user id: the same id, so the same ring, as the feature rollout. */
  userId: () => string;
  now: () => Date;
  timeoutMs?: number;
  http?: AxiosInstance;
  updater?: ShellUpdater;
  onChange?: (status: UpdateStatus) => void;
}

const MarkSchema = z.object({ sequence: z.number().int(), payloadSha256: z.string() });
export const UPDATE_STATE_DIR = 'update';
const MARK_FILE = 'last-feed.json';

function errorStatus(
  base: Pick<UpdateStatus, 'currentVersion' | 'canInstall'>,
  code: string,
  message: string,
  checkedAt: string,
  params?: Record<string, string | number>,
): UpdateStatus {
  return { ...base, state: 'error', checkedAt, error: { code, message, ...(params ? { params } : {}) } };
}

/**
 * Checks the signed update feed and decides what this machine is offered (pure decision in
 * shared/update/feed.ts); with a shell updater it downloads the offer and reports "ready". The
 * last accepted feed's sequence is kept, so an old feed re-served to hide a withdrawal is refused.
 */
export class UpdateService {
  private current: UpdateStatus;
  private checking: Promise<UpdateStatus> | undefined;

  constructor(private readonly deps: UpdateServiceDeps) {
    this.current = { state: deps.feedUrl() ? 'upToDate' : 'notConfigured', currentVersion: deps.appVersion, canInstall: Boolean(deps.updater) };
  }

  status(): UpdateStatus {
    return this.current;
  }

  /** One check at a time; concurrent callers share it. */
  check(): Promise<UpdateStatus> {
    this.checking ??= this.runCheck().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  /** Called by the shell once the core has closed (pending saves written). */
  quitAndInstall(): boolean {
    if (this.current.state !== 'ready' || !this.deps.updater) return false;
    this.deps.updater.quitAndInstall();
    return true;
  }

  private set(status: UpdateStatus): UpdateStatus {
    this.current = status;
    this.deps.onChange?.(status);
    return status;
  }

  private markFile(): string {
    return path.join(this.deps.dataDir, UPDATE_STATE_DIR, MARK_FILE);
  }

  private lastMark(): FeedMark | null {
    try {
      if (!existsSync(this.markFile())) return null;
      const parsed = MarkSchema.safeParse(JSON.parse(readFileSync(this.markFile(), 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private async runCheck(): Promise<UpdateStatus> {
    const base = { currentVersion: this.deps.appVersion, canInstall: Boolean(this.deps.updater) };
    const checkedAt = this.deps.now().toISOString();
    const url = this.deps.feedUrl();
    if (!url) return this.set({ ...base, state: 'notConfigured', checkedAt });
    if (this.current.state === 'ready' || this.current.state === 'downloading') return this.current;
    const fetched = await fetchSignedConfig({
      url,
      timeoutMs: this.deps.timeoutMs ?? 10_000,
      maxBytes: MAX_UPDATE_FEED_BYTES,
      names: { server: 'update server', document: 'update feed' },
      ...(this.deps.http ? { http: this.deps.http } : {}),
    });
    if (fetched.kind !== 'body') {
      const reason = fetched.kind === 'notModified' ? 'notModifiedWithoutCache' : fetched.reason;
      const detail = fetched.kind === 'failed' ? fetched.message : 'The update server answered "not modified" to a request that had nothing cached.';
      return this.set(errorStatus(base, `update.fetch.${reason}`, detail, checkedAt, { reason }));
    }
    const verified = verifyUpdateFeed(fetched.body, { keys: this.deps.keys(), now: this.deps.now(), lastAccepted: this.lastMark() });
    if (!verified.ok) return this.set(errorStatus(base, `update.feed.${verified.reason}`, verified.message, checkedAt, { reason: verified.reason }));
    writeFileAtomic(this.markFile(), `${JSON.stringify({ sequence: verified.feed.sequence, payloadSha256: verified.payloadSha256 })}\n`);
    const decision = decideUpdate(verified.feed, { currentVersion: this.deps.appVersion, userId: this.deps.userId(), platform: this.deps.platform });
    const status = statusOf(decision, base, checkedAt, verified.feed.sequence);
    if (decision.kind !== 'offer' || !this.deps.updater) return this.set(status);
    this.set({ ...status, state: 'downloading' });
    try {
      await this.deps.updater.download({ version: decision.version, release: decision.release, file: decision.file, downgrade: decision.downgrade });
    } catch (error) {
      return this.set(
        errorStatus(
          base,
          'update.downloadFailed',
          `The update ${decision.version} could not be downloaded or did not match the signed feed: ${(error as Error).message}`,
          checkedAt,
          { version: decision.version },
        ),
      );
    }
    return this.set({ ...status, state: 'ready' });
  }
}

export function statusOf(
  decision: UpdateDecision,
  base: Pick<UpdateStatus, 'currentVersion' | 'canInstall'>,
  checkedAt: string,
  feedSequence: number,
): UpdateStatus {
  const common = { ...base, checkedAt, feedSequence };
  switch (decision.kind) {
    case 'upToDate':
      return { ...common, state: 'upToDate' };
    case 'notYet':
      return { ...common, state: 'notYet', version: decision.version, stagingPercentage: decision.stagingPercentage };
    case 'noBuild':
      return { ...common, state: 'noBuild', version: decision.version };
    case 'offer':
      return {
        ...common,
        state: 'available',
        version: decision.version,
        downgrade: decision.downgrade,
        offerReason: decision.reason,
        stagingPercentage: decision.release.stagingPercentage,
        notes: decision.release.notes,
      };
  }
}
