import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_DB_FILE, OfficialCache, openCacheDatabase } from '../../main/official/cache/official-cache';
import { PROPERTY, startOfficialServers, type OfficialServers } from '../servers/index';
import { createOfficialHarness, type OfficialHarness } from '../support/official-harness';
import { makeTempDir, REPO_ROOT } from '../support/temp-dir';

const DAY_MS = 24 * 3600 * 1000;
let servers: OfficialServers;
let temp: { dir: string; cleanup: () => void };
let h: OfficialHarness;

beforeAll(async () => {
  servers = await startOfficialServers();
});
afterAll(async () => {
  await servers.stop();
});
beforeEach(async () => {
  await servers.restart();
  servers.reset();
  temp = makeTempDir('qivo-official-cache-');
  h = createOfficialHarness(temp.dir, servers);
});
afterEach(async () => {
  await h.close();
  temp.cleanup();
});

describe('official cache', () => {
  it('stale-while-revalidate: an expired answer is served at once, refreshed in the background', async () => {
    const first = await h.service.sgbOccurrences(PROPERTY.lat, PROPERTY.lon, 10);
    expect(servers.wfs.calls).toBe(1);
    h.advance(7 * DAY_MS + 1000); // past the 7-day TTL, within stale-while-revalidate
    servers.wfs.latencyMs = 150;
    const stale = await h.service.sgbOccurrences(PROPERTY.lat, PROPERTY.lon, 10);
    expect(stale.source).toMatchObject({ cache: 'stale', fetchedAt: first.source.fetchedAt });
    expect(stale.source.ageSeconds).toBeGreaterThanOrEqual(7 * 24 * 3600);
    await h.service.settle();
    expect(servers.wfs.calls).toBe(2);
    const fresh = await h.service.sgbOccurrences(PROPERTY.lat, PROPERTY.lon, 10);
    expect(fresh.source.cache).toBe('fresh');
    expect(fresh.source.fetchedAt > first.source.fetchedAt).toBe(true);
    expect(h.cache.figures()).toMatchObject({ hits: 1, misses: 1, staleServes: 1 });
  });

  it('TTL per dataset is configurable in settings', async () => {
    h.settings.set('official.cache.ttlSeconds', { SIGMINE: 60 });
    h.settings.set('official.cache.staleWhileRevalidateSeconds', { SIGMINE: 0 });
    await h.service.anmProcess('802.563/1973');
    h.advance(59_000);
    expect((await h.service.anmProcess('802.563/1973')).source.cache).toBe('fresh');
    h.advance(2_000);
    expect((await h.service.anmProcess('802.563/1973')).source.cache).toBe('miss');
    expect(servers.arcgis.calls).toBe(2);
  });

  it('offline: every earlier lookup answers from the cache, marked stale with its age', async () => {
    const lookups = [
      () => h.service.anmProcess('802.563/1973'),
      () => h.service.anmArea([-43.6, -20.4, -43.3, -20.1]),
      () => h.service.sgbOccurrences(PROPERTY.lat, PROPERTY.lon, 10),
      () => h.service.sgbUnit(PROPERTY.lat, PROPERTY.lon),
      () => h.service.ibamaEmbargoes({ bbox: [-43.6, -20.4, -43.3, -20.1] }),
      () => h.service.ibamaEmbargoes({ cnpj: '11.222.333/0001-81' }),
      () => h.service.ibamaLicences({ number: '01858/2026' }),
      () => h.service.anpOverlaps([-43.6, -20.4, -43.3, -20.1]),
    ];
    const online = [];
    for (const run of lookups) online.push(await run());
    await servers.stop();
    h.advance(90 * DAY_MS);
    for (const [i, run] of lookups.entries()) {
      const offline = (await run()) as Record<string, any>;
      const before = online[i] as Record<string, any>;
      for (const key of ['source', 'blocks', 'fields', 'wells'] as const) {
        const src = key === 'source' ? offline.source : offline[key]?.source;
        if (!src) continue;
        expect(src.cache).toBe('stale');
        expect(src.ageSeconds).toBeGreaterThanOrEqual(90 * 24 * 3600);
        expect(src.fetchedAt).toBe((key === 'source' ? before.source : before[key].source).fetchedAt);
      }
      expect(JSON.stringify(offline.record ?? offline.records ?? offline.blocks.records)).toBe(
        JSON.stringify(before.record ?? before.records ?? before.blocks.records),
      );
    }
    // A licence query never made before still works offline: SISLIC is cached whole.
    const other = await h.service.ibamaLicences({ holder: 'VALE' });
    expect(other.records.length).toBeGreaterThan(0);
    expect(other.source.cache).toBe('stale');
    // And a lookup never made fails with a clear error.
    await expect(h.service.anmProcess('013.987/1967')).rejects.toMatchObject({ code: 'official.network' });
    expect(h.service.status().sources.find((s) => s.source === 'anm')?.lastErrorCode).toBe('network');
  });

  it('evicts least recently used entries over the size cap and counts them', async () => {
    await h.service.anmProcess('802.563/1973');
    const one = h.cache.figures().bytes;
    h.settings.set('official.cache.maxBytes', Math.floor(one * 2.5));
    await h.service.sgbUnit(PROPERTY.lat, PROPERTY.lon);
    h.advance(1000);
    await h.service.anmProcess('802.563/1973'); // touch: now the most recently used
    h.advance(1000);
    await h.service.sgbUnit(PROPERTY.lat + 0.001, PROPERTY.lon); // bigger than what is left: evicts the LRU one
    const figures = h.cache.figures();
    expect(figures.evictions).toBeGreaterThanOrEqual(1);
    expect(figures.bytes).toBeLessThanOrEqual(figures.maxBytes);
    const calls = servers.arcgis.calls;
    expect((await h.service.anmProcess('802.563/1973')).source.cache).toBe('fresh');
    expect(servers.arcgis.calls).toBe(calls);
    expect((await h.service.sgbUnit(PROPERTY.lat, PROPERTY.lon)).source.cache).toBe('miss');
    expect(h.events.some((e) => e.kind === 'cache' && e.outcome === 'eviction')).toBe(true);
  });

  it('a damaged cache.db is moved aside and the cache starts empty', async () => {
    await h.close();
    fs.writeFileSync(path.join(temp.dir, CACHE_DB_FILE), Buffer.alloc(8192, 0x5a));
    const opened = openCacheDatabase(temp.dir);
    expect(opened.corruption?.label).toBe('cache');
    expect(fs.existsSync(opened.corruption!.movedTo)).toBe(true);
    const cache = new OfficialCache(opened.db, { now: Date.now, maxBytes: () => 1e6, metrics: () => ({ record: () => undefined }) });
    expect(cache.figures().entries).toBe(0);
    cache.close();
    h = createOfficialHarness(temp.dir, servers);
    expect((await h.service.anmProcess('802.563/1973')).source.cache).toBe('miss');
  });

  it('survives kill -9 of a process writing the cache', async () => {
    await h.close();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test/support/official-cache-writer.ts'), temp.dir], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let written = 0;
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`writer did not start: ${stderr}`)), 60_000);
      child.stdout.on('data', (c: Buffer) => {
        written = Math.max(written, ...c.toString().trim().split('\n').map(Number));
        if (written >= 400) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    const db = new Database(path.join(temp.dir, CACHE_DB_FILE));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare('SELECT payload, bytes FROM entries').all() as Array<{ payload: string; bytes: number }>;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(() => JSON.parse(row.payload)).not.toThrow();
    const bytesWritten = (db.prepare("SELECT value FROM counters WHERE name = 'bytesWritten'").get() as { value: number }).value;
    expect(bytesWritten).toBeGreaterThan(0);
    db.close();
    // And the app opens it normally afterwards.
    h = createOfficialHarness(temp.dir, servers);
    expect(h.cache.figures().entries).toBe(rows.length);
  }, 90_000);
});
