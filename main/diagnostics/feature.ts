import path from 'node:path';
import type { FeatureModule } from '../core/core';
// The shell's save dialog (declared with the exports it was made for).
import type {} from '../exports/feature';
import { defaultDiagnosticsFile, writeDiagnosticsBundle } from './bundle';

/**
 * Settings → "Create diagnostics file": the same bundle as `qivo diagnostics --out FILE.zip`. The
 * Electron window asks where to save it; the browser host writes it under `<dataDir>/diagnostics/`.
 */
export const diagnosticsFeature: FeatureModule = {
  name: 'diagnostics',
  init(core) {
    return {
      handlers: {
        'diagnostics.create': async () => {
          let file = defaultDiagnosticsFile(core);
          if (core.hooks.chooseExportDestination) {
            const chosen = await core.hooks.chooseExportDestination({ kind: 'file', suggestedName: path.basename(file), extension: 'zip' });
            if (!chosen) return { file: null, bytes: 0, entries: [] };
            file = chosen;
          }
          return writeDiagnosticsBundle(core, file);
        },
      },
    };
  },
};
