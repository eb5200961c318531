import { booleanIntersects } from '@turf/boolean-intersects';
import { canonicalAnmProcessNumber } from '../../brazil/identifiers';
import type { OfficialFact, TrsReport } from '../../trs/model';
import { latestAnmFacts, officialFactsOf } from '../../official/report-facts';
import { NOT_APPLICABLE, type FindingDraft } from '../types';
import { bodyText, fold, hasReserves, rule, sectionOf, text, type TrsRule } from './helpers';
import { sameHolder } from './brazil';

/**
 * Official-data rules. They judge the official facts STORED IN THE REPORT (section 24 references
 * of kind officialFact) and the report's own ANM processes, so one stored report gives the same
 * findings online and offline. Official data of the check context (the cache or a live lookup)
 * is used only to say that a stored fact is out of date, or that a record the report does not
 * cite touches the property.
 */

/** SIGMINE FASE values (regulators.md) that precede any authorised exploration: no data can support reserves. */
export const PRE_AUTHORISATION_PHASES = new Set([
  'REQUERIMENTO DE PESQUISA',
  'DISPONIBILIDADE',
  'APTO PARA DISPONIBILIDADE',
  'RECONHECIMENTO GEOLOGICO',
  'DADO NAO CADASTRADO',
]);
/** Phases under which extraction is titled: a production-stage property needs one of them. */
export const EXTRACTION_PHASES = new Set(['CONCESSAO DE LAVRA', 'LICENCIAMENTO', 'LAVRA GARIMPEIRA', 'REGISTRO DE EXTRACAO']);

export function normalizePhase(phase: string): string {
  return fold(phase).toUpperCase().replace(/\s+/g, ' ').trim();
}

/** The report's ANM process rows that have a stored fact, with that fact. */
function rowsWithFacts(report: TrsReport) {
  const facts = latestAnmFacts(report);
  return (report.brazil?.anmProcesses ?? []).flatMap((process, index) => {
    const key = canonicalAnmProcessNumber(process.processNumber) ?? process.processNumber.trim();
    const fact = facts.get(key);
    return fact ? [{ process, index, key, fact }] : [];
  });
}

/** How a finding names the stored fact it rests on: agency, dataset, retrieval date. */
function cite(fact: OfficialFact): string {
  return `${fact.agency} ${fact.dataset}, ${fact.fetchedAt.slice(0, 10)}`;
}

const READS_FACTS = ['brazil', 'references'] as const;
const READS_STAGE = ['brazil', 'metadata.propertyStage', 'mineralReserves'] as const;

/** The report's ANM processes with a usable number, and whether every one of them is in `phases`. */
function allProcessesIn(report: TrsReport, phases: ReadonlySet<string>) {
  const processes = (report.brazil?.anmProcesses ?? []).filter((p) => p.processNumber.trim() !== '' && p.phase.trim() !== '');
  return { processes, all: processes.length > 0 && processes.every((p) => phases.has(normalizePhase(p.phase))) };
}

