/**
 * The signed envelope that carries a flag configuration (file `*.signed.json`, and the body the
 * app fetches from `flags.url`):
 *
 *   { "format": "qivo.flags.signed/1", "keyId": "<name of the public key>", "algorithm": "Ed25519",
 *     "payload": "<base64 of the exact configuration bytes>", "signature": "<base64 Ed25519 signature over those bytes>" }
 *
 * The payload is carried as base64 so the signed bytes are exactly the bytes verified: no JSON
 * canonicalisation, whitespace or key-order question can arise between signer and app
 * (docs/adr/0003-signed-envelope-base64-payload.md).
 */
export const ENVELOPE_FORMAT = 'qivo.flags.signed/1';
export const SIGNATURE_ALGORITHM = 'Ed25519';
/** Largest accepted body (envelope) and payload: 1 MiB. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** How far in the future `issuedAt` may lie before the document is refused (clock skew allowance). */
export const MAX_ISSUED_AT_SKEW_MS = 5 * 60 * 1000;

export interface SignedEnvelope {
  format: typeof ENVELOPE_FORMAT;
  keyId: string;
  algorithm: typeof SIGNATURE_ALGORITHM;
  payload: string;
  signature: string;
}

/**
 * Why a configuration was refused. Each is also an i18n key `errors.flags.<reason>`.
 * Verification: tooLarge … versionReused; delivery: the fetch problems below.
 */
export const REJECTION_REASONS = [
  'tooLarge',
  'malformedJson',
  'notAnEnvelope',
  'missingSignature',
  'unsupportedAlgorithm',
  'unknownKey',
  'badSignature',
  'payloadNotJson',
  'schemaInvalid',
  'expired',
  'issuedInFuture',
  'clockSkew',
  'replay',
  'versionReused',
  'timeout',
  'network',
  'httpStatus',
  'htmlPage',
  'notModifiedWithoutCache',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];
