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
  const features = body.features.filter((f): f is ArcgisFeature => Boolean(f) && typeof f === 'object' && typeof (f as ArcgisFeature).attributes === 'object');
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

/**
 * Every feature of an envelope, for servers that ignore `resultOffset` (ANM): ask the count
 * first and split the envelope into quadrants until each part fits under the record cap.
 * Features on a quadrant border come back twice; callers dedupe by id.
 */
export async function arcgisSplitByEnvelope(call: ArcgisCall, where: string, bbox: Bbox, cap: number, maxDepth = 6): Promise<ArcgisFeature[]> {
  const features: ArcgisFeature[] = [];
  const collect = async (envelope: Bbox, depth: number): Promise<void> => {
    const spatial = envelopeParams(envelope);
    const count = await arcgisCount(call, { where, ...spatial });
    if (count === 0) return;
    if (count > cap && depth < maxDepth) {
      for (const q of quadrants(envelope)) await collect(q, depth + 1);
      return;
    }
    const page = await arcgisFeatures(call, { where, ...spatial, resultRecordCount: String(cap) });
    features.push(...page.features);
  };
  await collect(bbox, 0);
  return features;
}

export type PagedResult = { features: ArcgisFeature[]; url: string; offsetIgnored: false } | { url: string; offsetIgnored: true; pageSize: number };

/**
 * Standard ArcGIS paging (resultOffset + resultRecordCount, while exceededTransferLimit). A
 * server that ignores resultOffset sends the same page again: detected by a page that adds no
 * new object id, reported so the caller can split instead of returning a silent partial answer.
 */
export async function arcgisPaged(
  call: ArcgisCall,
  params: Record<string, string>,
  options: { pageSize: number; maxPages: number; idField: string },
): Promise<PagedResult> {
  const features: ArcgisFeature[] = [];
  const seen = new Set<unknown>();
  let url = '';
  for (let page = 0; page < options.maxPages; page++) {
    const result = await arcgisFeatures(call, {
      ...params,
      resultOffset: String(features.length),
      resultRecordCount: String(options.pageSize),
      orderByFields: options.idField,
    });
    if (page === 0) url = result.url;
    let added = 0;
    for (const f of result.features) {
      const id = f.attributes[options.idField] ?? JSON.stringify(f.attributes);
      if (seen.has(id)) continue;
      seen.add(id);
      features.push(f);
      added += 1;
    }
    if (!result.exceededTransferLimit || result.features.length === 0) return { features, url, offsetIgnored: false };
    if (added === 0) return { url, offsetIgnored: true, pageSize: result.features.length };
  }
  throw upstreamError('malformedBody', call.agency, { detail: `more than ${options.maxPages} pages` });
}
