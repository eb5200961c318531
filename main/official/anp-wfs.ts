import { bboxPolygon } from '@turf/bbox-polygon';
import { booleanIntersects } from '@turf/boolean-intersects';
import type { ResilientHttp } from './http/resilient-http';
import type { OfficialConfig } from './config';
import type { Fetched } from './anm-sigmine';
import { wfsAllFeatures, type GeoJsonFeature, type WfsCall } from './wfs';
import { normaliseAnpBlock, normaliseAnpField, normaliseAnpWell } from '../../shared/official/normalise';
import type { AnpBlock, AnpField, AnpWell, AreaGeometry, Bbox } from '../../shared/official/records';

export const ANP_LAYERS = {
  blocks: { typeName: 'BD_ANP:BLOCOS_EXPLORATORIOS_SIRGAS', sortBy: 'COD_BLOCO' },
  fields: { typeName: 'BD_ANP:CAMPOS_PRODUCAO_SIRGAS', sortBy: 'COD_CAMPO' },
  wells: { typeName: 'BD_ANP:POCOS_SIRGAS', sortBy: 'CADASTRO' },
} as const;

/**
 * ANP GISHUB GeoServer WFS. Always sends `sortBy`: GISHUB throws a NullPointerException for
 * `startIndex>0` without it. Features are kept only if they really intersect the area.
 */
export class AnpWfsClient {
  constructor(
    private readonly http: ResilientHttp,
    private readonly config: OfficialConfig,
  ) {}

  private async layer(kind: keyof typeof ANP_LAYERS, bbox: Bbox, polygon?: AreaGeometry): Promise<{ features: GeoJsonFeature[]; url: string }> {
    const call: WfsCall = {
      http: this.http,
      source: 'anp',
      agency: 'ANP',
      operation: `anp.${kind}`,
      endpoint: this.config.baseUrl('anp'),
      headers: this.config.authHeaders('anp'),
    };
    const { features, url } = await wfsAllFeatures(call, { ...ANP_LAYERS[kind], bbox, pageSize: 500, maxPages: 40 });
    const area = polygon ?? bboxPolygon(bbox).geometry;
    return {
      features: features.filter((f) => f.geometry !== null && booleanIntersects(f.geometry as Parameters<typeof booleanIntersects>[0], area)),
      url,
    };
  }

  async blocks(bbox: Bbox, polygon?: AreaGeometry): Promise<Fetched<AnpBlock[]>> {
    const { features, url } = await this.layer('blocks', bbox, polygon);
    return { value: features.map((f) => normaliseAnpBlock(f.properties ?? {}, f.geometry)), url };
  }

  async fields(bbox: Bbox, polygon?: AreaGeometry): Promise<Fetched<AnpField[]>> {
    const { features, url } = await this.layer('fields', bbox, polygon);
    return { value: features.map((f) => normaliseAnpField(f.properties ?? {}, f.geometry)), url };
  }

  async wells(bbox: Bbox, polygon?: AreaGeometry): Promise<Fetched<AnpWell[]>> {
    const { features, url } = await this.layer('wells', bbox, polygon);
    return { value: features.map((f) => normaliseAnpWell(f.properties ?? {}, f.geometry)), url };
  }
}
