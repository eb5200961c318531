import { QivoError, type ErrorParams } from '../../shared/errors';
import type { SecretStore } from '../settings/secret-store';

export const REDACTED = '[redacted]';

/** Keys shorter than this are not searched for: replacing "ab" everywhere would garble text. */
const MIN_SECRET_LENGTH = 4;

/**
 * Every form in which a secret can come back inside a server's answer or a message: as sent, URL
 * encoded (a gateway echoing the query), JSON-escaped (an echo inside a JSON error) and base64
 * (an echo of a Basic header).
 */
function formsOf(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), Buffer.from(secret, 'utf8').toString('base64')]);
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/** The text with every occurrence of every secret replaced by `[redacted]`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of formsOf(secret)) out = out.split(form).join(REDACTED);
  }
  return out;
}

export function redactRecord<T extends Record<string, string | number>>(record: T, secrets: readonly string[]): T {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(record)) out[k] = typeof v === 'string' ? redactText(v, secrets) : v;
  return out as T;
}

/**
 * The same error with its message, parameters, detail lines and stack (which repeats the
 * message) scrubbed. A QivoError stays a QivoError with the same code.
 */
export function redactError(error: unknown, secrets: readonly string[]): unknown {
  if (secrets.every((s) => s.length < MIN_SECRET_LENGTH)) return error;
  if (error instanceof QivoError) {
    const params: ErrorParams | undefined = error.params ? redactRecord(error.params, secrets) : undefined;
    const details = error.details?.map((d) => redactText(d, secrets));
    const clean = new QivoError(error.code, redactText(error.message, secrets), params, details);
    clean.stack = redactText(error.stack ?? `${clean.name}: ${clean.message}`, secrets);
    return clean;
  }
  if (error instanceof Error) {
    const clean = new Error(redactText(error.message, secrets));
    clean.name = error.name;
    clean.stack = redactText(error.stack ?? `${error.name}: ${clean.message}`, secrets);
    return clean;
  }
  return redactText(String(error), secrets);
}

/**
 * Credentials that look like credentials whoever holds them: a bearer or basic token, an
 * Authorization header, a password in a URL, and query parameters named like a key or a token.
 * The log and the diagnostics bundle scrub these on top of the secrets the workstation knows.
 */
const TOKEN_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/gi, `$1 ${REDACTED}`],
  [/\b(authorization|proxy-authorization|x-api-key|api[-_]?key|x-qivo-secret)("?\s*[:=]\s*"?)(?!\[redacted\])[^\s",;&}]{4,}/gi, `$1$2${REDACTED}`],
  [/([?&](?:secret|token|access_token|api[-_]?key|apikey|key|password|signature)=)[^&\s"'#]+/gi, `$1${REDACTED}`],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@"]+:)[^@/\s"]+@/gi, `$1${REDACTED}@`],
];

/** `text` with anything shaped like a credential replaced by `[redacted]` (see TOKEN_PATTERNS). */
export function redactTokens(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TOKEN_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Both: the known secrets in every form, then whatever looks like a credential. */
export function redactAll(text: string, secrets: readonly string[]): string {
  return redactTokens(redactText(text, secrets));
}

/** Every secret the workstation holds (regulator API keys), for scrubbing what leaves the core. */
export function secretValues(store: SecretStore): string[] {
  const values: string[] = [];
  try {
    for (const name of store.names()) {
      const value = store.get(name);
      if (value) values.push(value);
    }
  } catch {
    /* an unreadable secret store holds nothing we could leak */
  }
  return values;
}