export const officialRules: TrsRule[] = [
  rule({
    id: 'official.anm-holder',
    category: 'official-data',
    severity: 'high',
    citation: 'Item 601(b)(96)(iii)(B)(3); ANM SIGMINE (NOME)',
    citationVerified: false,
    flag: 'BRAZILIAN_FIELDS',
    path: 'brazil.anmProcesses',
    reads: READS_FACTS,
    text: text(
      'ANM lists "{{official}}" as holder of process {{number}} ({{fact}}); the report says "{{stated}}".',
      'Correct the holder, or explain the title situation (assignment pending at ANM, option agreement).',
      'A ANM registra "{{official}}" como titular do processo {{number}} ({{fact}}); o relatório informa "{{stated}}".',
      'Corrija o titular ou explique a situação do título (cessão pendente na ANM, contrato de opção).',
    ),
    check(report) {
      const rows = rowsWithFacts(report).filter((r) => r.fact.holder !== '');
      if (rows.length === 0) return NOT_APPLICABLE;
      return rows
        .filter((r) => !sameHolder(r.process.holderName || report.brazil?.holderName || '', r.fact.holder))
        .map((r) => ({
          path: `brazil.anmProcesses.${r.index}.holderName`,
          params: { official: r.fact.holder, number: r.key, stated: r.process.holderName || report.brazil?.holderName || '', fact: cite(r.fact.fact) },
        }));
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
    reads: READS_FACTS,
    text: text(
      'ANM lists process {{number}} in phase "{{official}}" ({{fact}}); the report says "{{stated}}".',
      'Update the phase from the ANM record (and the title discussion in section 3).',
      'A ANM registra o processo {{number}} na fase "{{official}}" ({{fact}}); o relatório informa "{{stated}}".',
      'Atualize a fase conforme o registro da ANM (e a discussão do título na seção 3).',
    ),
    check(report) {
      const rows = rowsWithFacts(report).filter((r) => r.fact.phase !== '');
      if (rows.length === 0) return NOT_APPLICABLE;
      return rows
        .filter((r) => normalizePhase(r.process.phase) !== normalizePhase(r.fact.phase))
        .map((r) => ({
          path: `brazil.anmProcesses.${r.index}.phase`,
          params: { number: r.key, official: r.fact.phase, stated: r.process.phase, fact: cite(r.fact.fact) },
        }));
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
    reads: READS_FACTS,
    text: text(
      'ANM lists process {{number}} for {{official}} ({{fact}}); the report gives "{{stated}}".',
      'The title must cover the substance reported: check the ANM substance or apply for its inclusion.',
      'A ANM registra o processo {{number}} para {{official}} ({{fact}}); o relatório informa "{{stated}}".',
      'O título deve abranger a substância informada: confira a substância na ANM ou requeira sua inclusão.',
    ),
    check(report) {
      const rows = rowsWithFacts(report).filter((r) => r.fact.substances !== '');
      if (rows.length === 0) return NOT_APPLICABLE;
      return rows
        .filter((r) => {
          const official = r.fact.substances
            .split(',')
            .map((s) => fold(s).trim())
            .filter(Boolean);
          const stated = fold(r.process.substance).trim();
          // "MINÉRIO DE OURO" vs "Minério de ouro" / "ouro": match when either contains the other.
          return !(stated !== '' && official.some((o) => o.includes(stated) || stated.includes(o)));
        })
        .map((r) => ({
          path: `brazil.anmProcesses.${r.index}.substance`,
          params: { number: r.key, official: r.fact.substances, stated: r.process.substance, fact: cite(r.fact.fact) },
        }));
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
    reads: READS_FACTS,
    text: text(
      'Process {{number}}: the report gives {{stated}} ha, ANM {{official}} ha ({{fact}}).',
      'Use the area of the ANM record (SIGMINE), or explain the difference (e.g. partial relinquishment).',
      'Processo {{number}}: o relatório informa {{stated}} ha, a ANM {{official}} ha ({{fact}}).',
      'Use a área do registro da ANM (SIGMINE) ou explique a diferença (ex.: renúncia parcial).',
    ),
    check(report) {
      const rows = rowsWithFacts(report).filter((r) => r.fact.areaHa !== null && r.process.areaHa !== null);
      if (rows.length === 0) return NOT_APPLICABLE;
      return rows
        .filter((r) => Math.abs(r.process.areaHa! - r.fact.areaHa!) > Math.max(0.01 * r.fact.areaHa!, 0.05))
        .map((r) => ({
          path: `brazil.anmProcesses.${r.index}.areaHa`,
          params: { number: r.key, stated: r.process.areaHa!, official: Number(r.fact.areaHa!.toFixed(2)), fact: cite(r.fact.fact) },
        }));
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
    reads: READS_STAGE,
    text: text(
      'Reserves are declared, but every ANM process of the report ({{number}}) is at "{{phase}}": exploration is not even authorised.',
      'Remove the reserves, or document the title that supports them (the ANM phase must be at least an authorised exploration with an approved final report).',
      'Há reservas declaradas, mas todos os processos ANM do relatório ({{number}}) estão em "{{phase}}": a pesquisa nem sequer foi autorizada.',
      'Retire as reservas ou documente o título que as sustenta (a fase na ANM deve ser ao menos pesquisa autorizada com relatório final aprovado).',
    ),
    check(report) {
      if (!hasReserves(report)) return NOT_APPLICABLE;
      const { processes, all } = allProcessesIn(report, PRE_AUTHORISATION_PHASES);
      if (processes.length === 0) return NOT_APPLICABLE;
      return all ? [{ path: 'mineralReserves', params: { number: processes.map((p) => p.processNumber).join(', '), phase: processes[0]!.phase } }] : [];
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
    reads: READS_STAGE,
    text: text(
      'The property is declared {{stage}}-stage, but the report\'s ANM processes ({{number}}, "{{phase}}") {{problem}}.',
      'Align the declared stage with the title, or explain which other title supports the operation.',
      'A propriedade está declarada em estágio {{stagePt}}, mas os processos ANM do relatório ({{number}}, "{{phase}}") {{problemPt}}.',
      'Compatibilize o estágio declarado com o título ou explique qual outro título sustenta a operação.',
    ),
    check(report) {
      const stage = report.metadata.propertyStage;
      const { processes } = allProcessesIn(report, EXTRACTION_PHASES);
      if (stage === 'exploration' || processes.length === 0) return NOT_APPLICABLE;
      const stagePt = stage === 'production' ? 'de produção' : 'de desenvolvimento';
      const number = processes.map((p) => p.processNumber).join(', ');
      const phase = processes[0]!.phase;
      const out: FindingDraft[] = [];
      if (stage === 'production' && !processes.some((p) => EXTRACTION_PHASES.has(normalizePhase(p.phase))))
        out.push({
          path: 'metadata.propertyStage',
          params: { stage, stagePt, number, phase, problem: 'do not title extraction', problemPt: 'não outorgam lavra' },
        });
      else if (stage === 'development' && allProcessesIn(report, PRE_AUTHORISATION_PHASES).all)
        out.push({
          path: 'metadata.propertyStage',
          params: { stage, stagePt, number, phase, problem: 'precede authorised exploration', problemPt: 'antecedem a pesquisa autorizada' },
        });
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
    reads: ['property.polygon', 'references'],
    text: text(
      'IBAMA embargo {{term}} ({{date}}; {{fact}}) intersects the property polygon.',
      'Disclose the embargo in section 17 (area, cause, status of any appeal) and its effect on the mine plan, or show that it was lifted.',
      'O embargo IBAMA {{term}} ({{date}}; {{fact}}) intersecta o polígono da propriedade.',
      'Divulgue o embargo na seção 17 (área, causa, situação de recurso) e seu efeito no plano de lavra, ou comprove o desembargo.',
    ),
    check(report) {
      const polygon = report.property.polygon;
      const embargoes = officialFactsOf(report).filter((f) => f.fact.recordType === 'ibamaEmbargo' && f.fact.geometry && f.fact.geometry.type !== 'Point');
      if (!polygon || embargoes.length === 0) return NOT_APPLICABLE;
      return embargoes
        .filter((f) => booleanIntersects(polygon, f.fact.geometry!))
        .map((f) => ({ path: 'property.polygon', params: { term: f.fact.recordId, date: String(f.fact.values.embargoDate ?? '—'), fact: cite(f.fact) } }));
    },
  }),
  rule({
    id: 'official.ibama-embargo-undiscussed',
    category: 'official-data',
    severity: 'medium',
    section: 17,
    citation: 'Item 601(b)(96)(iii)(B)(17); IBAMA adm_embargos_ibama_a',
    citationVerified: false,
    flag: 'BRAZILIAN_FIELDS',
    path: 'sections.17',
    reads: ['references', 'sections.16'],
    text: text(
      'The report cites IBAMA embargo {{term}} ({{fact}}) but section 17 does not discuss it.',
      'Say in section 17 where the embargoed area lies relative to the property and whether it affects the project.',
      'O relatório cita o embargo IBAMA {{term}} ({{fact}}), mas a seção 17 não o discute.',
      'Informe na seção 17 onde fica a área embargada em relação à propriedade e se ela afeta o projeto.',
    ),
    check(report) {
      const embargoes = officialFactsOf(report).filter((f) => f.fact.recordType === 'ibamaEmbargo');
      if (embargoes.length === 0) return NOT_APPLICABLE;
      const section = sectionOf(report, 17);
      const body = section ? fold(bodyText(section.body)) : '';
      return embargoes
        .filter((f) => !body.includes(fold(String(f.fact.values.term ?? f.fact.recordId))))
        .map((f) => ({ path: 'sections.17', params: { term: f.fact.recordId, fact: cite(f.fact) } }));
    },
  }),
  rule({
    id: 'official.fact-outdated',
    category: 'official-data',
    severity: 'medium',
    citation: 'Item 601(b)(96)(iii)(B)(3); 17 CFR 229.1302(b) (information current as of the effective date)',
    citationVerified: false,
    flag: 'BRAZILIAN_FIELDS',
    path: 'references',
    reads: ['references'],
    contextReads: ['anmProcess'],
    text: text(
      "ANM's copy of process {{number}} from {{newer}} differs from the fact stored in the report ({{stored}}): {{changes}}.",
      'Open Sources and use "Update from source" to review the changes and apply them.',
      'A cópia da ANM do processo {{number}} de {{newer}} difere do dado guardado no relatório ({{stored}}): {{changes}}.',
      'Abra Fontes e use "Atualizar da fonte" para revisar as mudanças e aplicá-las.',
    ),
    check(report, context) {
      const live = context.official?.anmProcess;
      if (!live) return NOT_APPLICABLE;
      const key = canonicalAnmProcessNumber(live.record.process) ?? live.record.process;
      const stored = latestAnmFacts(report).get(key);
      if (!stored) return NOT_APPLICABLE;
      const newer = live.source?.fetchedAt;
      if (newer && Date.parse(newer) <= Date.parse(stored.fact.fetchedAt)) return [];
      const changes: string[] = [];
      if (live.record.phase && normalizePhase(live.record.phase) !== normalizePhase(stored.phase))
        changes.push(`phase ${stored.phase || '—'} → ${live.record.phase}`);
      if (live.record.holder && !sameHolder(live.record.holder, stored.holder) && stored.holder !== '')
        changes.push(`holder ${stored.holder} → ${live.record.holder}`);
      if (stored.areaHa !== null && Math.abs(stored.areaHa - live.record.areaHa) > 0.005)
        changes.push(`area ${stored.areaHa} → ${Number(live.record.areaHa.toFixed(2))} ha`);
      if (changes.length === 0) return [];
      return [
        {
          path: `references.${stored.index}`,
          params: { number: key, newer: (newer ?? '').slice(0, 10) || '—', stored: stored.fact.fetchedAt.slice(0, 10), changes: changes.join('; ') },
        },
      ];
    },
  }),
  rule({
    id: 'official.ibama-embargo-uncited',
    category: 'official-data',
    severity: 'high',
    citation: 'Item 601(b)(96)(iii)(B)(17); IBAMA adm_embargos_ibama_a',
    citationVerified: false,
    flag: 'BRAZILIAN_FIELDS',
    path: 'property.polygon',
    reads: ['property.polygon', 'references'],
    contextReads: ['ibamaEmbargoes'],
    text: text(
      'IBAMA lists embargo {{term}} ({{date}}) over the property polygon, and the report does not cite it.',
      'Insert the embargo into the report from Official data and disclose it in section 17, or show that it was lifted.',
      'O IBAMA registra o embargo {{term}} ({{date}}) sobre o polígono da propriedade, e o relatório não o cita.',
      'Insira o embargo no relatório a partir de Dados oficiais e divulgue-o na seção 17, ou comprove o desembargo.',
    ),
    check(report, context) {
      const records = context.official?.ibamaEmbargoes?.records;
      const polygon = report.property.polygon;
      if (!records || !polygon) return NOT_APPLICABLE;
      const cited = new Set(
        officialFactsOf(report)
          .filter((f) => f.fact.recordType === 'ibamaEmbargo')
          .map((f) => String(f.fact.values.term ?? '')),
      );
      return records
        .filter((e) => e.geometry !== null && !cited.has(e.term) && booleanIntersects(polygon, e.geometry))
        .map((e) => ({ path: 'property.polygon', params: { term: e.term, date: e.embargoDate ?? '—' } }));
    },
  }),
];
