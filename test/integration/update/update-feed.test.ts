import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../../shared/ipc/update-contract';
import { inUpdateStage, UPDATE_ENVELOPE_FORMAT, type UpdateFeed } from '../../../shared/update/feed';
import { parsePublicKey } from '../../../main/flags/signing';
import { FileSettingsStore } from '../../../main/settings/file-settings-store';
import { signUpdateFeed, verifyUpdateFeed } from '../../../main/update/feed-signing';
import { UpdateService, type ShellUpdater, type UpdateOffer } from '../../../main/update/update-service';
import { startFlagConfigServer, type FlagConfigTestServer } from '../../servers/flag-config-server';
import { runQivoInProcess } from '../../support/cli';
import { testSigner } from '../../support/flags-signing';
import { makeTempDir } from '../../support/temp-dir';
import { feedOf, release, sha512Of } from '../../support/update-feed';

const it_ = testSigner('it-2026');
const stranger = testSigner('it-2026');

function signed(feed: UpdateFeed, signer = it_): string {
  return JSON.stringify(signUpdateFeed(feed, signer.pair.privateKeyPem, signer.keyId));
}

describe('update feed over HTTP on 127.0.0.1', () => {
  let server: FlagConfigTestServer;
  let tmp: ReturnType<typeof makeTempDir>;

  beforeAll(async () => {
    server = await startFlagConfigServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    tmp = makeTempDir('qivo-update-');
    server.fault({ kind: 'none' });
  });
  afterEach(() => tmp.cleanup());

  function service(userId = 'ana@mineradora.example', updater?: ShellUpdater, currentVersion = '0.1.0', changes?: UpdateStatus[]) {
    return new UpdateService({
      dataDir: tmp.dir,
      appVersion: currentVersion,
      platform: 'linux',
      feedUrl: () => server.url,
      keys: () => new Map([[it_.keyId, it_.publicKey]]),
      userId: () => userId,
      now: () => new Date(),
      timeoutMs: 5000,
      ...(updater ? { updater } : {}),
      ...(changes ? { onChange: (s: UpdateStatus) => changes.push(s) } : {}),
    });
  }

  it('reports a signed offer with its notes; a shell updater downloads it and it becomes ready', async () => {
    server.publish(signed(feedOf([release('0.2.0', 100)])));
    const report = await service().check();
    expect(report).toMatchObject({ state: 'available', version: '0.2.0', canInstall: false, notes: { 'pt-BR': ['Versão 0.2.0.'] }, feedSequence: 1 });

    const downloads: UpdateOffer[] = [];
    let installed = 0;
    const changes: UpdateStatus[] = [];
    const app = service(
      'ana@mineradora.example',
      { download: async (offer) => void downloads.push(offer), quitAndInstall: () => void installed++ },
      '0.1.0',
      changes,
    );
    expect(app.quitAndInstall()).toBe(false);
    const ready = await app.check();
    expect(ready.state).toBe('ready');
    expect(changes.map((c) => c.state)).toEqual(['downloading', 'ready']);
    expect(downloads).toHaveLength(1);
    expect(downloads[0]!.file.sha512).toBe(sha512Of('linux 0.2.0'));
    expect(app.quitAndInstall()).toBe(true);
    expect(installed).toBe(1);
  });

  it('installs nothing when the download does not match the signed feed', async () => {
    server.publish(signed(feedOf([release('0.2.0', 100)])));
    const app = service('u', { download: () => Promise.reject(new Error('sha512 checksum mismatch')), quitAndInstall: () => undefined });
    const status = await app.check();
    expect(status).toMatchObject({ state: 'error', error: { code: 'update.downloadFailed' } });
    expect(app.quitAndInstall()).toBe(false);
  });

  const refusals: Array<[string, () => string, string]> = [
    [
      'tampered payload',
      () => {
        const env = JSON.parse(signed(feedOf([release('0.2.0', 5)]))) as { payload: string };
        env.payload = Buffer.from(Buffer.from(env.payload, 'base64').toString('utf8').replace('"stagingPercentage": 5', '"stagingPercentage": 100')).toString(
          'base64',
        );
        return JSON.stringify(env);
      },
      'update.feed.badSignature',
    ],
    ['signed with an untrusted key of the same name', () => signed(feedOf([release('0.2.0', 100)]), stranger), 'update.feed.badSignature'],
    ['signed with an unknown key id', () => signed(feedOf([release('0.2.0', 100)]), testSigner('someone-else')), 'update.feed.unknownKey'],
    [
      'a bad version string',
      () =>
        JSON.stringify({
          ...JSON.parse(signed(feedOf([release('0.2.0', 100)]))),
          payload: Buffer.from(JSON.stringify(feedOf([release('2.1', 100)]))).toString('base64'),
        }),
      'update.feed.badSignature',
    ],
    ['an unsigned feed', () => JSON.stringify(feedOf([release('0.2.0', 100)])), 'update.feed.missingSignature'],
    [
      'a flag configuration envelope',
      () => JSON.stringify({ ...JSON.parse(signed(feedOf([release('0.2.0', 100)]))), format: 'qivo.flags.signed/1' }),
      'update.feed.notAnEnvelope',
    ],
    ['an expired feed', () => signed({ ...feedOf([release('0.2.0', 100)]), expiresAt: '2026-01-01T00:00:00Z' }), 'update.feed.expired'],
    ['a captive-portal page', () => '<!DOCTYPE html><html><body>Sign in</body></html>', 'update.fetch.htmlPage'],
  ];
  it('a failed fetch of the feed says "update server" and "update feed", never "flag server"', async () => {
    const faults = [
      [{ kind: 'status', status: 503 }, 'update.fetch.httpStatus', /update server answered HTTP 503/],
      [{ kind: 'htmlPage' }, 'update.fetch.htmlPage', /instead of the update feed/],
      [{ kind: 'huge', bytes: 2 * 1024 * 1024, declareLength: true }, 'update.fetch.tooLarge', /update server announced/],
    ] as const;
    for (const [fault, code, message] of faults) {
      server.publish(signed(feedOf([release('0.2.0', 100)])));
      server.fault(fault);
      const status = await service().check();
      expect(status.error?.code).toBe(code);
      expect(status.error?.message).toMatch(message);
      expect(status.error?.message).not.toMatch(/flag server|configuration/i);
    }
  });

  for (const [name, body, code] of refusals) {
    it(`refuses ${name} (${code}) and offers nothing`, async () => {
      server.publish(body());
      const status = await service().check();
      expect(status.state).toBe('error');
      expect(status.error?.code).toBe(code);
      expect(status.version).toBeUndefined();
    });
  }

  it('refuses a correctly signed feed whose version is not a semantic version', async () => {
    const raw = Buffer.from(JSON.stringify(feedOf([release('V2.0.0', 100)])), 'utf8');
    const { sign, createPrivateKey } = await import('node:crypto');
    server.publish(
      JSON.stringify({
        format: UPDATE_ENVELOPE_FORMAT,
        keyId: it_.keyId,
        algorithm: 'Ed25519',
        payload: raw.toString('base64'),
        signature: sign(null, raw, createPrivateKey(it_.pair.privateKeyPem)).toString('base64'),
      }),
    );
    const status = await service().check();
    expect(status.error?.code).toBe('update.feed.schemaInvalid');
  });

  it('refuses an older feed re-served after a newer one (hiding a withdrawal)', async () => {
    server.publish(signed(feedOf([release('0.3.0', 100, { withdrawn: { at: '2026-11-30T00:00:00Z', reason: 'bad' } }), release('0.2.0', 100)], 2)));
    expect((await service('u', undefined, '0.3.0').check()).version).toBe('0.2.0');
    server.publish(signed(feedOf([release('0.3.0', 100)], 1)));
    expect((await service('u', undefined, '0.3.0').check()).error?.code).toBe('update.feed.replay');
  });

  it('never offers a withdrawn release, and moves its machines back to the newest good one', async () => {
    server.publish(
      signed(feedOf([release('0.3.0', 100, { withdrawn: { at: '2026-11-30T00:00:00Z', reason: 'loses the findings filter' } }), release('0.2.0', 100)])),
    );
    expect(await service('u', undefined, '0.2.0').check()).toMatchObject({ state: 'upToDate' });
    expect(await service('u', undefined, '0.3.0').check()).toMatchObject({
      state: 'available',
      version: '0.2.0',
      downgrade: true,
      offerReason: 'currentWithdrawn',
    });
  });

  it('offers a 30 % stage to exactly the machines the flags’ bucketing puts inside it', async () => {
    const rel = release('0.2.0', 30);
    server.publish(signed(feedOf([rel])));
    let offered = 0;
    for (let i = 0; i < 120; i++) {
      const userId = `geologo-${i}@mineradora.example`;
      const status = await service(userId).check();
      expect(status.state, userId).toBe(inUpdateStage(rel, userId) ? 'available' : 'notYet');
      if (status.state === 'available') offered++;
    }
    expect(offered).toBeGreaterThan(0);
    expect(offered).toBeLessThan(120);
  });

  it('`qivo update check` prints what the feed offers this machine, in both languages', async () => {
    new FileSettingsStore(tmp.dir).set('flags.policy.trustedKeys', [it_.policyEntry]);
    new FileSettingsStore(tmp.dir).set('flags.userId', 'ana@mineradora.example');
    server.publish(signed(feedOf([release('0.9.0', 100)])));
    const json = await runQivoInProcess(tmp.dir, ['update', 'check', '--feed', server.url, '--json']);
    expect(json.status, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ state: 'available', version: '0.9.0', canInstall: false });
    const pt = await runQivoInProcess(tmp.dir, ['update', 'check', '--feed', server.url], { QIVO_LANG: 'pt-BR' });
    expect(pt.stdout).toContain('A versão 0.9.0 está disponível');
    expect(pt.stdout).toContain('Versão 0.9.0.');

    server.publish(signed(feedOf([release('0.9.0', 100)], 2), testSigner('intruder')));
    const refused = await runQivoInProcess(tmp.dir, ['update', 'check', '--feed', server.url]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('signed with a key this workstation does not trust');

    const none = await runQivoInProcess(tmp.dir, ['update', 'check'], { QIVO_LANG: 'en' });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('No update feed is configured');
  });
});

