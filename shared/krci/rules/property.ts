import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { pointToPolygonDistance } from '@turf/point-to-polygon-distance';
import type { Block } from '../../trs/rich-text';
import { NOT_APPLICABLE, type FindingDraft } from '../types';
import { decimalsOf, filled, hasResources, isPfsOrFs, rule, sectionOf, text, todayIso, type TrsRule } from './helpers';

const SECTION_3 = 'Item 601(b)(96)(iii)(B)(3)';
/** One statute mile in kilometres: the location must be accurate to within one mile (sk1300.md §1.2 #3). */
export const ONE_MILE_KM = 1.609344;

function blocksReferenceFigure(blocks: readonly Block[], ids: ReadonlySet<string>): boolean {
  for (const b of blocks) {
    if (b.type === 'figure' && ids.has(b.figureId)) return true;
    const inlineLists = b.type === 'paragraph' || b.type === 'heading' ? [b.content] : b.type === 'list' ? b.items : b.type === 'table' ? b.rows.flat() : [];
    for (const inlines of inlineLists) if (inlines.some((i) => i.type === 'figureRef' && ids.has(i.figureId))) return true;
  }
  return false;
}

export const propertyRules: TrsRule[] = [
  rule({
    id: 'property.location',
    category: 'property-title',
    severity: 'high',
    citation: `${SECTION_3}; 17 CFR 229.1304(b)`,
    citationVerified: false,
    section: 3,
    path: 'property.location',
    reads: ['property.location'],
    text: text(
      'The property location is not given as latitude and longitude.',
      'Enter the latitude and longitude of the property in decimal degrees (WGS 84 / SIRGAS 2000).',
      'A localização da propriedade não está informada em latitude e longitude.',
      'Informe a latitude e a longitude da propriedade em graus decimais (WGS 84 / SIRGAS 2000).',
    ),
    check: (report) => {
      const l = report.property.location;
      if (l.latitude === null) return [{ path: 'property.location.latitude' }];
      return l.longitude === null ? [{ path: 'property.location.longitude' }] : [];
    },
  }),
  rule({
    id: 'property.location-precision',
    category: 'property-title',
    severity: 'medium',
    citation: 'Convention: 2 decimal places of a degree (≈ 1.1 km) to meet the one-mile accuracy of Item 601(b)(96)(iii)(B)(3)',
    basis: 'convention',
    citationVerified: false,
    section: 3,
    path: 'property.location',
    reads: ['property.location'],
    text: text(
      'The {{axis}} {{value}} has fewer than 2 decimal places and may be off by more than one mile.',
      'Give decimal degrees with at least 2 decimals (0.01° ≈ 1.1 km); 4–5 decimals are customary.',
      'A {{axisPt}} {{value}} tem menos de 2 casas decimais e pode errar por mais de uma milha.',
      'Informe graus decimais com pelo menos 2 casas (0,01° ≈ 1,1 km); 4–5 casas são o usual.',
    ),
    check(report) {
      const l = report.property.location;
      if (l.latitude === null || l.longitude === null) return NOT_APPLICABLE;
      const out: FindingDraft[] = [];
      if (decimalsOf(l.latitude) < 2) out.push({ path: 'property.location.latitude', params: { axis: 'latitude', axisPt: 'latitude', value: l.latitude } });
      if (decimalsOf(l.longitude) < 2)
        out.push({ path: 'property.location.longitude', params: { axis: 'longitude', axisPt: 'longitude', value: l.longitude } });
      return out;
    },
  }),
  rule({
    id: 'property.location-in-polygon',
    category: 'property-title',
    severity: 'medium',
    citation: SECTION_3,
    citationVerified: false,
    section: 3,
    path: 'property.location',
    reads: ['property.location', 'property.polygon'],
    text: text(
      'The stated location is {{km}} km outside the property polygon (more than one mile).',
      'Check the coordinates (sign, lat/lon order, datum) or the polygon.',
      'A localização informada está a {{km}} km fora do polígono da propriedade (mais de uma milha).',
      'Verifique as coordenadas (sinal, ordem lat/long, datum) ou o polígono.',
    ),
    check(report) {
      const { location, polygon } = report.property;
      if (location.latitude === null || location.longitude === null || !polygon) return NOT_APPLICABLE;
      const point = [location.longitude, location.latitude];
      if (booleanPointInPolygon(point, polygon)) return [];
      const km = Math.abs(pointToPolygonDistance(point, polygon, { units: 'kilometers' }));
      return km <= ONE_MILE_KM ? [] : [{ path: 'property.location', params: { km: Number(km.toFixed(2)) } }];
    },
  }),
  rule({
    id: 'property.map',
    category: 'property-title',
    severity: 'medium',
    citation: '17 CFR 229.1304(b)(1)(i)',
    citationVerified: false,
    section: 3,
    path: 'sections.2',
    reads: ['sections.2', 'figures'],
    text: text(
      'Section 3 shows no map of the property.',
      'Add a location map (JPEG or GIF figure) and place it in section 3.',
      'A seção 3 não apresenta mapa da propriedade.',
      'Inclua um mapa de localização (figura JPEG ou GIF) na seção 3.',
    ),
    check(report) {
      const s3 = sectionOf(report, 3);
      if (!s3 || s3.status === 'notApplicable') return NOT_APPLICABLE;
      const ids = new Set(report.figures.map((f) => f.id));
      return blocksReferenceFigure(s3.body, ids) ? [] : [{ path: 'sections.2' }];
    },
  }),
  rule({
    id: 'property.mineral-rights',
    category: 'property-title',
    severity: 'high',
    citation: `${SECTION_3}; 17 CFR 229.1304(b)(1)(iii)`,
    citationVerified: false,
    section: 3,
    path: 'property.mineralRights',
    reads: ['property.mineralRights'],
    text: text(
      'No mineral right (claim, licence, concession or ANM process) is identified.',
      'List each mineral right with its number, holder, status and area.',
      'Nenhum direito minerário (concessão, licença ou processo ANM) foi identificado.',
      'Relacione cada direito minerário com número, titular, situação e área.',
    ),
    check: (report) =>
      report.property.mineralRights.some((r) => filled(r.identifier) && r.kind !== 'surfaceRight') ? [] : [{ path: 'property.mineralRights' }],
  }),
  rule({
    id: 'property.ownership',
    category: 'property-title',
    severity: 'high',
    citation: `${SECTION_3}; 17 CFR 229.1304(d)`,
    citationVerified: false,
    section: 3,
    path: 'property.ownershipPercent',
    reads: ['property.ownershipPercent'],
    text: text(
      "The registrant's interest in the property (%) is not stated.",
      "State the registrant's ownership interest in percent.",
      'A participação do registrante na propriedade (%) não está informada.',
      'Informe a participação do registrante em percentual.',
    ),
    check: (report) => (report.property.ownershipPercent === null ? [{ path: 'property.ownershipPercent' }] : []),
  }),
  rule({
    id: 'property.attributable-within-ownership',
    category: 'property-title',
    severity: 'medium',
    citation: '17 CFR 229.1304(d)',
    citationVerified: true,
    path: 'mineralResources',
    reads: ['property.ownershipPercent', 'mineralResources', 'mineralReserves'],
    text: text(
      '"{{table}}" attributes {{attributable}} % to the registrant, more than its {{ownership}} % interest in the property.',
      'The attributable share cannot exceed the ownership interest: correct one of them.',
      '"{{table}}" atribui {{attributable}} % ao registrante, mais que sua participação de {{ownership}} % na propriedade.',
      'A parcela atribuível não pode exceder a participação: corrija um dos valores.',
    ),
    check(report) {
      const own = report.property.ownershipPercent;
      if (own === null) return NOT_APPLICABLE;
      const tables = [
        ...report.mineralResources.map((t, i) => ({ t, path: `mineralResources.${i}.attributablePercent` })),
        ...report.mineralReserves.map((t, i) => ({ t, path: `mineralReserves.${i}.attributablePercent` })),
      ].filter(({ t }) => t.attributablePercent !== null);
      if (tables.length === 0) return NOT_APPLICABLE;
      return tables
        .filter(({ t }) => (t.attributablePercent ?? 0) > own + 1e-9)
        .map(({ t, path }) => ({ path, params: { table: t.title, attributable: t.attributablePercent ?? 0, ownership: own } }));
    },
  }),
  rule({
    id: 'property.rights-current',
    category: 'property-title',
    severity: 'medium',
    citation: '17 CFR 229.1304(b)(1)(iii)',
    citationVerified: false,
    section: 3,
    path: 'property.mineralRights',
    reads: ['property.mineralRights', 'metadata.effectiveDate'],
    text: text(
      'Mineral right {{right}} expired on {{expires}}, before the effective date {{effectiveDate}}.',
      "Update the right's status and expiry (renewal, extension), or explain the risk to title.",
      'O direito minerário {{right}} venceu em {{expires}}, antes da data de referência {{effectiveDate}}.',
      'Atualize a situação e o vencimento do direito (renovação, prorrogação) ou explique o risco ao título.',
    ),
    check(report) {
      const eff = report.metadata.effectiveDate;
      const dated = report.property.mineralRights.map((r, i) => ({ r, i })).filter(({ r }) => r.expiresOn !== null);
      if (!eff || dated.length === 0) return NOT_APPLICABLE;
      return dated
        .filter(({ r }) => (r.expiresOn ?? '') < eff)
        .map(({ r, i }) => ({
          path: `property.mineralRights.${i}.expiresOn`,
          params: { right: r.identifier, expires: r.expiresOn ?? '', effectiveDate: eff },
        }));
    },
  }),
  rule({
    id: 'property.rights-expired-since',
    category: 'property-title',
    severity: 'low',
    citation: '17 CFR 229.1304(b)(1)(iii)',
    citationVerified: false,
    section: 3,
    path: 'property.mineralRights',
    reads: ['property.mineralRights'],
    contextReads: ['now'],
    text: text(
      'Mineral right {{right}} expired on {{expires}} (today is {{today}}); the report does not show its renewal.',
      'Before filing, record the renewal or extension (or the pending request) and update the expiry date.',
      'O direito minerário {{right}} venceu em {{expires}} (hoje é {{today}}); o relatório não mostra sua renovação.',
      'Antes do arquivamento, registre a renovação ou prorrogação (ou o pedido pendente) e atualize o vencimento.',
    ),
    check(report, context) {
      const today = todayIso(context.now);
      const dated = report.property.mineralRights.map((r, i) => ({ r, i })).filter(({ r }) => r.expiresOn !== null);
      if (!today || dated.length === 0) return NOT_APPLICABLE;
      return dated
        .filter(({ r }) => (r.expiresOn ?? '') < today)
        .map(({ r, i }) => ({ path: `property.mineralRights.${i}.expiresOn`, params: { right: r.identifier, expires: r.expiresOn ?? '', today } }));
    },
  }),
  rule({
    id: 'property.area',
    category: 'property-title',
    severity: 'low',
    citation: SECTION_3,
    citationVerified: false,
    section: 3,
    path: 'property.areaHa',
    reads: ['property.areaHa', 'mineralResources'],
    text: text(
      'The area of the property is not stated.',
      'Give the property area in hectares.',
      'A área da propriedade não está informada.',
      'Informe a área da propriedade em hectares.',
    ),
    check: (report) => (!hasResources(report) ? NOT_APPLICABLE : report.property.areaHa === null ? [{ path: 'property.areaHa' }] : []),
  }),
];

