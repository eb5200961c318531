import { bboxPolygon } from '@turf/bbox-polygon';
import { booleanIntersects } from '@turf/boolean-intersects';
import { anmFeatures, ibamaEmbargoFeatures, type FakeFeature, type Geom, type Ring } from './official-data';
import { ARCGIS_ERROR_BODY, FakeServer, json, type FakeResponse } from './fake-http';

export interface ArcgisLayer {
  features: FakeFeature[];
  objectIdField: string;
  maxRecordCount: number;
  /** ANM SIGMINE ignores resultOffset and returns the first page again. */
  ignoresResultOffset: boolean;
}

export const ANM_LAYER_PATH = '/arcgis/rest/services/SIGMINE/dados_anm/MapServer/0';
export const IBAMA_LAYER_PATH = '/server/rest/services/01_Publicacoes_Bases/adm_embargos_ibama_a/FeatureServer/0';

function signedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += (ring[i + 1]![0]! - ring[i]![0]!) * (ring[i + 1]![1]! + ring[i]![1]!);
  return sum; // > 0: clockwise
}

/** GeoJSON polygons → ArcGIS rings: outer rings clockwise, holes counter-clockwise. */
export function toArcgisGeometry(geometry: Geom | null): Record<string, unknown> | null {
  if (!geometry) return null;
  if (geometry.type === 'Point') return { x: geometry.coordinates[0], y: geometry.coordinates[1] };
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const rings: Ring[] = [];
  for (const polygon of polygons) {
    polygon.forEach((ring, i) => {
      const clockwise = signedArea(ring) > 0;
      const wantClockwise = i === 0;
      rings.push(clockwise === wantClockwise ? ring : [...ring].reverse());
    });
  }
  return { rings, spatialReference: { wkid: 4326 } };
}

type Clause = (attributes: Record<string, unknown>) => boolean;

function fieldValue(attributes: Record<string, unknown>, field: string): unknown {
  const key = Object.keys(attributes).find((k) => k.toLowerCase() === field.toLowerCase());
  return key === undefined ? undefined : attributes[key];
}

/** The small SQL subset the clients send: `1=1`, `F=n`, `F='s'`, `F IN ('a','b')`, joined by AND. */
export function parseWhere(where: string): Clause[] | null {
  const clauses: Clause[] = [];
  for (const part of where.split(/\s+AND\s+/i)) {
    const text = part.trim();
    if (text === '1=1') continue;
    let m = /^(\w+)\s*=\s*(-?\d+(?:\.\d+)?)$/.exec(text);
    if (m) {
      const [, field, value] = m;
      clauses.push((a) => Number(fieldValue(a, field!)) === Number(value));
      continue;
    }
    m = /^(\w+)\s*=\s*'([^']*)'$/.exec(text);
    if (m) {
      const [, field, value] = m;
      clauses.push((a) => String(fieldValue(a, field!) ?? '') === value);
      continue;
    }
    m = /^(\w+)\s+IN\s*\(([^)]*)\)$/i.exec(text);
    if (m) {
      const field = m[1]!;
      const values = [...m[2]!.matchAll(/'([^']*)'/g)].map((v) => v[1]);
      clauses.push((a) => values.includes(String(fieldValue(a, field) ?? '')));
      continue;
    }
    return null;
  }
  return clauses;
}

function parseEnvelope(text: string | null): [number, number, number, number] | null {
  if (!text) return null;
  if (text.trim().startsWith('{')) {
    const e = JSON.parse(text) as { xmin: number; ymin: number; xmax: number; ymax: number };
    return [e.xmin, e.ymin, e.xmax, e.ymax];
  }
  const parts = text.split(',').map(Number);
  return parts.length === 4 && parts.every(Number.isFinite) ? (parts as [number, number, number, number]) : null;
}

/**
 * ArcGIS REST MapServer/FeatureServer layer query, as ANM SIGMINE (layer 0) and IBAMA PAMGIA
 * (embargo layer) answer it: errors with HTTP 200, `returnCountOnly`, envelopes, f=json|geojson,
 * a record cap with `exceededTransferLimit`, and ANM's ignored `resultOffset`.
 */
export class ArcgisFakeServer extends FakeServer {
  readonly layers = new Map<string, ArcgisLayer>();

  constructor() {
    super();
    this.layers.set(ANM_LAYER_PATH, { features: anmFeatures(), objectIdField: 'FID', maxRecordCount: 1000, ignoresResultOffset: true });
    this.layers.set(IBAMA_LAYER_PATH, { features: ibamaEmbargoFeatures(), objectIdField: 'objectid', maxRecordCount: 2000, ignoresResultOffset: false });
  }

