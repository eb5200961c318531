import { QivoError } from '../../shared/errors';
import { normaliseAnmProcessNumber } from '../../shared/official/parsers';
import { licenceMatches, type LicenceQuery } from '../../shared/official/normalise';
import {
  SOURCE_IDS,
  type AnmAreaResult,
  type AnmProcessResult,
  type AnpOverlapsResult,
  type AreaGeometry,
  type Bbox,
  type Dataset,
  type IbamaEmbargoesResult,
  type IbamaLicencesResult,
  type OfficialStatus,
  type Provenance,
  type SgbOccurrencesResult,
  type SgbUnitResult,
  type SourceHealth,
  type SourceId,
} from '../../shared/official/records';
import type { MetricsRecorder } from '../core/metrics-recorder';
import { AnmSigmineClient, type Fetched } from './anm-sigmine';
import { AnpWfsClient } from './anp-wfs';
import type { CacheEntry, OfficialCache } from './cache/official-cache';
import type { OfficialConfig } from './config';
import { ResilientHttp, type ResilientHttpOptions } from './http/resilient-http';
import { upstreamCodeOf } from './http/upstream-errors';
import { IbamaClient, type EmbargoQuery } from './ibama';
import { SGB_LITHOSTRATIGRAPHY, SGB_OCCURRENCES, SgbWfsClient } from './sgb-wfs';

export interface OfficialServiceOptions {
  cache: OfficialCache;
  config: OfficialConfig;
  metrics: () => MetricsRecorder;
  now?: () => number;
  /** Where a cache failure that the user does not see is noted for support. */
  log?: (message: string, error?: unknown) => void;
  /** Test seams for the HTTP layer (sleep, random, axios instance). */
  http?: Partial<Pick<ResilientHttpOptions, 'sleep' | 'random' | 'http'>>;
}

interface Lookup<T> {
  source: SourceId;
  dataset: Dataset;
  /** Normalised query: equal queries must produce equal objects (numbers rounded, strings canonical). */
  query: Record<string, unknown>;
  fetch: () => Promise<Fetched<T>>;
}

export interface Answer<T> {
  value: T;
  source: Provenance;
}

/** JSON with sorted keys, so `{a,b}` and `{b,a}` are one cache key. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Coordinates rounded to ~1 m so that a re-typed bbox hits the same cache entry. */
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
const roundBbox = (b: Bbox): Bbox => [round6(b[0]), round6(b[1]), round6(b[2]), round6(b[3])];

/**
 * Official data with a cache in front: fresh answers from cache.db, stale ones served at once
 * while a refresh runs (stale-while-revalidate), and served with their age when the agency
 * cannot be reached (stale-if-error). Identical concurrent lookups share one upstream call.
 */
export class OfficialService {
  readonly http: ResilientHttp;
  readonly anm: AnmSigmineClient;
  readonly sgb: SgbWfsClient;
  readonly ibama: IbamaClient;
  readonly anp: AnpWfsClient;
  private readonly inFlight = new Map<string, Promise<Fetched<unknown> & { fetchedAt: number }>>();
  private readonly now: () => number;

  constructor(private readonly options: OfficialServiceOptions) {
    this.now = options.now ?? Date.now;
    const config = options.config;
    this.http = new ResilientHttp({
      hostPolicy: (_host, source) => config.hostPolicy(source as SourceId),
      breakerPolicy: () => config.breakerPolicy(),
      metrics: options.metrics,
      now: this.now,
      ...(options.http ?? {}),
    });
    this.anm = new AnmSigmineClient(this.http, config);
    this.sgb = new SgbWfsClient(this.http, config);
    this.ibama = new IbamaClient(this.http, config);
    this.anp = new AnpWfsClient(this.http, config);
  }

  get cache(): OfficialCache {
    return this.options.cache;
  }

  private provenance(source: SourceId, dataset: Dataset, url: string, fetchedAt: number, cache: Provenance['cache']): Provenance {
    const p: Provenance = { agency: this.options.config.source(source).agency, dataset, url, fetchedAt: new Date(fetchedAt).toISOString(), cache };
    if (cache !== 'miss') p.ageSeconds = Math.max(0, Math.floor((this.now() - fetchedAt) / 1000));
    return p;
  }

