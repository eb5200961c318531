import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { describeZodIssues } from '../../shared/flags/config-schema';
import { SIGNATURE_ALGORITHM } from '../../shared/flags/envelope';
import { MAX_UPDATE_FEED_BYTES, UPDATE_ENVELOPE_FORMAT, UpdateFeedSchema, type UpdateFeed } from '../../shared/update/feed';
import { openSignedEnvelope, sha256Hex, type EnvelopeKind, type TrustedKeys } from '../flags/signing';

/**
 * Signing and verifying the update feed. The envelope is the flag configuration's
 * (`{format, keyId, algorithm, payload: base64 of the exact bytes, signature}`) with its own
 * format string, so a flag configuration can never be taken for a feed or the other way round,
 * and the keys IT already trusts for flags are the keys that sign updates.
 */
export const FEED_REJECTIONS = [
  'tooLarge',
  'malformedJson',
  'duplicateKey',
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
  { ok: true; feed: UpdateFeed; payloadSha256: string; keyId: string } | { ok: false; reason: FeedRejection; message: string; details?: string[] };

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

const FEED_ENVELOPE: EnvelopeKind = {
  format: UPDATE_ENVELOPE_FORMAT,
  maxBytes: MAX_UPDATE_FEED_BYTES,
  name: { subject: 'The update feed', object: 'the update feed', envelope: 'a signed update feed' },
  looksUnsigned: (doc) => 'releases' in doc && 'schemaVersion' in doc,
};

/**
 * The flags' envelope checks (openSignedEnvelope: size, strict JSON, envelope, signature before
 * the payload is parsed, strict payload JSON), then the feed's own: schema, expiry, replay. Never throws.
 */
export function verifyUpdateFeed(body: Uint8Array | string, options: FeedVerifyOptions): FeedVerifyResult {
  const opened = openSignedEnvelope(body, FEED_ENVELOPE, options.keys, options.anyKey);
  if (!opened.ok) return reject(opened.reason, opened.message);
  const { payload, keyId, value: raw } = opened;
  const parsed = UpdateFeedSchema.safeParse(raw);
  if (!parsed.success) return reject('schemaInvalid', 'The update feed does not follow its schema.', describeZodIssues(parsed.error));
  const feed = parsed.data;
  if (Date.parse(feed.expiresAt) <= options.now.getTime()) return reject('expired', `Update feed ${feed.sequence} expired at ${feed.expiresAt}.`);
  const payloadSha256 = sha256Hex(payload);
  const last = options.lastAccepted;
  if (last && feed.sequence < last.sequence)
    return reject('replay', `Update feed ${feed.sequence} is older than the feed already seen (${last.sequence}); refused as a replay.`);
  if (last && feed.sequence === last.sequence && payloadSha256 !== last.payloadSha256) {
    return reject('sequenceReused', `Update feed ${feed.sequence} was already seen with different content; a new publish needs a higher sequence.`);
  }
  return { ok: true, feed, payloadSha256, keyId };
}
