import { booleanIntersects } from '@turf/boolean-intersects';
import type { ResilientHttp } from './http/resilient-http';
import { upstreamError } from './http/upstream-errors';
import { arcgisPaged, arcgisSplitByEnvelope, envelopeParams, type ArcgisCall, type ArcgisFeature } from './arcgis';
import type { OfficialConfig } from './config';
import type { Fetched } from './anm-sigmine';
import { arcgisRingsToGeometry, digitsOnly } from '../../shared/official/parsers';
import { normaliseIbamaEmbargo, normaliseSislicLicence } from '../../shared/official/normalise';
import type { AreaGeometry, Bbox, IbamaEmbargo, IbamaLicence } from '../../shared/official/records';

const EMBARGO_PAGE_SIZE = 2000;
const EMBARGO_MAX_PAGES = 50;

export type EmbargoQuery = { bbox: Bbox; polygon?: AreaGeometry } | { cnpj: string };

/**
 * IBAMA: embargoes from the PAMGIA ArcGIS layer (which, unlike ANM, pages with resultOffset),
 * federal licences from the SISLIC JSON file (one file, filtered here).
 */
export class IbamaClient {
  constructor(
    private readonly http: ResilientHttp,
    private readonly config: OfficialConfig,
  ) {}

  private call(): ArcgisCall {
    return {
      http: this.http,
      source: 'ibamaEmbargo',
      agency: 'IBAMA',
      operation: 'ibama.embargoes',
      layerUrl: this.config.baseUrl('ibamaEmbargo'),
      headers: this.config.authHeaders('ibamaEmbargo'),
    };
  }

  async embargoes(query: EmbargoQuery): Promise<Fetched<IbamaEmbargo[]>> {
    const call = this.call();
    let filter: Record<string, string>;
    if ('cnpj' in query) {
      const digits = digitsOnly(query.cnpj);
      // The layer stores the document as published, formatted or not; ask for both spellings.
      const formatted =
        digits.length === 14 ? `${digits.slice(0, 2)}.${digits.slice(2, 5)}.${digits.slice(5, 8)}/${digits.slice(8, 12)}-${digits.slice(12)}` : digits;
      filter = { where: `cpf_cnpj_embargado IN ('${digits}','${formatted}')` };
    } else {
      filter = { where: '1=1', ...envelopeParams(query.bbox) };
    }
    const paged = await arcgisPaged(call, filter, { pageSize: EMBARGO_PAGE_SIZE, maxPages: EMBARGO_MAX_PAGES, idField: 'objectid' });
    let features: ArcgisFeature[];
    if (!paged.offsetIgnored) {
      features = paged.features;
    } else if ('bbox' in query) {
      // The layer stopped honouring resultOffset (as ANM's does): split the envelope instead.
      const seen = new Set<unknown>();
      features = (await arcgisSplitByEnvelope(call, '1=1', query.bbox, paged.pageSize)).filter((f) => {
        const id = f.attributes.objectid;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    } else {
      throw upstreamError('malformedBody', 'IBAMA', { detail: 'the server ignored resultOffset; the answer would be incomplete' });
    }
    const url = paged.url;
    let records = features.map((f) => normaliseIbamaEmbargo(f.attributes, arcgisRingsToGeometry(f.geometry?.rings)));
    if ('bbox' in query && query.polygon) {
      const polygon = query.polygon;
      records = records.filter((r) => r.geometry !== null && booleanIntersects(r.geometry, polygon));
    }
    return { value: records, url };
  }

  /** The whole SISLIC licence list (one JSON file, `{"data":[…]}`); the caller filters. */
  async allLicences(): Promise<Fetched<IbamaLicence[]>> {
    const response = await this.http.get({
      source: 'ibamaSislic',
      agency: 'IBAMA',
      operation: 'ibama.licences',
      url: this.config.baseUrl('ibamaSislic'),
      params: {},
      headers: this.config.authHeaders('ibamaSislic'),
      expect: 'json',
    });
    const body = response.body as { data?: unknown } | unknown[];
    const rows = Array.isArray(body) ? body : Array.isArray(body.data) ? (body as { data: unknown[] }).data : null;
    if (!rows) throw upstreamError('malformedBody', 'IBAMA', { detail: 'SISLIC list missing' });
    const licences = rows
      .filter((r): r is Record<string, unknown> => Boolean(r) && typeof r === 'object')
      .map(normaliseSislicLicence)
      .filter((l) => l.number !== '');
    return { value: licences, url: response.url };
  }
}
