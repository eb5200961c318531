import axios, { type AxiosInstance } from 'axios';
import type { Readable } from 'node:stream';
import { MAX_CONFIG_BYTES, type RejectionReason } from '../../shared/flags/envelope';

export interface FetchOptions {
  url: string;
  /** Sent as If-None-Match when we hold the body it belongs to. */
  etag?: string | null;
  /** Deadline for the whole exchange, headers and body: a server that trickles bytes is cut off. */
  timeoutMs: number;
  maxBytes?: number;
  http?: AxiosInstance;
  /** What the messages call the server and the document (default: the flag server, the signed configuration). */
  names?: { server: string; document: string };
}

const FLAG_NAMES = { server: 'flag server', document: 'signed configuration' };

export type FetchOutcome =
  | { kind: 'notModified'; serverDate: Date | null }
  | { kind: 'body'; body: Buffer; etag: string | null; serverDate: Date | null }
  | { kind: 'failed'; reason: RejectionReason; message: string; status?: number; serverDate: Date | null };

function parseDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/**
 * Reads the body up to `maxBytes` (after decompression, so a gzip bomb is also cut off) and
 * aborts the request the moment it grows past it.
 */
async function readLimited(stream: Readable, maxBytes: number, abort: () => void): Promise<Buffer | 'tooLarge'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.byteLength;
    if (size > maxBytes) {
      abort();
      stream.destroy();
      return 'tooLarge';
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size);
}

/** One conditional GET of the signed configuration. Never throws. */
export async function fetchSignedConfig(options: FetchOptions): Promise<FetchOutcome> {
  const maxBytes = options.maxBytes ?? MAX_CONFIG_BYTES;
  const { server, document } = options.names ?? FLAG_NAMES;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  timer.unref?.();
  const http = options.http ?? axios;
  let serverDate: Date | null = null;
  try {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.etag) headers['If-None-Match'] = options.etag;
    const response = await http.get<Readable>(options.url, {
      responseType: 'stream',
      headers,
      signal: controller.signal,
      timeout: options.timeoutMs,
      validateStatus: () => true,
      maxRedirects: 5,
      // Size is enforced while streaming; these stop axios from buffering anything itself.
      maxContentLength: maxBytes,
      // Proxies: axios honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as corporate networks need.
    });
    serverDate = parseDate(response.headers['date']);
    const declared = Number(response.headers['content-length']);
    if (response.status === 304) {
      response.data.destroy();
      if (!options.etag) {
        return {
          kind: 'failed',
          reason: 'notModifiedWithoutCache',
          message: 'The server answered 304 Not Modified although nothing was cached to compare with.',
          status: 304,
          serverDate,
        };
      }
      return { kind: 'notModified', serverDate };
    }
    const contentType = String(response.headers['content-type'] ?? '');
    if (response.status < 200 || response.status >= 300) {
      response.data.destroy();
      const html = /html/i.test(contentType) ? ' (an HTML error page)' : '';
      return { kind: 'failed', reason: 'httpStatus', message: `The ${server} answered HTTP ${response.status}${html}.`, status: response.status, serverDate };
    }
    if (Number.isFinite(declared) && declared > maxBytes) {
      controller.abort();
      response.data.destroy();
      return { kind: 'failed', reason: 'tooLarge', message: `The ${server} announced ${declared} bytes; at most ${maxBytes} are accepted.`, serverDate };
    }
    const body = await readLimited(response.data, maxBytes, () => controller.abort());
    if (body === 'tooLarge')
      return { kind: 'failed', reason: 'tooLarge', message: `The ${server} sent more than ${maxBytes} bytes; the download was stopped.`, serverDate };
    if (/text\/html/i.test(contentType) || body.subarray(0, 100).toString('utf8').trimStart().startsWith('<')) {
      return {
        kind: 'failed',
        reason: 'htmlPage',
        message: `An HTML page arrived instead of the ${document} (a proxy, captive portal or error page?).`,
        serverDate,
      };
    }
    const etag = typeof response.headers['etag'] === 'string' ? response.headers['etag'] : null;
    return { kind: 'body', body, etag, serverDate };
  } catch (err) {
    if (timedOut || (err as { code?: string }).code === 'ECONNABORTED' || (err as { code?: string }).code === 'ETIMEDOUT') {
      return {
        kind: 'failed',
        reason: 'timeout',
        message: `The ${server} did not deliver the ${document} within ${Math.round(options.timeoutMs / 1000)} s.`,
        serverDate,
      };
    }
    if (/maxContentLength/.test((err as Error).message)) {
      // axios enforces the same limit on the stream itself (defence in depth); same reason for the user.
      return { kind: 'failed', reason: 'tooLarge', message: `The ${server} sent more than ${maxBytes} bytes; the download was stopped.`, serverDate };
    }
    const code = (err as { code?: string }).code;
    return {
      kind: 'failed',
      reason: 'network',
      message: `The ${server} could not be reached${code ? ` (${code})` : ''}: ${(err as Error).message}`,
      serverDate,
    };
  } finally {
    clearTimeout(timer);
  }
}
