import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MAX_CONFIG_BYTES, type RejectionReason } from '../../shared/flags/envelope';
import { compileConfig, type CompiledConfig, type ConfigSource } from '../../shared/flags/evaluate';
import type { SettingsStore } from '../settings/settings-store';
import { writeFileAtomic } from '../storage/atomic-file';
import { loadTrustedKeys, verifySignedDocument, type AcceptedMark, type TrustedKeys, type VerifyResult } from './signing';

/** Settings (IT policy or the user) read by the rollout service. */
export const FLAG_SETTINGS = {
  url: 'flags.url',
  userId: 'flags.userId',
  installId: 'flags.installId',
  attributes: 'flags.attributes',
  timeoutSeconds: 'flags.timeoutSeconds',
  lastAccepted: 'flags.lastAccepted',
  /** IT policy: the environment this workstation belongs to (env QIVO_FLAGS_ENVIRONMENT wins). */
  environment: 'flags.policy.environment',
  /** Without policy: the environment of the first configuration accepted, kept from then on. */
  boundEnvironment: 'flags.environment',
  allowEnvOverrides: 'flags.policy.allowEnvOverrides',
  lockUserId: 'flags.policy.lockUserId',
  trustedKeys: 'flags.policy.trustedKeys',
} as const;

const TrustedKeysSetting = z.array(z.object({ keyId: z.string().min(1).max(128), publicKeyPem: z.string().max(10_000) }));
const AcceptedMarkSetting = z.object({ version: z.number().int().min(0), payloadSha256: z.string().length(64), environment: z.string().optional() }).nullable();
const EnvironmentSetting = z.string().trim().min(1).max(64).optional();

export const LKG_FILE = 'last-known-good.signed.json';
const LKG_META_FILE = 'last-known-good.meta.json';
/**
 * The signed documents (SHA-256 of the file) this app version validated: the last-known-good and
 * the bootstrap. At start-up they are not validated again (signature, dates and replay mark still
 * are), because the validators' first run in a fresh process costs more than the rest of start-up.
 */
export const VALIDATED_FILE = 'validated.json';
const LkgMeta = z.object({ etag: z.string().nullable(), url: z.string().nullable(), payloadSha256: z.string(), acceptedAt: z.string() });
type LkgMeta = z.output<typeof LkgMeta>;

export interface FlagProblem {
  reason: RejectionReason | 'noConfig' | 'lkgInvalid' | 'bootstrapInvalid' | 'expiredInForce';
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
  env?: NodeJS.ProcessEnv;
  /** A new app version may validate differently: what an older one validated is validated again. */
  appVersion: string;
  log?: (message: string) => void;
}

/**
 * The documents appVersion validated before, from `<flagsDir>/validated.json`; read by hand (no
 * validator on this path): anything unexpected counts as none, so it is validated again.
 */
export function readValidatedDocuments(flagsDir: string, appVersion: string): ReadonlySet<string> {
  try {
    const doc: unknown = JSON.parse(readFileSync(path.join(flagsDir, VALIDATED_FILE), 'utf8'));
    const { appVersion: recordedFor, sha256 } = (doc ?? {}) as { appVersion?: unknown; sha256?: unknown };
    if (recordedFor !== appVersion || !Array.isArray(sha256)) return new Set();
    return new Set(sha256.filter((d): d is string => typeof d === 'string' && /^[0-9a-f]{64}$/.test(d)));
  } catch {
    return new Set();
  }
}

/** How the start-up documents were checked: "schema" (validated now) or "validatedBefore" (same bytes, same app version). */
export type StartupCheck = 'schema' | 'validatedBefore';

/**
 * The configuration in force and its files: trusted keys, the last-known-good (and its ETag
 * metadata), the signed bootstrap, and the replay mark. Verifies documents; never touches the network.
 */
