import { booleanIntersects } from '@turf/boolean-intersects';
import { canonicalAnmProcessNumber } from '../../brazil/identifiers';
import type { TrsReport } from '../../trs/model';
import type { AnmProcess } from '../../official/records';
import { NOT_APPLICABLE, type CheckContext, type FindingDraft } from '../types';
import { fold, hasReserves, rule, text, type TrsRule } from './helpers';
import { sameHolder } from './brazil';

/**
 * Cross-checks against official data (ANM SIGMINE / Cadastro Mineiro, IBAMA embargoes). They run
 * only when the caller supplies the data in the context; otherwise they do not apply.
 */

/** SIGMINE FASE values (regulators.md) that precede any authorised exploration: no data can support reserves. */
export const PRE_AUTHORISATION_PHASES = new Set(['REQUERIMENTO DE PESQUISA', 'DISPONIBILIDADE', 'APTO PARA DISPONIBILIDADE', 'RECONHECIMENTO GEOLOGICO', 'DADO NAO CADASTRADO']);
/** Phases under which extraction is titled: a production-stage property needs one of them. */
export const EXTRACTION_PHASES = new Set(['CONCESSAO DE LAVRA', 'LICENCIAMENTO', 'LAVRA GARIMPEIRA', 'REGISTRO DE EXTRACAO']);

export function normalizePhase(phase: string): string {
  return fold(phase).toUpperCase().replace(/\s+/g, ' ').trim();
}

/** The report's ANM process that the official record describes, or undefined. */
function matchProcess(report: TrsReport, record: AnmProcess) {
  const key = canonicalAnmProcessNumber(record.process) ?? record.process;
  const list = report.brazil?.anmProcesses ?? [];
  const index = list.findIndex((p) => (canonicalAnmProcessNumber(p.processNumber) ?? p.processNumber) === key);
  return index < 0 ? undefined : { process: list[index]!, index, key };
}

function anm(context: CheckContext): AnmProcess | undefined {
  return context.official?.anmProcess?.record;
}

const READS_ANM = ['brazil', 'metadata.propertyStage', 'metadata.commodities', 'mineralReserves'] as const;

