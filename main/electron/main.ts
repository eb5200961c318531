import path from 'node:path';
import { app, BrowserWindow, crashReporter, dialog, screen, session, shell } from 'electron';
import { isAllowedExternalUrl } from '../../shared/security/external-links';
import { APP_VERSION } from '../core/app-version';
import { APP_DB_FILE, openCore, type Core } from '../core/core';
import { CRASH_DIR } from '../diagnostics/bundle';
import { resolveDataDir } from '../core/data-dir';
import { allFeatures } from '../core/features';
import { createFileLogger } from '../diagnostics/logger';
import { secretValues } from '../security/redact';
import { FileSecretStore, type SecretStore } from '../settings/secret-store';
import { restoreLatestBackup } from '../storage/backup';
import { useSqliteRuntime } from '../storage/native-binding';
import { currentLanguage } from '../system/feature';
import { spellCheckerLanguages } from '../system/spellcheck-languages';
import type { Language } from '../../shared/ipc/system-contract';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { electronSettingsStore } from './electron-settings-store';
import { EVENT_CHANNEL, registerIpcHandlers } from './ipc';
import { safeStorageCipher } from './safe-storage-cipher';
import { electronUpdater } from './auto-update';
import { installSecurityPolicies } from './security';
import { APP_START_URL } from './sender-check';
import { DEFAULT_WINDOW_STATE, restoreWindowState, WINDOW_STATE_SETTING, WindowStateSchema } from './window-state';

// Thin Electron wiring: lifecycle, one window, protocol, IPC. Everything else is the core.
registerAppScheme();

function argValue(name: string): string | undefined {
  const prefix = `${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

// better-sqlite3 built for Electron's ABI (native/electron/ in development; the package's own,
// rebuilt by electron-builder, when packaged), before anything opens a database.
// The repository root is two folders above this bundle (out/main/), however Electron was started.
useSqliteRuntime({ kind: 'electron', packaged: app.isPackaged, appRoot: path.resolve(__dirname, '..', '..') });

const dataDir = resolveDataDir(argValue('--data-dir'));
app.setPath('userData', dataDir);
// Crash dumps stay on this computer, in the data folder, where `qivo diagnostics` lists them;
// nothing is uploaded. Started before the app is ready so an early crash is caught too.
app.setPath('crashDumps', path.join(dataDir, CRASH_DIR));
crashReporter.start({ uploadToServer: false, compress: true });

// safeStorage works only once the app is ready: the store is made with the core.
let secrets: SecretStore | undefined;
// The process's one logger: the core, the window wiring and start-up failures write to it.
const log = createFileLogger({ dataDir, shell: 'electron', secrets: () => (secrets ? secretValues(secrets) : []) });

let core: Core | undefined;
let mainWindow: BrowserWindow | undefined;

function openAppCore(): Core {
  secrets = new FileSecretStore(dataDir, safeStorageCipher());
  const opened = openCore({
    dataDir,
    appVersion: APP_VERSION,
    shell: 'electron',
    settings: electronSettingsStore(dataDir),
    secrets,
    logger: log,
    isPackaged: app.isPackaged,
    features: allFeatures,
    autoBackup: true,
    hooks: {
      updater: electronUpdater(),
      languageChanged: (language) => {
        if (process.platform !== 'darwin') applySpellChecker(language);
      },
      openExternal: async (url) => {
        if (!isAllowedExternalUrl(url)) return false;
        await shell.openExternal(url);
        return true;
      },
      chooseExportDestination: async (request) => {
        // Exports go where the user says: a save dialog for one file, a folder picker for EX-96/EX-23.
        const owner = mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined;
        if (request.kind === 'folder') {
          const options: Electron.OpenDialogOptions = { title: request.suggestedName, properties: ['openDirectory', 'createDirectory'] };
          const picked = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
          return picked.canceled ? undefined : picked.filePaths[0];
        }
        const options: Electron.SaveDialogOptions = {
          defaultPath: request.suggestedName,
          ...(request.extension ? { filters: [{ name: request.extension.toUpperCase(), extensions: [request.extension] }] } : {}),
        };
        const saved = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
        return saved.canceled ? undefined : saved.filePath;
      },
      restoreAndRestart: async () => {
        await opened.close();
        const restored = restoreLatestBackup(path.join(dataDir, APP_DB_FILE), path.join(dataDir, 'backups'));
        app.relaunch();
        app.exit(0);
        if (!restored) throw new Error('no backup');
        return restored;
      },
    },
  });
  opened.events.onAny((event, payload) => mainWindow?.webContents.send(EVENT_CHANNEL, event, payload));
  return opened;
}

/** Spell checking in the interface language, with the dictionaries this platform has. */
function applySpellChecker(language: Language): void {
  const ses = session.defaultSession;
  ses.setSpellCheckerLanguages(spellCheckerLanguages(language, ses.availableSpellCheckerLanguages));
}

function createMainWindow(current: Core): BrowserWindow {
  if (process.platform !== 'darwin') applySpellChecker(currentLanguage(current));
  const saved = current.settings.get(WINDOW_STATE_SETTING, WindowStateSchema, DEFAULT_WINDOW_STATE);
  const state = restoreWindowState(
    saved,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'QIVO Compliance Workstation',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
      devTools: !app.isPackaged,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  let saveTimer: NodeJS.Timeout | undefined;
  const saveState = () => {
    if (win.isDestroyed() || win.isMinimized()) return;
    const bounds = win.getNormalBounds();
    current.settings.set(WINDOW_STATE_SETTING, { ...bounds, maximized: win.isMaximized() });
  };
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveState, 500);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('close', () => {
    clearTimeout(saveTimer);
    saveState();
  });
  win.webContents.on('render-process-gone', (_event, details) => {
    log.error('[window] renderer gone', { reason: details.reason, exitCode: details.exitCode });
    if (details.reason !== 'clean-exit' && !win.isDestroyed()) win.reload();
  });
  void win.loadURL(APP_START_URL);
  return win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.whenReady().then(
    () => {
      installSecurityPolicies();
      handleAppProtocol(path.join(__dirname, '..', 'renderer'));
      core = openAppCore();
      registerIpcHandlers(() => {
        if (!core) throw new Error('core not ready');
        return core;
      });
      mainWindow = createMainWindow(core);
      mainWindow.on('closed', () => {
        mainWindow = undefined;
      });
    },
    (error: unknown) => {
      log.error('[app] start-up failed', error);
      // A wrong native binary says what to run; show it rather than vanish.
      dialog.showErrorBox('QIVO Compliance Workstation', error instanceof Error ? error.message : String(error));
      app.exit(1);
    },
  );

  app.on('window-all-closed', () => app.quit());
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !core) return;
    event.preventDefault();
    quitting = true;
    void core.close().finally(() => {
      log.close();
      app.quit();
    });
  });
}
