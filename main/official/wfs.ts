import type { ResilientHttp } from './http/resilient-http';
import { upstreamError } from './http/upstream-errors';
import type { Bbox } from '../../shared/official/records';

export interface GeoJsonFeature {
  type?: string;
  id?: string | number;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown> | null;
}

export interface WfsCall {
  http: ResilientHttp;
  source: string;
  agency: string;
  operation: string;
  /** The WFS endpoint (…/geoserver/wfs or …/ows). */
  endpoint: string;
  headers: Record<string, string>;
}

export interface WfsQuery {
  typeName: string;
  bbox: Bbox;
  /** A stable key: GeoServer pages unreliably (or fails) without sortBy. */
  sortBy: string;
  pageSize: number;
  maxPages: number;
}

/**
 * WFS 2.0 GetFeature with the bbox in `urn:ogc:def:crs:EPSG::4326`, whose axis order is
 * latitude first (the form SGB's own clients use), and GeoJSON output in lon/lat.
 */
export function wfsParams(q: WfsQuery, startIndex: number): Record<string, string> {
  const [minLon, minLat, maxLon, maxLat] = q.bbox;
  return {
    service: 'WFS',
    version: '2.0.0',
    request: 'GetFeature',
    typeNames: q.typeName,
    outputFormat: 'application/json',
    srsName: 'EPSG:4326',
    bbox: `${minLat},${minLon},${maxLat},${maxLon},urn:ogc:def:crs:EPSG::4326`,
    sortBy: q.sortBy,
    count: String(q.pageSize),
    startIndex: String(startIndex),
  };
}

/**
 * All features of a bbox, page by page. Stops when a page is short, when numberMatched is
 * reached, or when the server ignored `count` and sent everything at once (SGB does).
 */
export async function wfsAllFeatures(call: WfsCall, q: WfsQuery): Promise<{ features: GeoJsonFeature[]; url: string }> {
  const features: GeoJsonFeature[] = [];
  let firstUrl = '';
  for (let page = 0; page < q.maxPages; page++) {
    const response = await call.http.get({
      source: call.source,
      agency: call.agency,
      operation: call.operation,
      url: call.endpoint,
      params: wfsParams(q, features.length),
      headers: call.headers,
      expect: 'wfs-json',
    });
    if (page === 0) firstUrl = response.url;
    const body = response.body as { features?: unknown; numberMatched?: unknown; totalFeatures?: unknown };
    if (!Array.isArray(body.features)) throw upstreamError('malformedBody', call.agency, { detail: 'features missing' });
    const batch = body.features as GeoJsonFeature[];
    features.push(...batch);
    const matched = typeof body.numberMatched === 'number' ? body.numberMatched : typeof body.totalFeatures === 'number' ? body.totalFeatures : null;
    if (batch.length < q.pageSize || batch.length > q.pageSize) break;
    if (matched !== null && features.length >= matched) break;
  }
  return { features, url: firstUrl };
}
