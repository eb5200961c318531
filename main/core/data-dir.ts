import os from 'node:os';
import path from 'node:path';

/** The folder name under the OS's per-user application-data folder; Electron's userData is set to the same. */
export const APP_DIR_NAME = 'QIVO Workstation';

/** Where Electron's `app.getPath('userData')` would point, computed without Electron, so the CLI finds the app's data. */
export function defaultUserDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
}

/** `--data-dir`, else `QIVO_DATA_DIR`, else the app's own user-data folder. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.QIVO_DATA_DIR;
  return path.resolve(chosen && chosen.trim() !== '' ? chosen : defaultUserDataDir(process.platform, env));
}
