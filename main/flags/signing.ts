import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describeZodIssues, FlagConfigSchema, type FlagConfig } from '../../shared/flags/config-schema';
import {
  ENVELOPE_FORMAT,
  MAX_CONFIG_BYTES,
  MAX_ISSUED_AT_SKEW_MS,
  SIGNATURE_ALGORITHM,
  type RejectionReason,
  type SignedEnvelope,
} from '../../shared/flags/envelope';

/** Trusted Ed25519 public keys by key id. Several at once, so keys can rotate. */
export type TrustedKeys = ReadonlyMap<string, KeyObject>;

export interface KeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

export function generateSigningKeyPair(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The key id of a PEM file: its name without `.private.pem` / `.public.pem` / `.pem`. */
export function keyIdFromFileName(file: string): string {
  return basename(file).replace(/(\.private|\.public)?\.pem$/i, '');
}

export function parsePublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 public key (${key.asymmetricKeyType})`);
  return key;
}

/**
 * Loads `*.pem` public keys from each directory (missing directories are skipped) plus keys given
 * inline (policy). The file name is the key id. A bad file is reported, not fatal.
 */
export function loadTrustedKeys(
  dirs: readonly string[],
  inline: ReadonlyArray<{ keyId: string; publicKeyPem: string }> = [],
): { keys: Map<string, KeyObject>; problems: string[] } {
  const keys = new Map<string, KeyObject>();
  const problems: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.pem') || file.includes('.private.')) continue;
      try {
        keys.set(keyIdFromFileName(file), parsePublicKey(readFileSync(join(dir, file), 'utf8')));
      } catch (err) {
        problems.push(`${join(dir, file)}: ${(err as Error).message}`);
      }
    }
  }
  for (const { keyId, publicKeyPem } of inline) {
    try {
      keys.set(keyId, parsePublicKey(publicKeyPem));
    } catch (err) {
      problems.push(`policy key ${keyId}: ${(err as Error).message}`);
    }
  }
  return { keys, problems };
}

/** Signs the exact payload bytes; the envelope carries them base64-encoded. */
export function signPayload(payload: Uint8Array, privateKeyPem: string, keyId: string): SignedEnvelope {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 private key (${key.asymmetricKeyType})`);
  const signature = sign(null, payload, key);
  return {
    format: ENVELOPE_FORMAT,
    keyId,
    algorithm: SIGNATURE_ALGORITHM,
    payload: Buffer.from(payload).toString('base64'),
    signature: signature.toString('base64'),
  };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface AcceptedMark {
  version: number;
  payloadSha256: string;
}

export interface VerifyOptions {
  keys: TrustedKeys;
  now: Date;
  /** The last accepted configuration: lower versions are replays, the same version with other bytes is refused. */
  lastAccepted?: AcceptedMark | null;
  /** false for re-reading our own last-known-good at start-up: its age is shown as "stale", not refused. */
  checkTime?: boolean;
  /** CLI `verify --pub`: trust this key whatever key id the envelope names. */
  anyKey?: KeyObject;
}

export type VerifyResult =
  | { ok: true; config: FlagConfig; payload: Buffer; payloadSha256: string; keyId: string; envelope: SignedEnvelope }
  | { ok: false; reason: RejectionReason; message: string; details?: string[]; version?: number };

function reject(reason: RejectionReason, message: string, extra: { details?: string[]; version?: number } = {}): VerifyResult {
  return { ok: false, reason, message, ...extra };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Verifies a signed configuration document. Order: size, JSON, envelope, signature (before the
 * payload is even parsed), schema, time window, replay. Nothing here throws for bad input.
 */
export function verifySignedDocument(body: Uint8Array | string, options: VerifyOptions): VerifyResult {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (bytes.byteLength > MAX_CONFIG_BYTES) {
    return reject('tooLarge', `The configuration is ${bytes.byteLength} bytes; at most ${MAX_CONFIG_BYTES} are accepted.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    const text = bytes.subarray(0, 200).toString('utf8').trimStart();
    if (text.startsWith('<')) return reject('htmlPage', 'An HTML page arrived instead of the signed configuration (a proxy, captive portal or error page?).');
    return reject('malformedJson', `The configuration is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return reject('notAnEnvelope', 'The document is not a signed configuration envelope (expected a JSON object).');
  }
  const env = doc as Record<string, unknown>;
  if (env.format !== ENVELOPE_FORMAT || typeof env.payload !== 'string') {
    const looksUnsigned = 'schemaVersion' in env && 'flags' in env;
    return reject(
      looksUnsigned ? 'missingSignature' : 'notAnEnvelope',
      looksUnsigned
        ? 'The configuration is not signed (a bare configuration instead of a signed envelope).'
        : `The document is not a signed configuration envelope (format must be "${ENVELOPE_FORMAT}" with a payload).`,
    );
  }
  if (typeof env.signature !== 'string' || env.signature.length === 0) return reject('missingSignature', 'The configuration carries no signature.');
  if (env.algorithm !== SIGNATURE_ALGORITHM) return reject('unsupportedAlgorithm', `Signature algorithm ${String(env.algorithm)} is not accepted; only Ed25519 is.`);
  if (typeof env.keyId !== 'string' || env.keyId.length === 0 || env.keyId.length > 128) return reject('unknownKey', 'The configuration names no signing key.');
  const key = options.anyKey ?? options.keys.get(env.keyId);
  if (!key) return reject('unknownKey', `The configuration was signed with key "${env.keyId}", which this workstation does not trust.`);
  if (!BASE64.test(env.payload) || !BASE64.test(env.signature)) return reject('badSignature', 'The payload or signature is not valid base64.');
  const payload = Buffer.from(env.payload, 'base64');
  const signature = Buffer.from(env.signature, 'base64');
  let valid: boolean;
  try {
    valid = signature.byteLength === 64 && verify(null, payload, key, signature);
  } catch {
    valid = false;
  }
  if (!valid) return reject('badSignature', `The signature does not match the configuration (key "${env.keyId}"): it was altered or signed with another key.`);

  let raw: unknown;
  try {
    raw = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    return reject('payloadNotJson', `The signed payload is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = FlagConfigSchema.safeParse(raw);
  if (!parsed.success) {
    return reject('schemaInvalid', 'The configuration does not follow the schema.', { details: describeZodIssues(parsed.error) });
  }
  const config = parsed.data;
  const payloadSha256 = sha256Hex(payload);
  if (options.checkTime !== false) {
    const now = options.now.getTime();
    if (Date.parse(config.expiresAt) <= now) {
      return reject('expired', `Configuration version ${config.version} expired at ${config.expiresAt}.`, { version: config.version });
    }
    if (Date.parse(config.issuedAt) > now + MAX_ISSUED_AT_SKEW_MS) {
      return reject('issuedInFuture', `Configuration version ${config.version} is dated ${config.issuedAt}, more than 5 minutes ahead of this computer's clock.`, {
        version: config.version,
      });
    }
  }
  const last = options.lastAccepted;
  if (last) {
    if (config.version < last.version) {
      return reject('replay', `Configuration version ${config.version} is older than the version already in force (${last.version}); refused as a replay.`, {
        version: config.version,
      });
    }
    if (config.version === last.version && payloadSha256 !== last.payloadSha256) {
      return reject('versionReused', `Configuration version ${config.version} was already accepted with different content; a new publish needs a higher version.`, {
        version: config.version,
      });
    }
  }
  return { ok: true, config, payload, payloadSha256, keyId: env.keyId, envelope: env as unknown as SignedEnvelope };
}
