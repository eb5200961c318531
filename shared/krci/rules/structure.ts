import { SK1300_SECTIONS, sectionCitation } from '../../trs/sections';
import { NOT_APPLICABLE, type FindingDraft } from '../types';
import { visitPlainText, type Block } from '../../trs/rich-text';
import { FunctionWordCounter, guessLanguage, type LanguageGuess } from '../language';
import { filled, hasReserves, hasResources, isPfsOrFs, rule, sectionAnswered, sectionOf, text, todayIso, type TrsRule } from './helpers';

// The language of each section body, by identity: the editor copies only the edited section on a
// keystroke, so one section (~4 000 words, well under a millisecond) is counted again. A report
// freshly read (main, the CLI) is counted in full, walking the text's pieces without building it;
// a memo by text would cost about as much (building the key, hashing it) and keep text alive.
const languageByBody = new WeakMap<object, LanguageGuess>();

/** Language of a section body: the function words of its whole plain text. */
function bodyLanguage(body: readonly Block[]): LanguageGuess {
  let guess = languageByBody.get(body);
  if (!guess) {
    const counter = new FunctionWordCounter();
    visitPlainText(body, (piece) => counter.add(piece));
    guess = guessLanguage(counter.counts());
    languageByBody.set(body, guess);
  }
  return guess;
}

/**
 * Sections whose content requirements the reference marks [V] (sk1300.md §1.2: 7, 8 via the rule
 * text copy; 11, 14 via the USLM staff letter; 12, 19, 20 via the rule text copies). The others are [R].
 */
const VERIFIED_SECTIONS = new Set([7, 8, 11, 12, 14, 19, 20]);
const MEDIUM_SECTIONS = new Set([20, 21, 23, 24]);

/** One rule per TRS section: present and non-empty, or "not applicable" with a reason (sk1300.md §7.1). */
export const sectionRules: TrsRule[] = SK1300_SECTIONS.map((s) =>
  rule({
    id: `structure.section-${String(s.number).padStart(2, '0')}`,
    category: 'structure',
    severity: MEDIUM_SECTIONS.has(s.number) ? 'medium' : 'high',
    citation: sectionCitation(s.number),
    citationVerified: VERIFIED_SECTIONS.has(s.number),
    section: s.number,
    path: `sections.${s.number - 1}`,
    reads: [`sections.${s.number - 1}`],
    text: text(
      `Section ${s.number} "${s.title}" is empty, or marked not applicable without a reason.`,
      'Write the section, or mark it not applicable and explain why in at least a sentence.',
      `A seção ${s.number} "${s.title}" está vazia ou marcada como não aplicável sem justificativa.`,
      'Redija a seção ou marque-a como não aplicável e explique o motivo em pelo menos uma frase.',
    ),
    check(report) {
      const section = sectionOf(report, s.number);
      if (sectionAnswered(section)) return [];
      const draft: FindingDraft = { path: `sections.${s.number - 1}` };
      if (section?.status === 'notApplicable') draft.path = `sections.${s.number - 1}.notApplicableReason`;
      return [draft];
    },
  }),
);

