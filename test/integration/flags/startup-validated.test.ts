import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VALIDATED_FILE } from '../../../main/flags/config-store';
import { LKG_FILE } from '../../../main/flags/flag-service';
import { sha256Hex } from '../../../main/flags/signing';
import { FlagConfigSchema } from '../../../shared/flags/config-schema';
import type { SignedEnvelope } from '../../../shared/flags/envelope';
import { startFlagConfigServer } from '../../servers/flag-config-server';
import { deliveryConfig, testSigner } from '../../support/flags-signing';
import { startFlagsCore, waitFor, type FlagsHarness } from './flags-core-harness';

/**
 * Start-up does not run the schema validator on a saved configuration this app version validated
 * before (same SHA-256): its first run in a fresh process costs more than all the rest. The
 * signature is still verified, and anything else (other bytes, another app version) is validated.
 */

const signer = testSigner('it-validated');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (cleanups.length) await cleanups.pop()!();
});

/** A workstation that accepted version 1 from its server and then exited. */
async function acceptedOnce(): Promise<{ h: FlagsHarness; body: string }> {
  const body = signer.sign(deliveryConfig(1));
  const s = await startFlagConfigServer(body);
  cleanups.push(() => s.close());
  const h = startFlagsCore({ signer, url: s.url });
  cleanups.push(() => h.cleanup());
  await waitFor(() => h.service.configInForce()?.source === 'remote', 'v1 accepted from the server');
  await h.close();
  return { h, body };
}

const lkgPath = (h: FlagsHarness) => path.join(h.dataDir, 'flags', LKG_FILE);
const payloadOf = (envelope: string) => Buffer.from((JSON.parse(envelope) as SignedEnvelope).payload, 'base64');
const recorded = (h: FlagsHarness) =>
  JSON.parse(readFileSync(path.join(h.dataDir, 'flags', VALIDATED_FILE), 'utf8')) as { appVersion: string; sha256: string[] };

describe('flag start-up after a configuration was accepted', () => {
  it('takes the saved configuration without the schema validator, with the defaults a validated parse gives', async () => {
    const { h, body } = await acceptedOnce();
    expect(recorded(h)).toMatchObject({ appVersion: '0.1.0', sha256: expect.arrayContaining([sha256Hex(Buffer.from(body))]) });
    const safeParse = vi.spyOn(FlagConfigSchema, 'safeParse');
    h.reopen({ QIVO_FLAGS_URL: '' });
    expect(h.service.startupChecks).toEqual({ lastKnownGood: 'validatedBefore', bootstrap: 'validatedBefore' });
    expect(safeParse).not.toHaveBeenCalled();
    expect(h.service.configInForce()).toMatchObject({ source: 'last-known-good', version: 1 });
    expect(h.service.configInForce()!.compiled.config).toEqual(FlagConfigSchema.parse(JSON.parse(payloadOf(body).toString('utf8'))));
    expect(h.service.allEvaluations().OFFICIAL_INTEGRATIONS?.value).toBe(true);
  });

  it('still verifies the signature: an altered last-known-good with the same recorded digest is refused', async () => {
    const { h, body } = await acceptedOnce();
    const envelope = JSON.parse(body) as SignedEnvelope;
    const altered = payloadOf(body).toString('utf8').replace('"rolloutPercentage": 100', '"rolloutPercentage": 0');
    expect(altered).not.toBe(payloadOf(body).toString('utf8'));
    const tampered = JSON.stringify({ ...envelope, payload: Buffer.from(altered).toString('base64') });
    writeFileSync(lkgPath(h), tampered);
    // Also record the altered file as validated: the signature alone must stop it.
    const digests = recorded(h);
    writeFileSync(path.join(h.dataDir, 'flags', VALIDATED_FILE), JSON.stringify({ ...digests, sha256: [...digests.sha256, sha256Hex(Buffer.from(tampered))] }));
    h.reopen({ QIVO_FLAGS_URL: '' });
    expect(h.service.configInForce()).toMatchObject({ source: 'bootstrap', version: 0 });
    expect(h.service.startupChecks.lastKnownGood).toBeUndefined();
    expect(h.service.startupProblems.map((p) => p.message).join(' ')).toContain('signature does not match');
  });

  it('validates a last-known-good whose digest was not recorded: a valid one is used, one off the schema is refused', async () => {
    const { h } = await acceptedOnce();
    // Signed by a trusted key but never accepted here (copied in): validated in full.
    writeFileSync(lkgPath(h), signer.sign(deliveryConfig(2)));
    const safeParse = vi.spyOn(FlagConfigSchema, 'safeParse');
    h.reopen({ QIVO_FLAGS_URL: '' });
    expect(h.service.startupChecks.lastKnownGood).toBe('schema');
    expect(safeParse).toHaveBeenCalled();
    expect(h.service.configInForce()).toMatchObject({ source: 'last-known-good', version: 2 });
    await h.close();

    const offSchema = { ...deliveryConfig(3), flags: { SEC_SK_1300: { enabled: true, rolloutPercent: 50, phase: 'full' } } };
    writeFileSync(lkgPath(h), signer.sign(JSON.stringify(offSchema)));
    h.reopen({ QIVO_FLAGS_URL: '' });
    expect(h.service.startupChecks.lastKnownGood).toBeUndefined();
    expect(h.service.configInForce()).toMatchObject({ source: 'bootstrap', version: 0 });
    expect(h.service.startupProblems.map((p) => p.message).join(' ')).toContain('does not follow the schema');
  });

  it('validates again under another app version, then records it for that version', async () => {
    const { h } = await acceptedOnce();
    const safeParse = vi.spyOn(FlagConfigSchema, 'safeParse');
    h.reopen({ QIVO_FLAGS_URL: '' }, '0.2.0');
    expect(h.service.startupChecks).toEqual({ lastKnownGood: 'schema', bootstrap: 'schema' });
    expect(safeParse).toHaveBeenCalledTimes(2);
    expect(h.service.configInForce()).toMatchObject({ source: 'last-known-good', version: 1 });
    expect(recorded(h).appVersion).toBe('0.2.0');
    await h.close();
    safeParse.mockClear();
    h.reopen({ QIVO_FLAGS_URL: '' }, '0.2.0');
    expect(h.service.startupChecks).toEqual({ lastKnownGood: 'validatedBefore', bootstrap: 'validatedBefore' });
    expect(safeParse).not.toHaveBeenCalled();
  });
});