export const environmentRules: TrsRule[] = [
  rule({
    id: 'environment.section-17-required',
    category: 'environment',
    severity: 'high',
    citation: 'Item 601(b)(96)(iii)(B)(17)',
    citationVerified: false,
    section: 17,
    path: 'sections.16',
    reads: ['sections.16', 'metadata.studyType', 'metadata.propertyStage'],
    text: text(
      'Section 17 (environmental studies, permitting, local agreements) is marked not applicable for a {{what}}.',
      'Describe environmental studies, waste and water management, permits and their status, closure plan and costs, and local agreements.',
      'A seção 17 (estudos ambientais, licenciamento, acordos locais) está marcada como não aplicável para um(a) {{whatPt}}.',
      'Descreva estudos ambientais, gestão de rejeitos e água, licenças e sua situação, plano e custos de fechamento e acordos locais.',
    ),
    check(report) {
      const pfs = isPfsOrFs(report);
      const stage = report.metadata.propertyStage;
      if (!pfs && stage === 'exploration') return NOT_APPLICABLE;
      return sectionOf(report, 17)?.status === 'notApplicable'
        ? [
            {
              path: 'sections.16',
              params: {
                what: pfs ? 'PFS/FS' : `${stage}-stage property`,
                whatPt: pfs ? 'PFS/FS' : `propriedade em estágio ${stage === 'production' ? 'de produção' : 'de desenvolvimento'}`,
              },
            },
          ]
        : [];
    },
  }),
  rule({
    id: 'environment.closure-costs',
    category: 'environment',
    severity: 'medium',
    citation: 'Item 601(b)(96)(iii)(B)(17); Item 601(b)(96)(iii)(B)(18)',
    citationVerified: false,
    section: 17,
    path: 'capitalCosts.items',
    reads: ['capitalCosts', 'metadata.studyType'],
    text: text(
      'The PFS/FS capital cost estimate has no closure and reclamation cost.',
      'Add the closure cost (and reclamation bond) to the capital costs, as a "closure" item.',
      'A estimativa de custo de capital do PFS/FS não tem custo de fechamento e recuperação.',
      'Inclua o custo de fechamento (e garantias de recuperação) no custo de capital, como item "closure".',
    ),
    check(report) {
      if (!isPfsOrFs(report) || !report.capitalCosts) return NOT_APPLICABLE;
      return report.capitalCosts.items.some((i) => i.phase === 'closure' && i.amount !== null) ? [] : [{ path: 'capitalCosts.items' }];
    },
  }),
  rule({
    id: 'environment.licences-listed',
    category: 'environment',
    severity: 'medium',
    citation: 'Item 601(b)(96)(iii)(B)(17)',
    citationVerified: false,
    section: 17,
    flag: 'BRAZILIAN_FIELDS',
    path: 'brazil.ibamaLicences',
    reads: ['brazil', 'metadata.propertyStage'],
    text: text(
      'A {{stage}}-stage property in Brazil lists no environmental licence{{needLo}}.',
      'List the environmental licences (LP, LI, LO) with issuer, number and validity.',
      'Propriedade em estágio {{stagePt}} no Brasil sem licença ambiental relacionada{{needLoPt}}.',
      'Relacione as licenças ambientais (LP, LI, LO) com órgão emissor, número e validade.',
    ),
    check(report) {
      const br = report.brazil;
      const stage = report.metadata.propertyStage;
      if (!br || stage === 'exploration') return NOT_APPLICABLE;
      const stagePt = stage === 'production' ? 'de produção' : 'de desenvolvimento';
      if (br.ibamaLicences.length === 0) return [{ path: 'brazil.ibamaLicences', params: { stage, stagePt, needLo: '', needLoPt: '' } }];
      if (stage === 'production' && !br.ibamaLicences.some((l) => l.type === 'LO'))
        return [{ path: 'brazil.ibamaLicences', params: { stage, stagePt, needLo: ' of operation (LO)', needLoPt: ' de operação (LO)' } }];
      return [];
    },
  }),
  rule({
    id: 'environment.licence-validity',
    category: 'environment',
    severity: 'high',
    citation: 'Item 601(b)(96)(iii)(B)(17)',
    citationVerified: false,
    section: 17,
    flag: 'BRAZILIAN_FIELDS',
    path: 'brazil.ibamaLicences',
    reads: ['brazil', 'metadata.effectiveDate'],
    text: text(
      'Licence {{licence}} expired on {{validUntil}}, before the effective date {{effectiveDate}}.',
      'Record the renewal (or the timely renewal request) or disclose the permitting risk.',
      'A licença {{licence}} venceu em {{validUntil}}, antes da data de referência {{effectiveDate}}.',
      'Registre a renovação (ou o pedido tempestivo de renovação) ou divulgue o risco de licenciamento.',
    ),
    check(report) {
      const eff = report.metadata.effectiveDate;
      const lic = report.brazil?.ibamaLicences ?? [];
      if (!eff || lic.length === 0) return NOT_APPLICABLE;
      return lic
        .map((l, i) => ({ l, i }))
        .filter(({ l }) => l.validUntil !== null && l.validUntil < eff)
        .map(({ l, i }) => ({
          path: `brazil.ibamaLicences.${i}.validUntil`,
          params: { licence: l.number, validUntil: l.validUntil ?? '', effectiveDate: eff },
        }));
    },
  }),
];
