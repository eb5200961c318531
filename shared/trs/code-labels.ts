import type { CODE_VALUES } from './code-values';

// The value lists are only a type here (code-values.ts holds them): this module is imported by the
// i18n messages, and loading the zod model behind the lists would put zod into every start-up.

/**
 * Human labels for every coded value of the TRS model (the zod enums): the one source for what a
 * filing prints (`filingLabel`, English, in S-K 1300's own words where it has them) and for what
 * the window shows (`codeLabel` in pt-BR or en; the i18n messages are built from these tables).
 * No output may print an internal code such as `anmProcess` or `measuredIndicated`.
 *
 * `filing` is given only where the filed wording differs from the window's English.
 */
export interface CodeLabel {
  en: string;
  'pt-BR': string;
  filing?: string;
}
export type CodeLanguage = 'en' | 'pt-BR';

type Labels<V extends string> = { readonly [K in V]: CodeLabel };

export type CodeGroup = keyof typeof CODE_VALUES;
export type CodeValue<G extends CodeGroup> = (typeof CODE_VALUES)[G][number];

export const CODE_LABELS: { readonly [G in CodeGroup]: Labels<CodeValue<G>> } = {
  studyType: {
    initialAssessment: { en: 'Initial assessment', 'pt-BR': 'Avaliação inicial' },
    // S-K 1300 (§229.1300) says "preliminary feasibility study"; the window keeps the trade's usual term.
    preFeasibility: { en: 'Pre-feasibility study', 'pt-BR': 'Estudo de pré-viabilidade', filing: 'Preliminary feasibility study' },
    feasibility: { en: 'Feasibility study', 'pt-BR': 'Estudo de viabilidade' },
  },
  propertyStage: {
    exploration: { en: 'Exploration', 'pt-BR': 'Exploração', filing: 'Exploration stage property' },
    development: { en: 'Development', 'pt-BR': 'Desenvolvimento', filing: 'Development stage property' },
    production: { en: 'Production', 'pt-BR': 'Produção', filing: 'Production stage property' },
  },
  textLanguage: {
    en: { en: 'English', 'pt-BR': 'Inglês' },
    'pt-BR': { en: 'Portuguese (Brazil)', 'pt-BR': 'Português (Brasil)' },
  },
  consentStatus: {
    notRequested: { en: 'Not requested', 'pt-BR': 'Não solicitado' },
    requested: { en: 'Requested', 'pt-BR': 'Solicitado' },
    received: { en: 'Received', 'pt-BR': 'Recebido' },
    refused: { en: 'Refused', 'pt-BR': 'Recusado' },
  },
  mineralRightKind: {
    anmProcess: { en: 'ANM process', 'pt-BR': 'Processo ANM', filing: 'ANM mining title (process)' },
    concession: { en: 'Concession', 'pt-BR': 'Concessão', filing: 'Mining concession' },
    claim: { en: 'Claim', 'pt-BR': 'Requerimento', filing: 'Mining claim' },
    licence: { en: 'Licence', 'pt-BR': 'Licença' },
    lease: { en: 'Lease', 'pt-BR': 'Arrendamento' },
    surfaceRight: { en: 'Surface right', 'pt-BR': 'Direito de superfície' },
    other: { en: 'Other', 'pt-BR': 'Outro', filing: 'Other right' },
  },
  sectionStatus: {
    draft: { en: 'Draft', 'pt-BR': 'Rascunho' },
    complete: { en: 'Complete', 'pt-BR': 'Concluída' },
    notApplicable: { en: 'Not applicable', 'pt-BR': 'Não se aplica' },
  },
  priceBasis: {
    historicalAverage: { en: 'Historical average', 'pt-BR': 'Média histórica', filing: 'historical average' },
    consensusForecast: { en: 'Consensus forecast', 'pt-BR': 'Previsão de consenso', filing: 'consensus forecast' },
    contract: { en: 'Contract price', 'pt-BR': 'Preço contratual', filing: 'contract price' },
    spot: { en: 'Spot', 'pt-BR': 'À vista', filing: 'spot price' },
    other: { en: 'Other', 'pt-BR': 'Outra', filing: 'other basis' },
  },
  estimateClass: {
    measured: { en: 'Measured', 'pt-BR': 'Medido' },
    indicated: { en: 'Indicated', 'pt-BR': 'Indicado' },
    measuredIndicated: { en: 'Measured + indicated', 'pt-BR': 'Medido + indicado', filing: 'Measured + Indicated' },
    inferred: { en: 'Inferred', 'pt-BR': 'Inferido' },
    proven: { en: 'Proven', 'pt-BR': 'Provada' },
    probable: { en: 'Probable', 'pt-BR': 'Provável' },
    total: { en: 'Total', 'pt-BR': 'Total', filing: 'Total (Proven + Probable)' },
  },
  cbrrCategory: {
    recursoMedido: { en: 'Recurso medido', 'pt-BR': 'Recurso medido', filing: 'Measured resource (CBRR)' },
    recursoIndicado: { en: 'Recurso indicado', 'pt-BR': 'Recurso indicado', filing: 'Indicated resource (CBRR)' },
    recursoMedidoIndicado: { en: 'Recurso medido + indicado', 'pt-BR': 'Recurso medido + indicado', filing: 'Measured + Indicated resource (CBRR)' },
    recursoInferido: { en: 'Recurso inferido', 'pt-BR': 'Recurso inferido', filing: 'Inferred resource (CBRR)' },
    reservaProvada: { en: 'Reserva provada', 'pt-BR': 'Reserva provada', filing: 'Proven reserve (CBRR)' },
    reservaProvavel: { en: 'Reserva provável', 'pt-BR': 'Reserva provável', filing: 'Probable reserve (CBRR)' },
    reservaTotal: { en: 'Reserva total', 'pt-BR': 'Reserva total', filing: 'Total reserve (CBRR)' },
  },
  estimateKind: {
    resource: { en: 'Resource', 'pt-BR': 'Recurso', filing: 'Mineral resource' },
    reserve: { en: 'Reserve', 'pt-BR': 'Reserva', filing: 'Mineral reserve' },
  },
  changeCause: {
    depletion: { en: 'Depletion', 'pt-BR': 'Exaustão', filing: 'depletion' },
    price: { en: 'Price', 'pt-BR': 'Preço', filing: 'price' },
    cost: { en: 'Costs', 'pt-BR': 'Custos', filing: 'costs' },
    drilling: { en: 'New drilling', 'pt-BR': 'Novas sondagens', filing: 'new drilling' },
    reclassification: { en: 'Reclassification', 'pt-BR': 'Reclassificação', filing: 'reclassification' },
    model: { en: 'Model update', 'pt-BR': 'Atualização do modelo', filing: 'model update' },
    acquisition: { en: 'Acquisition', 'pt-BR': 'Aquisição', filing: 'acquisition' },
    disposal: { en: 'Disposal', 'pt-BR': 'Alienação', filing: 'disposal' },
    other: { en: 'Other', 'pt-BR': 'Outra', filing: 'other' },
  },
  costPhase: {
    initial: { en: 'Initial', 'pt-BR': 'Inicial' },
    sustaining: { en: 'Sustaining', 'pt-BR': 'Sustentação' },
    closure: { en: 'Closure', 'pt-BR': 'Fechamento' },
    operating: { en: 'Operating', 'pt-BR': 'Operação' },
  },
  taxBasis: {
    preTax: { en: 'Pre-tax', 'pt-BR': 'Antes de impostos', filing: 'before tax' },
    afterTax: { en: 'After tax', 'pt-BR': 'Após impostos', filing: 'after tax' },
  },
  sensitivityVariable: {
    price: { en: 'Price', 'pt-BR': 'Preço', filing: 'Commodity price' },
    grade: { en: 'Grade', 'pt-BR': 'Teor', filing: 'Head grade' },
    recovery: { en: 'Recovery', 'pt-BR': 'Recuperação', filing: 'Metallurgical recovery' },
    capex: { en: 'Capital costs', 'pt-BR': 'Custos de capital' },
    opex: { en: 'Operating costs', 'pt-BR': 'Custos operacionais' },
    exchangeRate: { en: 'Exchange rate', 'pt-BR': 'Câmbio' },
    discountRate: { en: 'Discount rate', 'pt-BR': 'Taxa de desconto' },
    other: { en: 'Other', 'pt-BR': 'Outra' },
  },
  licenceType: {
    LP: { en: 'LP (preliminary licence)', 'pt-BR': 'LP (licença prévia)', filing: 'Preliminary licence (LP)' },
    LI: { en: 'LI (installation licence)', 'pt-BR': 'LI (licença de instalação)', filing: 'Installation licence (LI)' },
    LO: { en: 'LO (operating licence)', 'pt-BR': 'LO (licença de operação)', filing: 'Operating licence (LO)' },
    LAU: { en: 'LAU (single environmental licence)', 'pt-BR': 'LAU (licença ambiental única)', filing: 'Single environmental licence (LAU)' },
    LAS: { en: 'LAS (simplified environmental licence)', 'pt-BR': 'LAS (licença ambiental simplificada)', filing: 'Simplified environmental licence (LAS)' },
    other: { en: 'Other instrument', 'pt-BR': 'Outro instrumento' },
  },
  res94Declaration: {
    notPlanned: { en: 'Not planned', 'pt-BR': 'Não prevista' },
    planned: { en: 'Planned', 'pt-BR': 'Prevista' },
    filed: { en: 'Filed', 'pt-BR': 'Apresentada', filing: 'Filed with ANM' },
  },
  referenceKind: {
    publication: { en: 'Publication', 'pt-BR': 'Publicação' },
    report: { en: 'Report', 'pt-BR': 'Relatório' },
    dataset: { en: 'Dataset', 'pt-BR': 'Conjunto de dados' },
    website: { en: 'Website', 'pt-BR': 'Site' },
    officialFact: { en: 'Official fact', 'pt-BR': 'Dado oficial', filing: 'Official record' },
    other: { en: 'Other', 'pt-BR': 'Outra' },
  },
  officialRecordType: {
    anmProcess: { en: 'ANM mining process', 'pt-BR': 'Processo minerário ANM' },
    ibamaEmbargo: { en: 'IBAMA embargo', 'pt-BR': 'Embargo IBAMA' },
    ibamaLicence: { en: 'IBAMA licence', 'pt-BR': 'Licença IBAMA' },
    anpBlock: { en: 'ANP exploration block', 'pt-BR': 'Bloco exploratório ANP' },
    anpField: { en: 'ANP production field', 'pt-BR': 'Campo de produção ANP' },
    anpWell: { en: 'ANP well', 'pt-BR': 'Poço ANP' },
    sgbOccurrence: { en: 'SGB mineral occurrence', 'pt-BR': 'Ocorrência mineral SGB' },
    sgbUnit: { en: 'SGB geological unit', 'pt-BR': 'Unidade geológica SGB' },
    other: { en: 'Other official record', 'pt-BR': 'Outro registro oficial' },
  },
};

/** What a filing (EX-96, EX-23, PDF, DOCX) prints for a coded value. */
export function filingLabel<G extends CodeGroup>(group: G, value: CodeValue<G>): string {
  const label = (CODE_LABELS[group] as Labels<string>)[value];
  return label ? (label.filing ?? label.en) : String(value);
}

/** What the window shows for a coded value, in the interface language. */
export function codeLabel<G extends CodeGroup>(group: G, value: CodeValue<G>, language: CodeLanguage): string {
  const label = (CODE_LABELS[group] as Labels<string>)[value];
  return label ? label[language] : String(value);
}

/** `{ value: label }` of one group in one language, for the i18n message files. */
export function codeMessages(group: CodeGroup, language: CodeLanguage): Record<string, string> {
  return Object.fromEntries(Object.entries(CODE_LABELS[group] as Labels<string>).map(([value, label]) => [value, label[language]]));
}
