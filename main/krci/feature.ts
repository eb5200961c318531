import { QivoError } from '../../shared/errors';
import type { FeatureModule } from '../core/core';
import { z } from 'zod';
import { resolveFontDir } from '../exports/font-dir';
import { ComplianceService } from './compliance-service';
import { ReviewStore } from './review-store';

/** Settings key of the name reviews are recorded under (Settings, or IT policy). */
export const REVIEWER_NAME_SETTING = 'user.displayName';

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
      official: () => core.services.official,
      gate: () => core.gate,
      metrics: () => core.metrics,
      now: () => core.now(),
      onChecked: (event) => core.events.emit('compliance.checked', event),
      reviews: new ReviewStore(core.appDb),
      // Who reviews: the display name in settings, else the organisation id / e-mail the flags key on,
      // else this installation's id — the same identity the rollout already uses.
      reviewer() {
        const name = core.settings.get(REVIEWER_NAME_SETTING, z.string().trim().min(1).max(200).optional(), undefined);
        if (name) return { name, origin: 'displayName' };
        const userId = core.settings.get('flags.userId', z.string().trim().min(1).max(320).optional(), undefined);
        if (userId) return { name: userId, origin: 'userId' };
        return { name: core.settings.get('flags.installId', z.string().min(1).max(100).optional(), undefined) ?? 'install', origin: 'install' };
      },
      versionDocument: (reportId, versionId) => {
        const trs = core.services.trs;
        if (!trs) throw new QivoError('compliance.trsUnavailable', 'The report editor service is not running.');
        return trs.versionDocument(reportId, versionId);
      },
      fontDir: resolveFontDir(core.env),
    });
    core.services.compliance = service;
    return {
      handlers: {
        'compliance.check': ({ reportId, useOfficialData }) => service.check(reportId, useOfficialData ?? true),
        'compliance.officialContext': ({ reportId }) => service.officialContextFor(reportId),
        'compliance.rules': () => service.rules(),
        'compliance.accept': (input) => service.accept(input),
        'compliance.reopen': (input) => service.reopen(input),
        'compliance.assign': (input) => service.assign(input),
        'compliance.audit': ({ reportId }) => service.audit(reportId),
        'compliance.history': ({ reportId }) => service.history(reportId),
        'compliance.reviewer': () => service.reviewer(),
        'compliance.exportFindings': async (input) => {
          const out = await service.exportFindings(input);
          return { fileName: out.fileName, mimeType: out.mimeType, dataBase64: out.data.toString('base64') };
        },
        'compliance.compare': (input) => service.compare(input),
      },
    };
  },
};
