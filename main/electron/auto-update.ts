import { app } from 'electron';
import type { ShellUpdater, UpdateOffer } from '../update/update-service';

/**
 * The Electron side of staged updates (thin): electron-updater downloads what the signed feed
 * offered, and only that. electron-updater checks the download against the SHA-512 in the
 * release's latest*.yml; before downloading we check that this SHA-512 is the one IT signed into
 * the feed, so an update host that was tampered with cannot slip in another file.
 *
 * Only installs that can update themselves get an updater: the packaged app on Windows and macOS,
 * and the AppImage on Linux (a .deb is updated by the system's package manager).
 */
export function electronUpdater(): ShellUpdater | undefined {
  if (!app.isPackaged) return undefined;
  if (process.platform === 'linux' && !process.env.APPIMAGE) return undefined;
  // Loaded only where it is used: electron-updater reads app-update.yml and the app's paths on import.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { autoUpdater } = require('electron-updater') as typeof import('electron-updater');
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false;
  return {
    async download(offer: UpdateOffer) {
      autoUpdater.allowDowngrade = offer.downgrade;
      autoUpdater.setFeedURL({ provider: 'generic', url: offer.release.baseUrl });
      const result = await autoUpdater.checkForUpdates();
      const info = result?.updateInfo;
      if (!info || info.version !== offer.version) {
        throw new Error(`the update host offers ${info?.version ?? 'nothing'}, the signed feed ${offer.version}`);
      }
      const file = info.files.find((f) => f.url === offer.file.url || f.url.endsWith(`/${offer.file.url}`));
      if (!file || file.sha512 !== offer.file.sha512) {
        throw new Error(`the update host's ${offer.file.url} does not match the SHA-512 in the signed feed`);
      }
      await autoUpdater.downloadUpdate();
    },
    quitAndInstall() {
      autoUpdater.quitAndInstall(false, true);
    },
  };
}
