import path from 'node:path';
import type { Logger as PinoLogger, LoggerOptions } from 'pino';
import { redactAll } from '../security/redact';
import { RotatingFile } from './rotating-file';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * The workstation's one logger, injected into the core and from there into every service that
 * logs. `detail` is an Error (logged with its stack) or a few fields.
 */
export interface Logger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
  /** The log's files on disk, newest first (for the diagnostics bundle); none for a logger without a file. */
  files(): string[];
  close(): void;
}

/** Logs nowhere: for tests and tools that want silence. */
export const NO_LOG: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  files: () => [],
  close: () => undefined,
};

export const LOG_DIR = 'logs';
export const LOG_FILE = 'qivo.log';
/** 2 MiB a file, four files: at most 8 MiB of log in the data folder. */
export const LOG_MAX_BYTES = 2 * 1024 * 1024;
export const LOG_FILES_KEPT = 4;

export interface FileLoggerOptions {
  dataDir: string;
  /** Which shell writes ('electron', 'browser-host', 'cli'): a field of every line. */
  shell: string;
  /** Every secret to scrub, asked at each line (keys may be set while the app runs). */
  secrets: () => readonly string[];
  level?: LogLevel;
  maxBytes?: number;
  keep?: number;
}

/**
 * Field names whose values never reach the file, wherever they are in a line's fields. The text of
 * every line is scrubbed as well (known secrets in all their encodings, and anything shaped like a
 * token), because a secret usually arrives inside a message, not under a tidy key.
 */
const REDACTED_PATHS = [
  'apiKey',
  'token',
  'secret',
  'password',
  'authorization',
  '*.apiKey',
  '*.token',
  '*.secret',
  '*.password',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

function loadPino(): typeof import('pino') {
  // pino costs ~30 ms to load: only a run that logs pays it (most CLI runs never do). A plain
  // require (as main/electron/auto-update.ts does): the bundles are CommonJS, and so is the test runner's module scope.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('pino') as typeof import('pino');
}

/**
 * pino writing JSON lines to `<dataDir>/logs/qivo.log`, rotated by size (LOG_MAX_BYTES, LOG_FILES_KEPT
 * files kept), every line scrubbed of secrets before it is written. Created lazily: nothing is
 * loaded and no file is made until the first line.
 */
export function createFileLogger(options: FileLoggerOptions): Logger {
  const file = new RotatingFile({
    file: path.join(options.dataDir, LOG_DIR, LOG_FILE),
    maxBytes: options.maxBytes ?? LOG_MAX_BYTES,
    keep: options.keep ?? LOG_FILES_KEPT,
  });
  const secrets = () => {
    try {
      return options.secrets();
    } catch {
      return [];
    }
  };
  let pino: PinoLogger | undefined;
  let broken = false;
  const instance = (): PinoLogger | undefined => {
    if (pino || broken) return pino;
    try {
      const { pino: create, stdTimeFunctions } = loadPino();
      const config: LoggerOptions = {
        level: options.level ?? 'info',
        base: { pid: process.pid, shell: options.shell },
        timestamp: stdTimeFunctions.isoTime,
        redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      };
      pino = create(config, { write: (line: string) => file.write(redactAll(line, secrets())) });
    } catch {
      // A log that cannot be written (read-only folder, full disk) never stops the app.
      broken = true;
    }
    return pino;
  };
  const at =
    (level: LogLevel) =>
    (message: string, detail?: unknown): void => {
      try {
        const log = instance();
        if (!log) return;
        if (detail === undefined) log[level](message);
        else if (detail instanceof Error) log[level]({ err: detail }, message);
        else if (detail !== null && typeof detail === 'object') log[level](detail, message);
        else log[level]({ detail }, message);
      } catch {
        /* logging never throws into the caller */
      }
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    files: () => file.files(),
    close: () => {
      pino?.flush();
      file.close();
    },
  };
}
