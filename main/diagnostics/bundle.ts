import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DiagnosticsResult } from '../../shared/ipc/diagnostics-contract';
import type { Core } from '../core/core';
import { buildOverview } from '../flags/overview';
import { redactAll, REDACTED, secretValues } from '../security/redact';
import { openSqliteHandle } from '../storage/native-binding';
import { writeFileAtomic } from '../storage/atomic-file';

/** Where Electron's crashReporter writes its minidumps (main/electron/main.ts sets the path). */
export const CRASH_DIR = 'crashes';
export const DIAGNOSTICS_DIR = 'diagnostics';

/** The databases of the data folder, checked with PRAGMA integrity_check. */
const DATABASES = ['app.db', 'cache.db', 'metrics.db'] as const;

/**
 * A setting whose name (its last part) says it holds a credential is left out whatever its value:
 * `x.apiKey`, `x.token`, `x.password`… but not `x.apiKeyHeader` (the header's name) or `trustedKeys` (public keys).
 */
const SECRET_SETTING = /(secret|token|password|passphrase|api[-_]?key|credentials?|private[-_]?key)$/i;
const isSecretSetting = (key: string) => SECRET_SETTING.test(key.split('.').pop() ?? key);

export interface DatabaseIntegrity {
  file: string;
  present: boolean;
  bytes?: number;
  /** `["ok"]`, or the first problems integrity_check found, or why the file could not be read. */
  result?: string[];
  userVersion?: number;
  journalMode?: string;
}

function checkDatabase(dataDir: string, name: string): DatabaseIntegrity {
  const file = path.join(dataDir, name);
  if (!fs.existsSync(file)) return { file: name, present: false };
  const out: DatabaseIntegrity = { file: name, present: true, bytes: fs.statSync(file).size };
  try {
    // Read-only beside the core's own connection (WAL lets both read the same pages).
    const handle = openSqliteHandle(file, { readonly: true, fileMustExist: true });
    try {
      const rows = handle.pragma('integrity_check(20)') as Array<{ integrity_check: string }>;
      out.result = rows.map((r) => r.integrity_check);
      out.userVersion = handle.pragma('user_version', { simple: true }) as number;
      out.journalMode = String(handle.pragma('journal_mode', { simple: true }));
    } finally {
      handle.close();
    }
  } catch (error) {
    out.result = [`unreadable: ${error instanceof Error ? error.message : String(error)}`];
  }
  return out;
}

function sqliteVersion(): string | null {
  try {
    // An in-memory database: the library's version, whatever state the data folder is in.
    const handle = openSqliteHandle(':memory:');
    try {
      return (handle.prepare('select sqlite_version() as v').get() as { v: string }).v;
    } finally {
      handle.close();
    }
  } catch {
    return null;
  }
}

function listFolder(dir: string, prefix = ''): Array<{ name: string; bytes: number }> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: Array<{ name: string; bytes: number }> = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const name = `${prefix}${entry.name}`;
    if (entry.isDirectory()) out.push(...listFolder(path.join(dir, entry.name), `${name}/`));
    else if (entry.isFile()) out.push({ name, bytes: fs.statSync(path.join(dir, entry.name)).size });
  }
  return out;
}

/** Settings as stored, minus anything named like a credential; values are scrubbed again on the way into the zip. */
export function settingsWithoutSecrets(settings: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) out[key] = isSecretSetting(key) ? REDACTED : value;
  return out;
}

function flagState(core: Core): unknown {
  const flags = core.services.flags;
  if (!flags) return { running: false };
  return {
    running: true,
    ...buildOverview(flags, core.now()),
    lastFetchAt: flags.lastFetchAt,
    lastSuccessAt: flags.lastSuccessAt,
    nextFetchAt: flags.nextFetchAt,
    lastError: flags.lastError,
    startupProblems: flags.startupProblems,
  };
}

/**
 * What support needs to understand a problem on this workstation, as files: the log, the
 * versions, the settings without secrets, the databases' integrity, the flag state, the storage
 * notices, the data folder's listing and the crash dumps' names. No report content and no secret:
 * every file is scrubbed of the secrets the workstation holds and of anything shaped like a token.
 */
export function collectDiagnostics(core: Core): Map<string, string> {
  const secrets = secretValues(core.secrets);
  const files = new Map<string, string>();
  const json = (name: string, value: unknown) => files.set(name, `${JSON.stringify(value, null, 2)}\n`);
  const safely = (name: string, make: () => unknown) => {
    try {
      json(name, make());
    } catch (error) {
      json(name, { error: error instanceof Error ? error.message : String(error) });
    }
  };

  safely('versions.json', () => ({
    app: core.appVersion,
    shell: core.shell,
    packaged: core.isPackaged,
    node: process.versions.node,
    electron: process.versions.electron ?? null,
    chrome: process.versions.chrome ?? null,
    v8: process.versions.v8,
    sqlite: sqliteVersion(),
    platform: process.platform,
    arch: process.arch,
    os: `${os.type()} ${os.release()}`,
  }));
  safely('settings.json', () => settingsWithoutSecrets(core.settings.snapshot()));
  safely('secrets.json', () => ({ backend: core.secrets.backend, namesSet: core.secrets.names() }));
  safely('integrity.json', () => DATABASES.map((name) => checkDatabase(core.dataDir, name)));
  safely('flags.json', () => flagState(core));
  safely('notices.json', () => core.notices);
  safely('data-folder.json', () => listFolder(core.dataDir).filter((f) => !f.name.startsWith(`${DIAGNOSTICS_DIR}/`)));
  safely('crashes.json', () => listFolder(path.join(core.dataDir, CRASH_DIR)));
  for (const logFile of core.log.files()) {
    try {
      files.set(`logs/${path.basename(logFile)}`, fs.readFileSync(logFile, 'utf8'));
    } catch {
      /* rotated away while we read: the others still go in */
    }
  }
  // Last, over everything: a secret set after a line was logged, or echoed into a setting.
  for (const [name, text] of files) files.set(name, redactAll(text, secrets));
  return files;
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** `<dataDir>/diagnostics/qivo-diagnostics-<time>.zip`, where a shell without a save dialog puts it. */
export function defaultDiagnosticsFile(core: Pick<Core, 'dataDir' | 'now'>): string {
  return path.join(core.dataDir, DIAGNOSTICS_DIR, `qivo-diagnostics-${timestamp(core.now())}.zip`);
}

/** Collects the diagnostics and writes them as one zip file (atomically: a half-written zip is never left). */
export async function writeDiagnosticsBundle(core: Core, file: string): Promise<DiagnosticsResult> {
  const files = collectDiagnostics(core);
  const entries = ['manifest.json', ...files.keys()];
  const manifest = { format: 'qivo.diagnostics/1', createdAt: core.now().toISOString(), app: core.appVersion, shell: core.shell, entries };
  // jszip only when a bundle is made: `qivo reports list` must not load it (cli-lazy-loading test).
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  const date = core.now();
  zip.file('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, { date });
  for (const [name, text] of files) zip.file(name, text, { date });
  const data = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
  writeFileAtomic(file, data);
  core.log.info('[diagnostics] bundle written', { file, bytes: data.byteLength, entries: entries.length });
  return { file, bytes: data.byteLength, entries };
}
