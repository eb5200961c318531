import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the shipped flag assets are (bootstrap.signed.json and keys/): QIVO_ASSETS_DIR, else the
 * `assets/` folder found walking up from this file (source tree, out/ bundles), else Electron's
 * resources folder (packaged app: assets/flags is shipped as extraResources to `flags/`).
 */
export function resolveFlagAssetsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.QIVO_ASSETS_DIR) return path.join(env.QIVO_ASSETS_DIR, 'flags');
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'assets', 'flags');
    if (existsSync(path.join(candidate, 'bootstrap.signed.json'))) return candidate;
    dir = path.dirname(dir);
  }
  // electron-builder.yml copies assets/flags to <resources>/flags (extraResources).
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) return path.join(resources, 'flags');
  return path.resolve('assets', 'flags');
}
