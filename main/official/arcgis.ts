import type { ResilientHttp, UpstreamResponse } from './http/resilient-http';
import { upstreamError } from './http/upstream-errors';
import type { Bbox } from '../../shared/official/records';

export interface ArcgisFeature {
  attributes: Record<string, unknown>;
  geometry?: { rings?: unknown; x?: number; y?: number } | null;
}

export interface ArcgisCall {
  http: ResilientHttp;
  source: string;
  agency: string;
  operation: string;
  /** The layer URL (…/MapServer/0). */
  layerUrl: string;
  headers: Record<string, string>;
}

export function envelopeParams(bbox: Bbox): Record<string, string> {
  return {
    geometry: bbox.join(','),
    geometryType: 'esriGeometryEnvelope',
    inSR: '4326',
    spatialRel: 'esriSpatialRelIntersects',
  };
}

async function query(call: ArcgisCall, params: Record<string, string>): Promise<UpstreamResponse> {
  return call.http.get({
    source: call.source,
    agency: call.agency,
    operation: call.operation,
    url: `${call.layerUrl}/query`,
    params,
    headers: call.headers,
    expect: 'arcgis-json',
  });
}

export async function arcgisCount(call: ArcgisCall, params: Record<string, string>): Promise<number> {
  const response = await query(call, { ...params, returnCountOnly: 'true', f: 'json' });
  const count = (response.body as { count?: unknown }).count;
  if (typeof count !== 'number') throw upstreamError('malformedBody', call.agency, { detail: 'count missing' });
  return count;
}

export interface FeaturePage {
  features: ArcgisFeature[];
  exceededTransferLimit: boolean;
  url: string;
}

export async function arcgisFeatures(call: ArcgisCall, params: Record<string, string>): Promise<FeaturePage> {
  const response = await query(call, { outFields: '*', returnGeometry: 'true', outSR: '4326', f: 'json', ...params });
  const body = response.body as { features?: unknown; exceededTransferLimit?: unknown };
  if (!Array.isArray(body.features)) throw upstreamError('malformedBody', call.agency, { detail: 'features missing' });
  const features = body.features.filter(
    (f): f is ArcgisFeature => Boolean(f) && typeof f === 'object' && typeof (f as ArcgisFeature).attributes === 'object',
  );
  return { features, exceededTransferLimit: body.exceededTransferLimit === true, url: response.url };
}

/** Splits an envelope into four quadrants. */
export function quadrants([minX, minY, maxX, maxY]: Bbox): Bbox[] {
  const midX = (minX + maxX) / 2;
  const midY = (minY + maxY) / 2;
  return [
    [minX, minY, midX, midY],
    [midX, minY, maxX, midY],
    [minX, midY, midX, maxY],
    [midX, midY, maxX, maxY],
  ];
}
