import { QivoError } from '../../../shared/errors';

/**
 * The ways an upstream call fails, each a translated `official.<code>` error. Messages carry the
 * agency and the server's own words (trimmed), never request headers: API keys travel there.
 */
export type UpstreamErrorCode =
  | 'timeout'
  | 'network'
  | 'httpStatus'
  | 'rateLimited'
  | 'arcgisError'
  | 'htmlResponse'
  | 'wfsException'
  | 'malformedBody'
  | 'circuitOpen';

const ENGLISH: Record<UpstreamErrorCode, (p: { agency: string; status?: number; detail?: string }) => string> = {
  timeout: (p) => `${p.agency} did not answer in time.`,
  network: (p) => `The connection to ${p.agency} failed (${p.detail ?? 'network error'}).`,
  httpStatus: (p) => `${p.agency} answered with HTTP ${p.status ?? '?'}.`,
  rateLimited: (p) => `${p.agency} is limiting requests (HTTP 429); try again later.`,
  arcgisError: (p) => `${p.agency} reported an error: ${p.detail ?? ''}`,
  htmlResponse: (p) => `${p.agency} sent a web page instead of data (probably a maintenance or firewall page).`,
  wfsException: (p) => `${p.agency} refused the query: ${p.detail ?? ''}`,
  malformedBody: (p) => `${p.agency} sent an incomplete or unreadable answer (${p.detail ?? 'malformed'}).`,
  circuitOpen: (p) => `${p.agency} failed repeatedly; requests are paused for a while.`,
};

export function upstreamError(code: UpstreamErrorCode, agency: string, extra: { status?: number; detail?: string } = {}): QivoError {
  const detail = extra.detail?.replace(/\s+/g, ' ').slice(0, 200);
  const params: Record<string, string | number> = { agency };
  if (extra.status !== undefined) params.status = extra.status;
  if (detail !== undefined) params.detail = detail;
  return new QivoError(`official.${code}`, ENGLISH[code]({ agency, status: extra.status, detail }), params);
}

export function upstreamCodeOf(error: unknown): UpstreamErrorCode | null {
  if (!(error instanceof QivoError) || !error.code.startsWith('official.')) return null;
  const code = error.code.slice('official.'.length) as UpstreamErrorCode;
  return code in ENGLISH ? code : null;
}
