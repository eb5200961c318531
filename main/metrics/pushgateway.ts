import type { AxiosInstance } from 'axios';
import { QivoError } from '../../shared/errors';
import { PROMETHEUS_CONTENT_TYPE, pushgatewayPath } from '../../shared/metrics/prometheus';

export const PUSH_JOB = 'qivo_workstation';

/** A Pushgateway answers a PUT with an empty body or one error line; anything bigger is not one. */
export const MAX_PUSH_ANSWER_BYTES = 64 * 1024;

/** http(s) only, no credentials in the URL's text we show; returns the normalized base or null. */
export function parsePushgatewayUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url;
  } catch {
    return null;
  }
}

/** The URL as safe to print: user info (a basic-auth password) removed. */
export function redactUrl(url: URL): string {
  const copy = new URL(url.toString());
  copy.username = '';
  copy.password = '';
  return copy.toString().replace(/\/$/, '');
}

export interface PushTarget {
  url: URL;
  workstation: string;
  appVersion: string;
}

export function pushUrl(target: PushTarget): string {
  const base = target.url.toString().replace(/\/+$/, '');
  const toBase64Url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  return base + pushgatewayPath(PUSH_JOB, { workstation: target.workstation, app_version: target.appVersion }, toBase64Url);
}

/**
 * PUT replaces this workstation's group on the Pushgateway (job + workstation + app_version),
 * so a series that disappeared locally (a source no longer called) disappears there too.
 */
export async function pushToGateway(http: AxiosInstance, target: PushTarget, body: string, timeoutMs = 10_000): Promise<{ status: number; url: string }> {
  const url = pushUrl(target);
  const shown = redactUrl(target.url);
  let status: number;
  let responseText: string;
  try {
    const response = await http.put(url, body, {
      headers: { 'content-type': PROMETHEUS_CONTENT_TYPE },
      timeout: timeoutMs,
      // The socket timeout does not cover a gateway that trickles its answer; this deadline does.
      signal: AbortSignal.timeout(timeoutMs),
      // Counted while the answer streams in, after decompression; the request is aborted past it.
      maxContentLength: MAX_PUSH_ANSWER_BYTES,
      responseType: 'text',
      transformResponse: (d: unknown) => d,
      validateStatus: () => true,
      maxRedirects: 0,
      proxy: false,
      auth: target.url.username ? { username: decodeURIComponent(target.url.username), password: decodeURIComponent(target.url.password) } : undefined,
    });
    status = response.status;
    responseText = typeof response.data === 'string' ? response.data : '';
  } catch (error) {
    if (/maxContentLength/.test((error as Error).message ?? '')) {
      throw new QivoError(
        'metrics.pushAnswerTooLarge',
        `The Pushgateway at ${shown} answered with more than ${MAX_PUSH_ANSWER_BYTES / 1024} KiB; it is probably not a Pushgateway.`,
        {
          url: shown,
          limitKiB: MAX_PUSH_ANSWER_BYTES / 1024,
        },
      );
    }
    const reason = (error as { code?: string; message?: string }).code ?? (error as Error).message ?? 'network error';
    throw new QivoError('metrics.pushUnreachable', `The Pushgateway at ${shown} could not be reached (${reason}).`, { url: shown, reason: String(reason) });
  }
  if (status < 200 || status >= 300) {
    throw new QivoError('metrics.pushRejected', `The Pushgateway at ${shown} refused the metrics (HTTP ${status}).`, {
      url: shown,
      status,
      detail: responseText.slice(0, 300),
    });
  }
  return { status, url: shown };
}
