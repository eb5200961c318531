import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlagAuditStore } from '../../../main/flags/audit-store';
import { LKG_FILE } from '../../../main/flags/flag-service';
import { findDuplicateKey } from '../../../shared/flags/strict-json';
import { runQivoInProcess } from '../../support/cli';
import { deliveryConfig, testSigner } from '../../support/flags-signing';
import { makeTempDir } from '../../support/temp-dir';
import { flagsTestScope, waitFor, type FlagsHarness } from './flags-core-harness';

/**
 * Attacks on the signed configuration that verified signatures alone do not stop: a config from
 * another environment, an expired config kept alive by 304s, duplicate JSON keys, signing an
 * expired window, and rollback to an older published version.
 */

const signer = testSigner('it-test');
const { server, core, overview, defer } = flagsTestScope();
const audit = (h: FlagsHarness) => new FlagAuditStore(h.core.appDb).list(100);

describe('a configuration is bound to its environment', () => {
  it("production refuses a staging config (reason shown, last-known-good kept) and still takes production's next version", async () => {
    const prod1 = signer.sign(deliveryConfig(1, new Date(), { environment: 'production' }));
    const s = await server(prod1);
    const h = core({ signer, url: s.url, settings: { 'flags.policy.environment': 'production' } });
    await waitFor(() => h.service.configInForce()?.version === 1, 'production v1');
    // Staging publishes a much higher version, signed with the same key.
    s.publish(signer.sign(deliveryConfig(9, new Date(), { environment: 'staging' })));
    const refused = await overview(h, 'flags.refresh');
    expect(refused).toMatchObject({ configVersion: 1, environment: 'production', lastError: { reason: 'wrongEnvironment' } });
    expect(refused.lastError?.message).toContain('"staging"');
    expect(readFileSync(path.join(h.dataDir, 'flags', LKG_FILE), 'utf8')).toBe(prod1);
    expect(audit(h).some((a) => a.kind === 'config.rejected' && a.reason === 'wrongEnvironment')).toBe(true);
    // Not a "replay" of staging's 9: production's 2 is accepted.
    s.publish(signer.sign(deliveryConfig(2, new Date(), { environment: 'production' })));
    expect(await overview(h, 'flags.refresh')).toMatchObject({ configVersion: 2, source: 'remote', lastError: null });
  });

  it('without policy, the first accepted config binds the workstation; a saved config of another environment is not used at start', async () => {
    const s = await server(signer.sign(deliveryConfig(1)));
    const h = core({ signer, url: s.url });
    await waitFor(() => h.service.configInForce()?.version === 1, 'v1');
    s.publish(signer.sign(deliveryConfig(5, new Date(), { environment: 'staging' })));
    expect((await overview(h, 'flags.refresh')).lastError?.reason).toBe('wrongEnvironment');
    await h.close();
    // An attacker copies a staging last-known-good into the data folder.
    writeFileSync(path.join(h.dataDir, 'flags', LKG_FILE), signer.sign(deliveryConfig(6, new Date(), { environment: 'staging' })));
    h.reopen({ QIVO_FLAGS_URL: '' });
    const o = await overview(h);
    expect(o).toMatchObject({ source: 'bootstrap', configVersion: 0 });
    expect(h.service.startupProblems.map((p) => p.message).join(' ')).toContain('"staging"');
  });
});

