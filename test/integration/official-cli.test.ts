import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startOfficialServers, type OfficialServers } from '../servers/index';
import { FileSettingsStore } from '../../main/settings/file-settings-store';
import { DATASETS } from '../../shared/official/records';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI_BIN, makeTempDir, REPO_ROOT, requireBuild } from '../support/temp-dir';

// Every case runs the real CLI binary several times (a second or two each on a loaded machine).
vi.setConfig({ testTimeout: 180_000 });

let servers: OfficialServers;
let temp: { dir: string; cleanup: () => void };
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  if (!process.env.QIVO_TEST_CLI_BIN) requireBuild();
  servers = await startOfficialServers();
});
afterAll(async () => {
  await servers.stop();
});
beforeEach(async () => {
  await servers.restart();
  servers.reset();
  temp = makeTempDir('qivo-official-cli-');
  env = { ...servers.env, QIVO_DATA_DIR: temp.dir, ENABLE_OFFICIAL_INTEGRATIONS: 'true' };
});
afterEach(() => temp.cleanup());

// QIVO_TEST_CLI_BIN lets a developer point at a private build while others rebuild out/.
const BIN = process.env.QIVO_TEST_CLI_BIN ?? CLI_BIN;

function qivo(args: string[], extra: NodeJS.ProcessEnv = {}, input?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, QIVO_LANG: 'en', ...env, ...extra } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

