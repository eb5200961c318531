import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MAX_CONFIG_BYTES, type RejectionReason } from '../../shared/flags/envelope';
import { compileConfig, type CompiledConfig, type ConfigSource } from '../../shared/flags/evaluate';
import type { SettingsStore } from '../settings/settings-store';
import { loadTrustedKeys, verifySignedDocument, type AcceptedMark, type TrustedKeys, type VerifyResult } from './signing';

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

export interface InForce {
  compiled: CompiledConfig;
  source: ConfigSource;
  mark: AcceptedMark;
  /** Guards judge only metrics newer than this, so a fixed, republished version does not re-trip on old failures. */
  effectiveSinceMs: number;
}

export type VerifiedDocument = Extract<VerifyResult, { ok: true }>;

export interface FlagConfigStoreDeps {
  dataDir: string;
  assetsDir: string;
  settings: SettingsStore;
  now: () => Date;
  log?: (message: string) => void;
}

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
 * The configuration in force and its files: trusted keys, the last-known-good (and its ETag
 * metadata), the signed bootstrap, and the replay mark. Verifies documents; never touches the network.
 */
export class FlagConfigStore {
  private readonly dir: string;
  private keys: TrustedKeys = new Map();
  private current: InForce | null = null;
  private lkgMeta: LkgMeta | null = null;
  readonly startupProblems: FlagProblem[] = [];

  constructor(private readonly deps: FlagConfigStoreDeps) {
    this.dir = path.join(deps.dataDir, 'flags');
  }

  get inForce(): InForce | null {
    return this.current;
  }

  /** Loads the trusted keys and then the configuration in force (last-known-good or bootstrap, the higher version). */
  load(): void {
    this.loadKeys();
    this.loadConfigInForce();
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
    this.current = lkg && (!bootstrap || lkg.mark.version >= bootstrap.mark.version) ? lkg : (bootstrap ?? lkg);
    if (!this.current) {
      this.startupProblems.push({ reason: 'noConfig', message: 'No verified flag configuration is available; every flag is off.', at: now.toISOString() });
    }
    for (const p of this.startupProblems) this.deps.log?.(`[flags] ${p.message}`);
  }

  private readMeta(): LkgMeta | null {
    try {
      return LkgMeta.parse(JSON.parse(readFileSync(path.join(this.dir, LKG_META_FILE), 'utf8')));
    } catch {
      return null;
    }
  }

  /** The ETag to send: only when the body we hold is the one that URL last served. */
  etagFor(url: string): string | null {
    const c = this.current;
    const cachedBody = c && c.source !== 'bootstrap' && this.lkgMeta?.url === url && this.lkgMeta.payloadSha256 === c.mark.payloadSha256;
    return cachedBody ? this.lkgMeta!.etag : null;
  }

  /** Verifies a fetched document against the trusted keys, the clock and the replay mark. */
  verify(body: Buffer, now: Date): VerifyResult {
    return verifySignedDocument(body, { keys: this.keys, now, lastAccepted: this.acceptedMark() });
  }

  /** The replay mark: the highest of what settings remember and what is in force. */
  private acceptedMark(): AcceptedMark | null {
    const stored = this.deps.settings.get(FLAG_SETTINGS.lastAccepted, AcceptedMarkSetting, null);
    const inForce = this.current?.mark ?? null;
    if (stored && (!inForce || stored.version > inForce.version)) return stored;
    return inForce;
  }

  /** True when the verified bytes are the ones already in force. */
  isInForce(doc: VerifiedDocument): boolean {
    return this.current !== null && doc.payloadSha256 === this.current.mark.payloadSha256;
  }

  /**
   * The same bytes came back (a server without ETag, or the bootstrap served remotely): nothing
   * changes, but it is now confirmed as the remote config. Written only when something about it is new.
   */
  confirm(body: Buffer, doc: VerifiedDocument, etag: string | null, url: string, now: Date): void {
    if (this.current?.source === 'bootstrap' || this.lkgMeta?.etag !== etag || this.lkgMeta?.url !== url) {
      this.persistLkg(body, { etag, url, payloadSha256: doc.payloadSha256, acceptedAt: this.lkgMeta?.acceptedAt ?? now.toISOString() });
    }
  }

  /** A new verified document: saved as last-known-good, remembered as the replay mark, and put in force. */
  accept(body: Buffer, doc: VerifiedDocument, etag: string | null, url: string, now: Date): InForce {
    this.persistLkg(body, { etag, url, payloadSha256: doc.payloadSha256, acceptedAt: now.toISOString() });
    const mark = { version: doc.config.version, payloadSha256: doc.payloadSha256 };
    this.deps.settings.set(FLAG_SETTINGS.lastAccepted, mark);
    this.current = { compiled: compileConfig(doc.config), source: 'remote', mark, effectiveSinceMs: now.getTime() };
    return this.current;
  }

  /** Where the configuration in force is now vouched for (remote when the server confirmed it, else last-known-good). */
  setSource(source: ConfigSource): void {
    if (this.current) this.current.source = source;
  }

  private persistLkg(body: Buffer, meta: LkgMeta): void {
    mkdirSync(this.dir, { recursive: true });
    atomicWrite(path.join(this.dir, LKG_FILE), body);
    atomicWrite(path.join(this.dir, LKG_META_FILE), JSON.stringify(meta, null, 2));
    this.lkgMeta = meta;
  }
}