export const officialRules: TrsRule[] = [
  rule({
    id: 'official.anm-holder',
    category: 'official-data',
    severity: 'high',
    citation: 'Item 601(b)(96)(iii)(B)(3); ANM SIGMINE (NOME)',
    citationVerified: false,
    flag: 'BRAZILIAN_FIELDS',
    path: 'brazil.anmProcesses',
    reads: ['brazil'],
    contextReads: ['anmProcess'],
    text: text(
      'ANM lists "{{official}}" as holder of process {{number}}; the report says "{{stated}}".',
      'Correct the holder, or explain the title situation (assignment pending at ANM, option agreement).',
      'A ANM registra "{{official}}" como titular do processo {{number}}; o relatório informa "{{stated}}".',
      'Corrija o titular ou explique a situação do título (cessão pendente na ANM, contrato de opção).',
    ),
    check(report, context) {
      const rec = anm(context);
      const m = rec && matchProcess(report, rec);
      if (!rec || !m) return NOT_APPLICABLE;
      const stated = m.process.holderName || report.brazil?.holderName || '';
      return sameHolder(stated, rec.holder) ? [] : [{ path: `brazil.anmProcesses.${m.index}.holderName`, params: { official: rec.holder, number: m.key, stated } }];
    },
  }),
  rule({
    id: 'official.anm-phase',
    category: 'official-data',
    severity: 'medium',
    citation: 'Item 601(b)(96)(iii)(B)(3); ANM SIGMINE (FASE)',
    citationVerified: false,
    flag: 'BRAZILIAN_FIELDS',
    path: 'brazil.anmProcesses',
    reads: ['brazil'],
    contextReads: ['anmProcess'],
    text: text(
      'ANM lists process {{number}} in phase "{{official}}"; the report says "{{stated}}".',
      'Update the phase from the ANM record (and the title discussion in section 3).',
      'A ANM registra o processo {{number}} na fase "{{official}}"; o relatório informa "{{stated}}".',
      'Atualize a fase conforme o registro da ANM (e a discussão do título na seção 3).',
    ),
    check(report, context) {
      const rec = anm(context);
      const m = rec && matchProcess(report, rec);
      if (!rec || !m) return NOT_APPLICABLE;
      return normalizePhase(m.process.phase) === normalizePhase(rec.phase)
        ? []
        : [{ path: `brazil.anmProcesses.${m.index}.phase`, params: { number: m.key, official: rec.phase, stated: m.process.phase } }];
    },
  }),
  rule({
    id: 'official.anm-substance',
    category: 'official-data',
    severity: 'medium',
    citation: 'Item 601(b)(96)(iii)(B)(3); ANM SIGMINE (SUBS)',
    citationVerified: false,
    flag: 'BRAZILIAN_FIELDS',
    path: 'brazil.anmProcesses',
    reads: ['brazil', 'metadata.commodities'],
    contextReads: ['anmProcess'],
    text: text(
      'ANM lists process {{number}} for {{official}}; the report gives "{{stated}}".',
      'The title must cover the substance reported: check the ANM substance or apply for its inclusion.',
      'A ANM registra o processo {{number}} para {{official}}; o relatório informa "{{stated}}".',
      'O título deve abranger a substância informada: confira a substância na ANM ou requeira sua inclusão.',
    ),
    check(report, context) {
      const rec = anm(context);
      const m = rec && matchProcess(report, rec);
      if (!rec || !m || rec.substances.length === 0) return NOT_APPLICABLE;
      const official = rec.substances.map((s) => fold(s));
      const stated = fold(m.process.substance);
      // "MINÉRIO DE OURO" vs "Minério de ouro" / "ouro": match when either contains the other.
      const ok = stated !== '' && official.some((o) => o.includes(stated) || stated.includes(o));
      return ok ? [] : [{ path: `brazil.anmProcesses.${m.index}.substance`, params: { number: m.key, official: rec.substances.join(', '), stated: m.process.substance } }];
    },
  }),
  rule({
    id: 'official.reserves-on-research-application',
    category: 'official-data',
    severity: 'critical',
    citation: 'ANM Res. 94/2022 art. 4; 17 CFR 229.1300 (mineral reserve: legal modifying factors)',
    citationVerified: false,
    flag: 'BRAZILIAN_FIELDS',
    path: 'mineralReserves',
    reads: READS_ANM,
    contextReads: ['anmProcess'],
    text: text(
      'Reserves are declared, but ANM lists process {{number}} as "{{phase}}": exploration is not even authorised.',
      'Remove the reserves, or document the title that supports them (the ANM phase must be at least an authorised exploration with an approved final report).',
      'Há reservas declaradas, mas a ANM registra o processo {{number}} como "{{phase}}": a pesquisa nem sequer foi autorizada.',
      'Retire as reservas ou documente o título que as sustenta (a fase na ANM deve ser ao menos pesquisa autorizada com relatório final aprovado).',
    ),
    check(report, context) {
      const rec = anm(context);
      const m = rec && matchProcess(report, rec);
      if (!rec || !m || !hasReserves(report)) return NOT_APPLICABLE;
      return PRE_AUTHORISATION_PHASES.has(normalizePhase(rec.phase)) ? [{ path: 'mineralReserves', params: { number: m.key, phase: rec.phase } }] : [];
    },
  }),
  rule({
    id: 'official.title-supports-stage',
    category: 'official-data',
    severity: 'high',
    citation: '17 CFR 229.1300 (production stage property); 229.1304(b)(1)(iii)',
    citationVerified: false,
    flag: 'BRAZILIAN_FIELDS',
    path: 'metadata.propertyStage',
    reads: READS_ANM,
    contextReads: ['anmProcess'],
    text: text(
      'The property is declared {{stage}}-stage, but ANM lists process {{number}} as "{{phase}}", which {{problem}}.',
      'Align the declared stage with the title, or explain which other title supports the operation.',
      'A propriedade está declarada em estágio {{stagePt}}, mas a ANM registra o processo {{number}} como "{{phase}}", que {{problemPt}}.',
      'Compatibilize o estágio declarado com o título ou explique qual outro título sustenta a operação.',
    ),
    check(report, context) {
      const rec = anm(context);
      const m = rec && matchProcess(report, rec);
      const stage = report.metadata.propertyStage;
      if (!rec || !m || stage === 'exploration') return NOT_APPLICABLE;
      const phase = normalizePhase(rec.phase);
      const stagePt = stage === 'production' ? 'de produção' : 'de desenvolvimento';
      const out: FindingDraft[] = [];
      // Another process of the report may carry the extraction title (e.g. a concession beside an application).
      const otherExtraction = (report.brazil?.anmProcesses ?? []).some((p, i) => i !== m.index && EXTRACTION_PHASES.has(normalizePhase(p.phase)));
      if (stage === 'production' && !EXTRACTION_PHASES.has(phase) && !otherExtraction)
        out.push({ path: 'metadata.propertyStage', params: { stage, stagePt, number: m.key, phase: rec.phase, problem: 'does not title extraction', problemPt: 'não outorga lavra' } });
      else if (stage === 'development' && PRE_AUTHORISATION_PHASES.has(phase))
        out.push({ path: 'metadata.propertyStage', params: { stage, stagePt, number: m.key, phase: rec.phase, problem: 'precedes authorised exploration', problemPt: 'antecede a pesquisa autorizada' } });
      return out;
    },
  }),
  rule({
    id: 'official.ibama-embargo',
    category: 'official-data',
    severity: 'high',
    citation: 'Item 601(b)(96)(iii)(B)(17); IBAMA adm_embargos_ibama_a',
    citationVerified: false,
    flag: 'BRAZILIAN_FIELDS',
    path: 'property.polygon',
    reads: ['property.polygon'],
    contextReads: ['ibamaEmbargoes'],
    text: text(
      'IBAMA embargo {{term}} ({{date}}) intersects the property polygon.',
      'Disclose the embargo in section 17 (area, cause, status of any appeal) and its effect on the mine plan, or show that it was lifted.',
      'O embargo IBAMA {{term}} ({{date}}) intersecta o polígono da propriedade.',
      'Divulgue o embargo na seção 17 (área, causa, situação de recurso) e seu efeito no plano de lavra, ou comprove o desembargo.',
    ),
    check(report, context) {
      const embargoes = context.official?.ibamaEmbargoes?.records;
      const polygon = report.property.polygon;
      if (!embargoes || !polygon) return NOT_APPLICABLE;
      return embargoes
        .filter((e) => e.geometry !== null && booleanIntersects(polygon, e.geometry))
        .map((e) => ({ path: 'property.polygon', params: { term: e.term, date: e.embargoDate ?? '—' } }));
    },
  }),
  rule({
    id: 'official.anm-area',
    category: 'official-data',
    severity: 'low',
    citation: 'Item 601(b)(96)(iii)(B)(3); ANM SIGMINE (AREA_HA)',
    citationVerified: false,
    flag: 'BRAZILIAN_FIELDS',
    path: 'brazil.anmProcesses',
    reads: ['brazil'],
    contextReads: ['anmProcess'],
    text: text(
      'Process {{number}}: the report gives {{stated}} ha, ANM {{official}} ha.',
      'Use the area of the ANM record (SIGMINE), or explain the difference (e.g. partial relinquishment).',
      'Processo {{number}}: o relatório informa {{stated}} ha, a ANM {{official}} ha.',
      'Use a área do registro da ANM (SIGMINE) ou explique a diferença (ex.: renúncia parcial).',
    ),
    check(report, context) {
      const rec = anm(context);
      const m = rec && matchProcess(report, rec);
      if (!rec || !m || m.process.areaHa === null) return NOT_APPLICABLE;
      const diff = Math.abs(m.process.areaHa - rec.areaHa);
      return diff <= Math.max(0.01 * rec.areaHa, 0.05) ? [] : [{ path: `brazil.anmProcesses.${m.index}.areaHa`, params: { number: m.key, stated: m.process.areaHa, official: Number(rec.areaHa.toFixed(2)) } }];
    },
  }),
];
