import axios, { type AxiosInstance } from 'axios';
import pLimit, { type LimitFunction } from 'p-limit';
import type { MetricsRecorder } from '../../core/metrics-recorder';
import { backoffCeilingMs, fullJitter } from '../../../shared/backoff';
import { detectArcgisError, detectWfsException, looksLikeHtml } from '../../../shared/official/parsers';
import { CircuitBreaker, type CircuitBreakerPolicy } from './circuit-breaker';
import { decodeBody } from './body';
import { redactError, redactRecord, redactText } from '../../security/redact';
import { upstreamCodeOf, upstreamError, type UpstreamErrorCode } from './upstream-errors';

/** How hard to try one host. Timeouts differ a lot between agencies (SGB answers in 1–5 s). */
export interface HostPolicy {
  timeoutMs: number;
  /** Extra attempts after the first, for GETs that failed with 5xx, 429 or a dropped connection. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails as rate limited. */
  maxRetryAfterMs: number;
  /** Simultaneous requests to one host; government servers fall over under bursts. */
  concurrency: number;
  /**
   * The largest answer accepted, in bytes after decompression; counted while the body streams
   * in, so a 600 MB answer or a gzip bomb is cut off at this size instead of filling memory.
   */
  maxResponseBytes: number;
}

export const DEFAULT_HOST_POLICY: HostPolicy = {
  timeoutMs: 20_000,
  maxRetries: 2,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
  concurrency: 4,
  maxResponseBytes: 64 * 1024 * 1024,
};

/** What the body must look like for the call to count as a success. */
export type ExpectedBody = 'arcgis-json' | 'wfs-json' | 'json';

export interface UpstreamRequest {
  /** Circuit breakers are per source (`anm`, `sgb`, …). */
  source: string;
  /** Human agency label used in errors and metrics (`ANM`). */
  agency: string;
  /** Metric name, e.g. `anm.process`. */
  operation: string;
  url: string;
  params: Record<string, string>;
  /**
   * Credential headers only (the source's API key). They are sent to the source's own origin and
   * dropped on a redirect to any other; their values are scrubbed from every error and metric.
   */
  headers?: Record<string, string>;
  expect: ExpectedBody;
}

export interface UpstreamResponse {
  body: unknown;
  /** The exact URL requested, query included (headers, hence API keys, are not part of it). */
  url: string;
  bytes: number;
  encoding: string;
  attempts: number;
}

export interface ResilientHttpOptions {
  hostPolicy: (host: string, source: string) => HostPolicy;
  breakerPolicy: (source: string) => CircuitBreakerPolicy;
  metrics: () => MetricsRecorder;
  http?: AxiosInstance;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** 0 ≤ x < 1; injectable so the jitter is testable. */
  random?: () => number;
  userAgent?: string;
}

class RetryableFailure extends Error {
  constructor(
    readonly failure: Error,
    readonly retryAfterMs: number | null,
  ) {
    super(failure.message);
  }
}

/** Builds the request URL the way axios will send it, for provenance. */
export function buildUrl(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: unknown, nowMs: number): number | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** Headers that carry credentials whatever the source; the source's own key header is added per request. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/**
 * The one HTTP path every regulator client uses: per-host timeout and concurrency cap, retries
 * with exponential backoff and full jitter (honouring Retry-After), a circuit breaker per source,
 * and classification of the ways these servers fail while saying 200.
 */
