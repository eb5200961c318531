import type { FeatureModule } from '../core/core';
import { ReportsService } from './reports-service';

declare module '../core/feature-services' {
  interface FeatureServices {
    reports?: ReportsService;
  }
}

export const reportsFeature: FeatureModule = {
  name: 'reports',
  init(core) {
    const service = new ReportsService({ db: core.appDb, events: core.events, now: () => core.now() });
    core.services.reports = service;
    return {
      handlers: {
        'reports.list': () => service.list(),
        'reports.get': ({ id }) => service.get(id),
        'reports.create': (fields) => service.create(fields),
        'reports.update': ({ id, fields }) => service.update(id, fields),
        'reports.delete': ({ id }) => ({ deleted: service.delete(id) }),
      },
    };
  },
};
