import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { OfficialCache, openCacheDatabase } from '../../main/official/cache/official-cache';
import { startOfficialServers, PROPERTY } from '../servers/index';
import { createOfficialHarness } from '../support/official-harness';

// Official-data figures, one run:
//  1. cache hit latency and throughput of cache.db (better-sqlite3, WAL) against Redis
//     (Debian's redis-server started here on a free loopback port, ioredis), same keys and payloads;
//  2. the rollout plan's load test: 100 concurrent distinct look-ups against the fake ArcGIS
//     server at 200 ms latency, p50/p95, with the shipped per-host cap (4) and without a cap;
//  3. 100 identical concurrent look-ups: upstream calls counted (single-flight);
//  4. the cache hit rate over a scripted geologist session.

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const fmtUs = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
const line = (label: string, value: string) => console.log(`${label.padEnd(58)} ${value}`);

function stats(samplesMs: number[]) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), p99: quantile(sorted, 0.99) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function findRedisServer(): string | null {
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return which.status === 0 && found ? found : null;
}

async function startRedis(binary: string): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  // No persistence: the fair peer of a read-mostly cache hit; cache.db's durability is extra.
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
    stdio: 'ignore',
  });
  return { port, child };
}

async function benchCache(tempDir: string): Promise<void> {
  console.log('\n-- 1. cache hit: cache.db vs Redis (same keys and payloads)');
  // Real normalised answers from the fake servers as payloads: one ANM process (~2 KB) and one
  // area query of 149 processes with polygons (~100 KB).
  const servers = await startOfficialServers();
  const h = createOfficialHarness(path.join(tempDir, 'payloads'), servers);
  const small = JSON.stringify((await h.service.anmProcess('802.563/1973')).record);
  const large = JSON.stringify((await h.service.anmArea([-43.6, -20.4, -43.3, -20.1])).records);
  await h.close();
  await servers.stop();
  const KEYS = 200;
  const payloads = [
    { name: `ANM process (${(small.length / 1024).toFixed(1)} KiB)`, payload: small, reads: 20_000 },
    { name: `ANM area, 149 processes (${(large.length / 1024).toFixed(0)} KiB)`, payload: large, reads: 2_000 },
  ];

  const opened = openCacheDatabase(path.join(tempDir, 'bench-cache'));
  const cache = new OfficialCache(opened.db, { now: Date.now, maxBytes: () => 1 << 30, metrics: () => ({ record: () => undefined }) });
  const redisBinary = findRedisServer();
  let redis: { port: number; child: ChildProcess } | null = null;
  let client: import('ioredis').default | null = null;
  if (!redisBinary) {
    console.log('SKIP Redis peer: redis-server is not installed (apt-get install -y redis-server; .ci/run installs it). cache.db figures only.');
  } else {
    redis = await startRedis(redisBinary);
    const { default: Redis } = await import('ioredis');
    client = new Redis({ port: redis.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: (n) => (n > 50 ? null : 50) });
    for (let i = 0; ; i++) {
      try {
        await client.connect();
        await client.ping();
        break;
      } catch (error) {
        if (i > 50) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  for (const { name, payload, reads } of payloads) {
    const keys = Array.from({ length: KEYS }, (_, i) => `anm|SIGMINE|{"bench":${i},"kind":"${name.slice(0, 8)}"}`);
    for (const key of keys)
      cache.write(key, { source: 'anm', dataset: 'SIGMINE', agency: 'ANM', payload, url: 'http://127.0.0.1/bench', fetchedAt: Date.now() });
    // Warm-up, then timed hits: read + LRU touch + JSON.parse, what a cache hit costs the app.
    for (let i = 0; i < 500; i++) JSON.parse(cache.read(keys[i % KEYS]!)!.payload);
    const ours: number[] = [];
    let t0 = performance.now();
    for (let i = 0; i < reads; i++) {
      const s = performance.now();
      JSON.parse(cache.read(keys[i % KEYS]!)!.payload);
      ours.push(performance.now() - s);
    }
    const oursTotal = performance.now() - t0;
    const o = stats(ours);
    console.log(`\n${name}`);
    line('cache.db hit (read + LRU touch + JSON.parse) p50 / p95 / p99', `${fmtUs(o.p50)} / ${fmtUs(o.p95)} / ${fmtUs(o.p99)}`);
    line('cache.db hit throughput, one thread', `${Math.round(reads / (oursTotal / 1000)).toLocaleString('en')} hits/s`);
    if (client) {
      for (const key of keys) await client.set(key, payload);
      for (let i = 0; i < 500; i++) JSON.parse((await client.get(keys[i % KEYS]!))!);
      const theirs: number[] = [];
      t0 = performance.now();
      for (let i = 0; i < reads; i++) {
        const s = performance.now();
        JSON.parse((await client.get(keys[i % KEYS]!))!);
        theirs.push(performance.now() - s);
      }
      const theirsTotal = performance.now() - t0;
      const r = stats(theirs);
      line('Redis GET + JSON.parse (ioredis, loopback) p50 / p95 / p99', `${fmtUs(r.p50)} / ${fmtUs(r.p95)} / ${fmtUs(r.p99)}`);
      line('Redis throughput, sequential', `${Math.round(reads / (theirsTotal / 1000)).toLocaleString('en')} hits/s`);
      // Redis's best case: 64 requests in flight (ioredis pipelines them on one connection).
      t0 = performance.now();
      for (let i = 0; i < reads; i += 64) {
        await Promise.all(Array.from({ length: Math.min(64, reads - i) }, (_, j) => client.get(keys[(i + j) % KEYS]!).then((v) => JSON.parse(v!))));
      }
      const pipelined = performance.now() - t0;
      line('Redis throughput, 64 in flight', `${Math.round(reads / (pipelined / 1000)).toLocaleString('en')} hits/s`);
      line('ratio: Redis p50 / cache.db p50', `${(r.p50 / o.p50).toFixed(2)}×`);
    }
  }
  cache.close();
  if (client) client.disconnect();
  redis?.child.kill('SIGTERM');
}

async function benchLoad(tempDir: string): Promise<void> {
  console.log('\n-- 2. load test: 100 concurrent distinct look-ups, test server at 200 ms latency');
  const servers = await startOfficialServers();
  servers.arcgis.latencyMs = 200;
  for (const cap of [4, 100]) {
    const h = createOfficialHarness(path.join(tempDir, `load-${cap}`), servers, {
      settings: { 'official.sources.anm.concurrency': cap, 'official.sources.anm.timeoutMs': 60_000 },
    });
    servers.arcgis.resetCalls();
    const numbers = Array.from({ length: 100 }, (_, i) => `${i + 1}/2001`);
    const latencies: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      numbers.map(async (n) => {
        const s = performance.now();
        await h.service.anmProcess(n).catch(() => undefined); // not-found is an answer too
        latencies.push(performance.now() - s);
      }),
    );
    const wall = performance.now() - t0;
    const l = stats(latencies);
    const upstream = stats(h.events.filter((e) => e.kind === 'regulator.call').map((e) => e.durationMs ?? 0));
    line(
      `per-host cap ${cap}: look-up p50 / p95 (as the user waits)`,
      `${l.p50.toFixed(0)} ms / ${l.p95.toFixed(0)} ms (wall ${wall.toFixed(0)} ms, peak ${servers.arcgis.peakInFlight} in flight)`,
    );
    line(`per-host cap ${cap}: upstream call p50 / p95 (what the guard sees)`, `${upstream.p50.toFixed(0)} ms / ${upstream.p95.toFixed(0)} ms`);
    await h.close();
  }

  console.log('\n-- 3. single-flight: 100 identical concurrent look-ups');
  const h = createOfficialHarness(path.join(tempDir, 'single'), servers);
  servers.arcgis.resetCalls();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 100 }, () => h.service.anmProcess('802.563/1973')));
  line('upstream calls for 100 identical concurrent look-ups', `${servers.arcgis.calls} (wall ${(performance.now() - t0).toFixed(0)} ms)`);
  await h.close();
  await servers.stop();
}

