import { filingLabel } from '../../trs/code-labels';
import { canonicalAnmProcessNumber } from '../../brazil/identifiers';
import { latestAnmFacts } from '../../official/report-facts';
import type { TrsReport } from '../../trs/model';
import { cell, formatExportNumber, formatFilingDate, labelled } from './format';
import type { DocBlock } from './types';

/** Section 3: location, area, interest, mineral rights, royalties and encumbrances. */
export function propertyBlocks(report: TrsReport): DocBlock[] {
  const p = report.property;
  const blocks: DocBlock[] = [];
  if (p.location.latitude !== null && p.location.longitude !== null) {
    blocks.push(labelled('Location (WGS 84)', `latitude ${formatExportNumber(p.location.latitude)}, longitude ${formatExportNumber(p.location.longitude)}`));
  }
  if (p.areaHa !== null) blocks.push(labelled('Area', `${formatExportNumber(p.areaHa)} ha`));
  if (p.ownershipPercent !== null) blocks.push(labelled("Registrant's interest", `${formatExportNumber(p.ownershipPercent)}%`));
  if (p.mineralRights.length > 0) {
    blocks.push({
      kind: 'table',
      role: 'rights',
      caption: 'Mineral rights',
      header: [['Identifier', 'Kind', 'Holder', 'Area (ha)', 'Status', 'Expires'].map(cell)],
      rows: p.mineralRights.map((r) =>
        [
          r.identifier,
          filingLabel('mineralRightKind', r.kind),
          r.holder,
          formatExportNumber(r.areaHa),
          r.status,
          r.expiresOn ? formatFilingDate(r.expiresOn) : '-',
        ].map(cell),
      ),
      align: ['left', 'left', 'left', 'right', 'left', 'left'],
    });
  }
  const anm = anmRightsTable(report);
  if (anm) blocks.push(anm);
  if (p.royalties.length > 0) {
    blocks.push({
      kind: 'table',
      role: 'royalties',
      caption: 'Royalties and obligations',
      header: [['Holder', 'Kind', 'Rate (%)', 'Description'].map(cell)],
      rows: p.royalties.map((r) => [r.holder, r.kind, formatExportNumber(r.ratePercent), r.description].map(cell)),
      align: ['left', 'left', 'right', 'left'],
    });
  }
  if (p.encumbrances.trim()) blocks.push(labelled('Encumbrances', p.encumbrances));
  return blocks;
}

/**
 * The ANM mining rights of a Brazilian property. Phase and holder come from the official fact the
 * report stores for the process (with its retrieval date), or from the report where it has none.
 */
function anmRightsTable(report: TrsReport): DocBlock | undefined {
  const processes = (report.brazil?.anmProcesses ?? []).filter((p) => p.processNumber.trim() !== '');
  if (processes.length === 0) return undefined;
  const facts = latestAnmFacts(report);
  return {
    kind: 'table',
    role: 'rights',
    caption: 'ANM mining rights',
    header: [['ANM process', 'Phase (ANM)', 'Holder (ANM)', 'Substance', 'Area (ha)', 'Source'].map(cell)],
    rows: processes.map((p) => {
      const fact = facts.get(canonicalAnmProcessNumber(p.processNumber) ?? p.processNumber.trim());
      const source = fact
        ? `${fact.fact.agency} ${fact.fact.dataset}, retrieved ${formatFilingDate(fact.fact.fetchedAt.slice(0, 10))}`
        : 'Stated by the registrant';
      return [
        p.processNumber,
        fact?.phase || p.phase,
        fact?.holder || p.holderName,
        fact?.substances || p.substance,
        formatExportNumber(fact?.areaHa ?? p.areaHa),
        source,
      ].map(cell);
    }),
    align: ['left', 'left', 'left', 'left', 'right', 'left'],
  };
}
