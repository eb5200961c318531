import { filingLabel } from '../../trs/code-labels';
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
        [r.identifier, filingLabel('mineralRightKind', r.kind), r.holder, formatExportNumber(r.areaHa), r.status, r.expiresOn ? formatFilingDate(r.expiresOn) : '-'].map(cell),
      ),
      align: ['left', 'left', 'left', 'right', 'left', 'left'],
    });
  }
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
