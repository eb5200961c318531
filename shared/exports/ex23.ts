import type { TrsReport } from '../trs/model';
import { edgarDocument, fragment, h, type InlineStyle, type SafeHtml } from './edgar-html-writer';
import { DRAFT_BANNER } from './ex96';
import { formatFilingDate } from './report-document';

export interface ConsentOptions {
  draft: boolean;
  /** The filing the consent is for, e.g. "Annual Report on Form 10-K for the fiscal year ended December 31, 2025". */
  filing: string;
  /** Exhibit number of the TRS the consent refers to, e.g. "96.1". */
  trsExhibit: string;
  /** First EX-23 number to use (consents are numbered 23.1, 23.2 …). */
  firstNumber?: number;
}

export interface ConsentDocument {
  fileName: string;
  exhibit: string;
  signer: string;
  kind: 'qualifiedPerson' | 'firm';
  html: string;
}

export interface SkippedConsent {
  signer: string;
  reason: string;
}

// Font sizes inline on every text element: see ex96.ts (the same in quirks and standards mode).
const P: InlineStyle = { margin: '0 0 8pt 0', 'text-align': 'justify', 'font-size': '10pt' };
const SMALL: InlineStyle = { margin: '0', 'font-size': '9pt' };

/** Signers whose consent cannot be written because their name is missing (the signature line would be empty). */
export function unnamedSigners(report: TrsReport): { kind: 'qualifiedPerson' | 'firm'; id: string | null }[] {
  if (report.signingFirm) return report.signingFirm.name.trim() === '' ? [{ kind: 'firm', id: null }] : [];
  return report.qualifiedPersons
    .filter((qp) => qp.consentStatus !== 'refused' && qp.name.trim() === '')
    .map((qp) => ({ kind: 'qualifiedPerson' as const, id: qp.id }));
}

/**
 * One EX-23 consent letter per qualified person, or one for the signing third-party firm
 * (§1302(b)(4) and (b)(1)(ii)). The text follows the form consents take in 10-K filings:
 * consent to being named, to the summary or quotation of the TRS, and to its filing as an exhibit.
 * A QP who refused consent gets no letter: filing one would be false.
 */
export function renderConsents(report: TrsReport, options: ConsentOptions): { consents: ConsentDocument[]; skipped: SkippedConsent[] } {
  const meta = report.metadata;
  const firm = report.signingFirm;
  const signers = firm
    ? [
        {
          kind: 'firm' as const,
          name: firm.name,
          status: firm.consentStatus,
          date: firm.consentDate ?? firm.signatureDate ?? meta.reportDate,
          lines: firm.address.split(/\r?\n/).filter((l) => l.trim()),
          sections: [] as number[],
        },
      ]
    : report.qualifiedPersons.map((qp) => ({
        kind: 'qualifiedPerson' as const,
        name: qp.name,
        status: qp.consentStatus,
        date: qp.consentDate ?? qp.signatureDate ?? meta.reportDate,
        lines: [qp.credentials, qp.employer].filter((l) => l.trim()),
        sections: qp.sectionsResponsible,
      }));
  const consents: ConsentDocument[] = [];
  const skipped: SkippedConsent[] = [];
  let number = options.firstNumber ?? 1;
  for (const signer of signers) {
    if (signer.status === 'refused') {
      skipped.push({ signer: signer.name, reason: 'consent refused' });
      continue;
    }
    // The signature line is a person or the firm, never an address: no name, no letter (the export
    // service refuses such a report before rendering, with a translated message).
    if (signer.name.trim() === '') throw new Error(`a ${signer.kind === 'firm' ? 'firm' : 'qualified person'} consent needs the signer's name`);
    const exhibit = `23.${number}`;
    const fileName = `ex23-${number}${options.draft ? '-draft' : ''}.htm`;
    number++;
    const subject = signer.kind === 'firm' ? `${signer.name} ("we")` : `I, ${signer.name},`;
    const our = signer.kind === 'firm' ? 'our' : 'my';
    const trsName = `the technical report summary titled "${meta.title}" with an effective date of ${formatFilingDate(meta.effectiveDate)} (the "Technical Report Summary")`;
    const paragraphs: SafeHtml[] = [
      h('p', { style: P }, `${subject} in connection with the ${options.filing} of ${meta.registrantName || 'the registrant'} (the "Filing"), consent to:`),
      h(
        'ul',
        { style: { 'font-size': '10pt' } },
        h('li', { style: P }, `the public filing and use of ${trsName}, as Exhibit ${options.trsExhibit} to the Filing;`),
        h(
          'li',
          { style: P },
          `the use of and references to ${our} name, including ${our} status as an expert or "qualified person" (as defined in Subpart 1300 of Regulation S-K), in connection with the Filing and the Technical Report Summary; and`,
        ),
        h(
          'li',
          { style: P },
          'the use of any extracts from, or a summary of, the Technical Report Summary in the Filing, and the use of any information derived, summarized, quoted or referenced from the Technical Report Summary.',
        ),
      ),
      signer.sections.length > 0
        ? h('p', { style: P }, `I am responsible for, and this consent pertains to, sections ${signer.sections.join(', ')} of the Technical Report Summary.`)
        : h('p', { style: P }, 'This consent pertains to the whole Technical Report Summary.'),
    ];
    const body = fragment(
      options.draft ? h('p', { align: 'center', style: { 'font-weight': 'bold', color: '#c00000', 'font-size': '12pt' } }, DRAFT_BANNER) : null,
      h('p', { align: 'right', style: { 'font-weight': 'bold', 'font-size': '10pt' } }, `Exhibit ${exhibit}`),
      h('h1', { align: 'center', style: { 'font-size': '13pt' } }, signer.kind === 'firm' ? 'CONSENT OF THIRD-PARTY FIRM' : 'CONSENT OF QUALIFIED PERSON'),
      paragraphs,
      h('p', { style: { margin: '14pt 0 0 0', 'font-size': '10pt' } }, `Date: ${formatFilingDate(signer.date)}`),
      h('p', { style: { margin: '14pt 0 4pt 0', 'font-size': '10pt' } }, 'By: ', h('b', null, `/s/ ${signer.name}`), h('br', null), signer.name),
      // Credentials and employer, or the firm's address, under the signature and apart from it.
      signer.lines.length > 0
        ? h(
            'p',
            { style: SMALL },
            signer.lines.map((line, i) => fragment(i > 0 ? h('br', null) : null, line)),
          )
        : null,
      options.draft ? h('p', { align: 'center', style: { 'font-weight': 'bold', color: '#c00000', 'font-size': '12pt' } }, DRAFT_BANNER) : null,
    );
    consents.push({
      fileName,
      exhibit,
      signer: signer.name,
      kind: signer.kind,
      html: edgarDocument({ title: `${options.draft ? 'DRAFT - ' : ''}Exhibit ${exhibit} - Consent of ${signer.name}` }, body),
    });
  }
  return { consents, skipped };
}
