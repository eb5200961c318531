/**
 * Typed, translatable errors. They cross the IPC bridge (and the HTTP host) as plain data,
 * because Electron keeps only `message` of a thrown Error. The renderer and the CLI turn the
 * `code` into a sentence with `translateError` (shared/i18n).
 */
export type ErrorParams = Record<string, string | number>;

export interface QivoErrorData {
  /** Stable, namespaced code, e.g. `reports.notFound`. Its translation key is `errors.<code>`. */
  code: string;
  /** English fallback sentence, used where no translation exists (logs, unknown codes). */
  message: string;
  params?: ErrorParams;
  /** Extra lines for the user, e.g. one per invalid field. Never secrets. */
  details?: string[];
}

export class QivoError extends Error {
  readonly code: string;
  readonly params: ErrorParams | undefined;
  readonly details: string[] | undefined;

  constructor(code: string, message: string, params?: ErrorParams, details?: string[]) {
    super(message);
    this.name = 'QivoError';
    this.code = code;
    this.params = params;
    this.details = details;
  }

  toData(): QivoErrorData {
    const data: QivoErrorData = { code: this.code, message: this.message };
    if (this.params) data.params = this.params;
    if (this.details) data.details = this.details;
    return data;
  }

  static fromData(data: QivoErrorData): QivoError {
    return new QivoError(data.code, data.message, data.params, data.details);
  }
}

export function isQivoError(value: unknown): value is QivoError {
  return value instanceof QivoError;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: QivoErrorData };
