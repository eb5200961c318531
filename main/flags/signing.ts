import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { configValidatedBefore, describeZodIssues, FlagConfigSchema, type FlagConfig } from '../../shared/flags/config-schema';
import {
  ENVELOPE_FORMAT,
  MAX_CONFIG_BYTES,
  MAX_ISSUED_AT_SKEW_MS,
  SIGNATURE_ALGORITHM,
  type RejectionReason,
  type SignedEnvelope,
} from '../../shared/flags/envelope';
import { findDuplicateKey } from '../../shared/flags/strict-json';
import { invalidUtf8Offset } from '../../shared/text/well-formed';

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
  /** The environment the mark belongs to: replay protection is per environment. Absent in marks saved by 0.1. */
  environment?: string;
}

/**
 * Parses configuration JSON the strict way a signed payload needs: valid UTF-8, valid JSON and
 * no repeated key anywhere. Used before verifying and before signing.
 */
export function parseStrictJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; reason: 'malformedJson' | 'duplicateKey'; message: string } {
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0) return { ok: false, reason: 'malformedJson', message: `not valid UTF-8 (byte ${bad})` };
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: 'malformedJson', message: (err as Error).message };
  }
  const dup = findDuplicateKey(text);
  if (dup) return { ok: false, reason: 'duplicateKey', message: `the key "${dup.key}" appears twice in ${dup.path}` };
  return { ok: true, value };
}

/** JSON that passed parseStrictJson before (same bytes), parsed without walking it again. */
function parseCheckedJson(bytes: Uint8Array): ReturnType<typeof parseStrictJson> {
  try {
    return { ok: true, value: JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as unknown };
  } catch (err) {
    return { ok: false, reason: 'malformedJson', message: (err as Error).message };
  }
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
  /** The environment this workstation belongs to: a configuration for another one is refused. */
  environment?: string | null;
  /**
   * SHA-256 of whole signed documents this app version validated before (strict JSON, schema):
   * such a document is not validated again; its signature, dates, environment and replay mark are.
   */
  validatedDocuments?: ReadonlySet<string>;
}

export type VerifyResult =
  | {
      ok: true;
      config: FlagConfig;
      payload: Buffer;
      payloadSha256: string;
      keyId: string;
      envelope: SignedEnvelope;
      /** SHA-256 of the whole signed document, as options.validatedDocuments holds it. */
      documentSha256: string;
      /** True when strict JSON and schema were not checked again because these bytes passed them before. */
      validatedBefore: boolean;
    }
  | { ok: false; reason: RejectionReason; message: string; details?: string[]; version?: number };

