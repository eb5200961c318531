import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { distance } from '@turf/distance';
import { point } from '@turf/helpers';
import type { ResilientHttp } from './http/resilient-http';
import type { OfficialConfig } from './config';
import type { Fetched } from './anm-sigmine';
import { wfsAllFeatures, type GeoJsonFeature, type WfsCall } from './wfs';
import { asAreaGeometry, normaliseSgbOccurrence, normaliseSgbUnit } from '../../shared/official/normalise';
import type { Bbox, SgbOccurrence, SgbUnit } from '../../shared/official/records';

export const SGB_OCCURRENCES = 'geosgb:ocorrencias_recursos_minerais';
export const SGB_LITHOSTRATIGRAPHY = 'geosgb:litoestratigrafia_1m';

/** The envelope that contains a circle of `radiusKm` around a point (degrees, lon/lat). */
export function bboxAround(lat: number, lon: number, radiusKm: number): Bbox {
  const dLat = radiusKm / 110.574;
  const dLon = radiusKm / (111.32 * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}

/**
 * SGB GeoSGB GeoServer WFS. The server may ignore `count` and send every match at once; the
 * radius is applied here with a great-circle distance, because WFS filters only by envelope.
 */
export class SgbWfsClient {
  constructor(
    private readonly http: ResilientHttp,
    private readonly config: OfficialConfig,
  ) {}

  private call(operation: string): WfsCall {
    return { http: this.http, source: 'sgb', agency: 'SGB', operation, endpoint: this.config.baseUrl('sgb'), headers: this.config.authHeaders('sgb') };
  }

  async occurrences(lat: number, lon: number, radiusKm: number): Promise<Fetched<SgbOccurrence[]>> {
    const { features, url } = await wfsAllFeatures(this.call('sgb.occurrences'), {
      typeName: SGB_OCCURRENCES,
      bbox: bboxAround(lat, lon, radiusKm),
      sortBy: 'id_ocorrencia',
      pageSize: 1000,
      maxPages: 50,
    });
    const origin = point([lon, lat]);
    const records: SgbOccurrence[] = [];
    for (const f of features) {
      const coords = pointOf(f);
      if (!coords) continue;
      const km = distance(origin, point(coords), { units: 'kilometers' });
      if (km <= radiusKm) records.push(normaliseSgbOccurrence(f.properties ?? {}, coords[0], coords[1], km));
    }
    records.sort((a, b) => a.distanceKm - b.distanceKm);
    return { value: records, url };
  }

  /** The 1:1,000,000 lithostratigraphic unit under a point, or null outside the mapped area. */
  async unit(lat: number, lon: number): Promise<Fetched<SgbUnit | null>> {
    const d = 0.0005;
    const { features, url } = await wfsAllFeatures(this.call('sgb.unit'), {
      typeName: SGB_LITHOSTRATIGRAPHY,
      bbox: [lon - d, lat - d, lon + d, lat + d],
      sortBy: 'sigla',
      pageSize: 100,
      maxPages: 5,
    });
    const here = point([lon, lat]);
    const hit = features.find((f) => {
      const g = asAreaGeometry(f.geometry);
      return g !== null && booleanPointInPolygon(here, g);
    });
    return { value: hit ? normaliseSgbUnit(hit.properties ?? {}, hit.geometry) : null, url };
  }
}

function pointOf(feature: GeoJsonFeature): [number, number] | null {
  const g = feature.geometry;
  if (!g || g.type !== 'Point' || !Array.isArray(g.coordinates)) return null;
  const [x, y] = g.coordinates as unknown[];
  return typeof x === 'number' && typeof y === 'number' ? [x, y] : null;
}
