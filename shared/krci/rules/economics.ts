import type { CostEstimate, StudyType, TrsReport } from '../../trs/model';
import { irr, npv } from '../../trs/units';
import { NOT_APPLICABLE, type FindingDraft } from '../types';
import { readContractDisclosed, readInferredTooSpeculative, readNoDemonstratedViability } from '../statements';
import type { WordingVerdict } from '../wording';
import { bilingual, formatNumber } from './wording-format';
import { bodyText, economicsRequired, filled, isPfsOrFs, roundingHalfUnit, rule, sectionOf, text, type TrsRule } from './helpers';

/** Table 1 to §229.1302(d) as commonly cited (sk1300.md §2.5, [R]): ± accuracy and maximum contingency. */
export const STUDY_COST_LIMITS: Readonly<Record<StudyType, { accuracyPercent: number; maxContingencyPercent: number; label: string }>> = {
  initialAssessment: { accuracyPercent: 50, maxContingencyPercent: 25, label: 'IA' },
  preFeasibility: { accuracyPercent: 25, maxContingencyPercent: 15, label: 'PFS' },
  feasibility: { accuracyPercent: 15, maxContingencyPercent: 10, label: 'FS' },
};

const SECTION_19 = 'Item 601(b)(96)(iii)(B)(19)';
/** How amounts stated in thousands or millions are written after the figure (en, pt-BR). */
const SCALE_SUFFIX: Record<1 | 1000 | 1000000, [string, string]> = { 1: ['', ''], 1000: [' thousand', ' mil'], 1000000: [' million', ' milhões'] };

function netFlows(report: TrsReport): number[] | undefined {
  const ea = report.economicAnalysis;
  if (!ea || ea.cashFlow.length < 2) return undefined;
  const flows = ea.cashFlow.map((r) => r.netCashFlow);
  return flows.every((f): f is number => f !== null) ? flows : undefined;
}

function allPrices(report: TrsReport) {
  return [
    ...report.mineralResources.flatMap((t, ti) =>
      t.prices.map((p, pi) => ({ p, path: `mineralResources.${ti}.prices.${pi}`, table: t.title || `#${ti + 1}` })),
    ),
    ...report.mineralReserves.flatMap((t, ti) => t.prices.map((p, pi) => ({ p, path: `mineralReserves.${ti}.prices.${pi}`, table: t.title || `#${ti + 1}` }))),
  ];
}

/** Where the IA's cautionary statements may stand: their field, or the text of section 19. */
function statementTexts(report: TrsReport): string[] {
  const out = [report.economicAnalysis?.cautionaryStatement ?? ''];
  const s19 = sectionOf(report, 19);
  if (s19 && s19.status !== 'notApplicable') out.push(bodyText(s19.body));
  return out;
}

const VERDICT_TEXT: Record<Exclude<WordingVerdict, 'stated'>, { en: string; pt: string }> = {
  missing: { en: 'is missing', pt: 'está ausente' },
  weakened: { en: 'is weakened (hedged, or limited to some of the resources)', pt: 'está enfraquecida (com ressalva ou limitada a parte dos recursos)' },
  contradicted: { en: 'is contradicted by another sentence', pt: 'é contradita por outra frase' },
};
function verdictParams(v: Exclude<WordingVerdict, 'stated'>) {
  return { problem: VERDICT_TEXT[v].en, problemPt: VERDICT_TEXT[v].pt, verdict: v };
}

function costRule(which: 'capitalCosts' | 'operatingCosts', en: string, pt: string): TrsRule {
  return rule({
    id: which === 'capitalCosts' ? 'costs.capital-estimate' : 'costs.operating-estimate',
    category: 'costs',
    severity: 'high',
    citation: 'Item 601(b)(96)(iii)(B)(18)',
    citationVerified: false,
    section: 18,
    path: which,
    reads: [which, 'metadata.studyType', 'mineralReserves'],
    text: text(
      `The report is a PFS/FS or discloses reserves, but has no ${en} estimate with its major components.`,
      `Enter the ${en} estimate with its major components, in a table.`,
      `O relatório é um PFS/FS ou declara reservas, mas não tem estimativa de ${pt} com seus principais componentes.`,
      `Informe a estimativa de ${pt} com seus principais componentes, em tabela.`,
    ),
    check(report) {
      if (!economicsRequired(report)) return NOT_APPLICABLE;
      const est = report[which];
      return est && est.items.some((i) => i.amount !== null) ? [] : [{ path: which }];
    },
  });
}

