import path from 'node:path';
import type { MetricsRecorder } from '../../core/metrics-recorder';
import {
  openDatabase,
  closeDatabase,
  replaceDamagedDatabase,
  type CorruptionReport,
  type Migration,
  type OpenDatabaseOptions,
  type OpenedDatabase,
  type SqliteDatabase,
} from '../../storage/sqlite';
import type { CacheFigures } from '../../../shared/official/records';

export const CACHE_DB_FILE = 'cache.db';

/** Schema of cache.db. Disposable data: a damaged file is moved aside and the cache starts empty. */
export const cacheMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'official cache entries, counters and source health',
    up(db) {
      db.exec(`
        CREATE TABLE entries (
          key TEXT PRIMARY KEY,
          source TEXT NOT NULL,
          dataset TEXT NOT NULL,
          agency TEXT NOT NULL,
          payload TEXT NOT NULL,
          url TEXT NOT NULL,
          bytes INTEGER NOT NULL,
          fetched_at INTEGER NOT NULL,
          last_access INTEGER NOT NULL
        );
        CREATE INDEX entries_lru ON entries(last_access);
        CREATE INDEX entries_source ON entries(source, fetched_at);
        CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO counters(name, value) VALUES ('hits', 0), ('misses', 0), ('staleServes', 0), ('evictions', 0), ('bytesWritten', 0);
        CREATE TABLE source_health (
          source TEXT PRIMARY KEY,
          last_success_at INTEGER,
          last_error_at INTEGER,
          last_error_code TEXT
        );
      `);
    },
  },
];

function cacheOpenOptions(dataDir: string, now?: () => Date, quickCheck = true): OpenDatabaseOptions {
  return { file: path.join(dataDir, CACHE_DB_FILE), label: 'cache', migrations: cacheMigrations, synchronous: 'NORMAL', quickCheck, ...(now ? { now } : {}) };
}

/** Opens cache.db; `quickCheck: false` when the caller checks in the background (after an unclean exit). */
export function openCacheDatabase(dataDir: string, now?: () => Date, quickCheck = true): OpenedDatabase {
  return openDatabase(cacheOpenOptions(dataDir, now, quickCheck));
}

function prepareStatements(db: SqliteDatabase) {
  return {
    get: db.prepare<[string], Row>('SELECT * FROM entries WHERE key = ?'),
    touch: db.prepare('UPDATE entries SET last_access = ? WHERE key = ?'),
    upsert: db.prepare(
      `INSERT INTO entries(key, source, dataset, agency, payload, url, bytes, fetched_at, last_access)
       VALUES (@key, @source, @dataset, @agency, @payload, @url, @bytes, @fetchedAt, @lastAccess)
       ON CONFLICT(key) DO UPDATE SET source=excluded.source, dataset=excluded.dataset, agency=excluded.agency,
         payload=excluded.payload, url=excluded.url, bytes=excluded.bytes, fetched_at=excluded.fetched_at, last_access=excluded.last_access`,
    ),
    bump: db.prepare('UPDATE counters SET value = value + ? WHERE name = ?'),
    totalBytes: db.prepare<[], { bytes: number | null; entries: number }>('SELECT SUM(bytes) AS bytes, COUNT(*) AS entries FROM entries'),
    oldest: db.prepare<[string], { key: string; bytes: number; dataset: string; agency: string }>(
      'SELECT key, bytes, dataset, agency FROM entries WHERE key <> ? ORDER BY last_access ASC LIMIT 1',
    ),
    remove: db.prepare('DELETE FROM entries WHERE key = ?'),
    counters: db.prepare<[], { name: string; value: number }>('SELECT name, value FROM counters'),
    newestOfSource: db.prepare<[string], { newest: number | null; entries: number }>(
      'SELECT MAX(fetched_at) AS newest, COUNT(*) AS entries FROM entries WHERE source = ?',
    ),
    health: db.prepare<[string], { last_success_at: number | null; last_error_at: number | null; last_error_code: string | null }>(
      'SELECT last_success_at, last_error_at, last_error_code FROM source_health WHERE source = ?',
    ),
    healthSuccess: db.prepare(
      `INSERT INTO source_health(source, last_success_at) VALUES (?, ?)
       ON CONFLICT(source) DO UPDATE SET last_success_at = excluded.last_success_at`,
    ),
    healthError: db.prepare(
      `INSERT INTO source_health(source, last_error_at, last_error_code) VALUES (?, ?, ?)
       ON CONFLICT(source) DO UPDATE SET last_error_at = excluded.last_error_at, last_error_code = excluded.last_error_code`,
    ),
  };
}