export const structureRules: TrsRule[] = [
  ...sectionRules,
  rule({
    id: 'structure.processing-not-skipped',
    category: 'structure',
    severity: 'high',
    citation: '17 CFR 229.1301(c)(3); Item 601(b)(96)(iii)(B)(14)',
    citationVerified: true,
    section: 14,
    path: 'sections.13',
    reads: ['sections.13', 'mineralReserves', 'metadata.studyType'],
    text: text(
      'Section 14 (processing and recovery methods) is marked not applicable although the report discloses reserves or is a PFS/FS. The TRS must assess the property up to the first point of material external sale.',
      'Describe the flow sheet, plant, and energy, water and consumable needs up to the saleable product.',
      'A seção 14 (métodos de processamento e recuperação) está marcada como não aplicável, mas o relatório declara reservas ou é um PFS/FS. O TRS deve avaliar a propriedade até o primeiro ponto de venda externa relevante.',
      'Descreva o fluxograma, a usina e as necessidades de energia, água e insumos até o produto vendável.',
    ),
    check(report) {
      if (!hasReserves(report) && !isPfsOrFs(report)) return NOT_APPLICABLE;
      return sectionOf(report, 14)?.status === 'notApplicable' ? [{ path: 'sections.13' }] : [];
    },
  }),
  rule({
    id: 'structure.processing-for-resources',
    category: 'structure',
    severity: 'medium',
    citation: '17 CFR 229.1301(c)(3); 17 CFR 229.1302(d) Table 1 (processing plant, initial assessment)',
    citationVerified: true,
    section: 14,
    path: 'sections.13',
    reads: ['sections.13', 'mineralResources', 'mineralReserves', 'metadata.studyType'],
    text: text(
      'Resources are disclosed but section 14 (processing and recovery methods) is skipped. Even an initial assessment must state the assumed processing method and throughput behind its recovery.',
      'Describe the assumed (conceptual) flow sheet, test work it rests on and throughput instead of marking the section not applicable.',
      'Há recursos declarados, mas a seção 14 (métodos de processamento e recuperação) foi omitida. Mesmo um estudo conceitual deve informar o método de processamento e a capacidade assumidos para a recuperação.',
      'Descreva o fluxograma conceitual assumido, os ensaios em que se baseia e a capacidade, em vez de marcar a seção como não aplicável.',
    ),
    check(report) {
      // With reserves or a PFS/FS, structure.processing-not-skipped (high) already applies.
      if (!hasResources(report) || hasReserves(report) || isPfsOrFs(report)) return NOT_APPLICABLE;
      return sectionOf(report, 14)?.status === 'notApplicable' ? [{ path: 'sections.13' }] : [];
    },
  }),
  rule({
    id: 'structure.exhibit-in-english',
    category: 'structure',
    severity: 'low',
    filingSeverity: 'critical',
    citation:
      'Rule 403(c)(1), 17 CFR 230.403(c)(1) (filings in English; a foreign-language document as a fair and accurate English translation); Exchange Act Rule 12b-12(d), 17 CFR 240.12b-12(d), and Regulation S-T Rule 306, 17 CFR 232.306 (paragraph text not re-read)',
    citationVerified: true,
    path: 'sections',
    reads: ['sections'],
    text: text(
      'Section {{number}} "{{title}}" is written in Portuguese ({{ptShare}} % Portuguese function words, {{enShare}} % English). The EX-96 filed on EDGAR must be in English.',
      'Translate the section into English before exporting the filing (drafting in Portuguese is fine; the exhibit must be a fair and accurate English version).',
      'A seção {{number}} "{{title}}" está escrita em português ({{ptShare}} % de palavras funcionais em português, {{enShare}} % em inglês). O EX-96 arquivado no EDGAR deve estar em inglês.',
      'Traduza a seção para o inglês antes de exportar o arquivamento (redigir em português é normal; o anexo deve ser uma versão fiel em inglês).',
    ),
    check(report) {
      const out: FindingDraft[] = [];
      report.sections.forEach((s, i) => {
        if (s.status === 'notApplicable') return;
        const guess = bodyLanguage(s.body);
        if (guess.language === 'pt')
          out.push({
            path: `sections.${i}`,
            params: {
              number: s.number,
              title: SK1300_SECTIONS[s.number - 1]?.title ?? '',
              ptShare: Math.round(guess.pt * 100),
              enShare: Math.round(guess.en * 100),
            },
          });
      });
      return out;
    },
  }),
  rule({
    id: 'structure.report-date',
    category: 'structure',
    severity: 'critical',
    citation: '17 CFR 229.1302(b)(1)',
    citationVerified: true,
    path: 'metadata.reportDate',
    reads: ['metadata.reportDate'],
    text: text(
      'The report is not dated. A TRS must be dated and signed by the qualified person(s).',
      'Enter the date the report is signed.',
      'O relatório não tem data. O TRS deve ser datado e assinado pelo(s) profissional(is) qualificado(s).',
      'Informe a data em que o relatório é assinado.',
    ),
    check: (report) => (report.metadata.reportDate ? [] : [{ path: 'metadata.reportDate' }]),
  }),
  rule({
    id: 'structure.effective-date',
    category: 'structure',
    severity: 'high',
    citation: '17 CFR 229.1304(d)(1) (estimates as of the end of the most recently completed fiscal year); 17 CFR 229.1302(b)(1) (a dated TRS)',
    citationVerified: false,
    path: 'metadata.effectiveDate',
    reads: ['metadata.effectiveDate'],
    text: text(
      'The report has no effective date (the date of the estimates).',
      'Enter the effective date of the resource and reserve estimates.',
      'O relatório não tem data de referência (data das estimativas).',
      'Informe a data de referência das estimativas de recursos e reservas.',
    ),
    check: (report) => (report.metadata.effectiveDate ? [] : [{ path: 'metadata.effectiveDate' }]),
  }),
  rule({
    id: 'structure.effective-not-after-report',
    category: 'structure',
    severity: 'high',
    citation: '17 CFR 229.1302(b)(1) (the QP dates the TRS that states the estimates)',
    citationVerified: false,
    path: 'metadata.effectiveDate',
    reads: ['metadata.effectiveDate', 'metadata.reportDate'],
    text: text(
      'The effective date {{effectiveDate}} is after the report date {{reportDate}}.',
      'The estimates cannot be dated after the report that presents them: correct one of the two dates.',
      'A data de referência {{effectiveDate}} é posterior à data do relatório {{reportDate}}.',
      'As estimativas não podem ser posteriores ao relatório que as apresenta: corrija uma das datas.',
    ),
    check(report) {
      const { effectiveDate, reportDate } = report.metadata;
      if (!effectiveDate || !reportDate) return NOT_APPLICABLE;
      return effectiveDate > reportDate ? [{ path: 'metadata.effectiveDate', params: { effectiveDate, reportDate } }] : [];
    },
  }),
  rule({
    id: 'structure.dates-not-in-future',
    category: 'structure',
    severity: 'high',
    citation: '17 CFR 229.1302(b)(1) (dated and signed); 17 CFR 229.1304(d)(1) (as of fiscal year end)',
    citationVerified: false,
    path: 'metadata.effectiveDate',
    reads: ['metadata.effectiveDate', 'metadata.reportDate'],
    contextReads: ['now'],
    text: text(
      'The {{field}} {{date}} is in the future (today is {{today}}).',
      'Estimates and signatures cannot be dated ahead: use the actual dates.',
      'A {{fieldPt}} {{date}} está no futuro (hoje é {{today}}).',
      'Estimativas e assinaturas não podem ter data futura: use as datas reais.',
    ),
    check(report, context) {
      const today = todayIso(context.now);
      if (!today) return NOT_APPLICABLE;
      const out: FindingDraft[] = [];
      const { effectiveDate, reportDate } = report.metadata;
      if (effectiveDate && effectiveDate > today)
        out.push({ path: 'metadata.effectiveDate', params: { field: 'effective date', fieldPt: 'data de referência', date: effectiveDate, today } });
      if (reportDate && reportDate > today)
        out.push({ path: 'metadata.reportDate', params: { field: 'report date', fieldPt: 'data do relatório', date: reportDate, today } });
      return out;
    },
  }),
  rule({
    id: 'structure.table-effective-dates',
    category: 'structure',
    severity: 'medium',
    citation: '17 CFR 229.1304(d)(1)',
    citationVerified: false,
    path: 'mineralResources',
    reads: ['metadata.effectiveDate', 'mineralResources', 'mineralReserves'],
    text: text(
      'Table "{{table}}" is dated {{tableDate}}, not at the report\'s effective date {{effectiveDate}}.',
      "State every resource and reserve table at the report's effective date, or explain the difference in the notes.",
      'A tabela "{{table}}" tem data {{tableDate}}, diferente da data de referência do relatório {{effectiveDate}}.',
      'Apresente todas as tabelas de recursos e reservas na data de referência do relatório.',
    ),
    check(report) {
      const effectiveDate = report.metadata.effectiveDate;
      const tables = [
        ...report.mineralResources.map((t, i) => ({ t, path: `mineralResources.${i}.effectiveDate` })),
        ...report.mineralReserves.map((t, i) => ({ t, path: `mineralReserves.${i}.effectiveDate` })),
      ];
      if (!effectiveDate || tables.length === 0) return NOT_APPLICABLE;
      return tables
        .filter(({ t }) => t.effectiveDate !== effectiveDate)
        .map(({ t, path }) => ({ path, params: { table: t.title, tableDate: t.effectiveDate ?? '—', effectiveDate } }));
    },
  }),
  rule({
    id: 'structure.supersedes-identified',
    category: 'structure',
    severity: 'low',
    citation: 'Item 601(b)(96)(iii)(B)(2)',
    citationVerified: false,
    section: 2,
    path: 'metadata.supersedes',
    reads: ['metadata.supersedes'],
    text: text(
      'The report updates an earlier TRS but does not identify it (title and effective date).',
      'Give the title and effective date of the TRS this one updates.',
      'O relatório atualiza um TRS anterior, mas não o identifica (título e data de referência).',
      'Informe o título e a data de referência do TRS atualizado.',
    ),
    check(report) {
      const s = report.metadata.supersedes;
      if (!s) return NOT_APPLICABLE;
      return filled(s.title) && s.effectiveDate ? [] : [{ path: 'metadata.supersedes' }];
    },
  }),
];
