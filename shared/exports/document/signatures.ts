import type { QualifiedPerson, TrsReport } from '../../trs/model';
import { cell, formatFilingDate } from './format';
import type { DocBlock, ReportDocument } from './types';

/** The signature page: the signing third-party firm, or each qualified person (§1302(b)(1)). */
export function signatures(report: TrsReport): ReportDocument['signatures'] {
  const firm = report.signingFirm;
  const reportDate = report.metadata.reportDate;
  if (firm) {
    const persons = report.qualifiedPersons.filter((p) => firm.qualifiedPersonIds.includes(p.id));
    // The signature is the firm's name, never its address; a draft of a report without it says so.
    const firmName = firm.name.trim() || '[name of the signing firm not stated]';
    return {
      heading: 'Date and signature',
      intro:
        `This Technical Report Summary is dated and signed by ${firmName}, a third-party firm comprising mining experts, ` +
        `under Item 1302(b)(1)(ii) of Regulation S-K.`,
      entries: [
        {
          conformed: `/s/ ${firmName}`,
          name: firmName,
          lines: [
            ...firm.address.split(/\r?\n/).filter((l) => l.trim() !== ''),
            ...(persons.length > 0 ? [`Qualified persons: ${persons.map((p) => p.name).join(', ')}`] : []),
          ],
          date: formatFilingDate(firm.signatureDate ?? reportDate),
        },
      ],
    };
  }
  return {
    heading: 'Date and signature',
    intro: 'Each qualified person who prepared this Technical Report Summary has dated and signed it.',
    entries: report.qualifiedPersons.map((qp) => ({
      conformed: `/s/ ${qp.name}`,
      name: qp.name,
      lines: [qp.credentials, qp.employer, qp.rpo ? `${qp.rpo}${qp.membershipNumber ? ` (${qp.membershipNumber})` : ''}` : ''].filter((l) => l.trim() !== ''),
      date: formatFilingDate(qp.signatureDate ?? reportDate),
    })),
  };
}

/** Kept for formats that list the QPs apart from the signature page. */
export function qualifiedPersonBlocks(persons: readonly QualifiedPerson[]): DocBlock[] {
  if (persons.length === 0) return [];
  return [
    { kind: 'heading', level: 2, text: 'Qualified persons' },
    {
      kind: 'table',
      role: 'persons',
      header: [['Qualified person', 'Professional organization', 'Employer', 'Sections', 'Personal inspection'].map(cell)],
      rows: persons.map((p) =>
        [
          [p.name, p.credentials].filter(Boolean).join(', '),
          [p.rpo, p.membershipNumber].filter(Boolean).join(' '),
          `${p.employer}${p.isRegistrantEmployee ? ' (employee of the registrant)' : ''}`,
          p.sectionsResponsible.join(', '),
          [p.personalInspection.date ? formatFilingDate(p.personalInspection.date) : '', p.personalInspection.description].filter(Boolean).join(': '),
        ].map(cell),
      ),
      align: ['left', 'left', 'left', 'left', 'left'],
    },
  ];
}
