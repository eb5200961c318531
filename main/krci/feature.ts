import { QivoError } from '../../shared/errors';
import type { FeatureModule } from '../core/core';
import { ComplianceService } from './compliance-service';

declare module '../core/feature-services' {
  interface FeatureServices {
    /** KRCI compliance checks (S-K 1300 and Brazilian rules). */
    compliance?: ComplianceService;
  }
}

export const complianceFeature: FeatureModule = {
  name: 'compliance',
  init(core) {
    const service = new ComplianceService({
      loadTrs(reportId) {
        const trs = core.services.trs;
        if (!trs) throw new QivoError('compliance.trsUnavailable', 'The report editor service is not running.');
        const stored = trs.get(reportId);
        return { document: stored.document, revision: stored.revision };
      },
      // The official-data feature registers itself as `official`; until it does, checks run without it.
      official: () => core.services['official'],
      gate: () => core.gate,
      metrics: () => core.metrics,
      now: () => core.now(),
      onChecked: (event) => core.events.emit('compliance.checked', event),
    });
    core.services.compliance = service;
    return {
      handlers: {
        'compliance.check': ({ reportId, useOfficialData }) => service.check(reportId, useOfficialData ?? true),
        'compliance.officialContext': ({ reportId }) => service.officialContextFor(reportId),
        'compliance.rules': () => service.rules(),
      },
    };
  },
};
