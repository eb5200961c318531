import { QivoError } from '../../../shared/errors';

/**
 * The ways an upstream call fails, each a translated `official.<code>` error. Messages carry the
 * agency and the server's own words (trimmed), never request headers: API keys travel there.
 */
export type UpstreamErrorCode =
  'timeout' | 'network' | 'httpStatus' | 'rateLimited' | 'arcgisError' | 'htmlResponse' | 'wfsException' | 'malformedBody' | 'tooLarge' | 'circuitOpen';

interface Extra {
  status?: number;
  detail?: string;
  /** tooLarge: the byte limit that was exceeded. */
  limit?: number;
}

const mib = (bytes: number | undefined) => (bytes === undefined ? '?' : String(Math.round((bytes / (1024 * 1024)) * 10) / 10));

const ENGLISH: Record<UpstreamErrorCode, (p: Extra & { agency: string }) => string> = {
  timeout: (p) => `${p.agency} did not answer in time.`,
  network: (p) => `The connection to ${p.agency} failed (${p.detail ?? 'network error'}).`,
  httpStatus: (p) => `${p.agency} answered with HTTP ${p.status ?? '?'}.`,
  rateLimited: (p) => `${p.agency} is limiting requests (HTTP 429); try again later.`,
  arcgisError: (p) => `${p.agency} reported an error: ${p.detail ?? ''}`,
  htmlResponse: (p) => `${p.agency} sent a web page instead of data (probably a maintenance or firewall page).`,
  wfsException: (p) => `${p.agency} refused the query: ${p.detail ?? ''}`,
  malformedBody: (p) => `${p.agency} sent an incomplete or unreadable answer (${p.detail ?? 'malformed'}).`,
  tooLarge: (p) => `${p.agency} sent an answer larger than ${mib(p.limit)} MiB; the download was stopped.`,
  circuitOpen: (p) => `${p.agency} failed repeatedly; requests are paused for a while.`,
};

export function upstreamError(code: UpstreamErrorCode, agency: string, extra: Extra = {}): QivoError {
  const detail = extra.detail?.replace(/\s+/g, ' ').slice(0, 200);
  const params: Record<string, string | number> = { agency };
  if (extra.status !== undefined) params.status = extra.status;
  if (detail !== undefined) params.detail = detail;
  if (extra.limit !== undefined) params.limitMiB = mib(extra.limit);
  return new QivoError(`official.${code}`, ENGLISH[code]({ agency, status: extra.status, detail, limit: extra.limit }), params);
}

export function upstreamCodeOf(error: unknown): UpstreamErrorCode | null {
  if (!(error instanceof QivoError) || !error.code.startsWith('official.')) return null;
  const code = error.code.slice('official.'.length) as UpstreamErrorCode;
  return code in ENGLISH ? code : null;
}