describe('qivo official', () => {
  it('anm-process prints exactly the specified JSON, then answers from the cache', async () => {
    const first = await qivo(['official', 'anm-process', '802563/1973', '--json']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const json = JSON.parse(first.stdout);
    expect(Object.keys(json)).toEqual(['process', 'holder', 'phase', 'substances', 'use', 'uf', 'areaHa', 'parts', 'lastEvent', 'source']);
    expect(json).toEqual({
      process: '802.563/1973',
      holder: 'TRATEX MINERACAO LTDA',
      phase: 'REQUERIMENTO DE PESQUISA',
      substances: ['MANGANÊS'],
      use: 'Demais substâncias',
      uf: 'MG',
      areaHa: 27.05,
      parts: 2,
      lastEvent: { code: 131, description: 'REQ PESQ/EXIGÊNCIA PUBL', date: '2022-08-18' },
      source: {
        agency: 'ANM',
        dataset: 'SIGMINE',
        url: expect.stringContaining(`${servers.env.QIVO_ANM_SIGMINE_URL}/0/query?`),
        fetchedAt: expect.any(String),
        cache: 'miss',
      },
    });
    expect((await qivo(['official', 'anm-process', '013.987/1967', '--json'])).status).toBe(1); // not in the sample: a clear "not found"
    const again = await qivo(['official', 'anm-process', '802.563/1973', '--json']);
    expect(JSON.parse(again.stdout).source).toMatchObject({ cache: 'fresh', fetchedAt: json.source.fetchedAt });
    expect(servers.arcgis.callsTo('/MapServer/0/query')).toBe(2);
  });

  it('offline: earlier lookups answer from the cache marked stale with their age (exit 0); others fail clearly', async () => {
    const lookups = [
      ['official', 'anm-process', '802.563/1973'],
      ['official', 'anm-area', '--bbox', '-43.6,-20.4,-43.3,-20.1'],
      ['official', 'sgb-occurrences', '--lat', '-20.3', '--lon', '-43.52', '--radius-km', '10'],
      ['official', 'sgb-unit', '--lat', '-20.3', '--lon', '-43.52'],
      ['official', 'ibama-embargoes', '--cnpj', '11.222.333/0001-81'],
      ['official', 'ibama-licences', '--holder', 'SINTÉTICA'],
      ['official', 'anp-overlaps', '--bbox', '-43.6,-20.4,-43.3,-20.1'],
    ];
    const online = [];
    for (const args of lookups) {
      const run = await qivo([...args, '--json']);
      expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      online.push(JSON.parse(run.stdout));
    }
    await servers.stop();
    // Every answer expired (TTL and stale-while-revalidate 0): the CLI must go upstream, which is gone.
    const settings = new FileSettingsStore(temp.dir);
    const zero = Object.fromEntries(DATASETS.map((d) => [d, 0]));
    settings.set('official.cache.ttlSeconds', zero);
    settings.set('official.cache.staleWhileRevalidateSeconds', zero);
    for (const [i, args] of lookups.entries()) {
      const run = await qivo([...args, '--json']);
      expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      const json = JSON.parse(run.stdout);
      const source = json.source ?? json.blocks.source;
      expect(source.cache, args.join(' ')).toBe('stale');
      expect(source.ageSeconds).toBeGreaterThanOrEqual(0);
      const before = online[i].source ?? online[i].blocks.source;
      expect(source.fetchedAt).toBe(before.fetchedAt);
      expect({ ...json, source: undefined, blocks: undefined, fields: undefined, wells: undefined }).toEqual({
        ...online[i],
        source: undefined,
        blocks: undefined,
        fields: undefined,
        wells: undefined,
      });
    }
    const human = await qivo(['official', 'anm-process', '802.563/1973']);
    expect(human.stdout).toMatch(/offline copy, \d+ s old/);

    const none = await qivo(['official', 'anm-process', '013.987/1967']);
    expect(none.status).not.toBe(0);
    expect(none.stderr).toMatch(/ANM could not be reached \(ECONNREFUSED\), and there is no earlier copy of this data/);
    expect(none.stdout).toBe('');
  });

  it('refuses with the flag reason when OFFICIAL_INTEGRATIONS is off', async () => {
    const run = await qivo(['official', 'status'], { ENABLE_OFFICIAL_INTEGRATIONS: 'false' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/turned off for you \(OFFICIAL_INTEGRATIONS: /);
    expect(servers.arcgis.calls + servers.wfs.calls + servers.sislic.calls).toBe(0);
  });

  it('explains bad input and an unknown process without a stack trace', async () => {
    const bad = await qivo(['official', 'anm-process', '80.2563/1973']);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('Error: "80.2563/1973" is not an ANM process number (write it like 802.563/1973).');
    const bbox = await qivo(['official', 'anm-area', '--bbox', '1,2,3']);
    expect(bbox.stderr).toMatch(/is not a bounding box/);
    const missing = await qivo(['official', 'anm-process', '999/1999']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/ANM has no active process 000\.999\/1999 in SIGMINE/);
    const pt = await qivo(['official', 'anm-process', 'x'], { QIVO_LANG: 'pt-BR' });
    expect(pt.stderr).toMatch(/não é um número de processo ANM/);
  });

  it('status shows each source and the cache figures', async () => {
    await qivo(['official', 'anm-process', '802.563/1973']);
    await qivo(['official', 'anm-process', '802.563/1973']);
    const run = await qivo(['official', 'status', '--json']);
    const status = JSON.parse(run.stdout);
    expect(status.sources.map((s: { source: string }) => s.source)).toEqual(['anm', 'sgb', 'ibamaEmbargo', 'ibamaSislic', 'anp']);
    expect(status.sources[0]).toMatchObject({ agency: 'ANM', circuit: 'closed', cachedEntries: 1, lastSuccessAt: expect.any(String) });
    expect(status.cache).toMatchObject({ entries: 1, hits: 1, misses: 1 });
    const human = await qivo(['official', 'status']);
    expect(human.stdout).toMatch(/ANM \(anm\)\s+closed/);
  });

  it('stores an API key from standard input only in the secret store', async () => {
    const stored = await qivo(['official', 'api-key', 'anm', '--json'], {}, 'k-123-secret\n');
    expect(JSON.parse(stored.stdout)).toEqual({ source: 'anm', configured: true });
    await qivo(['official', 'anm-process', '802.563/1973']);
    expect(servers.arcgis.requests.at(-1)!.headers['x-api-key']).toBe('k-123-secret');
    for (const file of fs.readdirSync(temp.dir).filter((f) => f !== 'secrets.json' && fs.statSync(path.join(temp.dir, f)).isFile())) {
      expect(fs.readFileSync(path.join(temp.dir, file)).includes('k-123-secret'), file).toBe(false);
    }
    const cleared = await qivo(['official', 'api-key', 'anm', '--clear', '--json']);
    expect(JSON.parse(cleared.stdout)).toEqual({ source: 'anm', configured: false });
  });
});