  get anmBaseUrl(): string {
    return `${this.baseUrl}${ANM_LAYER_PATH.replace(/\/0$/, '')}`;
  }

  get ibamaLayerUrl(): string {
    return `${this.baseUrl}${IBAMA_LAYER_PATH}`;
  }

  layer(path: string): ArcgisLayer {
    return this.layers.get(path)!;
  }

  /** The "ignored resultOffset" fault: the layer answers every page with the first one, as ANM does. */
  ignoreResultOffset(path: string, ignore = true): this {
    this.layer(path).ignoresResultOffset = ignore;
    return this;
  }

  protected override controlExtra(path: string, query: URLSearchParams): boolean {
    if (path !== '/__control/ignore-offset') return false;
    this.ignoreResultOffset(query.get('layer') === 'anm' ? ANM_LAYER_PATH : IBAMA_LAYER_PATH, query.get('on') !== '0');
    return true;
  }

  protected route(path: string, query: URLSearchParams): FakeResponse {
    if (!path.endsWith('/query')) return json({ error: { code: 400, message: 'Invalid URL', details: ['Invalid URL'] } });
    const layerPath = path.slice(0, -'/query'.length);
    const layer = this.layers.get(layerPath);
    if (!layer) {
      const id = layerPath.split('/').pop();
      return json({ error: { code: 400, message: '', details: [`The requested layer (layerId: ${id}) was not found.`] } });
    }
    const clauses = parseWhere(query.get('where') ?? '1=1');
    if (!clauses) return json(ARCGIS_ERROR_BODY);
    const envelope = parseEnvelope(query.get('geometry'));
    const area = envelope ? bboxPolygon(envelope) : null;
    let matches = layer.features.filter(
      (f) => clauses.every((c) => c(f.attributes)) && (!area || (f.geometry !== null && booleanIntersects(area, f.geometry))),
    );
    const order = query.get('orderByFields')?.split(/\s+/)[0] ?? layer.objectIdField;
    matches = [...matches].sort((a, b) => Number(fieldValue(a.attributes, order)) - Number(fieldValue(b.attributes, order)));

    if (query.get('returnCountOnly') === 'true') return json({ count: matches.length });
    if (query.get('returnIdsOnly') === 'true') {
      return json({ objectIdFieldName: layer.objectIdField, objectIds: matches.map((f) => fieldValue(f.attributes, layer.objectIdField)) });
    }
    const offset = layer.ignoresResultOffset ? 0 : Number(query.get('resultOffset') ?? 0);
    const requested = Number(query.get('resultRecordCount') ?? layer.maxRecordCount);
    const limit = Math.min(requested > 0 ? requested : layer.maxRecordCount, layer.maxRecordCount);
    const page = matches.slice(offset, offset + limit);
    const exceeded = matches.length > offset + page.length;
    const outFields = query.get('outFields') ?? '*';
    const pickFields = (attributes: Record<string, unknown>) =>
      outFields === '*' ? attributes : Object.fromEntries(outFields.split(',').map((f) => [f.trim(), fieldValue(attributes, f.trim()) ?? null]));
    const withGeometry = query.get('returnGeometry') !== 'false';

    if (query.get('f') === 'geojson') {
      return json({
        type: 'FeatureCollection',
        features: page.map((f) => ({
          type: 'Feature',
          id: fieldValue(f.attributes, layer.objectIdField),
          geometry: withGeometry ? f.geometry : null,
          properties: pickFields(f.attributes),
        })),
        ...(exceeded ? { properties: { exceededTransferLimit: true } } : {}),
      });
    }
    const sampleAttributes = layer.features[0]?.attributes ?? {};
    return json({
      displayFieldName: '',
      objectIdFieldName: layer.objectIdField,
      geometryType: 'esriGeometryPolygon',
      spatialReference: { wkid: 4326, latestWkid: 4326 },
      fields: Object.keys(sampleAttributes).map((name) => ({
        name,
        type: name === layer.objectIdField ? 'esriFieldTypeOID' : typeof sampleAttributes[name] === 'number' ? 'esriFieldTypeDouble' : 'esriFieldTypeString',
        alias: name,
      })),
      features: page.map((f) => ({ attributes: pickFields(f.attributes), ...(withGeometry ? { geometry: toArcgisGeometry(f.geometry) } : {}) })),
      ...(exceeded ? { exceededTransferLimit: true } : {}),
    });
  }
}