export class FlagConfigStore {
  private readonly dir: string;
  private keys: TrustedKeys = new Map();
  private current: InForce | null = null;
  private bootstrap: InForce | null = null;
  private lkgMeta: LkgMeta | null = null;
  private validated = new Set<string>();
  private bootstrapSha256: string | null = null;
  readonly startupProblems: FlagProblem[] = [];
  /** How the last-known-good and the bootstrap were checked at start-up (absent: no such file, or refused). */
  readonly startupChecks: { lastKnownGood?: StartupCheck; bootstrap?: StartupCheck } = {};

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
    const validatedBefore = readValidatedDocuments(this.dir, this.deps.appVersion);
    let lkg: InForce | null = null;
    const lkgBytes = this.readSmallFile(path.join(this.dir, LKG_FILE));
    if (lkgBytes !== null) {
      // Checked against the remembered replay mark too: an older signed file copied over ours is refused.
      const stored = this.deps.settings.get(FLAG_SETTINGS.lastAccepted, AcceptedMarkSetting, null);
      const r =
        lkgBytes === 'tooLarge'
          ? null
          : verifySignedDocument(lkgBytes, {
              keys: this.keys,
              now,
              checkTime: false,
              lastAccepted: stored,
              environment: this.environment(),
              validatedDocuments: validatedBefore,
            });
      if (r?.ok) this.noteValidated('lastKnownGood', r);
      if (r?.ok && Date.parse(r.config.expiresAt) <= now.getTime()) {
        // Never in force once expired, not even "stale": the shipped safe defaults govern instead.
        this.startupProblems.push(this.expiredProblem(r.config.version, r.config.expiresAt, now));
      } else if (r?.ok) {
        const meta = this.readMeta();
        this.lkgMeta = meta && meta.payloadSha256 === r.payloadSha256 ? meta : null;
        const since = this.lkgMeta ? Date.parse(this.lkgMeta.acceptedAt) : now.getTime();
        lkg = {
          compiled: compileConfig(r.config),
          source: 'last-known-good',
          mark: { version: r.config.version, payloadSha256: r.payloadSha256, environment: r.config.environment },
          effectiveSinceMs: since,
        };
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
      const r = verifySignedDocument(bootBytes, { keys: this.keys, now, checkTime: false, validatedDocuments: validatedBefore });
      if (r.ok) {
        this.noteValidated('bootstrap', r);
        this.bootstrapSha256 = r.documentSha256;
        bootstrap = {
          compiled: compileConfig(r.config),
          source: 'bootstrap',
          mark: { version: r.config.version, payloadSha256: r.payloadSha256, environment: r.config.environment },
          effectiveSinceMs: now.getTime(),
        };
        this.bootstrap = bootstrap;
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
    if (this.validated.size !== validatedBefore.size || [...this.validated].some((d) => !validatedBefore.has(d))) this.writeValidated();
  }

  private noteValidated(document: 'lastKnownGood' | 'bootstrap', r: VerifiedDocument): void {
    this.startupChecks[document] = r.validatedBefore ? 'validatedBefore' : 'schema';
    this.validated.add(r.documentSha256);
  }

  private writeValidated(): void {
    const doc = { appVersion: this.deps.appVersion, sha256: [...this.validated].sort() };
    try {
      writeFileAtomic(path.join(this.dir, VALIDATED_FILE), `${JSON.stringify(doc, null, 2)}\n`);
    } catch (err) {
      // Only a cost: the next start validates again.
      this.deps.log?.(`[flags] could not record the validated configurations: ${(err as Error).message}`);
    }
  }

  /**
   * The environment whose configurations this workstation accepts: policy (or QIVO_FLAGS_ENVIRONMENT),
   * else the one it was bound to by the first configuration it accepted, else none yet.
   */
  environment(): string | null {
    const fromEnv = this.deps.env?.QIVO_FLAGS_ENVIRONMENT?.trim();
    if (fromEnv) return fromEnv;
    return (
      this.deps.settings.get(FLAG_SETTINGS.environment, EnvironmentSetting, undefined) ??
      this.deps.settings.get(FLAG_SETTINGS.boundEnvironment, EnvironmentSetting, undefined) ??
      null
    );
  }

  private expiredProblem(version: number, expiresAt: string, now: Date): FlagProblem {
    return {
      reason: 'expiredInForce',
      message: `Configuration version ${version} expired at ${expiresAt}; the safe defaults shipped with the app are in force until a valid configuration arrives.`,
      at: now.toISOString(),
    };
  }

  /**
   * An expired configuration is never in force: when the one in force has expired (a server that
   * keeps answering 304 does not extend it), the signed bootstrap takes over. Returns the problem
   * to show and audit, or null when nothing changed.
   */
  expireIfNeeded(now: Date): FlagProblem | null {
    const c = this.current;
    if (!c || c.source === 'bootstrap' || Date.parse(c.compiled.config.expiresAt) > now.getTime()) return null;
    const problem = this.expiredProblem(c.mark.version, c.compiled.config.expiresAt, now);
    this.current = this.bootstrap ? { ...this.bootstrap, effectiveSinceMs: now.getTime() } : null;
    this.deps.log?.(`[flags] ${problem.message}`);
    return problem;
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
    return verifySignedDocument(body, { keys: this.keys, now, lastAccepted: this.acceptedMark(), environment: this.environment() });
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
    const mark = { version: doc.config.version, payloadSha256: doc.payloadSha256, environment: doc.config.environment };
    this.deps.settings.set(FLAG_SETTINGS.lastAccepted, mark);
    if (!this.environment()) this.deps.settings.set(FLAG_SETTINGS.boundEnvironment, doc.config.environment);
    this.current = { compiled: compileConfig(doc.config), source: 'remote', mark, effectiveSinceMs: now.getTime() };
    // Only the bootstrap and the new last-known-good are worth remembering.
    this.validated = new Set([doc.documentSha256, ...(this.bootstrapSha256 ? [this.bootstrapSha256] : [])]);
    this.writeValidated();
    return this.current;
  }

  /** Where the configuration in force is now vouched for (remote when the server confirmed it, else last-known-good). */
  setSource(source: ConfigSource): void {
    if (this.current) this.current.source = source;
  }

  private persistLkg(body: Buffer, meta: LkgMeta): void {
    writeFileAtomic(path.join(this.dir, LKG_FILE), body);
    writeFileAtomic(path.join(this.dir, LKG_META_FILE), JSON.stringify(meta, null, 2));
    this.lkgMeta = meta;
  }
}