function reject(reason: RejectionReason, message: string, extra: { details?: string[]; version?: number } = {}): VerifyResult {
  return { ok: false, reason, message, ...extra };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** What differs between the documents carried in the signed envelope (flag configuration, update feed). */
export interface EnvelopeKind {
  /** The envelope's `format`. */
  format: string;
  maxBytes: number;
  /** How messages name the document: "The configuration", "the update feed". */
  name: { subject: string; object: string; envelope: string };
  /** A bare document of this kind (unsigned), told apart from anything else. */
  looksUnsigned(doc: Record<string, unknown>): boolean;
}

export type EnvelopeRejection =
  | 'tooLarge'
  | 'malformedJson'
  | 'duplicateKey'
  | 'htmlPage'
  | 'notAnEnvelope'
  | 'missingSignature'
  | 'unsupportedAlgorithm'
  | 'unknownKey'
  | 'badSignature'
  | 'payloadNotJson';

export type OpenedEnvelope =
  { ok: true; payload: Buffer; value: unknown; keyId: string; envelope: Record<string, unknown> } | { ok: false; reason: EnvelopeRejection; message: string };

/**
 * Opens a signed envelope: size, strict JSON (UTF-8, no repeated key), envelope fields, the
 * Ed25519 signature over the payload bytes — before the payload is even parsed —, then the
 * payload as strict JSON. What the payload must say (schema, dates, replay) is the caller's.
 * Shared by the flag configuration and the update feed, so both trust the same way. Never throws.
 */
export function openSignedEnvelope(
  body: Uint8Array | string,
  kind: EnvelopeKind,
  keys: TrustedKeys,
  anyKey?: KeyObject,
  /** These exact bytes passed the strict JSON checks before: plain JSON.parse (the signature is still verified). */
  checkedBefore = false,
): OpenedEnvelope {
  const { subject, object, envelope } = kind.name;
  const fail = (reason: EnvelopeRejection, message: string): OpenedEnvelope => ({ ok: false, reason, message });
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (bytes.byteLength > kind.maxBytes) return fail('tooLarge', `${subject} is ${bytes.byteLength} bytes; at most ${kind.maxBytes} are accepted.`);
  // The strict checks walk every character in JavaScript, which in a fresh process is most of the time of a start-up.
  const parseJson = checkedBefore ? parseCheckedJson : parseStrictJson;
  const envelopeJson = parseJson(bytes);
  if (!envelopeJson.ok) {
    const text = bytes.subarray(0, 200).toString('utf8').trimStart();
    if (text.startsWith('<')) return fail('htmlPage', `An HTML page arrived instead of ${object} (a proxy, captive portal or error page?).`);
    if (envelopeJson.reason === 'duplicateKey') return fail('duplicateKey', `The signed envelope is ambiguous: ${envelopeJson.message}.`);
    return fail('malformedJson', `${subject} is not valid JSON: ${envelopeJson.message}`);
  }
  const doc = envelopeJson.value;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return fail('notAnEnvelope', `The document is not ${envelope} (expected a JSON object).`);
  const env = doc as Record<string, unknown>;
  if (env.format !== kind.format || typeof env.payload !== 'string') {
    return kind.looksUnsigned(env)
      ? fail('missingSignature', `${subject} is not signed (a bare document instead of ${envelope}).`)
      : fail('notAnEnvelope', `The document is not ${envelope} (format must be "${kind.format}" with a payload).`);
  }
  if (typeof env.signature !== 'string' || env.signature.length === 0) return fail('missingSignature', `${subject} carries no signature.`);
  if (env.algorithm !== SIGNATURE_ALGORITHM)
    return fail('unsupportedAlgorithm', `Signature algorithm ${String(env.algorithm)} is not accepted; only Ed25519 is.`);
  if (typeof env.keyId !== 'string' || env.keyId.length === 0 || env.keyId.length > 128) return fail('unknownKey', `${subject} names no signing key.`);
  const key = anyKey ?? keys.get(env.keyId);
  if (!key) return fail('unknownKey', `${subject} was signed with key "${env.keyId}", which this workstation does not trust.`);
  if (!BASE64.test(env.payload) || !BASE64.test(env.signature)) return fail('badSignature', 'The payload or signature is not valid base64.');
  const payload = Buffer.from(env.payload, 'base64');
  const signature = Buffer.from(env.signature, 'base64');
  let valid: boolean;
  try {
    valid = signature.byteLength === 64 && verify(null, payload, key, signature);
  } catch {
    valid = false;
  }
  if (!valid) return fail('badSignature', `The signature does not match ${object} (key "${env.keyId}"): it was altered or signed with another key.`);
  // Strictly, before anything reads it: with a repeated key, which value counts is not what was reviewed.
  const payloadJson = parseJson(payload);
  if (!payloadJson.ok) {
    if (payloadJson.reason === 'duplicateKey') return fail('duplicateKey', `The signed content is ambiguous: ${payloadJson.message}.`);
    return fail('payloadNotJson', `The signed payload is not valid JSON: ${payloadJson.message}`);
  }
  return { ok: true, payload, value: payloadJson.value, keyId: env.keyId, envelope: env };
}

const FLAG_ENVELOPE: EnvelopeKind = {
  format: ENVELOPE_FORMAT,
  maxBytes: MAX_CONFIG_BYTES,
  name: { subject: 'The configuration', object: 'the signed configuration', envelope: 'a signed configuration envelope' },
  looksUnsigned: (doc) => 'schemaVersion' in doc && 'flags' in doc,
};

/**
 * Verifies a signed configuration document. Order: size, JSON, envelope, signature (before the
 * payload is even parsed), schema, time window, replay. Nothing here throws for bad input.
 */
export function verifySignedDocument(body: Uint8Array | string, options: VerifyOptions): VerifyResult {
  const documentSha256 = sha256Hex(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  const validatedBefore = options.validatedDocuments?.has(documentSha256) ?? false;
  const opened = openSignedEnvelope(body, FLAG_ENVELOPE, options.keys, options.anyKey, validatedBefore);
  if (!opened.ok) return reject(opened.reason, opened.message);
  const { payload, keyId } = opened;
  const payloadSha256 = sha256Hex(payload);
  let config: FlagConfig;
  if (validatedBefore) {
    config = configValidatedBefore(opened.value);
  } else {
    const parsed = FlagConfigSchema.safeParse(opened.value);
    if (!parsed.success) {
      return reject('schemaInvalid', 'The configuration does not follow the schema.', { details: describeZodIssues(parsed.error) });
    }
    config = parsed.data;
  }
  if (options.checkTime !== false) {
    const now = options.now.getTime();
    if (Date.parse(config.expiresAt) <= now) {
      return reject('expired', `Configuration version ${config.version} expired at ${config.expiresAt}.`, { version: config.version });
    }
    if (Date.parse(config.issuedAt) > now + MAX_ISSUED_AT_SKEW_MS) {
      return reject(
        'issuedInFuture',
        `Configuration version ${config.version} is dated ${config.issuedAt}, more than 5 minutes ahead of this computer's clock.`,
        {
          version: config.version,
        },
      );
    }
  }
  if (options.environment && config.environment !== options.environment) {
    return reject(
      'wrongEnvironment',
      `Configuration version ${config.version} is for the "${config.environment}" environment; this workstation belongs to "${options.environment}".`,
      { version: config.version },
    );
  }
  const last = options.lastAccepted;
  // Replay protection is per environment: a mark from another environment says nothing about this one.
  if (last && (last.environment === undefined || last.environment === config.environment)) {
    if (config.version < last.version) {
      return reject('replay', `Configuration version ${config.version} is older than the version already in force (${last.version}); refused as a replay.`, {
        version: config.version,
      });
    }
    if (config.version === last.version && payloadSha256 !== last.payloadSha256) {
      return reject(
        'versionReused',
        `Configuration version ${config.version} was already accepted with different content; a new publish needs a higher version.`,
        {
          version: config.version,
        },
      );
    }
  }
  return { ok: true, config, payload, payloadSha256, keyId, envelope: opened.envelope as unknown as SignedEnvelope, documentSha256, validatedBefore };
}
