import type { FeatureModule } from '../core/core';
import { TrsService } from './trs-service';

declare module '../core/feature-services' {
  interface FeatureServices {
    /** S-K 1300 Technical Report Summary documents (read by the KRCI engine and the exporters). */
    trs?: TrsService;
  }
}

export const trsFeature: FeatureModule = {
  name: 'trs',
  init(core) {
    const service = new TrsService({ db: core.appDb, events: core.events, now: () => core.now(), gate: () => core.gate });
    core.services.trs = service;
    // Renamed in the Reports list: the TRS follows (a deleted report has nothing to follow).
    core.events.on('reports.changed', ({ id }) => {
      if (!id) return;
      try {
        service.adoptListFields(id);
      } catch (error) {
        core.log.error('[trs] could not adopt the list fields', error);
      }
    });
    return {
      handlers: {
        'trs.get': ({ reportId }) => service.get(reportId),
        'trs.save': ({ reportId, baseRevision, document, changes }) =>
          document ? service.save(reportId, baseRevision, document) : service.saveChanges(reportId, baseRevision, changes ?? {}),
        'trs.listVersions': ({ reportId }) => service.listVersions(reportId),
        'trs.createVersion': ({ reportId, name }) => service.createVersion(reportId, name),
        'trs.diff': ({ reportId, from, to }) => service.diff(reportId, from, to),
        'trs.restoreVersion': ({ reportId, versionId }) => service.restore(reportId, versionId),
        'trs.importJson': ({ json, targetReportId }) => service.importJson(json, targetReportId),
        'trs.exportJson': ({ reportId }) => service.exportJson(reportId),
      },
    };
  },
};
