import { bboxPolygon } from '@turf/bbox-polygon';
import { booleanIntersects } from '@turf/boolean-intersects';
import { anpBlockFeatures, anpFieldFeatures, anpWellFeatures, sgbOccurrenceFeatures, sgbUnitFeatures, type WfsFeatureData } from './official-data';
import { FakeServer, exceptionReportXml, json, type FakeResponse } from './fake-http';

export interface WfsLayer {
  features: WfsFeatureData[];
  /** SGB's occurrence layer answers every match whatever `count` says. */
  ignoresCount: boolean;
  /** What `startIndex>0` without `sortBy` does: GeoServer's 400, or GISHUB's NullPointerException (500). */
  unsortedPaging: 'exception400' | 'npe500';
}

export const SGB_WFS_PATH = '/geoserver/wfs';
export const ANP_WFS_PATH = '/geoserver/BD_ANP/ows';

/**
 * GeoServer WFS GetFeature (1.0.0 and 2.0.0 KVP) for SGB (`geosgb:*`) and ANP GISHUB
 * (`BD_ANP:*`): GeoJSON output, bbox with the axis order of its CRS, count/startIndex/sortBy,
 * resultType=hits, ExceptionReport for unknown layers.
 */
export class GeoserverWfsFakeServer extends FakeServer {
  readonly layers = new Map<string, WfsLayer>([
    ['geosgb:ocorrencias_recursos_minerais', { features: sgbOccurrenceFeatures(), ignoresCount: true, unsortedPaging: 'exception400' }],
    ['geosgb:litoestratigrafia_1m', { features: sgbUnitFeatures(), ignoresCount: false, unsortedPaging: 'exception400' }],
    ['BD_ANP:BLOCOS_EXPLORATORIOS_SIRGAS', { features: anpBlockFeatures(), ignoresCount: false, unsortedPaging: 'npe500' }],
    ['BD_ANP:CAMPOS_PRODUCAO_SIRGAS', { features: anpFieldFeatures(), ignoresCount: false, unsortedPaging: 'npe500' }],
    ['BD_ANP:POCOS_SIRGAS', { features: anpWellFeatures(), ignoresCount: false, unsortedPaging: 'npe500' }],
  ]);

  get sgbUrl(): string {
    return `${this.baseUrl}${SGB_WFS_PATH}`;
  }

  get anpUrl(): string {
    return `${this.baseUrl}${ANP_WFS_PATH}`;
  }

  protected route(path: string, rawQuery: URLSearchParams): FakeResponse {
    // KVP parameter names are case-insensitive in OGC services.
    const q = new Map<string, string>();
    for (const [k, v] of rawQuery) q.set(k.toLowerCase(), v);
    const xml = (status: number, code: string, locator: string, text: string): FakeResponse => ({
      status,
      body: exceptionReportXml(code, locator, text),
      contentType: 'text/xml; charset=UTF-8',
    });
    if (path !== SGB_WFS_PATH && path !== ANP_WFS_PATH) return { status: 404, body: 'Not Found', contentType: 'text/plain' };
    if ((q.get('service') ?? 'WFS').toUpperCase() !== 'WFS') return xml(400, 'InvalidParameterValue', 'service', 'No service: ( ' + q.get('service') + ' )');
    if ((q.get('request') ?? '').toLowerCase() !== 'getfeature')
      return xml(400, 'OperationNotSupported', 'request', `Operation ${q.get('request')} not supported by this fake`);
    const typeName = q.get('typenames') ?? q.get('typename') ?? '';
    const workspaceOk = path === ANP_WFS_PATH ? typeName.startsWith('BD_ANP:') : typeName.startsWith('geosgb:');
    const layer = this.layers.get(typeName);
    if (!layer || !workspaceOk) return xml(400, 'InvalidParameterValue', 'typeName', `Feature type ${typeName} unknown`);

    let matches = layer.features;
    const bboxText = q.get('bbox');
    if (bboxText) {
      const parts = bboxText.split(',');
      const numbers = parts.slice(0, 4).map(Number);
      const crs = parts[4] ?? '';
      if (numbers.length !== 4 || !numbers.every(Number.isFinite)) return xml(400, 'InvalidParameterValue', 'bbox', 'Could not parse bbox');
      const [a, b, c, d] = numbers as [number, number, number, number];
      // urn:ogc:def:crs:EPSG::4326 is latitude first; EPSG:4326 (or nothing) is x/y = lon/lat in GeoServer.
      const envelope: [number, number, number, number] = /^urn:ogc:def:crs:EPSG::4326$/i.test(crs) ? [b, a, d, c] : [a, b, c, d];
      const area = bboxPolygon(envelope);
      matches = matches.filter((f) => booleanIntersects(area, f.geometry));
    }
    const sortBy = q.get('sortby');
    if (sortBy) {
      const [field, direction] = sortBy.split(/\s+/);
      const sign = direction && /^d/i.test(direction) ? -1 : 1;
      matches = [...matches].sort((x, y) => {
        const a = x.properties[field!];
        const b = y.properties[field!];
        return (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))) * sign;
      });
    }
    if (q.get('resulttype') === 'hits') {
      return {
        status: 200,
        body: `<?xml version="1.0" encoding="UTF-8"?><wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0" numberMatched="${matches.length}" numberReturned="0" timeStamp="2026-01-01T00:00:00Z"/>`,
        contentType: 'text/xml; charset=UTF-8',
      };
    }
    const startIndex = Number(q.get('startindex') ?? 0);
    if (startIndex > 0 && !sortBy && !layer.ignoresCount) {
      if (layer.unsortedPaging === 'npe500') return { status: 500, body: 'java.lang.NullPointerException', contentType: 'text/plain' };
      return xml(400, 'NoApplicableCode', '', 'Cannot do natural order without a primary key, please add it or specify a manual sort over existing attributes');
    }
    const countText = q.get('count') ?? q.get('maxfeatures');
    const page = layer.ignoresCount ? matches : matches.slice(startIndex, countText ? startIndex + Number(countText) : undefined);
    const format = q.get('outputformat') ?? '';
    if (!/json/i.test(format)) return xml(400, 'InvalidParameterValue', 'outputFormat', 'Only application/json is served by this fake');
    return json({
      type: 'FeatureCollection',
      features: page.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry, geometry_name: 'geom', properties: f.properties })),
      totalFeatures: matches.length,
      numberMatched: matches.length,
      numberReturned: page.length,
      timeStamp: '2026-01-01T00:00:00.000Z',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4326' } },
    });
  }
}
