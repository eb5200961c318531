// Loads the built Electron main bundle (out/main/electron-main.cjs) under plain Node with a
// stand-in for the `electron` module, far enough for it to open the core, and then reports which
// better-sqlite3 binary the process mapped. Used by test/unit/native-binding.test.ts to check the
// bundle itself, not a copy of its logic. Only what the main process touches at start-up is stood in.
'use strict';
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { EventEmitter } = require('node:events');

const appRoot = process.env.PROBE_APP_ROOT;
const userData = process.env.PROBE_USER_DATA;

function loadedSqliteBinaries() {
  return fs
    .readFileSync('/proc/self/maps', 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/).slice(5).join(' '))
    .filter((p) => p.endsWith('better_sqlite3.node'))
    .filter((p, i, all) => all.indexOf(p) === i);
}

function report(result) {
  process.stdout.write(`${JSON.stringify({ ...result, binaries: loadedSqliteBinaries() })}\n`);
  process.exit(0);
}

class FakeWindow extends EventEmitter {
  constructor() {
    super();
    this.webContents = Object.assign(new EventEmitter(), { send() {}, setWindowOpenHandler() {}, session: fakeSession });
  }
  loadURL() {
    // The core is open by the time the window loads: the database binary is mapped by now.
    setImmediate(() => report({ ok: true }));
    return Promise.resolve();
  }
  once(event, fn) {
    return super.once(event, fn);
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  isMaximized() {
    return false;
  }
  maximize() {}
  show() {}
  getNormalBounds() {
    return { x: 0, y: 0, width: 1200, height: 800 };
  }
}

const fakeSession = {
  setPermissionRequestHandler() {},
  setPermissionCheckHandler() {},
  setSpellCheckerLanguages() {},
  availableSpellCheckerLanguages: ['en-US', 'pt-BR'],
  webRequest: { onHeadersReceived() {}, onBeforeRequest() {} },
  protocol: { handle() {} },
  on() {},
};

const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  getAppPath: () => appRoot,
  getPath: () => userData,
  setPath() {},
  getVersion: () => '0.0.0-probe',
  getName: () => 'QIVO Probe',
  requestSingleInstanceLock: () => true,
  whenReady: () => Promise.resolve(),
  quit() {},
  exit(code) {
    report({ ok: false, exitCode: code, error: lastError });
  },
  relaunch() {},
  commandLine: { appendSwitch() {} },
});

let lastError;
const electron = {
  app,
  BrowserWindow: FakeWindow,
  protocol: { registerSchemesAsPrivileged() {}, handle() {} },
  session: { defaultSession: fakeSession },
  ipcMain: { handle() {}, on() {}, removeHandler() {} },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  dialog: {
    showErrorBox(_title, message) {
      lastError = message;
    },
    showSaveDialog: async () => ({ canceled: true }),
    showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  },
  shell: { openExternal: async () => undefined },
  safeStorage: {
    getSelectedStorageBackend: () => 'basic_text',
    isEncryptionAvailable: () => false,
    encryptString: (s) => Buffer.from(s),
    decryptString: (b) => b.toString(),
  },
  crashReporter: { start() {}, getUploadedReports: () => [] },
  net: { fetch: async () => new Response('') },
  Menu: { setApplicationMenu() {} },
  nativeTheme: { shouldUseDarkColors: false },
};

const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === 'electron') return electron;
  return originalLoad.call(this, request, parent, isMain);
};
process.on('uncaughtException', (error) => report({ ok: false, error: String(error && error.message ? error.message : error) }));
process.on('unhandledRejection', (error) => report({ ok: false, error: String(error && error.message ? error.message : error) }));
require(path.resolve(process.env.PROBE_BUNDLE));