  /** One upstream fetch per key at a time; the answer is written to the cache before it is shared. */
  private refresh<T>(key: string, lookup: Lookup<T>): Promise<Fetched<T> & { fetchedAt: number }> {
    const running = this.inFlight.get(key);
    if (running) return running as Promise<Fetched<T> & { fetchedAt: number }>;
    const agency = this.options.config.source(lookup.source).agency;
    const promise = (async () => {
      try {
        const fetched = await lookup.fetch();
        const fetchedAt = this.now();
        try {
          this.cache.write(key, {
            source: lookup.source,
            dataset: lookup.dataset,
            agency,
            payload: JSON.stringify(fetched.value),
            url: fetched.url,
            fetchedAt,
          });
          this.cache.recordSuccess(lookup.source, fetchedAt);
        } catch (error) {
          // A full disk or a busy cache must not cost the user the answer they just got.
          this.options.log?.('[official] cache write failed', error);
        }
        return { ...fetched, fetchedAt };
      } catch (error) {
        try {
          this.cache.recordError(lookup.source, this.now(), upstreamCodeOf(error) ?? (error as { code?: string }).code ?? 'internal');
        } catch {
          /* health bookkeeping is best effort */
        }
        throw error;
      } finally {
        this.inFlight.delete(key);
      }
    })();
    this.inFlight.set(key, promise);
    return promise;
  }

  async lookup<T>(lookup: Lookup<T>): Promise<Answer<T>> {
    const key = `${lookup.source}|${lookup.dataset}|${stableJson(lookup.query)}`;
    let entry: CacheEntry | undefined;
    try {
      entry = this.cache.read(key);
    } catch (error) {
      // An unreadable cache degrades to no cache; the agency still answers.
      this.options.log?.('[official] cache read failed', error);
    }
    const config = this.options.config;
    if (entry) {
      const ageMs = this.now() - entry.fetchedAt;
      const ttlMs = config.ttlSeconds(lookup.dataset) * 1000;
      const value = JSON.parse(entry.payload) as T;
      if (ageMs <= ttlMs) {
        this.cache.countHit(entry);
        return { value, source: this.provenance(lookup.source, lookup.dataset, entry.url, entry.fetchedAt, 'fresh') };
      }
      if (ageMs <= ttlMs + config.staleWhileRevalidateSeconds(lookup.dataset) * 1000) {
        this.cache.countStale(entry);
        // Revalidate in the background; a failure leaves the stale entry in place.
        this.refresh(key, lookup).catch(() => undefined);
        return { value, source: this.provenance(lookup.source, lookup.dataset, entry.url, entry.fetchedAt, 'stale') };
      }
    }
    // Each look-up counts once: a miss, or (below) a stale answer when the refresh failed.
    const agency = config.source(lookup.source).agency;
    try {
      const fetched = await this.refresh(key, lookup);
      this.cache.countMiss(lookup.dataset, agency);
      return { value: fetched.value, source: this.provenance(lookup.source, lookup.dataset, fetched.url, fetched.fetchedAt, 'miss') };
    } catch (error) {
      if (!entry) {
        this.cache.countMiss(lookup.dataset, agency);
        throw error;
      }
      // Stale-if-error: offline at the mine site, the last good answer is better than none.
      this.cache.countStale(entry);
      return { value: JSON.parse(entry.payload) as T, source: this.provenance(lookup.source, lookup.dataset, entry.url, entry.fetchedAt, 'stale') };
    }
  }

  async anmProcess(input: string): Promise<AnmProcessResult> {
    const number = normaliseAnmProcessNumber(input);
    const answer = await this.lookup({
      source: 'anm',
      dataset: 'SIGMINE',
      query: { op: 'process', process: number.canonical },
      fetch: () => this.anm.process(number),
    });
    const record = answer.value[0];
    if (!record) {
      throw new QivoError('official.processNotFound', `ANM has no active process ${number.canonical} in SIGMINE.`, { process: number.canonical });
    }
    return { record, source: answer.source };
  }

  async anmArea(bbox: Bbox, polygon?: AreaGeometry): Promise<AnmAreaResult> {
    const answer = await this.lookup({
      source: 'anm',
      dataset: 'SIGMINE',
      query: { op: 'area', bbox: roundBbox(bbox), polygon },
      fetch: () => this.anm.area(bbox, polygon),
    });
    return { records: answer.value, source: answer.source };
  }

  async sgbOccurrences(lat: number, lon: number, radiusKm: number): Promise<SgbOccurrencesResult> {
    const q = { lat: round6(lat), lon: round6(lon), radiusKm: round6(radiusKm) };
    const answer = await this.lookup({ source: 'sgb', dataset: SGB_OCCURRENCES, query: q, fetch: () => this.sgb.occurrences(q.lat, q.lon, q.radiusKm) });
    return { records: answer.value, source: answer.source };
  }

