import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the PDF fonts (DejaVu, shipped in assets/fonts) are: QIVO_ASSETS_DIR, else the `assets/`
 * folder found walking up from this file (source tree, out/ bundles), else Electron's resources
 * folder (packaged app; assets ship as extraResources).
 */
export function resolveFontDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.QIVO_ASSETS_DIR) return path.join(env.QIVO_ASSETS_DIR, 'fonts');
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'assets', 'fonts');
    if (existsSync(path.join(candidate, 'DejaVuSans.ttf'))) return candidate;
    dir = path.dirname(dir);
  }
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) return path.join(resources, 'assets', 'fonts');
  return path.resolve('assets', 'fonts');
}
