import { generateSigningKeyPair, signPayload, type KeyPairPem } from '../../main/flags/signing';
import { parsePublicKey } from '../../main/flags/signing';
import type { FlagConfigInput } from '../../shared/flags/config-schema';
import type { KeyObject } from 'node:crypto';

/**
 * TEST-ONLY signing keys, generated per test run and never written to the repository. The app
 * trusts them only because a test puts them in the policy setting `flags.policy.trustedKeys`.
 */
export interface TestSigner {
  keyId: string;
  pair: KeyPairPem;
  publicKey: KeyObject;
  /** Signs the exact bytes of JSON.stringify(config) (or the given raw text) into an envelope string. */
  sign(config: FlagConfigInput | string, keyId?: string): string;
  policyEntry: { keyId: string; publicKeyPem: string };
}

export function testSigner(keyId = 'test-only-key'): TestSigner {
  const pair = generateSigningKeyPair();
  return {
    keyId,
    pair,
    publicKey: parsePublicKey(pair.publicKeyPem),
    sign(config, asKeyId = keyId) {
      const raw = typeof config === 'string' ? config : JSON.stringify(config, null, 2);
      return JSON.stringify(signPayload(Buffer.from(raw, 'utf8'), pair.privateKeyPem, asKeyId));
    },
    policyEntry: { keyId, publicKeyPem: pair.publicKeyPem },
  };
}

/** A valid configuration (all four flags) for delivery tests; dates relative to `now`. */
export function deliveryConfig(version: number, now = new Date(), patch: Partial<FlagConfigInput> = {}): FlagConfigInput {
  return {
    schemaVersion: 1,
    version,
    issuedAt: new Date(now.getTime() - 60_000).toISOString(),
    expiresAt: new Date(now.getTime() + 30 * 24 * 3600_000).toISOString(),
    environment: 'test',
    pollSeconds: 1,
    flags: {
      OFFICIAL_INTEGRATIONS: {
        enabled: true,
        rolloutPercentage: 100,
        phase: 'beta',
        guard: {
          operations: ['regulator.call', 'cache'],
          windowMinutes: 15,
          minSample: 20,
          targets: { successRate: 0.95, p95LatencyMs: 2000, errorRate: 0.01 },
          rollbackTriggers: { successRateBelow: 0.85, errorRateAbove: 0.05 },
        },
      },
      SEC_SK_1300: { enabled: true, rolloutPercentage: 100, phase: 'full' },
      BRAZILIAN_FIELDS: { enabled: true, rolloutPercentage: 100, phase: 'full' },
      ADVANCED_ANALYTICS: { enabled: true, rolloutPercentage: 100, phase: 'full' },
    },
    ...patch,
  };
}