export interface CacheEntry {
  key: string;
  source: string;
  dataset: string;
  agency: string;
  payload: string;
  url: string;
  bytes: number;
  fetchedAt: number;
  lastAccess: number;
}

export interface CacheWrite {
  source: string;
  dataset: string;
  agency: string;
  payload: string;
  url: string;
  fetchedAt: number;
}

type Counter = 'hits' | 'misses' | 'staleServes' | 'evictions' | 'bytesWritten';

export interface OfficialCacheOptions {
  now: () => number;
  maxBytes: () => number;
  metrics: () => MetricsRecorder;
  log?: (message: string, error?: unknown) => void;
}

interface Row {
  key: string;
  source: string;
  dataset: string;
  agency: string;
  payload: string;
  url: string;
  bytes: number;
  fetched_at: number;
  last_access: number;
}

/**
 * The regulator answer cache (cache.db). Each write is one SQLite transaction in WAL mode, so a
 * process killed at any instant leaves either the old or the new entry, never a torn one.
 * Only successful, parsed answers are written: errors never reach this class.
 */
export class OfficialCache {
  /**
   * A hit must not cost a write transaction: LRU touches and counter increments are kept in
   * memory and written in one transaction every second (or every 256 hits, and before anything
   * that reads them). A kill -9 loses at most that second of recency and counts, never an entry.
   */
  private readonly pendingTouches = new Map<string, number>();
  private readonly pendingCounters = new Map<Counter, number>();
  private pendingOps = 0;
  private flushTimer: NodeJS.Timeout | undefined;

  private handle!: SqliteDatabase;
  private stmt!: ReturnType<typeof prepareStatements>;

  constructor(
    db: SqliteDatabase,
    private readonly options: OfficialCacheOptions,
  ) {
    this.bind(db);
  }

  /** The open handle of cache.db (a new one after `replaceDamaged`). */
  get db(): SqliteDatabase {
    return this.handle;
  }

  private bind(db: SqliteDatabase): void {
    this.handle = db;
    this.stmt = prepareStatements(db);
  }

  /**
   * A background check found the open file damaged: the pending touches and counters are
   * dropped with it (disposable), the file is moved aside and an empty cache goes on.
   */
  replaceDamaged(reason: string, now?: () => Date): CorruptionReport {
    this.pendingTouches.clear();
    this.pendingCounters.clear();
    this.pendingOps = 0;
    const fresh = replaceDamagedDatabase(this.handle, cacheOpenOptions(path.dirname(this.handle.name), now), reason);
    this.bind(fresh.db);
    return fresh.corruption;
  }

  private metric(outcome: 'hit' | 'miss' | 'stale' | 'eviction', dataset: string, agency: string, bytes?: number): void {
    try {
      this.options
        .metrics()
        .record({ kind: 'cache', at: this.options.now(), name: dataset, source: agency, outcome, ...(bytes !== undefined ? { bytes } : {}) });
    } catch {
      /* metrics never break the cache */
    }
  }