function estimates(report: TrsReport): Array<{ est: CostEstimate; key: 'capitalCosts' | 'operatingCosts'; en: string; pt: string }> {
  const out: Array<{ est: CostEstimate; key: 'capitalCosts' | 'operatingCosts'; en: string; pt: string }> = [];
  if (report.capitalCosts) out.push({ est: report.capitalCosts, key: 'capitalCosts', en: 'capital', pt: 'capital' });
  if (report.operatingCosts) out.push({ est: report.operatingCosts, key: 'operatingCosts', en: 'operating', pt: 'operacional' });
  return out;
}

export const economicsRules: TrsRule[] = [
  rule({
    id: 'economics.analysis-present',
    category: 'economics',
    severity: 'high',
    citation: `${SECTION_19}; 17 CFR 229.1300 (economically viable)`,
    citationVerified: true,
    section: 19,
    path: 'economicAnalysis',
    reads: ['economicAnalysis', 'metadata.studyType', 'mineralReserves'],
    text: text(
      'The report is a PFS/FS or discloses reserves but has no economic analysis. Economic viability is shown by a discounted cash-flow analysis.',
      'Add the economic analysis: assumptions, annual cash flow, NPV, IRR, payback and sensitivity.',
      'O relatório é um PFS/FS ou declara reservas, mas não tem análise econômica. A viabilidade econômica é demonstrada por fluxo de caixa descontado.',
      'Inclua a análise econômica: premissas, fluxo de caixa anual, VPL, TIR, payback e sensibilidade.',
    ),
    check: (report) => (!economicsRequired(report) ? NOT_APPLICABLE : report.economicAnalysis ? [] : [{ path: 'economicAnalysis' }]),
  }),
  rule({
    id: 'economics.annual-cash-flow',
    category: 'economics',
    severity: 'high',
    citation: `${SECTION_19}(ii)`,
    citationVerified: true,
    section: 19,
    path: 'economicAnalysis.cashFlow',
    reads: ['economicAnalysis'],
    text: text(
      'The economic analysis has no complete annual cash-flow forecast ({{problem}}).',
      'Give one row per year of the life of the project, each with its net cash flow.',
      'A análise econômica não tem previsão de fluxo de caixa anual completa ({{problemPt}}).',
      'Informe uma linha por ano da vida do projeto, cada uma com seu fluxo de caixa líquido.',
    ),
    check(report) {
      const ea = report.economicAnalysis;
      if (!ea) return NOT_APPLICABLE;
      if (ea.cashFlow.length < 2) return [{ path: 'economicAnalysis.cashFlow', params: { problem: 'fewer than two years', problemPt: 'menos de dois anos' } }];
      const out: FindingDraft[] = [];
      for (let i = 1; i < ea.cashFlow.length; i++) {
        if (ea.cashFlow[i]!.year !== ea.cashFlow[i - 1]!.year + 1) {
          out.push({
            path: `economicAnalysis.cashFlow.${i}.year`,
            params: {
              problem: `year ${ea.cashFlow[i]!.year} does not follow ${ea.cashFlow[i - 1]!.year}`,
              problemPt: `o ano ${ea.cashFlow[i]!.year} não segue ${ea.cashFlow[i - 1]!.year}`,
            },
          });
          break;
        }
      }
      const missing = ea.cashFlow.findIndex((r) => r.netCashFlow === null);
      if (missing >= 0)
        out.push({
          path: `economicAnalysis.cashFlow.${missing}.netCashFlow`,
          params: {
            problem: `year ${ea.cashFlow[missing]!.year} has no net cash flow`,
            problemPt: `o ano ${ea.cashFlow[missing]!.year} não tem fluxo líquido`,
          },
        });
      return out;
    },
  }),
  rule({
    id: 'economics.npv',
    category: 'economics',
    severity: 'high',
    citation: `${SECTION_19}(ii)`,
    citationVerified: true,
    section: 19,
    path: 'economicAnalysis.npv',
    reads: ['economicAnalysis'],
    text: text(
      'The economic analysis does not state the NPV and its discount rate.',
      'Give the net present value and the discount rate used.',
      'A análise econômica não informa o VPL e a taxa de desconto.',
      'Informe o valor presente líquido e a taxa de desconto utilizada.',
    ),
    check(report) {
      const ea = report.economicAnalysis;
      if (!ea) return NOT_APPLICABLE;
      if (ea.npv === null) return [{ path: 'economicAnalysis.npv' }];
      return ea.discountRatePercent === null ? [{ path: 'economicAnalysis.discountRatePercent' }] : [];
    },
  }),
  rule({
    id: 'economics.irr',
    category: 'economics',
    severity: 'high',
    citation: `${SECTION_19}(ii)`,
    citationVerified: true,
    section: 19,
    path: 'economicAnalysis.irrPercent',
    reads: ['economicAnalysis'],
    text: text(
      'The economic analysis does not state the IRR.',
      'Give the internal rate of return (or say why none exists, e.g. the cash flows never turn positive).',
      'A análise econômica não informa a TIR.',
      'Informe a taxa interna de retorno (ou explique por que não existe).',
    ),
    check(report) {
      const ea = report.economicAnalysis;
      if (!ea) return NOT_APPLICABLE;
      const flows = netFlows(report);
      // No IRR exists when the undiscounted cash flows never pay back; the rule then does not apply.
      if (ea.irrPercent === null && flows && flows.reduce((a, b) => a + b, 0) <= 0) return NOT_APPLICABLE;
      return ea.irrPercent === null ? [{ path: 'economicAnalysis.irrPercent' }] : [];
    },
  }),
  rule({
    id: 'economics.payback',
    category: 'economics',
    severity: 'high',
    citation: `${SECTION_19}(ii)`,
    citationVerified: true,
    section: 19,
    path: 'economicAnalysis.paybackYears',
    reads: ['economicAnalysis'],
    text: text(
      'The economic analysis does not state the payback period.',
      'Give the payback period in years.',
      'A análise econômica não informa o prazo de retorno (payback).',
      'Informe o prazo de retorno em anos.',
    ),
    check(report) {
      const ea = report.economicAnalysis;
      if (!ea) return NOT_APPLICABLE;
      const flows = netFlows(report);
      if (ea.paybackYears === null && flows && flows.reduce((a, b) => a + b, 0) <= 0) return NOT_APPLICABLE;
      return ea.paybackYears === null ? [{ path: 'economicAnalysis.paybackYears' }] : [];
    },
  }),
  rule({
    id: 'economics.sensitivity',
    category: 'economics',
    severity: 'high',
    citation: `${SECTION_19}(iii)`,
    citationVerified: true,
    section: 19,
    path: 'economicAnalysis.sensitivity',
    reads: ['economicAnalysis'],
    text: text(
      'The sensitivity analysis does not cover: {{missing}}.',
      'Show NPV (and IRR) sensitivity to price, grade or recovery, capital cost and operating cost.',
      'A análise de sensibilidade não cobre: {{missingPt}}.',
      'Mostre a sensibilidade do VPL (e da TIR) a preço, teor ou recuperação, custo de capital e custo operacional.',
    ),
    check(report) {
      const ea = report.economicAnalysis;
      if (!ea) return NOT_APPLICABLE;
      const vars = new Set(ea.sensitivity.filter((s) => s.npv !== null).map((s) => s.variable));
      const missing: Array<[string, string]> = [];
      if (!vars.has('price')) missing.push(['price', 'preço']);
      if (!vars.has('grade') && !vars.has('recovery')) missing.push(['grade or recovery', 'teor ou recuperação']);
      if (!vars.has('capex')) missing.push(['capital cost', 'custo de capital']);
      if (!vars.has('opex')) missing.push(['operating cost', 'custo operacional']);
      return missing.length === 0
        ? []
        : [{ path: 'economicAnalysis.sensitivity', params: { missing: missing.map((m) => m[0]).join(', '), missingPt: missing.map((m) => m[1]).join(', ') } }];
    },
  }),
  rule({
    id: 'economics.npv-consistent',
    category: 'economics',
    severity: 'medium',
    citation: 'Arithmetic consistency of the stated result with the annual cash flows of Item 601(b)(96)(iii)(B)(19)(ii)',
    basis: 'convention',
    citationVerified: false,
    section: 19,
    path: 'economicAnalysis.npv',
    reads: ['economicAnalysis'],
    text: text(
      'The stated NPV {{stated}} does not match the annual net cash flows discounted at {{rate}} %, which give {{computed}}.',
      'Recompute the NPV from the cash-flow table ({{computed}} at {{rate}} %), or correct the cash flows or the discount rate.',
      'O VPL informado {{statedPt}} não corresponde aos fluxos líquidos anuais descontados a {{ratePt}} %, que dão {{computedPt}}.',
      'Recalcule o VPL a partir da tabela de fluxo de caixa ({{computedPt}} a {{ratePt}} %) ou corrija os fluxos ou a taxa de desconto.',
    ),
    check(report) {
      const ea = report.economicAnalysis;
      const flows = netFlows(report);
      if (!ea || !flows || ea.npv === null || ea.discountRatePercent === null) return NOT_APPLICABLE;
      const rate = ea.discountRatePercent;
      // End-of-year, mid-year and start-of-year discounting are all in use; accept any of them.
      const candidates = [1, 0.5, 0].map((first) => npv(rate, flows, first));
      const allowed = Math.max(Math.abs(ea.npv) * 0.02, roundingHalfUnit(ea.npv));
      const npvStated = ea.npv;
      if (candidates.some((c) => Math.abs(c - npvStated) <= allowed)) return [];
      const stated = ea.npv;
      const computed = candidates[0]!;
      const scale = SCALE_SUFFIX[ea.amountScale];
      return [
        {
          path: 'economicAnalysis.npv',
          params: {
            ...bilingual('stated', (lang) => `${ea.currency} ${formatNumber(stated, lang)}${scale[lang === 'en' ? 0 : 1]}`),
            ...bilingual('rate', (lang) => formatNumber(rate, lang)),
            ...bilingual('computed', (lang) => `${ea.currency} ${formatNumber(computed, lang, 5)}${scale[lang === 'en' ? 0 : 1]}`),
          },
        },
      ];
    },
  }),
  rule({
    id: 'economics.irr-consistent',
    category: 'economics',
    severity: 'medium',
    citation: 'Arithmetic consistency of the stated result with the annual cash flows of Item 601(b)(96)(iii)(B)(19)(ii)',
    basis: 'convention',
    citationVerified: false,
    section: 19,
    path: 'economicAnalysis.irrPercent',
    reads: ['economicAnalysis'],
    text: text(
      'The stated IRR {{stated}} % does not match the annual net cash flows, which give an IRR of {{computed}} %.',
      'Recompute the IRR from the cash-flow table ({{computed}} %), or correct the cash flows.',
      'A TIR informada {{statedPt}} % não corresponde aos fluxos líquidos anuais, que dão TIR de {{computedPt}} %.',
      'Recalcule a TIR a partir da tabela de fluxo de caixa ({{computedPt}} %) ou corrija os fluxos.',
    ),
    check(report) {
      const ea = report.economicAnalysis;
      const flows = netFlows(report);
      if (!ea || !flows || ea.irrPercent === null) return NOT_APPLICABLE;
      const computed = irr(flows);
      const stated = ea.irrPercent;
      const params = (c: number | null) => ({
        ...bilingual('stated', (lang) => formatNumber(stated, lang)),
        ...bilingual('computed', (lang) => (c === null ? '—' : formatNumber(Number(c.toFixed(1)), lang))),
      });
      if (computed === null) return [{ path: 'economicAnalysis.irrPercent', params: params(null) }];
      return Math.abs(computed - stated) <= 1 ? [] : [{ path: 'economicAnalysis.irrPercent', params: params(computed) }];
    },
  }),
  rule({
    id: 'economics.no-inferred-in-pfs-fs',
    category: 'economics',
    severity: 'critical',
    citation: '17 CFR 229.1302(d)(4); 17 CFR 229.1300 (inferred mineral resource; preliminary feasibility study; feasibility study)',
    citationVerified: true,
    section: 19,
    path: 'economicAnalysis.includesInferred',
    reads: ['economicAnalysis', 'metadata.studyType'],
    text: text(
      'The economic analysis of a PFS/FS includes inferred resources. Economic viability supporting reserves must exclude inferred material.',
      'Remove inferred material from the cash flow (it may stay in the mine plan as waste).',
      'A análise econômica de um PFS/FS inclui recursos inferidos. A viabilidade econômica que sustenta reservas deve excluir material inferido.',
      'Retire o material inferido do fluxo de caixa (ele pode permanecer no plano de lavra como estéril).',
    ),
    check(report) {
      const ea = report.economicAnalysis;
      if (!ea || !isPfsOrFs(report)) return NOT_APPLICABLE;
      return ea.includesInferred ? [{ path: 'economicAnalysis.includesInferred' }] : [];
    },
  }),
  rule({
    id: 'economics.ia-cautionary-statement',
    category: 'economics',
    severity: 'critical',
    citation: `${SECTION_19}(iv)`,
    citationVerified: true,
    section: 19,
    path: 'economicAnalysis.cautionaryStatement',
    reads: ['economicAnalysis', 'metadata.studyType', 'sections.18'],
    text: text(
      'This initial assessment includes an economic analysis, but the equal-prominence statement that mineral resources have no demonstrated economic viability {{problem}} (cautionary statement field and section 19 text read).',
      'State plainly, with the same prominence as the results, that mineral resources that are not mineral reserves do not have demonstrated economic viability — without "may" or "some", and with no sentence claiming the opposite.',
      'Este estudo conceitual (IA) inclui análise econômica, mas a declaração, com igual destaque, de que recursos minerais não têm viabilidade econômica demonstrada {{problemPt}} (lidos o campo da advertência e o texto da seção 19).',
      'Declare claramente, com o mesmo destaque dos resultados, que recursos minerais que não são reservas não têm viabilidade econômica demonstrada — sem "pode" ou "alguns", e sem frase que afirme o contrário.',
    ),
    check(report) {
      const ea = report.economicAnalysis;
      if (!ea || report.metadata.studyType !== 'initialAssessment') return NOT_APPLICABLE;
      const verdict = readNoDemonstratedViability(statementTexts(report));
      return verdict === 'stated' ? [] : [{ path: 'economicAnalysis.cautionaryStatement', params: verdictParams(verdict) }];
    },
  }),
  rule({
    id: 'economics.ia-inferred-caveat',
    category: 'economics',
    severity: 'high',
    citation: '17 CFR 229.1302(d)(4)(ii)',
    citationVerified: false,
    section: 19,
    path: 'economicAnalysis.cautionaryStatement',
    reads: ['economicAnalysis', 'metadata.studyType', 'sections.18'],
    text: text(
      "The initial assessment's economics include inferred resources, but the statement that they are too speculative geologically to have modifying factors applied {{problem}}.",
      'Add, with equal prominence, that inferred resources are too speculative geologically to be categorized as reserves and that the economic assessment may not be realized.',
      'A economia do estudo conceitual inclui recursos inferidos, mas a declaração de que são especulativos demais para aplicação de fatores modificadores {{problemPt}}.',
      'Declare, com igual destaque, que recursos inferidos são especulativos demais do ponto de vista geológico para serem classificados como reservas e que a avaliação econômica pode não se realizar.',
    ),
    check(report) {
      const ea = report.economicAnalysis;
      if (!ea || report.metadata.studyType !== 'initialAssessment' || !ea.includesInferred) return NOT_APPLICABLE;
      const verdict = readInferredTooSpeculative(statementTexts(report));
      return verdict === 'stated' ? [] : [{ path: 'economicAnalysis.cautionaryStatement', params: verdictParams(verdict) }];
    },
  }),
  rule({
    id: 'economics.price-justified',
    category: 'economics',
    severity: 'high',
    citation: 'Item 601(b)(96)(iii)(B)(11)(iii); 17 CFR 229.1300 (investment and market assumptions)',
    citationVerified: true,
    section: 11,
    path: 'mineralResources',
    reads: ['mineralResources', 'mineralReserves'],
    text: text(
      'The {{commodity}} price in "{{table}}" is not justified with its time frame.',
      'Explain with particularity why the price was chosen and the period it rests on (e.g. "3-year trailing average to 30 Jun 2025, consensus …").',
      'O preço de {{commodity}} em "{{table}}" não está justificado com o período de referência.',
      'Explique com detalhe a escolha do preço e o período em que se baseia (ex.: "média móvel de 3 anos até 30/06/2025, consenso …").',
    ),
    check(report) {
      const prices = allPrices(report);
      if (prices.length === 0) return NOT_APPLICABLE;
      return prices
        .filter(({ p }) => !filled(p.timeFrame) || !filled(p.justification, 20))
        .map(({ p, path, table }) => ({ path: `${path}.${filled(p.timeFrame) ? 'justification' : 'timeFrame'}`, params: { commodity: p.commodity, table } }));
    },
  }),
  rule({
    id: 'economics.contract-price-disclosed',
    category: 'economics',
    severity: 'low',
    citation: 'Item 601(b)(96)(iii)(B)(11)(iii)',
    citationVerified: true,
    section: 11,
    path: 'mineralResources',
    reads: ['mineralResources', 'mineralReserves'],
    text: text(
      'The {{commodity}} price in "{{table}}" is a contract price but the justification does not say so (the disclosure {{problem}}).',
      'A contract price is allowed if reasonable: disclose it as contractual and name the contract.',
      'O preço de {{commodity}} em "{{table}}" é contratual, mas a justificativa não o informa (a divulgação {{problemPt}}).',
      'Preço contratual é permitido se razoável: divulgue-o como contratual e identifique o contrato.',
    ),
    check(report) {
      const contract = allPrices(report).filter(({ p }) => p.basis === 'contract');
      if (contract.length === 0) return NOT_APPLICABLE;
      return contract
        .map((c) => ({ c, verdict: readContractDisclosed([c.p.justification]) }))
        .filter(({ verdict }) => verdict !== 'stated')
        .map(({ c: { p, path, table }, verdict }) => ({
          path: `${path}.justification`,
          params: { commodity: p.commodity, table, ...verdictParams(verdict as Exclude<WordingVerdict, 'stated'>) },
        }));
    },
  }),
  rule({
    id: 'economics.exchange-rate',
    category: 'economics',
    severity: 'medium',
    citation: `${SECTION_19}(i)`,
    citationVerified: true,
    section: 19,
    path: 'economicAnalysis.exchangeRates',
    reads: ['economicAnalysis', 'capitalCosts', 'operatingCosts'],
    text: text(
      'Costs are estimated in {{from}} but the economic analysis is in {{to}} and states no {{from}}/{{to}} exchange rate.',
      'State the exchange rate(s) assumed.',
      'Os custos estão em {{from}}, mas a análise econômica está em {{to}} e não informa a taxa de câmbio {{from}}/{{to}}.',
      'Informe a(s) taxa(s) de câmbio adotada(s).',
    ),
    check(report) {
      const ea = report.economicAnalysis;
      if (!ea) return NOT_APPLICABLE;
      const currencies = new Set(
        estimates(report)
          .map((e) => e.est.currency)
          .filter((c) => c !== ea.currency),
      );
      if (currencies.size === 0) return NOT_APPLICABLE;
      const out: FindingDraft[] = [];
      for (const c of currencies) {
        const has = ea.exchangeRates.some((r) => r.pair === `${c}/${ea.currency}` || r.pair === `${ea.currency}/${c}`);
        if (!has) out.push({ path: 'economicAnalysis.exchangeRates', params: { from: c, to: ea.currency } });
      }
      return out;
    },
  }),
];