export class ResilientHttp {
  private readonly http: AxiosInstance;
  private readonly limits = new Map<string, LimitFunction>();
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: ResilientHttpOptions) {
    this.http = options.http ?? axios.create();
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  breaker(source: string): CircuitBreaker {
    let breaker = this.breakers.get(source);
    if (!breaker) {
      breaker = new CircuitBreaker(() => this.options.breakerPolicy(source), this.now);
      this.breakers.set(source, breaker);
    }
    return breaker;
  }

  private limiter(host: string, concurrency: number): LimitFunction {
    let limit = this.limits.get(host);
    if (!limit) {
      limit = pLimit(concurrency);
      this.limits.set(host, limit);
    } else if (limit.concurrency !== concurrency) {
      limit.concurrency = concurrency;
    }
    return limit;
  }

  /** Exponential backoff with full jitter: uniform in [0, min(max, base·2^attempt)]. */
  backoffMs(policy: HostPolicy, attempt: number): number {
    return fullJitter(backoffCeilingMs(policy.baseDelayMs, attempt, policy.maxDelayMs), this.random);
  }

  async get(request: UpstreamRequest): Promise<UpstreamResponse> {
    const started = this.now();
    const host = new URL(request.url).host;
    const policy = this.options.hostPolicy(host, request.source);
    const breaker = this.breaker(request.source);
    const url = buildUrl(request.url, request.params);
    let attempts = 0;
    let bytes = 0;
    // The latency the guards judge is the agency's (retries included); time queued behind this
    // host's concurrency cap is ours and is reported apart as queueMs.
    let upstreamStarted: number | null = null;
    const secrets = Object.values(request.headers ?? {});
    const record = (outcome: 'success' | 'error' | 'timeout', labels: Record<string, string>) => {
      try {
        const end = this.now();
        this.options.metrics().record({
          kind: 'regulator.call',
          at: end,
          name: request.operation,
          source: request.agency,
          outcome,
          durationMs: end - (upstreamStarted ?? end),
          bytes,
          labels: redactRecord(
            { sourceId: request.source, attempts: String(attempts), queueMs: String((upstreamStarted ?? end) - started), ...labels },
            secrets,
          ),
        });
      } catch {
        /* metrics never break a call */
      }
    };

    if (!breaker.tryAcquire()) {
      const error = upstreamError('circuitOpen', request.agency);
      record('error', { error: 'circuitOpen' });
      throw error;
    }
    try {
      const response = await this.limiter(
        host,
        policy.concurrency,
      )(async () => {
        upstreamStarted = this.now();
        for (;;) {
          attempts += 1;
          try {
            const result = await this.attempt(request, url, policy);
            bytes += result.bytes;
            return result;
          } catch (error) {
            if (!(error instanceof RetryableFailure)) throw error;
            if (attempts > policy.maxRetries) throw error.failure;
            let delay = this.backoffMs(policy, attempts - 1);
            if (error.retryAfterMs !== null) {
              if (error.retryAfterMs > policy.maxRetryAfterMs) throw error.failure;
              delay = Math.max(delay, error.retryAfterMs);
            }
            await this.sleep(delay);
          }
        }
      });
      breaker.onSuccess();
      record('success', {});
      return { ...response, url, attempts };
    } catch (caught) {
      // Defence in depth: bodies are scrubbed as they are decoded, and so is whatever is thrown.
      const error = redactError(caught instanceof RetryableFailure ? caught.failure : caught, secrets);
      const code = upstreamCodeOf(error) ?? 'network';
      breaker.onFailure(code);
      record(code === 'timeout' ? 'timeout' : 'error', { error: code });
      throw error;
    }
  }

  private async attempt(request: UpstreamRequest, url: string, policy: HostPolicy): Promise<Omit<UpstreamResponse, 'url' | 'attempts'>> {
    let response;
    try {
      response = await this.http.get<ArrayBuffer>(request.url, {
        params: request.params,
        headers: { Accept: 'application/json', 'User-Agent': this.options.userAgent ?? 'QIVO-Workstation', ...(request.headers ?? {}) },
        responseType: 'arraybuffer',
        timeout: policy.timeoutMs,
        // The socket timeout does not cover a server that trickles bytes; this deadline does.
        signal: AbortSignal.timeout(policy.timeoutMs),
        validateStatus: () => true,
        maxRedirects: 5,
        // follow-redirects drops only Authorization and Cookie, and keeps them for subdomains;
        // axios drops these on any change of origin (scheme, host or port), the key header included.
        sensitiveHeaders: [...CREDENTIAL_HEADERS, ...Object.keys(request.headers ?? {}).map((h) => h.toLowerCase())],
        // Counted on the decompressed stream: the request is aborted the moment the body grows past it.
        maxContentLength: policy.maxResponseBytes,
        // Never let axios put the request config (headers with an API key) into an error we rethrow.
        transitional: { clarifyTimeoutError: true },
      });
    } catch (error) {
      throw classifyTransportError(error, request.agency, policy.maxResponseBytes);
    }
    const raw = new Uint8Array(response.data);
    const contentType = String(response.headers['content-type'] ?? '');
    const decoded = decodeBody(raw, contentType);
    // A gateway that echoes the request (key included) must not put the key into an error text,
    // a trimmed detail (which could cut the key in half) or the cache: scrub before anything reads it.
    const text = redactText(decoded.text, Object.values(request.headers ?? {}));
    const encoding = decoded.encoding;
    const status = response.status;

    if (status === 429 || status >= 500) {
      const retryAfterMs = parseRetryAfter(response.headers['retry-after'], this.now());
      const wfs = detectWfsException(text);
      const failure =
        status === 429
          ? upstreamError('rateLimited', request.agency, { status })
          : wfs
            ? upstreamError('wfsException', request.agency, { status, detail: wfs.text || wfs.exceptionCode || '' })
            : upstreamError('httpStatus', request.agency, { status });
      throw new RetryableFailure(failure, retryAfterMs);
    }
    const wfs = detectWfsException(text);
    if (wfs) throw upstreamError('wfsException', request.agency, { status, detail: [wfs.exceptionCode, wfs.text].filter(Boolean).join(': ') });
    if (looksLikeHtml(text)) throw upstreamError('htmlResponse', request.agency, { status });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      if (status >= 400) throw upstreamError('httpStatus', request.agency, { status });
      throw upstreamError('malformedBody', request.agency, { detail: `${(error as Error).message}; ${raw.byteLength} bytes` });
    }
    const arcgis = detectArcgisError(body);
    if (arcgis) {
      throw upstreamError('arcgisError', request.agency, {
        status: arcgis.code ?? status,
        detail: [arcgis.message, ...arcgis.details].filter(Boolean).join(' '),
      });
    }
    if (status >= 400) throw upstreamError('httpStatus', request.agency, { status });
    if (request.expect !== 'json' && (body === null || typeof body !== 'object' || Array.isArray(body))) {
      throw upstreamError('malformedBody', request.agency, { detail: 'not a JSON object' });
    }
    return { body, bytes: raw.byteLength, encoding };
  }
}

function classifyTransportError(error: unknown, agency: string, maxResponseBytes: number): Error {
  const e = error as { code?: string; message?: string; name?: string };
  const code = e.code ?? '';
  // Not retried: the next attempt would download as much again.
  if (/maxContentLength/.test(e.message ?? '')) return upstreamError('tooLarge', agency, { limit: maxResponseBytes });
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED' || e.name === 'CanceledError' || e.name === 'TimeoutError') {
    return upstreamError('timeout', agency);
  }
  // Only the code travels on: axios errors carry the request config, headers included.
  const failure = upstreamError('network', agency, { detail: code || 'connection failed' });
  if (NETWORK_CODES.has(code) || code === 'ERR_BAD_RESPONSE' || /aborted|socket hang up/i.test(e.message ?? '')) {
    return new RetryableFailure(failure, null);
  }
  return failure;
}

export type { UpstreamErrorCode };