describe('an expired configuration is never in force', () => {
  it('a server that keeps answering 304 does not keep it alive: the bootstrap takes over, said in Features and the audit log, also after a restart', async () => {
    const now = new Date();
    // Valid for a few seconds only (issued a minute ago, like deliveryConfig, expiring soon).
    const shortLived = deliveryConfig(1, now, { expiresAt: new Date(now.getTime() + 3000).toISOString() });
    const s = await server(signer.sign(shortLived));
    const h = core({ signer, url: s.url });
    await waitFor(() => h.service.configInForce()?.version === 1, 'v1');
    await waitFor(() => s.requests.some((r) => r.status === 304), 'a 304 revalidation');
    const fallen = await waitFor(
      () => (h.service.configInForce()?.source === 'bootstrap' ? h.service.configInForce() : null),
      'fallback to the bootstrap',
      15_000,
    );
    expect(fallen.version).toBe(0);
    const o = await overview(h);
    expect(o).toMatchObject({ source: 'bootstrap', configVersion: 0, lastError: { reason: 'expiredInForce' } });
    expect(audit(h).some((a) => a.reason === 'expiredInForce')).toBe(true);
    // The next answer is the same expired document (no ETag is sent for the bootstrap): refused.
    const refetched = await overview(h, 'flags.refresh');
    expect(refetched).toMatchObject({ configVersion: 0, source: 'bootstrap', lastError: { reason: 'expired' } });
    expect(s.requests[s.requests.length - 1]!.ifNoneMatch).toBeUndefined();
    await h.close();
    h.reopen({ QIVO_FLAGS_URL: '' });
    expect(h.service.configInForce()).toMatchObject({ source: 'bootstrap', version: 0 });
    expect((await overview(h)).lastError?.reason).toBe('expiredInForce');
  });
});

describe('duplicate JSON keys', () => {
  it('are found with their path, and only real duplicates', () => {
    expect(findDuplicateKey('{"a":1,"b":{"c":1,"c":2}}')).toEqual({ key: 'c', path: '$.b' });
    expect(findDuplicateKey('{"a":{"x":1},"b":{"x":1},"s":"\\"x\\":1,\\"x\\""}')).toBeNull();
    expect(findDuplicateKey('[{"k":1},{"k":2}]')).toBeNull();
    expect(findDuplicateKey('{"k":1,"\\u006b":2}')).toEqual({ key: 'k', path: '$' });
  });

  it('in a signed payload are refused by the app before the payload is used', async () => {
    const s = await server(signer.sign(deliveryConfig(1)));
    const h = core({ signer, url: s.url });
    await waitFor(() => h.service.configInForce()?.version === 1, 'v1');
    const text = JSON.stringify(deliveryConfig(2)).replace('"ADVANCED_ANALYTICS":{"enabled":true', '"ADVANCED_ANALYTICS":{"enabled":true,"enabled":false');
    expect(findDuplicateKey(text)?.key).toBe('enabled');
    s.publish(signer.sign(text));
    const o = await overview(h, 'flags.refresh');
    expect(o).toMatchObject({ configVersion: 1, lastError: { reason: 'duplicateKey' } });
    expect(o.lastError?.message).toContain('"enabled"');
    // A duplicate in the envelope itself (two payloads) is refused too.
    const env = signer.sign(deliveryConfig(3));
    s.publish(env.replace('"payload":', `"payload":"${Buffer.from('{}').toString('base64')}","payload":`));
    expect((await overview(h, 'flags.refresh')).lastError?.reason).toBe('duplicateKey');
  });
});

