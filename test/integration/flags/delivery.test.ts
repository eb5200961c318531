import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlagAuditStore } from '../../../main/flags/audit-store';
import { LKG_FILE } from '../../../main/flags/flag-service';
import type { FlagsOverview } from '../../../shared/ipc/flags-contract';
import { deliveryConfig, testSigner } from '../../support/flags-signing';
import type { FlagConfigTestServer } from '../../servers/flag-config-server';
import { flagsTestScope, waitFor, type FlagsHarness } from './flags-core-harness';

const signer = testSigner('it-test');
const ctx = { transport: 'in-process' as const };
const { server, core, overview, forgetLast } = flagsTestScope();
const flag = (o: FlagsOverview, key: string) => o.flags.find((f) => f.flag === key)!;

describe('flag delivery against a real HTTP config server', () => {
  it('starts from the signed bootstrap without waiting for the network, then reports the timeout', async () => {
    const s = await server();
    s.fault({ kind: 'trickle', intervalMs: 100 });
    const h = core({ signer, url: s.url });
    // openCore has returned: flags are evaluated already, nothing fetched yet. Read before anything
    // is awaited — once the test awaits, a busy machine may already have reached the 1 s timeout.
    expect(h.core.gate.isEnabled('SEC_SK_1300')).toBe(true);
    expect(h.service.lastFetchAt).toBeNull();
    expect(h.service.lastError).toBeNull();
    // What the window reads says the same source whether or not the timeout has come yet.
    expect(await overview(h)).toMatchObject({ source: 'bootstrap', configVersion: 0 });
    const after = await waitFor(() => (h.service.lastError ? h.service.lastError : null), 'the fetch to time out');
    expect(after.reason).toBe('timeout');
    expect(h.core.gate.isEnabled('SEC_SK_1300')).toBe(true);
  });

  it('accepts a signed config, persists it as last-known-good, revalidates with If-None-Match/304 and restarts from it offline', async () => {
    const v1 = signer.sign(
      deliveryConfig(1, new Date(), { flags: { ...deliveryConfig(1).flags, ADVANCED_ANALYTICS: { enabled: true, rolloutPercentage: 0, phase: 'internal' } } }),
    );
    const s = await server(v1);
    const h = core({ signer, url: s.url });
    await waitFor(() => h.service.configInForce()?.version === 1, 'version 1');
    expect(h.core.gate.isEnabled('ADVANCED_ANALYTICS')).toBe(false);
    expect(h.core.gate.reason('ADVANCED_ANALYTICS')).toBe('STATIC');
    expect(readFileSync(path.join(h.dataDir, 'flags', LKG_FILE), 'utf8')).toBe(v1);
    expect(h.events.some((e) => e.cause === 'config' && e.changes.some((c) => c.flag === 'ADVANCED_ANALYTICS' && !c.after))).toBe(true);
    await waitFor(() => s.requests.length >= 3, 'two more polls', 8000);
    expect(s.requests[0]!.ifNoneMatch).toBeUndefined();
    expect(s.requests.slice(1).every((r) => r.ifNoneMatch && r.status === 304)).toBe(true);
    expect((await overview(h)).source).toBe('remote');
    const audit = new FlagAuditStore(h.core.appDb).list();
    expect(audit.find((a) => a.kind === 'config.accepted')).toMatchObject({ configVersion: 1 });

    await h.close();
    await s.close();
    forgetLast();
    const restarted = h.reopen();
    expect(restarted.gate.isEnabled('ADVANCED_ANALYTICS')).toBe(false);
    expect(await overview(h)).toMatchObject({ source: 'last-known-good', configVersion: 1 });
    // The server is gone: the fetch fails, the last-known-good stays.
    await waitFor(() => h.service.lastError?.reason === 'network', 'network error');
    expect((await overview(h)).configVersion).toBe(1);
  });

  it('a kill switch published on the server reaches a running core within one poll', async () => {
    const s = await server(signer.sign(deliveryConfig(1)));
    const h = core({ signer, url: s.url });
    await waitFor(() => h.service.configInForce()?.source === 'remote', 'remote config');
    expect(h.core.gate.isEnabled('OFFICIAL_INTEGRATIONS')).toBe(true);
    const killed = deliveryConfig(2);
    killed.flags.OFFICIAL_INTEGRATIONS = { ...killed.flags.OFFICIAL_INTEGRATIONS!, enabled: false };
    s.publish(signer.sign(killed));
    const requestsAtPublish = s.requests.length;
    const event = await waitFor(() => h.events.find((e) => e.changes.some((c) => c.flag === 'OFFICIAL_INTEGRATIONS' && !c.after)), 'kill switch', 5000);
    // Delivered by the first poll after publishing (or one already in flight), never a later one.
    expect(s.requests.length).toBeLessThanOrEqual(requestsAtPublish + 1);
    expect(event).toMatchObject({ cause: 'config', configVersion: 2, source: 'remote' });
    expect(h.core.gate.isEnabled('OFFICIAL_INTEGRATIONS')).toBe(false);
    expect(h.core.gate.reason('OFFICIAL_INTEGRATIONS')).toBe('DISABLED');
    const refused = await h.core.dispatch('official.anmProcess', { number: '802.563/1973' }, ctx);
    expect(refused).toMatchObject({ ok: false, error: { code: 'ipc.featureDisabled', params: { flag: 'OFFICIAL_INTEGRATIONS', reason: 'DISABLED' } } });
  });

  describe('bad input: clear reason, last-known-good stays', () => {
    async function acceptedV2(): Promise<{ s: FlagConfigTestServer; h: FlagsHarness; lkg: string }> {
      const body = signer.sign({ ...deliveryConfig(2), pollSeconds: 3600 });
      const s = await server(body);
      const h = core({ signer, url: s.url });
      await waitFor(() => h.service.configInForce()?.version === 2, 'version 2');
      return { s, h, lkg: body };
    }

    it('refuses each bad answer with its own reason', async () => {
      const { s, h, lkg } = await acceptedV2();
      const now = new Date();
      const tampered = JSON.parse(signer.sign(deliveryConfig(3)));
      tampered.payload = Buffer.from(JSON.stringify({ ...deliveryConfig(3), environment: 'evil' })).toString('base64');
      const other = testSigner('not-trusted');
      const cases: Array<[string, () => void, string]> = [
        ['malformed JSON', () => s.fault({ kind: 'raw', body: '{"format": "qivo.flags.signed/1", ' }), 'malformedJson'],
        ['wrong types', () => (s.fault({ kind: 'none' }), s.publish(signer.sign({ ...deliveryConfig(3), pollSeconds: 'often' } as never))), 'schemaInvalid'],
        ['100 MB body', () => s.fault({ kind: 'huge', bytes: 100 * 1024 * 1024 }), 'tooLarge'],
        ['100 MB body announced', () => s.fault({ kind: 'huge', bytes: 100 * 1024 * 1024, declareLength: true }), 'tooLarge'],
        ['trickling server', () => s.fault({ kind: 'trickle', intervalMs: 50, chunk: '{' }), 'timeout'],
        ['HTML error page', () => s.fault({ kind: 'status', status: 502 }), 'httpStatus'],
        ['HTML page with 200', () => s.fault({ kind: 'htmlPage' }), 'htmlPage'],
        ['tampered payload', () => (s.fault({ kind: 'none' }), s.publish(JSON.stringify(tampered))), 'badSignature'],
        ['unknown key', () => s.publish(other.sign(deliveryConfig(3))), 'unknownKey'],
        ['unsigned', () => s.publish(JSON.stringify(deliveryConfig(3))), 'missingSignature'],
        ['older version replayed', () => s.publish(signer.sign(deliveryConfig(1))), 'replay'],
        ['same version, other content', () => s.publish(signer.sign({ ...deliveryConfig(2), pollSeconds: 2 })), 'versionReused'],
        ['another environment', () => s.publish(signer.sign({ ...deliveryConfig(3), environment: 'staging' })), 'wrongEnvironment'],
        ['expired', () => s.publish(signer.sign(deliveryConfig(3, new Date(now.getTime() - 60 * 24 * 3600_000)))), 'expired'],
        [
          'clock far off',
          () => (
            s.publish(signer.sign(deliveryConfig(3, new Date(now.getTime() + 2 * 3600_000)))),
            s.fault({ kind: 'dateHeader', date: new Date(now.getTime() + 2 * 3600_000) })
          ),
          'clockSkew',
        ],
      ];
      for (const [name, arrange, reason] of cases) {
        arrange();
        const o = await overview(h, 'flags.refresh');
        expect(o.lastError?.reason, name).toBe(reason);
        expect(o.lastError?.message.length, name).toBeGreaterThan(20);
        expect(o.configVersion, name).toBe(2);
        expect(o.source, name).toBe('last-known-good');
        expect(flag(o, 'OFFICIAL_INTEGRATIONS').value, name).toBe(true);
        expect(readFileSync(path.join(h.dataDir, 'flags', LKG_FILE), 'utf8'), name).toBe(lkg);
      }
      const rejected = new FlagAuditStore(h.core.appDb)
        .list(100)
        .filter((a) => a.kind === 'config.rejected')
        .map((a) => a.reason);
      expect(new Set(rejected)).toEqual(new Set(cases.map((c) => c[2])));
      // And a good one still gets through afterwards.
      s.fault({ kind: 'none' });
      s.publish(signer.sign(deliveryConfig(3)));
      const ok = await overview(h, 'flags.refresh');
      expect(ok).toMatchObject({ configVersion: 3, source: 'remote', lastError: null });
    });

    it('a 304 with nothing cached is reported, the bootstrap stays', async () => {
      const s = await server();
      s.fault({ kind: 'notModified' });
      const h = core({ signer, url: s.url, settings: {} });
      await waitFor(() => h.service.lastError, 'the first fetch');
      const view = await overview(h);
      expect(view.lastError?.reason).toBe('notModifiedWithoutCache');
      expect(view).toMatchObject({ source: 'bootstrap', configVersion: 0 });
      expect(existsSync(path.join(h.dataDir, 'flags', LKG_FILE))).toBe(false);
    });

    it('a damaged last-known-good file falls back to the bootstrap with a reason', async () => {
      const { h } = await acceptedV2();
      await h.close();
      const file = path.join(h.dataDir, 'flags', LKG_FILE);
      const env = JSON.parse(readFileSync(file, 'utf8'));
      env.signature = Buffer.alloc(64, 1).toString('base64');
      writeFileSync(file, JSON.stringify(env));
      h.reopen({ QIVO_FLAGS_URL: '' });
      const view = await overview(h);
      expect(view).toMatchObject({ source: 'bootstrap', configVersion: 0 });
      expect(view.lastError?.reason).toBe('lkgInvalid');
    });
    it('an older signed file copied over the last-known-good is refused as a replay at start-up', async () => {
      const { h } = await acceptedV2();
      await h.close();
      writeFileSync(path.join(h.dataDir, 'flags', LKG_FILE), signer.sign(deliveryConfig(1)));
      h.reopen({ QIVO_FLAGS_URL: '' });
      const view = await overview(h);
      expect(view).toMatchObject({ source: 'bootstrap', configVersion: 0 });
      expect(view.lastError).toMatchObject({ reason: 'lkgInvalid' });
      expect(view.lastError?.message).toMatch(/replay/);
    });
  });

  it('environment overrides apply in development builds, and in packaged builds only where policy allows', async () => {
    const env = { ENABLE_ADVANCED_ANALYTICS: 'false', ENABLE_SEC_SK_1300: 'nonsense' };
    const dev = core({ signer, env });
    expect(dev.core.gate.isEnabled('ADVANCED_ANALYTICS')).toBe(false);
    expect(flag(await overview(dev), 'ADVANCED_ANALYTICS')).toMatchObject({ reason: 'STATIC', match: 'override' });
    expect(flag(await overview(dev), 'SEC_SK_1300')).toMatchObject({ value: true, match: 'percentage' });
    const packaged = core({ signer, env, isPackaged: true });
    expect(packaged.core.gate.isEnabled('ADVANCED_ANALYTICS')).toBe(true);
    expect((await overview(packaged)).overridesAllowed).toBe(false);
    const allowed = core({ signer, env, isPackaged: true, settings: { 'flags.policy.allowEnvOverrides': true } });
    expect(allowed.core.gate.isEnabled('ADVANCED_ANALYTICS')).toBe(false);
  });

  it('keys the rollout on the policy user id, else a random install id kept in settings', async () => {
    const h = core({ signer });
    const first = await overview(h);
    expect(first.userIdOrigin).toBe('install');
    expect(first.userId).toMatch(/^install-[0-9a-f-]{36}$/);
    expect((await overview(h)).userId).toBe(first.userId);
    const set = await h.core.dispatch('flags.setUserId', { userId: '  joão.silva@mineração.example ' }, ctx);
    expect(set).toMatchObject({ ok: true, value: { userId: 'joão.silva@mineração.example', userIdOrigin: 'settings' } });
    expect(h.events.at(-1)).toMatchObject({ cause: 'user' });
    const locked = core({ signer, settings: { 'flags.userId': 'ana@vale.example', 'flags.policy.lockUserId': true } });
    expect((await overview(locked)).userId).toBe('ana@vale.example');
    expect(await locked.core.dispatch('flags.setUserId', { userId: 'me' }, ctx)).toMatchObject({ ok: false, error: { code: 'flags.userIdLocked' } });
  });
});