describe('release engineering: building the signed feed', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir('qivo-feed-');
  });
  afterEach(() => tmp.cleanup());

  const manifest = (version: string, file: string) =>
    [
      `version: ${version}`,
      'files:',
      `  - url: ${file}`,
      `    sha512: ${sha512Of(file)}`,
      '    size: 123456',
      `path: ${file}`,
      `sha512: ${sha512Of(file)}`,
      "releaseDate: '2026-12-01T10:00:00.000Z'",
      '',
    ].join('\n');

  it('adds a release from electron-builder manifests and CHANGELOG notes, stages it, withdraws it', async () => {
    const key = path.join(tmp.dir, 'it-2026.private.pem');
    writeFileSync(key, it_.pair.privateKeyPem);
    writeFileSync(path.join(tmp.dir, 'latest-linux.yml'), manifest('0.2.0', 'QIVO-Compliance-Workstation-0.2.0.AppImage'));
    writeFileSync(path.join(tmp.dir, 'latest.yml'), manifest('0.2.0', 'QIVO-Compliance-Workstation-Setup-0.2.0.exe'));
    writeFileSync(
      path.join(tmp.dir, 'CHANGELOG.md'),
      '## [0.2.0] - 2026-12-01\n### English\n- Staged updates.\n### Português (Brasil)\n- Atualizações em etapas.\n',
    );
    const out1 = path.join(tmp.dir, 'feed-1.json');
    const built = await runQivoInProcess(tmp.dir, [
      'update',
      'feed',
      '--release',
      '0.2.0',
      '--base-url',
      'https://updates.qivo.example/stable/',
      '--staging',
      '10',
      '--manifest',
      path.join(tmp.dir, 'latest-linux.yml'),
      '--manifest',
      path.join(tmp.dir, 'latest.yml'),
      '--changelog',
      path.join(tmp.dir, 'CHANGELOG.md'),
      '--key',
      key,
      '--out',
      out1,
      '--json',
    ]);
    expect(built.status, built.stderr).toBe(0);
    const keys = new Map([[it_.keyId, parsePublicKey(it_.pair.publicKeyPem)]]);
    const v1 = verifyUpdateFeed(readFileSync(out1), { keys, now: new Date() });
    expect(v1.ok).toBe(true);
    if (!v1.ok) return;
    expect(v1.feed.sequence).toBe(1);
    expect(v1.feed.releases[0]).toMatchObject({
      version: '0.2.0',
      stagingPercentage: 10,
      notes: { en: ['Staged updates.'], 'pt-BR': ['Atualizações em etapas.'] },
      files: {
        linux: { url: 'QIVO-Compliance-Workstation-0.2.0.AppImage', sha512: sha512Of('QIVO-Compliance-Workstation-0.2.0.AppImage') },
        win32: { url: 'QIVO-Compliance-Workstation-Setup-0.2.0.exe' },
      },
    });

    const out2 = path.join(tmp.dir, 'feed-2.json');
    expect((await runQivoInProcess(tmp.dir, ['update', 'stage', out1, '--release', '0.2.0', '--staging', '50', '--key', key, '--out', out2])).status).toBe(0);
    const out3 = path.join(tmp.dir, 'feed-3.json');
    expect(
      (await runQivoInProcess(tmp.dir, ['update', 'withdraw', out2, '--release', '0.2.0', '--reason', 'crash on open', '--key', key, '--out', out3])).status,
    ).toBe(0);
    const v3 = verifyUpdateFeed(readFileSync(out3), { keys, now: new Date(), lastAccepted: v1.ok ? { sequence: 2, payloadSha256: 'x' } : null });
    expect(v3.ok && v3.feed.sequence).toBe(3);
    expect(v3.ok && v3.feed.releases[0]).toMatchObject({ stagingPercentage: 50, withdrawn: { reason: 'crash on open' } });
  });

  it('refuses a release without notes in both languages, a manifest of another version, and a bad percentage — writing nothing', async () => {
    const key = path.join(tmp.dir, 'k.private.pem');
    writeFileSync(key, it_.pair.privateKeyPem);
    writeFileSync(path.join(tmp.dir, 'latest-linux.yml'), manifest('0.1.9', 'QIVO-0.1.9.AppImage'));
    writeFileSync(path.join(tmp.dir, 'CHANGELOG.md'), '## [0.2.0] - 2026-12-01\n### English\n- Only English.\n');
    const out = path.join(tmp.dir, 'feed.json');
    const base = [
      'update',
      'feed',
      '--release',
      '0.2.0',
      '--base-url',
      'https://u.example/',
      '--key',
      key,
      '--out',
      out,
      '--changelog',
      path.join(tmp.dir, 'CHANGELOG.md'),
    ];
    const noNotes = await runQivoInProcess(tmp.dir, [...base, '--staging', '10']);
    expect(noNotes.status).toBe(1);
    expect(noNotes.stderr).toContain('no block for version 0.2.0');
    writeFileSync(path.join(tmp.dir, 'CHANGELOG.md'), '## [0.2.0] - 2026-12-01\n### English\n- A.\n### Português (Brasil)\n- A.\n');
    const wrongVersion = await runQivoInProcess(tmp.dir, [...base, '--staging', '10', '--manifest', path.join(tmp.dir, 'latest-linux.yml')]);
    expect(wrongVersion.status).toBe(1);
    expect(wrongVersion.stderr).toContain('latest-linux.yml');
    const badPct = await runQivoInProcess(tmp.dir, [...base, '--staging', '150']);
    expect(badPct.status).toBe(1);
    expect(badPct.stderr).toContain('0 to 100');
    expect(() => readFileSync(out)).toThrow();
  });
});