async function benchSession(tempDir: string): Promise<void> {
  console.log('\n-- 4. hit rate over a scripted geologist session');
  const servers = await startOfficialServers();
  const h = createOfficialHarness(path.join(tempDir, 'session'), servers);
  const s = h.service;
  const bbox: [number, number, number, number] = [-43.6, -20.4, -43.3, -20.1];
  const around = async (radius: number) => {
    await s.anmProcess('802.563/1973');
    await s.sgbOccurrences(PROPERTY.lat, PROPERTY.lon, radius);
    await s.sgbUnit(PROPERTY.lat, PROPERTY.lon);
    await s.ibamaEmbargoes({ bbox });
    await s.ibamaLicences({ holder: 'TRATEX' });
    await s.anpOverlaps(bbox);
  };
  // Day 1, at the office: the property and its surroundings, opened again and again while writing.
  await around(10);
  for (let i = 0; i < 6; i++) await around(10);
  await around(20); // a wider radius once
  await s.anmArea(bbox); // neighbours for section 20
  await s.anmArea(bbox);
  await s.ibamaLicences({ cnpj: '11.222.333/0001-81' }); // another licence query: SISLIC is cached whole
  await s.anmProcess('831.917/1998'); // a neighbour's title
  for (let i = 0; i < 3; i++) await around(10);
  // Day 2, at the mine site without signal: everything answered from the cache.
  await servers.stop();
  h.advance(26 * 3600 * 1000);
  for (let i = 0; i < 4; i++) await around(10);
  await h.service.settle();
  const f = h.cache.figures();
  // Each look-up counts exactly once: fresh hit, miss (went upstream), or stale answer.
  const lookups = f.hits + f.misses + f.staleServes;
  line('look-ups / fresh hits / misses / stale answers', `${lookups} / ${f.hits} / ${f.misses} / ${f.staleServes}`);
  line('hit rate (fresh hits over look-ups; rollout target > 80 %)', `${((100 * f.hits) / lookups).toFixed(1)} %`);
  line('answered from the cache (fresh + stale, incl. offline day)', `${((100 * (f.hits + f.staleServes)) / lookups).toFixed(1)} %`);
  await h.close();
}

async function main() {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qivo-official-bench-'));
  try {
    await benchCache(tempDir);
    await benchLoad(tempDir);
    await benchSession(tempDir);
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