  private bumpLater(counter: Counter, by = 1): void {
    this.pendingCounters.set(counter, (this.pendingCounters.get(counter) ?? 0) + by);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    this.pendingOps += 1;
    if (this.pendingOps >= 256) {
      this.flush();
      return;
    }
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        try {
          this.flush();
        } catch (error) {
          // Recency and counters are bookkeeping: losing one batch must never crash the app.
          this.options.log?.('[official] cache bookkeeping flush failed', error);
        }
      }, 1000);
      this.flushTimer.unref();
    }
  }

  /** Writes the pending LRU touches and counters in one transaction. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pendingOps = 0;
    if (this.pendingTouches.size === 0 && this.pendingCounters.size === 0) return;
    if (!this.db.open) return;
    this.db.transaction(() => {
      for (const [key, at] of this.pendingTouches) this.stmt.touch.run(at, key);
      for (const [name, by] of this.pendingCounters) this.stmt.bump.run(by, name);
    })();
    this.pendingTouches.clear();
    this.pendingCounters.clear();
  }

  /** The entry, if any, marking it recently used. Counting hit/stale is the caller's call (it knows the TTL). */
  read(key: string): CacheEntry | undefined {
    const row = this.stmt.get.get(key);
    if (!row) return undefined;
    this.pendingTouches.set(key, this.options.now());
    this.scheduleFlush();
    return {
      key: row.key,
      source: row.source,
      dataset: row.dataset,
      agency: row.agency,
      payload: row.payload,
      url: row.url,
      bytes: row.bytes,
      fetchedAt: row.fetched_at,
      lastAccess: row.last_access,
    };
  }

  countHit(entry: CacheEntry): void {
    this.bumpLater('hits');
    this.metric('hit', entry.dataset, entry.agency, entry.bytes);
  }

  countStale(entry: CacheEntry): void {
    this.bumpLater('staleServes');
    this.metric('stale', entry.dataset, entry.agency, entry.bytes);
  }

  countMiss(dataset: string, agency: string): void {
    this.bumpLater('misses');
    this.metric('miss', dataset, agency);
  }

  write(key: string, value: CacheWrite): void {
    const bytes = Buffer.byteLength(value.payload, 'utf8') + Buffer.byteLength(value.url, 'utf8') + key.length;
    const evicted: Array<{ dataset: string; agency: string; bytes: number }> = [];
    this.flush(); // eviction must see the latest recency
    this.db.transaction(() => {
      this.stmt.upsert.run({ key, ...value, bytes, lastAccess: this.options.now() });
      this.stmt.bump.run(bytes, 'bytesWritten');
      // Least recently used first; the entry just written is never its own victim.
      const cap = this.options.maxBytes();
      let total = this.stmt.totalBytes.get()?.bytes ?? 0;
      while (total > cap) {
        const victim = this.stmt.oldest.get(key);
        if (!victim) break;
        this.stmt.remove.run(victim.key);
        this.stmt.bump.run(1, 'evictions');
        total -= victim.bytes;
        evicted.push(victim);
      }
    })();
    for (const v of evicted) this.metric('eviction', v.dataset, v.agency, v.bytes);
  }

  delete(key: string): void {
    this.pendingTouches.delete(key);
    this.stmt.remove.run(key);
  }

  figures(): CacheFigures {
    this.flush();
    const counters = Object.fromEntries(this.stmt.counters.all().map((r) => [r.name, r.value])) as Record<Counter, number>;
    const totals = this.stmt.totalBytes.get();
    return {
      entries: totals?.entries ?? 0,
      bytes: totals?.bytes ?? 0,
      maxBytes: this.options.maxBytes(),
      hits: counters.hits ?? 0,
      misses: counters.misses ?? 0,
      staleServes: counters.staleServes ?? 0,
      evictions: counters.evictions ?? 0,
      bytesWritten: counters.bytesWritten ?? 0,
    };
  }

  newestOf(source: string): { newestFetchedAt: number | null; entries: number } {
    const row = this.stmt.newestOfSource.get(source);
    return { newestFetchedAt: row?.newest ?? null, entries: row?.entries ?? 0 };
  }

  health(source: string): { lastSuccessAt: number | null; lastErrorAt: number | null; lastErrorCode: string | null } {
    const row = this.stmt.health.get(source);
    return { lastSuccessAt: row?.last_success_at ?? null, lastErrorAt: row?.last_error_at ?? null, lastErrorCode: row?.last_error_code ?? null };
  }

  recordSuccess(source: string, at: number): void {
    this.stmt.healthSuccess.run(source, at);
  }

  recordError(source: string, at: number, code: string): void {
    this.stmt.healthError.run(source, at, code);
  }

  close(): void {
    this.flush();
    closeDatabase(this.db);
  }
}
