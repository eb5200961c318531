import type { Core, FeatureModule } from '../core/core';
import { QivoError } from '../../shared/errors';
import type { AreaGeometry } from '../../shared/official/records';
import path from 'node:path';
import type { CorruptionReport } from '../storage/sqlite';
import { CACHE_DB_FILE, OfficialCache, openCacheDatabase } from './cache/official-cache';
import { apiKeySecretName, createOfficialConfig } from './config';
import { OfficialService } from './official-service';
import { ReportFactsService } from './report-facts-service';

declare module '../core/feature-services' {
  interface FeatureServices {
    official?: OfficialService;
    /** Official facts stored in the reports' TRS documents (insert, apply, remove, refresh). */
    reportFacts?: ReportFactsService;
  }
}

/** The official-data service of a running core (app, host or CLI), refusing when the flag is off. */
export function officialServiceOf(core: Core): OfficialService {
  if (!core.gate.isEnabled('OFFICIAL_INTEGRATIONS')) {
    const reason = core.gate.reason('OFFICIAL_INTEGRATIONS');
    throw new QivoError('ipc.featureDisabled', `Official data is turned off for you (OFFICIAL_INTEGRATIONS: ${reason}).`, {
      flag: 'OFFICIAL_INTEGRATIONS',
      reason,
    });
  }
  const service = core.services.official;
  if (!service) throw new QivoError('internal', 'The official-data service is not running.', { detail: 'official service missing' });
  return service;
}

/**
 * Official data (ANM, SGB, IBAMA, ANP) with its own cache database, cache.db: disposable, so a
 * damaged file is moved aside, the user is told, and the cache starts empty.
 */
export const officialFeature: FeatureModule = {
  name: 'official',
  init(core) {
    const now = () => core.now().getTime();
    const session = core.integrity.begin('cache', path.join(core.dataDir, CACHE_DB_FILE));
    const opened = openCacheDatabase(core.dataDir, () => core.now(), false);
    const tell = (corruption: CorruptionReport) =>
      core.notify({ database: 'cache', kind: 'corruptMovedAside', movedTo: corruption.movedTo, at: corruption.at, backupAvailable: false });
    if (opened.corruption) tell(opened.corruption);
    const config = createOfficialConfig(core.settings, core.env, core.secrets);
    const log = (message: string, error?: unknown) => core.log.error(message, error);
    const cache = new OfficialCache(opened.db, { now, maxBytes: () => config.maxBytes(), metrics: () => core.metrics, log });
    // Checked only after an unclean exit, in the background; a damaged file is replaced under the running cache.
    core.integrity.checkInBackground(session, (problems) => tell(cache.replaceDamaged(`quick_check failed: ${problems}`, () => core.now())));
    const service = new OfficialService({ cache, config, metrics: () => core.metrics, now, log });
    core.services.official = service;
    const trs = () => {
      const t = core.services.trs;
      if (!t) throw new QivoError('internal', 'The report editor service is not running.', { detail: 'trs service missing' });
      return t;
    };
    const facts = new ReportFactsService({ trs, official: () => service, now: () => core.now() });
    core.services.reportFacts = facts;

    // The polygon of a process, for "only what touches the property" queries.
    const propertyPolygon = async (process: string | undefined): Promise<AreaGeometry | undefined> => {
      if (!process) return undefined;
      const result = await service.anmProcess(process);
      return result.record.geometry ?? undefined;
    };

    return {
      handlers: {
        'official.anmProcess': (input) => service.anmProcess(input.number),
        'official.anmArea': async (input) => service.anmArea(input.bbox, await propertyPolygon(input.process)),
        'official.sgbOccurrences': (input) => service.sgbOccurrences(input.lat, input.lon, input.radiusKm),
        'official.sgbUnit': (input) => service.sgbUnit(input.lat, input.lon),
        'official.ibamaEmbargoes': async (input) => {
          if (input.cnpj) return service.ibamaEmbargoes({ cnpj: input.cnpj });
          if (input.process) {
            const property = await service.anmProcess(input.process);
            const geometry = property.record.geometry;
            if (!geometry)
              throw new QivoError('official.noGeometry', `ANM publishes no polygon for ${property.record.process}.`, { process: property.record.process });
            return service.ibamaEmbargoes({ bbox: bboxOf(geometry), polygon: geometry });
          }
          return service.ibamaEmbargoes({ bbox: input.bbox as [number, number, number, number] });
        },
        'official.ibamaLicences': (input) => service.ibamaLicences(input),
        'official.anpOverlaps': async (input) => service.anpOverlaps(input.bbox, await propertyPolygon(input.process)),
        'official.status': () => service.status(),
        'official.insertIntoReport': (input) => facts.insert(input.reportId, input.fact),
        'official.reportFacts': (input) => facts.list(input.reportId),
        'official.applyToReport': (input) => facts.apply(input.reportId, input.fact, input.accept),
        'official.removeFact': (input) => facts.remove(input.reportId, input.referenceId),
        'official.refreshFact': (input) => facts.refresh(input.reportId, input.referenceId),
        'official.setApiKey': (input) => {
          if (input.apiKey === null) core.secrets.delete(apiKeySecretName(input.source));
          else core.secrets.set(apiKeySecretName(input.source), input.apiKey);
          return { source: input.source, configured: config.apiKeyConfigured(input.source) };
        },
      },
      async close() {
        await service.settle();
        cache.close();
      },
    };
  },
};

/** [minLon, minLat, maxLon, maxLat] of a polygon or multipolygon. */
export function bboxOf(geometry: AreaGeometry): [number, number, number, number] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (const [x, y] of ring) {
        minX = Math.min(minX, x!);
        maxX = Math.max(maxX, x!);
        minY = Math.min(minY, y!);
        maxY = Math.max(maxY, y!);
      }
    }
  }
  return [minX, minY, maxX, maxY];
}
