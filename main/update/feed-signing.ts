import { createPrivateKey, sign, verify, type KeyObject } from 'node:crypto';
import { describeZodIssues } from '../../shared/flags/config-schema';
import { SIGNATURE_ALGORITHM } from '../../shared/flags/envelope';
import { MAX_UPDATE_FEED_BYTES, UPDATE_ENVELOPE_FORMAT, UpdateFeedSchema, type UpdateFeed } from '../../shared/update/feed';
import { sha256Hex, type TrustedKeys } from '../flags/signing';

/**
 * Signing and verifying the update feed. The envelope is the flag configuration's
 * (`{format, keyId, algorithm, payload: base64 of the exact bytes, signature}`) with its own
 * format string, so a flag configuration can never be taken for a feed or the other way round,
 * and the keys IT already trusts for flags are the keys that sign updates.
 */
export const FEED_REJECTIONS = [
  'tooLarge',
  'malformedJson',
  'htmlPage',
  'notAnEnvelope',
  'missingSignature',
  'unsupportedAlgorithm',
  'unknownKey',
  'badSignature',
  'payloadNotJson',
  'schemaInvalid',
  'expired',
  'replay',
  'sequenceReused',
] as const;
export type FeedRejection = (typeof FEED_REJECTIONS)[number];

export interface SignedFeedEnvelope {
  format: typeof UPDATE_ENVELOPE_FORMAT;
  keyId: string;
  algorithm: typeof SIGNATURE_ALGORITHM;
  payload: string;
  signature: string;
}

export interface FeedMark {
  sequence: number;
  payloadSha256: string;
}

export type FeedVerifyResult =
  | { ok: true; feed: UpdateFeed; payloadSha256: string; keyId: string }
  | { ok: false; reason: FeedRejection; message: string; details?: string[] };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function reject(reason: FeedRejection, message: string, details?: string[]): FeedVerifyResult {
  return { ok: false, reason, message, ...(details ? { details } : {}) };
}

export function signUpdateFeed(feed: UpdateFeed, privateKeyPem: string, keyId: string): SignedFeedEnvelope {
  const parsed = UpdateFeedSchema.parse(feed);
  const payload = Buffer.from(`${JSON.stringify(parsed, null, 2)}\n`, 'utf8');
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 private key (${key.asymmetricKeyType})`);
  return {
    format: UPDATE_ENVELOPE_FORMAT,
    keyId,
    algorithm: SIGNATURE_ALGORITHM,
    payload: payload.toString('base64'),
    signature: sign(null, payload, key).toString('base64'),
  };
}

export interface FeedVerifyOptions {
  keys: TrustedKeys;
  now: Date;
  /** The last feed accepted on this machine: a lower sequence is a replay (an attacker re-serving an old feed to hide a withdrawal). */
  lastAccepted?: FeedMark | null;
  /** Trust this key whatever key id the envelope names (CLI `--pub`). */
  anyKey?: KeyObject;
}

/** Size, JSON, envelope, signature (before the payload is parsed), schema, expiry, replay. Never throws. */
export function verifyUpdateFeed(body: Uint8Array | string, options: FeedVerifyOptions): FeedVerifyResult {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (bytes.byteLength > MAX_UPDATE_FEED_BYTES) return reject('tooLarge', `The update feed is ${bytes.byteLength} bytes; at most ${MAX_UPDATE_FEED_BYTES} are accepted.`);
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    if (bytes.subarray(0, 200).toString('utf8').trimStart().startsWith('<')) return reject('htmlPage', 'An HTML page arrived instead of the update feed.');
    return reject('malformedJson', `The update feed is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return reject('notAnEnvelope', 'The update feed is not a signed envelope.');
  const env = doc as Record<string, unknown>;
  if (env.format !== UPDATE_ENVELOPE_FORMAT || typeof env.payload !== 'string') {
    const bare = 'releases' in env && 'schemaVersion' in env;
    return reject(bare ? 'missingSignature' : 'notAnEnvelope', bare ? 'The update feed is not signed.' : `The document is not a signed update feed (format must be "${UPDATE_ENVELOPE_FORMAT}").`);
  }
  if (typeof env.signature !== 'string' || env.signature.length === 0) return reject('missingSignature', 'The update feed carries no signature.');
  if (env.algorithm !== SIGNATURE_ALGORITHM) return reject('unsupportedAlgorithm', `Signature algorithm ${String(env.algorithm)} is not accepted; only Ed25519 is.`);
  if (typeof env.keyId !== 'string' || env.keyId.length === 0 || env.keyId.length > 128) return reject('unknownKey', 'The update feed names no signing key.');
  const key = options.anyKey ?? options.keys.get(env.keyId);
  if (!key) return reject('unknownKey', `The update feed was signed with key "${env.keyId}", which this workstation does not trust.`);
  if (!BASE64.test(env.payload) || !BASE64.test(env.signature)) return reject('badSignature', 'The payload or signature is not valid base64.');
  const payload = Buffer.from(env.payload, 'base64');
  const signature = Buffer.from(env.signature, 'base64');
  let valid: boolean;
  try {
    valid = signature.byteLength === 64 && verify(null, payload, key, signature);
  } catch {
    valid = false;
  }
  if (!valid) return reject('badSignature', `The update feed's signature does not match (key "${env.keyId}"): it was altered or signed with another key.`);
  let raw: unknown;
  try {
    raw = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    return reject('payloadNotJson', `The signed update feed is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = UpdateFeedSchema.safeParse(raw);
  if (!parsed.success) return reject('schemaInvalid', 'The update feed does not follow its schema.', describeZodIssues(parsed.error));
  const feed = parsed.data;
  if (Date.parse(feed.expiresAt) <= options.now.getTime()) return reject('expired', `Update feed ${feed.sequence} expired at ${feed.expiresAt}.`);
  const payloadSha256 = sha256Hex(payload);
  const last = options.lastAccepted;
  if (last && feed.sequence < last.sequence) return reject('replay', `Update feed ${feed.sequence} is older than the feed already seen (${last.sequence}); refused as a replay.`);
  if (last && feed.sequence === last.sequence && payloadSha256 !== last.payloadSha256) {
    return reject('sequenceReused', `Update feed ${feed.sequence} was already seen with different content; a new publish needs a higher sequence.`);
  }
  return { ok: true, feed, payloadSha256, keyId: env.keyId };
}
