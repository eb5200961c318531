import path from 'node:path';
import { QivoError } from '../../shared/errors';
import type { ExportFormat } from '../../shared/exports/export-types';
import { FLAG_KEYS, type FlagKey } from '../../shared/flags/flag-keys';
import { checkReport } from '../../shared/krci';
import type { Core, FeatureModule } from '../core/core';
import { currentLanguage } from '../system/feature';
import { ExportService, slugify } from './export-service';
import { ReviewStore } from '../krci/review-store';
import { resolveFontDir } from './font-dir';

/** What the shell asks the user: a file to save (pdf, docx, json, zip) or a folder (EX-96, EX-23). */
export interface ExportDestinationRequest {
  kind: 'file' | 'folder';
  suggestedName: string;
  /** Extension without the dot, for the save dialog's filter. */
  extension?: string;
}

declare module '../core/core' {
  interface ShellHooks {
    /** Electron: a native save/open dialog; undefined when the user cancels. */
    chooseExportDestination?(request: ExportDestinationRequest): Promise<string | undefined>;
  }
}

declare module '../core/feature-services' {
  interface FeatureServices {
    exports?: ExportService;
  }
}

const FILE_EXTENSION: Partial<Record<ExportFormat, string>> = { pdf: 'pdf', docx: 'docx', json: 'json', package: 'zip' };

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * Without a dialog (browser host, tests): a new folder under `<data dir>/exports/`, so an export
 * never overwrites an earlier one.
 */
export function defaultDestination(core: Pick<Core, 'dataDir' | 'now'>, format: ExportFormat, slug: string, draft: boolean): string {
  const folder = path.join(core.dataDir, 'exports', `${timestamp(core.now())}-${slug}-${format}${draft ? '-draft' : ''}`);
  const extension = FILE_EXTENSION[format];
  return extension ? path.join(folder, `${slug}-${format === 'package' ? 'filing' : 'trs'}.${extension}`) : folder;
}

export const exportsFeature: FeatureModule = {
  name: 'exports',
  init(core) {
    const reviewStore = new ReviewStore(core.appDb);
    const service = new ExportService({
      fontDir: resolveFontDir(core.env),
      now: () => core.now(),
      appVersion: core.appVersion,
      check: (report, purpose) => {
        // Rules behind a flag (Brazilian fields) run only when this user has the flag on.
        const flags = Object.fromEntries(FLAG_KEYS.map((k) => [k, core.gate.isEnabled(k)])) as Record<FlagKey, boolean>;
        return checkReport(report, { now: core.now(), flags, purpose });
      },
      // The compliance officer's reviews (accepted findings) of a stored report.
      reviews: (reportId) => reviewStore.reviews(reportId),
      // core.metrics can be replaced after start (metrics feature); always use the current one.
      metrics: { record: (event) => core.metrics.record(event) },
    });
    core.services.exports = service;
    return {
      handlers: {
        'exports.run': async ({ reportId, format, draft, filing, exhibitNumber }) => {
          const trs = core.services.trs;
          if (!trs) throw new QivoError('exports.reportMissing', 'This report has no Technical Report Summary to export yet.');
          const report = trs.getDocument(reportId);
          const slug = slugify(report.metadata.propertyName || report.metadata.title);
          let destination: string | undefined;
          if (core.hooks.chooseExportDestination) {
            const extension = FILE_EXTENSION[format];
            destination = await core.hooks.chooseExportDestination(
              extension
                ? { kind: 'file', suggestedName: `${slug}-${format === 'package' ? 'filing' : 'trs'}${draft ? '-draft' : ''}.${extension}`, extension }
                : { kind: 'folder', suggestedName: `${slug}-${format}` },
            );
            if (!destination) return { status: 'cancelled' as const };
          } else {
            destination = defaultDestination(core, format, slug, draft);
          }
          const result = await service.export({
            report,
            format,
            draft,
            destination,
            reportId,
            ...(filing !== undefined ? { filing } : {}),
            ...(exhibitNumber !== undefined ? { exhibitNumber } : {}),
            language: currentLanguage(core),
          });
          return { status: 'written' as const, result };
        },
      },
    };
  },
};
