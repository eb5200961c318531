import { factCitation } from '../official/report-facts';
import { filingLabel } from '../trs/code-labels';
import type { Section, TrsReport } from '../trs/model';
import { SK1300_SECTIONS } from '../trs/sections';
import { numberSectionTables } from './document/captions';
import { economicBlocks, costBlocks } from './document/economics';
import { priorYearBlocks, reserveTableBlocks, resourceTableBlocks } from './document/estimates';
import { documentFigures } from './document/figures';
import { cell, formatFilingDate, para } from './document/format';
import { propertyBlocks } from './document/property';
import { RichTextConverter } from './document/rich-text';
import { signatures } from './document/signatures';
import type { BuildOptions, DocBlock, ReportDocument } from './document/types';

/**
 * Builds the format-neutral document (./document/types.ts) the EX-96, PDF and DOCX exporters all
 * render, so they cannot say different things. The parts live by domain in ./document/.
 */

export type * from './document/types';
export { figureCaption, figureFileName } from './document/figures';
export { formatExportNumber, formatFilingDate, plain } from './document/format';
export { qualifiedPersonBlocks } from './document/signatures';

export function buildReportDocument(report: TrsReport, options: BuildOptions): ReportDocument {
  const meta = report.metadata;
  const figures = documentFigures(report.figures, options.figurePrefix);
  const converter = new RichTextConverter(new Map(figures.map((f) => [f.figureId, f])), new Map(report.references.map((r, index) => [r.id, index + 1])));

  const sections = report.sections.map((section) => {
    const official = SK1300_SECTIONS[section.number - 1];
    const title = official?.title ?? section.title;
    const heading = `${section.number}. ${title}`;
    const blocks: DocBlock[] = [];
    if (section.status === 'notApplicable') {
      blocks.push(para(`Not applicable. ${section.notApplicableReason}`.trim()));
    } else {
      blocks.push(...converter.blocks(section.body));
    }
    blocks.push(...structuredContent(report, section));
    withoutLevelSkips(blocks);
    numberSectionTables(blocks, section.number);
    return { number: section.number, title, heading, anchor: `s${section.number}`, blocks };
  });

  return {
    exhibit: options.exhibit ?? '96.1',
    title: meta.title,
    registrant: meta.registrantName,
    property: meta.propertyName,
    effectiveDate: formatFilingDate(meta.effectiveDate),
    reportDate: formatFilingDate(meta.reportDate),
    draft: options.draft,
    cover: [
      'Technical Report Summary',
      `prepared in accordance with Subpart 1300 of Regulation S-K`,
      meta.propertyName ? `Property: ${meta.propertyName}` : '',
      meta.registrantName ? `Registrant: ${meta.registrantName}` : '',
      `${filingLabel('studyType', meta.studyType)}; ${filingLabel('propertyStage', meta.propertyStage)}`,
      `Effective date: ${formatFilingDate(meta.effectiveDate)}`,
      `Report date: ${formatFilingDate(meta.reportDate)}`,
    ].filter((line) => line !== ''),
    sections,
    unplacedFigures: figures.filter((f) => !converter.placed.has(f.figureId)),
    signatures: signatures(report),
    figures,
  };
}

/**
 * Heading levels go down one step at a time (a section is level 1, so its first heading is 2): a
 * level-3 heading straight under the section title becomes level 2. Screen readers, Word's
 * navigation pane and HTML checkers all expect no skipped level.
 */
function withoutLevelSkips(blocks: DocBlock[]): void {
  let previous = 1;
  for (const block of blocks) {
    if (block.kind !== 'heading') continue;
    if (block.level > previous + 1) block.level = (previous + 1) as 2 | 3;
    previous = block.level;
  }
}

/**
 * One line of section 24. An official fact always names agency, dataset, record, URL and
 * retrieval date, whatever its citation text says.
 */
function referenceLine(r: TrsReport['references'][number]): string {
  const f = r.officialFact;
  if (!f) return r.url ? `${r.citation} (${r.url})` : r.citation;
  const provenance = `${f.agency}, ${f.dataset}, record ${f.recordId}, retrieved ${formatFilingDate(f.fetchedAt.slice(0, 10))}, ${f.url}`;
  // The citation written when the fact was inserted says the same thing: print it once.
  return r.citation.trim() && r.citation !== factCitation(f) ? `${r.citation} — ${provenance}` : provenance;
}

/** Facts the model keeps as structured data are printed in the section the rule puts them in. */
function structuredContent(report: TrsReport, section: Section): DocBlock[] {
  switch (section.key) {
    case 'propertyDescription':
      return propertyBlocks(report);
    case 'mineralResourceEstimates':
      return report.mineralResources.flatMap((table, i) => resourceTableBlocks(table, i + 1));
    case 'mineralReserveEstimates':
      return [...report.mineralReserves.flatMap((table, i) => reserveTableBlocks(table, i + 1)), ...priorYearBlocks(report)];
    case 'capitalAndOperatingCosts':
      return [
        ...(report.capitalCosts ? costBlocks('Capital cost estimate', report.capitalCosts) : []),
        ...(report.operatingCosts ? costBlocks('Operating cost estimate', report.operatingCosts) : []),
      ];
    case 'economicAnalysis':
      return report.economicAnalysis ? economicBlocks(report.economicAnalysis) : [];
    case 'references':
      return report.references.length > 0 ? [{ kind: 'list', ordered: true, items: report.references.map((r) => cell(referenceLine(r))) }] : [];
    default:
      return [];
  }
}
