import { booleanIntersects } from '@turf/boolean-intersects';
import type { ResilientHttp } from './http/resilient-http';
import { buildUrl } from './http/resilient-http';
import { arcgisFeatures, arcgisSplitByEnvelope, envelopeParams, type ArcgisCall, type ArcgisFeature } from './arcgis';
import type { OfficialConfig } from './config';
import { arcgisRingsToGeometry, mergeSigmineParts, type AnmProcessNumber, type SigmineAttributes } from '../../shared/official/parsers';
import type { AnmProcess, AreaGeometry, Bbox } from '../../shared/official/records';

/** Deepest quadrant split of an area query: 4^6 envelopes is far more than any property needs. */
const MAX_SPLIT_DEPTH = 6;

export interface Fetched<T> {
  value: T;
  url: string;
}

/**
 * ANM SIGMINE, ArcGIS REST layer 0 (active mining processes). The server ignores
 * `resultOffset`, so large areas are split into quadrants until each part's count, asked first
 * with `returnCountOnly`, fits under the layer's record cap.
 */
export class AnmSigmineClient {
  constructor(
    private readonly http: ResilientHttp,
    private readonly config: OfficialConfig,
  ) {}

  private call(operation: string): ArcgisCall {
    return {
      http: this.http,
      source: 'anm',
      agency: 'ANM',
      operation,
      layerUrl: `${this.config.baseUrl('anm')}/0`,
      headers: this.config.authHeaders('anm'),
    };
  }

  async process(number: AnmProcessNumber): Promise<Fetched<AnmProcess[]>> {
    const page = await arcgisFeatures(this.call('anm.process'), { where: `NUMERO=${number.number} AND ANO=${number.year}` });
    return { value: mergeSigmineParts(page.features.map(toPart)), url: page.url };
  }

  /** Processes intersecting an envelope, optionally only those touching the property polygon. */
  async area(bbox: Bbox, polygon?: AreaGeometry): Promise<Fetched<AnmProcess[]>> {
    const call = this.call('anm.area');
    const cap = this.config.anmMaxRecordCount();
    const features = await arcgisSplitByEnvelope(call, '1=1', bbox, cap, MAX_SPLIT_DEPTH);
    let records = mergeSigmineParts(features.map(toPart));
    if (polygon) records = records.filter((r) => r.geometry !== null && booleanIntersects(r.geometry, polygon));
    const url = buildUrl(`${call.layerUrl}/query`, { where: '1=1', ...envelopeParams(bbox), outFields: '*', returnGeometry: 'true', outSR: '4326', f: 'json' });
    return { value: records, url };
  }
}

function toPart(feature: ArcgisFeature): { attributes: SigmineAttributes; geometry: AreaGeometry | null } {
  return { attributes: feature.attributes, geometry: arcgisRingsToGeometry(feature.geometry?.rings) };
}