export const costRules: TrsRule[] = [
  costRule('capitalCosts', 'capital cost', 'custo de capital'),
  costRule('operatingCosts', 'operating cost', 'custo operacional'),
  rule({
    id: 'costs.accuracy',
    category: 'costs',
    severity: 'high',
    citation: '17 CFR 229.1302(d), Table 1',
    citationVerified: false,
    section: 18,
    path: 'capitalCosts.accuracyPercent',
    reads: ['capitalCosts', 'operatingCosts', 'metadata.studyType'],
    text: text(
      'The {{which}} cost accuracy {{stated}} is not consistent with a {{study}} (at most ±{{limit}} %).',
      'State the accuracy of the estimate; it must be within ±{{limit}} % for a {{study}}, or the study type is wrong.',
      'A precisão do custo {{whichPt}} {{statedPt}} não é compatível com um {{study}} (no máximo ±{{limit}} %).',
      'Informe a precisão da estimativa; ela deve estar dentro de ±{{limit}} % para um {{study}}, ou o tipo de estudo está errado.',
    ),
    check(report) {
      const ests = estimates(report);
      if (ests.length === 0) return NOT_APPLICABLE;
      const limits = STUDY_COST_LIMITS[report.metadata.studyType];
      return ests
        .filter(({ est }) => est.accuracyPercent === null || est.accuracyPercent > limits.accuracyPercent)
        .map(({ est, key, en, pt }) => ({
          path: `${key}.accuracyPercent`,
          params: {
            which: en,
            whichPt: pt,
            stated: est.accuracyPercent === null ? 'not stated' : `±${est.accuracyPercent} %`,
            statedPt: est.accuracyPercent === null ? 'não informada' : `±${est.accuracyPercent} %`,
            study: limits.label,
            limit: limits.accuracyPercent,
          },
        }));
    },
  }),
  rule({
    id: 'costs.contingency',
    category: 'costs',
    severity: 'high',
    citation: '17 CFR 229.1302(d), Table 1',
    citationVerified: false,
    section: 18,
    path: 'capitalCosts.contingencyPercent',
    reads: ['capitalCosts', 'operatingCosts', 'metadata.studyType'],
    text: text(
      'The {{which}} cost contingency {{stated}} is not consistent with a {{study}} (at most {{limit}} %).',
      'State the contingency; it must not exceed {{limit}} % for a {{study}}.',
      'A contingência do custo {{whichPt}} {{statedPt}} não é compatível com um {{study}} (no máximo {{limit}} %).',
      'Informe a contingência; ela não pode exceder {{limit}} % para um {{study}}.',
    ),
    check(report) {
      const ests = estimates(report);
      if (ests.length === 0) return NOT_APPLICABLE;
      const limits = STUDY_COST_LIMITS[report.metadata.studyType];
      return ests
        .filter(({ est }) => est.contingencyPercent === null || est.contingencyPercent > limits.maxContingencyPercent)
        .map(({ est, key, en, pt }) => ({
          path: `${key}.contingencyPercent`,
          params: {
            which: en,
            whichPt: pt,
            stated: est.contingencyPercent === null ? 'not stated' : `${est.contingencyPercent} %`,
            statedPt: est.contingencyPercent === null ? 'não informada' : `${est.contingencyPercent} %`,
            study: limits.label,
            limit: limits.maxContingencyPercent,
          },
        }));
    },
  }),
  rule({
    id: 'costs.basis-date',
    category: 'costs',
    severity: 'low',
    citation: 'Item 601(b)(96)(iii)(B)(18)',
    citationVerified: false,
    section: 18,
    path: 'capitalCosts.basisDate',
    reads: ['capitalCosts', 'operatingCosts'],
    text: text(
      'The {{which}} cost estimate has no base date (price level).',
      'Give the date of the price level of the estimate.',
      'A estimativa de custo {{whichPt}} não tem data-base (nível de preços).',
      'Informe a data-base de preços da estimativa.',
    ),
    check(report) {
      const ests = estimates(report);
      if (ests.length === 0) return NOT_APPLICABLE;
      return ests.filter(({ est }) => !est.basisDate).map(({ key, en, pt }) => ({ path: `${key}.basisDate`, params: { which: en, whichPt: pt } }));
    },
  }),
];
