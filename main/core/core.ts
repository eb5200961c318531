import path from 'node:path';
import type { StorageNotice } from '../../shared/ipc/system-contract';
import { ALL_ON_GATE, type FeatureGate } from '../../shared/flags/flag-keys';
import { FileSettingsStore } from '../settings/file-settings-store';
import { FileSecretStore, type SecretStore } from '../settings/secret-store';
import type { SettingsStore } from '../settings/settings-store';
import { appMigrations } from '../storage/app-migrations';
import { backupDatabase, backupIsDue, listBackups, type BackupInfo } from '../storage/backup';
import { IntegrityMonitor } from '../storage/integrity';
import { closeDatabase, openDatabase, type SqliteDatabase } from '../storage/sqlite';
import type { Dispatch, DispatcherDeps } from './dispatcher';
import { EventBus } from './event-bus';
import type { FeatureServices } from './feature-services';
import type { HandlerMap } from './handler-types';
import { NO_METRICS, type MetricsRecorder } from './metrics-recorder';
import { secretValues } from '../security/redact';
import { createFileLogger, type Logger } from '../diagnostics/logger';
import type { ShellUpdater } from '../update/update-service';

export type Shell = 'electron' | 'browser-host' | 'cli';

/** What only the hosting shell can do (open a browser, restart the process). */
export interface ShellHooks {
  openExternal?(url: string): Promise<boolean>;
  /** Closes the core, restores the newest backup of app.db and starts again. */
  restoreAndRestart?(): Promise<BackupInfo>;
  /** Downloads and installs app updates (only the packaged Electron app has one). */
  updater?: ShellUpdater;
}

export interface CoreOptions {
  dataDir: string;
  appVersion: string;
  shell: Shell;
  settings?: SettingsStore;
  secrets?: SecretStore;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  isPackaged?: boolean;
  features?: readonly FeatureModule[];
  hooks?: ShellHooks;
  /** Automatic daily backup of app.db (the app shells); the CLI leaves it off. */
  autoBackup?: boolean;
  backupsToKeep?: number;
  /**
   * The one logger of this process (the shell makes it, so its own lines go to the same file);
   * by default a rotating log in `<dataDir>/logs/`, scrubbed of this core's secrets.
   */
  logger?: Logger;
}

export interface FeatureInstance {
  handlers: Partial<HandlerMap>;
  close?(): void | Promise<void>;
}

export interface FeatureModule {
  name: string;
  init(core: Core): FeatureInstance;
}

export interface Core {
  readonly dataDir: string;
  readonly appDb: SqliteDatabase;
  readonly settings: SettingsStore;
  readonly secrets: SecretStore;
  readonly events: EventBus;
  readonly services: FeatureServices;
  readonly appVersion: string;
  readonly env: NodeJS.ProcessEnv;
  readonly isPackaged: boolean;
  readonly shell: Shell;
  readonly hooks: ShellHooks;
  readonly notices: StorageNotice[];
  /** In-use markers and background integrity checks of this data folder's databases. */
  readonly integrity: IntegrityMonitor;
  /** Adds a storage notice and tells an open window at once. */
  notify(notice: StorageNotice): void;
  readonly handlers: Partial<HandlerMap>;
  readonly dispatch: Dispatch;
  /** Where services write what support will need (see main/diagnostics/logger.ts). */
  readonly log: Logger;
  gate: FeatureGate;
  metrics: MetricsRecorder;
  now(): Date;
  setGate(gate: FeatureGate): void;
  setMetrics(metrics: MetricsRecorder): void;
  backupsDir(): string;
  backupNow(): Promise<BackupInfo>;
  listBackups(): BackupInfo[];
  onClose(fn: () => void | Promise<void>): void;
  close(): Promise<void>;
}

export const APP_DB_FILE = 'app.db';
export const BACKUPS_TO_KEEP = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The dispatcher is loaded at the first request: it imports the whole IPC contract (every zod
 * schema), which the CLI never needs and the window needs only after its first paint.
 */
function lazyDispatch(deps: () => DispatcherDeps): Dispatch {
  let dispatch: Promise<Dispatch> | undefined;
  return async (channel, rawInput, ctx) => {
    dispatch ??= import('./dispatcher').then(({ createDispatcher }) => createDispatcher(deps()));
    return (await dispatch)(channel, rawInput, ctx);
  };
}

