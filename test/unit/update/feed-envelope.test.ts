import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENVELOPE_FORMAT } from '../../../shared/flags/envelope';
import { UPDATE_ENVELOPE_FORMAT } from '../../../shared/update/feed';
import { signPayload, verifySignedDocument } from '../../../main/flags/signing';
import { verifyUpdateFeed } from '../../../main/update/feed-signing';
import { testSigner } from '../../support/flags-signing';
import { feedOf, release } from '../../support/update-feed';
import { sampleConfigInput } from '../flags/flags-fixtures';

// Issue 19: the update feed and the flag configuration are opened by one function
// (openSignedEnvelope), so every envelope-level defect is refused for the same reason by both,
// and the feed's payload is read as strictly as the flags' (no repeated key).

const it_ = testSigner('it-2026');
const stranger = testSigner('it-2026');
const keys = new Map([[it_.keyId, it_.publicKey]]);
const now = new Date();

/** An envelope of either kind around exact payload bytes, signed by `signer`. */
function envelope(format: string, payload: string, signer = it_, patch: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...signPayload(Buffer.from(payload, 'utf8'), signer.pair.privateKeyPem, signer.keyId), format, ...patch });
}

const configText = JSON.stringify(
  { ...sampleConfigInput(), issuedAt: new Date(now.getTime() - 60_000).toISOString(), expiresAt: new Date(now.getTime() + 86_400_000).toISOString() },
  null,
  2,
);
const feedText = JSON.stringify(feedOf([release('0.3.0', 10)], 1, now), null, 2);

type Case = [name: string, reason: string, make: (format: string, payload: string) => string | Buffer];
const cases: Case[] = [
  [
    'a payload changed after signing',
    'badSignature',
    (f, p) => {
      const env = JSON.parse(envelope(f, p)) as Record<string, string>;
      return JSON.stringify({ ...env, payload: Buffer.from(p.replace('1', '2'), 'utf8').toString('base64') });
    },
  ],
  ['signed with another key under a trusted key id', 'badSignature', (f, p) => envelope(f, p, stranger)],
  ['an unknown key id', 'unknownKey', (f, p) => envelope(f, p, it_, { keyId: 'nobody' })],
  ['another algorithm', 'unsupportedAlgorithm', (f, p) => envelope(f, p, it_, { algorithm: 'RS256' })],
  ['no signature', 'missingSignature', (f, p) => envelope(f, p, it_, { signature: '' })],
  ['an HTML page', 'htmlPage', () => '<!doctype html><title>Login</title>'],
  ['broken JSON', 'malformedJson', () => '{"format": '],
  ['a repeated key in the envelope', 'duplicateKey', (f, p) => envelope(f, p).replace('{', `{"keyId": "x",`)],
  ['a repeated key in the signed payload', 'duplicateKey', (f, p) => envelope(f, p.replace('{', '{"schemaVersion": 1,'))],
  ['a signed payload that is not JSON', 'payloadNotJson', (f) => envelope(f, 'not json')],
  ['invalid UTF-8', 'malformedJson', (f, p) => Buffer.concat([Buffer.from(envelope(f, p).slice(0, -1)), Buffer.from([0xff, 0x7d])])],
  ['far too large', 'tooLarge', () => ' '.repeat(2 * 1024 * 1024)],
];

describe('one signed envelope for flags and updates', () => {
  for (const [name, reason, make] of cases) {
    it(`${name}: both refuse it as ${reason}`, () => {
      const flags = verifySignedDocument(make(ENVELOPE_FORMAT, configText), { keys, now });
      const feed = verifyUpdateFeed(make(UPDATE_ENVELOPE_FORMAT, feedText), { keys, now });
      expect([flags.ok ? 'accepted' : flags.reason, feed.ok ? 'accepted' : feed.reason]).toEqual([reason, reason]);
      // The feed's message speaks of the update feed, never of a flag configuration.
      if (!feed.ok) expect(feed.message).not.toMatch(/configuration|flag/i);
    });
  }

  it('the untouched documents are accepted, and neither format is taken for the other', () => {
    expect(verifySignedDocument(envelope(ENVELOPE_FORMAT, configText), { keys, now }).ok).toBe(true);
    expect(verifyUpdateFeed(envelope(UPDATE_ENVELOPE_FORMAT, feedText), { keys, now }).ok).toBe(true);
    expect(verifyUpdateFeed(envelope(ENVELOPE_FORMAT, feedText), { keys, now })).toMatchObject({ ok: false, reason: 'notAnEnvelope' });
    expect(verifySignedDocument(envelope(UPDATE_ENVELOPE_FORMAT, configText), { keys, now })).toMatchObject({ ok: false, reason: 'notAnEnvelope' });
  });

  it('the feed code parses no JSON itself (the strict parser does, for both)', () => {
    const source = readFileSync(path.join(__dirname, '../../../main/update/feed-signing.ts'), 'utf8');
    expect(source).not.toMatch(/JSON\.parse/);
    expect(source).toMatch(/openSignedEnvelope/);
  });
});
