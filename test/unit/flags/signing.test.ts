import { describe, expect, it } from 'vitest';
import { MAX_CONFIG_BYTES } from '../../../shared/flags/envelope';
import { loadTrustedKeys, sha256Hex, verifySignedDocument } from '../../../main/flags/signing';
import { testSigner } from '../../support/flags-signing';
import { sampleConfigInput } from './flags-fixtures';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const NOW = new Date('2026-11-15T12:00:00Z');
const signer = testSigner('it-2026');
const other = testSigner('it-2027');
const keys = new Map([
  [signer.keyId, signer.publicKey],
  [other.keyId, other.publicKey],
]);
const verify = (body: string, extra: Partial<Parameters<typeof verifySignedDocument>[1]> = {}) => verifySignedDocument(body, { keys, now: NOW, ...extra });

/** Every leaf of a JSON value with its path. */
function leaves(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...at, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]));
  return [at];
}
function tamperAt(doc: any, p: Array<string | number>): void {
  let o = doc;
  for (const k of p.slice(0, -1)) o = o[k];
  const last = p[p.length - 1]!;
  const v = o[last];
  o[last] = typeof v === 'number' ? v + 1 : typeof v === 'boolean' ? !v : typeof v === 'string' ? `${v}x` : 1;
}

describe('signed envelope verification', () => {
  const config = sampleConfigInput();
  const signed = signer.sign(config);

  it('accepts the untouched document with the key id and exact payload', () => {
    const r = verify(signed);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.keyId).toBe('it-2026');
    expect(r.config.version).toBe(7);
    expect(r.payload.toString('utf8')).toBe(JSON.stringify(config, null, 2));
  });

  it('refuses every field of the payload tampered (signature kept) as badSignature', () => {
    const paths = leaves(config);
    expect(paths.length).toBeGreaterThanOrEqual(40);
    for (const p of paths) {
      const env = JSON.parse(signed);
      const doc = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8'));
      tamperAt(doc, p);
      env.payload = Buffer.from(JSON.stringify(doc, null, 2), 'utf8').toString('base64');
      const r = verify(JSON.stringify(env));
      expect(r.ok, p.join('.')).toBe(false);
      if (!r.ok) expect(r.reason, p.join('.')).toBe('badSignature');
    }
  });

  it('refuses a payload changed only in whitespace (exact bytes are signed)', () => {
    const env = JSON.parse(signed);
    env.payload = Buffer.from(JSON.stringify(config), 'utf8').toString('base64');
    expect(verify(JSON.stringify(env))).toMatchObject({ ok: false, reason: 'badSignature' });
  });

  it('refuses each envelope field tampered with its own precise reason', () => {
    const env = () => JSON.parse(signed);
    const sig = Buffer.from(env().signature, 'base64');
    const flipped = Buffer.from(sig);
    flipped[10] = flipped[10]! ^ 0x01;
    const cases: Array<[string, (e: any) => void, string]> = [
      ['signature bit flipped', (e) => (e.signature = flipped.toString('base64')), 'badSignature'],
      ['signature truncated', (e) => (e.signature = sig.subarray(0, 40).toString('base64')), 'badSignature'],
      ['signature not base64', (e) => (e.signature = '***'), 'badSignature'],
      ['signature of another key', (e) => (e.signature = JSON.parse(other.sign(config)).signature), 'badSignature'],
      ['signature removed', (e) => delete e.signature, 'missingSignature'],
      ['signature empty', (e) => (e.signature = ''), 'missingSignature'],
      ['keyId of another trusted key', (e) => (e.keyId = 'it-2027'), 'badSignature'],
      ['keyId unknown', (e) => (e.keyId = 'evil'), 'unknownKey'],
      ['keyId removed', (e) => delete e.keyId, 'unknownKey'],
      ['algorithm changed', (e) => (e.algorithm = 'RS256'), 'unsupportedAlgorithm'],
      ['format changed', (e) => (e.format = 'qivo.flags.signed/2'), 'notAnEnvelope'],
      ['payload removed', (e) => delete e.payload, 'notAnEnvelope'],
    ];
    for (const [name, mutate, reason] of cases) {
      const e = env();
      mutate(e);
      expect(verify(JSON.stringify(e)), name).toMatchObject({ ok: false, reason });
    }
  });

  it('accepts any of several trusted keys (rotation), refuses when the signing key is not trusted', () => {
    expect(verify(other.sign(config)).ok).toBe(true);
    expect(verifySignedDocument(other.sign(config), { keys: new Map([[signer.keyId, signer.publicKey]]), now: NOW })).toMatchObject({ reason: 'unknownKey' });
  });

  it('refuses an older version (replay) and a reused version with other content, accepts the same bytes again', () => {
    const v7 = verify(signed);
    if (!v7.ok) throw new Error('setup');
    const lastAccepted = { version: 9, payloadSha256: 'f'.repeat(64) };
    expect(verify(signed, { lastAccepted })).toMatchObject({ ok: false, reason: 'replay', version: 7 });
    expect(verify(signed, { lastAccepted: { version: 7, payloadSha256: 'a'.repeat(64) } })).toMatchObject({ ok: false, reason: 'versionReused' });
    expect(verify(signed, { lastAccepted: { version: 7, payloadSha256: v7.payloadSha256 } }).ok).toBe(true);
    expect(verify(signed, { lastAccepted: { version: 6, payloadSha256: sha256Hex(Buffer.from('x')) } }).ok).toBe(true);
  });

  it('refuses expired and far-future documents, and tolerates 5 minutes of clock skew', () => {
    expect(verify(signer.sign({ ...config, expiresAt: '2026-11-15T11:59:59Z' }))).toMatchObject({ reason: 'expired' });
    expect(verify(signer.sign({ ...config, issuedAt: '2026-11-15T12:05:01Z' }))).toMatchObject({ reason: 'issuedInFuture' });
    expect(verify(signer.sign({ ...config, issuedAt: '2026-11-15T12:04:59Z' })).ok).toBe(true);
    // Re-reading our own last-known-good: age is not a reason to drop it.
    expect(verify(signer.sign({ ...config, expiresAt: '2026-11-15T11:59:59Z' }), { checkTime: false }).ok).toBe(true);
  });

  it('refuses schema-invalid, non-JSON, oversized and unsigned documents', () => {
    const bad = verify(signer.sign({ ...config, pollSeconds: 'often' } as never));
    expect(bad).toMatchObject({ ok: false, reason: 'schemaInvalid' });
    if (!bad.ok) expect(bad.details?.[0]).toContain('pollSeconds');
    expect(verify(signer.sign('{"schemaVersion": 1,'))).toMatchObject({ reason: 'payloadNotJson' });
    expect(verify('{not json')).toMatchObject({ reason: 'malformedJson' });
    expect(verify('<html><body>502</body></html>')).toMatchObject({ reason: 'htmlPage' });
    expect(verify('[1,2]')).toMatchObject({ reason: 'notAnEnvelope' });
    expect(verify(JSON.stringify(config))).toMatchObject({ reason: 'missingSignature' });
    const huge = signer.sign({
      ...config,
      flags: {
        ...config.flags,
        SEC_SK_1300: {
          ...config.flags.SEC_SK_1300!,
          description: 'x'.repeat(400),
          allow: Array.from({ length: 9000 }, (_, i) => `user-${i}-${'p'.repeat(80)}@example.com`),
        },
      },
    });
    expect(Buffer.byteLength(huge)).toBeGreaterThan(MAX_CONFIG_BYTES);
    expect(verify(huge)).toMatchObject({ reason: 'tooLarge' });
  });

  it('loads trusted keys from folders and policy, skipping private and broken files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qivo-keys-'));
    writeFileSync(path.join(dir, 'it-2026.pem'), signer.pair.publicKeyPem);
    writeFileSync(path.join(dir, 'it-2026.private.pem'), signer.pair.privateKeyPem);
    writeFileSync(path.join(dir, 'broken.pem'), 'not a key');
    const loaded = loadTrustedKeys([dir, path.join(dir, 'missing')], [other.policyEntry]);
    expect([...loaded.keys.keys()].sort()).toEqual(['it-2026', 'it-2027']);
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toContain('broken.pem');
  });
});