describe('qivo flags sign and verify', () => {
  function setup() {
    const t = makeTempDir('qivo-flags-attack-');
    defer(t.cleanup);
    const key = path.join(t.dir, 'it.private.pem');
    const pub = path.join(t.dir, 'it.pem');
    writeFileSync(key, signer.pair.privateKeyPem);
    writeFileSync(pub, signer.pair.publicKeyPem);
    const data = path.join(t.dir, 'data');
    const qivo = (...args: string[]) => runQivoInProcess(data, args);
    const write = (name: string, text: string) => {
      const f = path.join(t.dir, name);
      writeFileSync(f, text);
      return f;
    };
    return { dir: t.dir, key, pub, data, qivo, write };
  }

  it('--environment is required and must match the payload; duplicate keys and expired or future windows are refused unless --force', async () => {
    const { key, qivo, write, dir } = setup();
    const good = write('good.json', JSON.stringify(deliveryConfig(4, new Date(), { environment: 'production' })));
    const out = path.join(dir, 'out.json');
    expect((await qivo('flags', 'sign', good, '--key', key, '--out', out)).status).toBe(64);
    const mismatch = await qivo('flags', 'sign', good, '--key', key, '--out', out, '--environment', 'staging');
    expect(mismatch.status).toBe(1);
    expect(mismatch.stderr).toContain('"production"');
    expect((await qivo('flags', 'sign', good, '--key', key, '--out', out, '--environment', 'production')).status).toBe(0);

    const dup = write(
      'dup.json',
      JSON.stringify(deliveryConfig(5, new Date(), { environment: 'production' })).replace('"pollSeconds":1', '"pollSeconds":1,"pollSeconds":86400'),
    );
    const dupRun = await qivo('flags', 'sign', dup, '--key', key, '--out', out, '--environment', 'production');
    expect(dupRun.status).toBe(1);
    expect(dupRun.stderr).toContain('pollSeconds');

    const expired = write('expired.json', JSON.stringify(deliveryConfig(6, new Date(Date.now() - 90 * 24 * 3600_000), { environment: 'production' })));
    const refused = await qivo('flags', 'sign', expired, '--key', key, '--out', out, '--environment', 'production');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/expired at .*--force/);
    const future = write('future.json', JSON.stringify(deliveryConfig(7, new Date(Date.now() + 2 * 24 * 3600_000), { environment: 'production' })));
    expect((await qivo('flags', 'sign', future, '--key', key, '--out', out, '--environment', 'production')).stderr).toMatch(/not valid before/);
    expect((await qivo('--lang', 'pt-BR', 'flags', 'sign', expired, '--key', key, '--out', out, '--environment', 'production')).stderr).toContain(
      'Não assinado',
    );
    expect((await qivo('flags', 'sign', expired, '--key', key, '--out', out, '--environment', 'production', '--force')).status).toBe(0);
  });

  it("verify --history DIR detects a rollback and a reused version; without it, the data folder's last-known-good is the history", async () => {
    const { qivo, pub, dir, data } = setup();
    const history = path.join(dir, 'published');
    mkdirSync(history);
    const signed = (version: number, patch = {}) => signer.sign(deliveryConfig(version, new Date(), patch));
    writeFileSync(path.join(history, 'v3.signed.json'), signed(3));
    writeFileSync(path.join(history, 'v5.signed.json'), signed(5));
    writeFileSync(path.join(history, 'v9-staging.signed.json'), signed(9, { environment: 'staging' }));
    const file = (name: string, text: string) => {
      const f = path.join(dir, name);
      writeFileSync(f, text);
      return f;
    };
    const rollback = await qivo('flags', 'verify', file('v4.json', signed(4)), '--pub', pub, '--history', history);
    expect(rollback.status).toBe(1);
    expect(rollback.stderr).toMatch(/Rollback: version 4 is older than version 5/);
    const reused = await qivo('flags', 'verify', file('v5b.json', signed(5, { pollSeconds: 30 })), '--pub', pub, '--history', history);
    expect(reused.status).toBe(1);
    expect(reused.stderr).toMatch(/Version 5 was already published with other content/);
    // Staging's 9 is another environment's history: 6 is fine.
    expect((await qivo('flags', 'verify', file('v6.json', signed(6)), '--pub', pub, '--history', history)).status).toBe(0);
    expect((await qivo('flags', 'verify', file('v6e.json', signed(6)), '--pub', pub, '--environment', 'production')).stderr).toContain('"test"');

    mkdirSync(path.join(data, 'flags'), { recursive: true });
    writeFileSync(path.join(data, 'flags', LKG_FILE), signed(5));
    expect((await qivo('flags', 'verify', path.join(dir, 'v4.json'), '--pub', pub)).stderr).toMatch(/Rollback/);
  });
});
