import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../../main/core/core';
import { allFeatures } from '../../../main/core/features';
import { runQivoAsync } from '../../support/cli';
import { makeTempDir, REPO_ROOT } from '../../support/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

const API_KEY = 'PLANTED-anm-key-Zx81/q+Lm0';
const OTHER_KEY = 'PLANTEDsgbKey-00aa11bb22';

async function readZip(file: string): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const out = new Map<string, string>();
  for (const name of Object.keys(zip.files).sort()) {
    if (!zip.files[name]!.dir) out.set(name, await zip.files[name]!.async('string'));
  }
  return out;
}

function secretForms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64')];
}

/** A data folder that has been used: reports, stored keys, settings that echo a key, log lines that quote one. */
async function usedDataFolder(): Promise<string> {
  const t = makeTempDir('qivo-diag-');
  cleanups.push(t.cleanup);
  const core = openCore({ dataDir: t.dir, appVersion: '0.2.0-test', shell: 'cli', env: {}, features: allFeatures });
  core.services.reports!.create({ title: 'Relatório de diagnóstico' });
  core.secrets.set('official.anm.apiKey', API_KEY);
  core.secrets.set('official.sgb.apiKey', OTHER_KEY);
  core.settings.set('official.sources.anm.apiKeyHeader', 'X-Gateway-Key');
  core.settings.set('custom.gatewayToken', 'tok-in-settings-PLANTED');
  core.settings.set('flags.url', `https://flags.example/config.json?key=${encodeURIComponent(API_KEY)}`);
  core.settings.set('official.sources.sgb.baseUrl', `https://user:${OTHER_KEY}@sgb.example/geoserver`);
  core.log.error(`[official] gateway echoed the key ${API_KEY}`, new Error(`body: {"apikey":"${API_KEY}"}`));
  await core.close();
  return t.dir;
}

describe('qivo diagnostics --out FILE.zip', () => {
  it('bundles logs, versions, settings, integrity and flag state, with no secret in any file', async () => {
    const dataDir = await usedDataFolder();
    const out = path.join(dataDir, '..', `${path.basename(dataDir)}-support.zip`);
    cleanups.push(() => fs.rmSync(out, { force: true }));
    const run = await runQivoAsync(['--data-dir', dataDir, '--json', 'diagnostics', '--out', out], { QIVO_DATA_DIR: '' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { file: string; bytes: number; entries: string[] };
    expect(result.file).toBe(out);
    expect(result.bytes).toBe(fs.statSync(out).size);

    const files = await readZip(out);
    expect([...files.keys()].sort()).toEqual(result.entries.slice().sort());
    for (const name of [
      'manifest.json',
      'versions.json',
      'settings.json',
      'secrets.json',
      'integrity.json',
      'flags.json',
      'notices.json',
      'data-folder.json',
      'crashes.json',
      'logs/qivo.log',
    ]) {
      expect(files.has(name), name).toBe(true);
    }

    // Versions and the databases' integrity, as support reads them.
    const versions = JSON.parse(files.get('versions.json')!);
    const packageVersion = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(versions).toMatchObject({ app: packageVersion, shell: 'cli', node: process.versions.node });
    expect(versions.sqlite).toMatch(/^3\.\d+\.\d+$/);
    const integrity = JSON.parse(files.get('integrity.json')!) as Array<{ file: string; present: boolean; result?: string[]; journalMode?: string }>;
    expect(integrity.find((d) => d.file === 'app.db')).toMatchObject({ present: true, result: ['ok'], journalMode: 'wal' });
    expect(integrity.map((d) => d.file)).toEqual(['app.db', 'cache.db', 'metrics.db']);

    // The flag state the Features view shows.
    const flags = JSON.parse(files.get('flags.json')!);
    expect(flags.running).toBe(true);
    expect(flags.flags.map((f: { flag: string }) => f.flag)).toContain('SEC_SK_1300');

    // Settings: kept, except what is named like a credential; keys and tokens scrubbed from values.
    const settings = JSON.parse(files.get('settings.json')!);
    expect(settings['official.sources.anm.apiKeyHeader']).toBe('X-Gateway-Key');
    expect(settings['custom.gatewayToken']).toBe('[redacted]');
    expect(settings['flags.url']).toBe('https://flags.example/config.json?key=[redacted]');
    expect(settings['official.sources.sgb.baseUrl']).toBe('https://user:[redacted]@sgb.example/geoserver');
    expect(JSON.parse(files.get('secrets.json')!).namesSet.sort()).toEqual(['official.anm.apiKey', 'official.sgb.apiKey']);

    // The log is there, with what happened, minus the key.
    expect(files.get('logs/qivo.log')).toContain('[official] gateway echoed the key [redacted]');

    // No secret in any file, in any encoding; no report content either.
    for (const [name, text] of files) {
      for (const form of [...secretForms(API_KEY), ...secretForms(OTHER_KEY), 'tok-in-settings-PLANTED'])
        expect(text, `${name} holds ${form}`).not.toContain(form);
      expect(text, name).not.toContain('Relatório de diagnóstico');
    }
  });

  it('any command goes on after a damaged cache database was replaced, and says so on stderr', async () => {
    const dataDir = await usedDataFolder();
    const cache = path.join(dataDir, 'cache.db');
    const bytes = fs.readFileSync(cache);
    fs.writeFileSync(cache, Buffer.concat([bytes.subarray(0, 100), Buffer.alloc(bytes.length - 100, 0x5a)]));
    const run = await runQivoAsync(['--data-dir', dataDir, '--lang', 'en', '--json', 'official', 'status'], { QIVO_DATA_DIR: '' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/The cache database was damaged .* moved aside to .*corrupt/);
    expect(JSON.parse(run.stdout)).toHaveProperty('sources');
  });

  it('still writes the bundle when a damaged cache database was moved aside, and says so', async () => {
    const dataDir = await usedDataFolder();
    // Keep the header and the schema, damage the pages after them.
    const cache = path.join(dataDir, 'cache.db');
    const bytes = fs.readFileSync(cache);
    expect(bytes.length).toBeGreaterThan(4096);
    fs.writeFileSync(cache, Buffer.concat([bytes.subarray(0, 100), Buffer.alloc(bytes.length - 100, 0x5a)]));
    const out = path.join(dataDir, 'bundle.zip');
    const run = await runQivoAsync(['--data-dir', dataDir, '--json', 'diagnostics', '--out', out], { QIVO_DATA_DIR: '' });
    expect(run.status).toBe(0);
    const files = await readZip(out);
    const notices = JSON.parse(files.get('notices.json')!) as Array<{ database: string; kind: string; movedTo: string }>;
    expect(notices).toEqual([expect.objectContaining({ database: 'cache', kind: 'corruptMovedAside' })]);
    const listing = JSON.parse(files.get('data-folder.json')!) as Array<{ name: string }>;
    expect(listing.map((f) => f.name)).toContain(`corrupt/${path.basename(notices[0]!.movedTo)}`);
    // The new cache the core started is sound.
    const integrity = JSON.parse(files.get('integrity.json')!) as Array<{ file: string; result?: string[] }>;
    expect(integrity.find((d) => d.file === 'cache.db')!.result).toEqual(['ok']);
  });
});