  async sgbUnit(lat: number, lon: number): Promise<SgbUnitResult> {
    const q = { lat: round6(lat), lon: round6(lon) };
    const answer = await this.lookup({ source: 'sgb', dataset: SGB_LITHOSTRATIGRAPHY, query: q, fetch: () => this.sgb.unit(q.lat, q.lon) });
    return { record: answer.value, source: answer.source };
  }

  async ibamaEmbargoes(query: EmbargoQuery): Promise<IbamaEmbargoesResult> {
    const q = 'cnpj' in query ? { cnpj: query.cnpj.replace(/\D/g, '') } : { bbox: roundBbox(query.bbox), polygon: query.polygon };
    const answer = await this.lookup({ source: 'ibamaEmbargo', dataset: 'adm_embargos_ibama_a', query: q, fetch: () => this.ibama.embargoes(query) });
    return { records: answer.value, source: answer.source };
  }

  /** SISLIC is one file: it is cached whole, so any licence query works offline once it was fetched. */
  async ibamaLicences(query: LicenceQuery): Promise<IbamaLicencesResult> {
    const answer = await this.lookup({ source: 'ibamaSislic', dataset: 'SISLIC', query: { op: 'all' }, fetch: () => this.ibama.allLicences() });
    return { records: answer.value.filter((l) => licenceMatches(l, query)), source: answer.source };
  }

  async anpOverlaps(bbox: Bbox, polygon?: AreaGeometry): Promise<AnpOverlapsResult> {
    const q = { bbox: roundBbox(bbox), polygon };
    // allSettled: a failure of one layer must not leave the other two running unobserved.
    const settled = await Promise.allSettled([
      this.lookup({ source: 'anp', dataset: 'BD_ANP:BLOCOS_EXPLORATORIOS_SIRGAS', query: q, fetch: () => this.anp.blocks(bbox, polygon) }),
      this.lookup({ source: 'anp', dataset: 'BD_ANP:CAMPOS_PRODUCAO_SIRGAS', query: q, fetch: () => this.anp.fields(bbox, polygon) }),
      this.lookup({ source: 'anp', dataset: 'BD_ANP:POCOS_SIRGAS', query: q, fetch: () => this.anp.wells(bbox, polygon) }),
    ] as const);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [blocks, fields, wells] = settled.map((s) => (s as PromiseFulfilledResult<Answer<unknown[]>>).value) as [
      Answer<AnpOverlapsResult['blocks']['records']>,
      Answer<AnpOverlapsResult['fields']['records']>,
      Answer<AnpOverlapsResult['wells']['records']>,
    ];
    return {
      blocks: { records: blocks.value, source: blocks.source },
      fields: { records: fields.value, source: fields.source },
      wells: { records: wells.value, source: wells.source },
    };
  }

  health(id: SourceId): SourceHealth {
    const breaker = this.http.breaker(id);
    const stored = this.cache.health(id);
    const newest = this.cache.newestOf(id);
    // This process's breaker knows the last minutes; cache.db remembers earlier runs (the CLI is short-lived).
    const lastSuccess = Math.max(breaker.lastSuccessAt ?? 0, stored.lastSuccessAt ?? 0);
    const lastError = Math.max(breaker.lastErrorAt ?? 0, stored.lastErrorAt ?? 0);
    const iso = (ms: number) => (ms > 0 ? new Date(ms).toISOString() : null);
    return {
      source: id,
      agency: this.options.config.source(id).agency,
      baseUrl: this.options.config.baseUrl(id),
      circuit: breaker.current(),
      consecutiveFailures: breaker.consecutiveFailures,
      lastSuccessAt: iso(lastSuccess),
      lastErrorAt: iso(lastError),
      lastErrorCode: breaker.lastErrorCode ?? stored.lastErrorCode,
      cacheAgeSeconds: newest.newestFetchedAt === null ? null : Math.max(0, Math.floor((this.now() - newest.newestFetchedAt) / 1000)),
      cachedEntries: newest.entries,
      apiKeyConfigured: this.options.config.apiKeyConfigured(id),
    };
  }

  status(): OfficialStatus {
    return { sources: SOURCE_IDS.map((id) => this.health(id)), cache: this.cache.figures() };
  }

  /** Waits for background revalidations, so a CLI run does not exit in the middle of a cache write. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }
}