/**
 * The headless core: the app database, settings, secrets, events and every feature's services
 * and IPC handlers. The Electron main process, the browser test host and the `qivo` CLI all run
 * this same object; only the shell around it differs.
 */
export function openCore(options: CoreOptions): Core {
  const now = options.now ?? (() => new Date());
  const dataDir = path.resolve(options.dataDir);
  const secrets = options.secrets ?? new FileSecretStore(dataDir);
  const log = options.logger ?? createFileLogger({ dataDir, shell: options.shell, secrets: () => secretValues(secrets) });
  const integrity = new IntegrityMonitor(dataDir, { now, log: (m) => log.warn(m) });
  const appDbFile = path.join(dataDir, APP_DB_FILE);
  const appSession = integrity.begin('app', appDbFile);
  // The quick_check runs in the background (below): the window never waits for it.
  const opened = openDatabase({ file: appDbFile, label: 'app', migrations: appMigrations, synchronous: 'FULL', now, quickCheck: false });
  const backupsDir = path.join(dataDir, 'backups');
  const keep = options.backupsToKeep ?? BACKUPS_TO_KEEP;
  const notices: StorageNotice[] = [];
  if (opened.corruption) {
    notices.push({
      database: 'app',
      kind: 'corruptMovedAside',
      movedTo: opened.corruption.movedTo,
      at: opened.corruption.at,
      backupAvailable: listBackups(backupsDir).length > 0,
    });
  }
  const closers: Array<() => void | Promise<void>> = [];
  const handlers: Partial<HandlerMap> = {};
  let closed = false;

  const core: Core = {
    dataDir,
    appDb: opened.db,
    settings: options.settings ?? new FileSettingsStore(dataDir, { now }),
    secrets,
    events: new EventBus((message, error) => log.error(message, error)),
    services: {},
    appVersion: options.appVersion,
    env: options.env ?? process.env,
    isPackaged: options.isPackaged ?? false,
    shell: options.shell,
    hooks: options.hooks ?? {},
    notices,
    integrity,
    notify(notice) {
      notices.push(notice);
      core.events.emit('system.notice', notice);
    },
    handlers,
    dispatch: lazyDispatch(() => ({
      handlers,
      gate: () => core.gate,
      secrets: () => secretValues(core.secrets),
      log: (message, error) => log.error(message, error),
    })),
    log,
    gate: ALL_ON_GATE,
    metrics: NO_METRICS,
    now,
    setGate(gate) {
      core.gate = gate;
    },
    setMetrics(metrics) {
      core.metrics = metrics;
    },
    backupsDir: () => backupsDir,
    backupNow: () => backupDatabase(opened.db, backupsDir, keep, now()),
    listBackups: () => listBackups(backupsDir),
    onClose(fn) {
      closers.push(fn);
    },
    async close() {
      if (closed) return;
      closed = true;
      // Features close in reverse order of start, then the database they used.
      for (const fn of closers.reverse()) {
        try {
          await fn();
        } catch (error) {
          log.error('[core] close failed', error);
        }
      }
      closeDatabase(opened.db);
      await integrity.close();
      // A logger the shell gave us is the shell's to close (it logs after the core is gone).
      if (!options.logger) log.close();
    },
  };
  // A damaged settings file was kept aside (at construction or at a later read): the window says so.
  core.settings.onKeptAside((aside) =>
    core.notify({ database: 'settings', kind: 'settingsKeptAside', movedTo: aside.movedTo, at: aside.at, backupAvailable: false }),
  );

  for (const feature of options.features ?? []) {
    const instance = feature.init(core);
    Object.assign(handlers, instance.handlers);
    if (instance.close) core.onClose(() => instance.close?.());
  }

  // app.db holds the user's work: checked at every start of the app shells, and in the CLI after
  // an unclean exit. It stays open while the user works (moving it aside under the repositories
  // would lose the session), so damage is told, with the backup offered, as at open.
  integrity.checkInBackground(
    appSession,
    () => {
      if (closed) return;
      core.notify({ database: 'app', kind: 'corruptFound', at: now().toISOString(), backupAvailable: listBackups(backupsDir).length > 0 });
    },
    options.shell !== 'cli',
  );

  if (options.autoBackup && !opened.corruption && backupIsDue(backupsDir, DAY_MS, now())) {
    // In the background: start-up never waits for a backup.
    setTimeout(() => {
      if (!closed) core.backupNow().catch((error) => log.error('[backup] automatic backup failed', error));
    }, 2000).unref();
  }
  return core;
}
