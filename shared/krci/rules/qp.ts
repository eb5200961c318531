import { NOT_APPLICABLE, type FindingDraft } from '../types';
import { codeLabel } from '../../trs/code-labels';
import { filled, findingsFor, firmCovers, rule, text, type TrsRule } from './helpers';

/** A street address typed where the firm's name belongs: a number with a street word, a postcode (CEP/ZIP). */
export function looksLikeAddress(name: string): boolean {
  const s = name.toLowerCase();
  if (/\b\d{5}-\d{3}\b|\b\d{5}(-\d{4})?$/.test(s)) return true;
  return (
    /\d/.test(s) &&
    /\b(rua|r\.|av\.?|avenida|alameda|rodovia|travessa|praça|praca|street|st\.|avenue|ave\.?|road|rd\.|suite|floor|andar|sala|cep|zip|box)\b/.test(s)
  );
}

/** Minimum relevant experience of a QP, §229.1300 definition of "qualified person" (sk1300.md §1.4, [V]). */
export const QP_MIN_YEARS = 5;

export const qpRules: TrsRule[] = [
  rule({
    id: 'qp.present',
    category: 'qp-consent',
    severity: 'critical',
    citation: '17 CFR 229.1302(b)(1)',
    citationVerified: true,
    path: 'qualifiedPersons',
    reads: ['qualifiedPersons'],
    text: text(
      'No qualified person is named. The TRS must be prepared, dated and signed by one or more qualified persons.',
      'Add the qualified person(s) responsible for the report.',
      'Nenhum profissional qualificado (QP) foi indicado. O TRS deve ser preparado, datado e assinado por um ou mais QPs.',
      'Inclua o(s) profissional(is) qualificado(s) responsável(is) pelo relatório.',
    ),
    check: (report) => (report.qualifiedPersons.length > 0 ? [] : [{ path: 'qualifiedPersons' }]),
  }),
  rule({
    id: 'qp.experience',
    category: 'qp-consent',
    severity: 'critical',
    citation: '17 CFR 229.1300 (qualified person)(1)',
    citationVerified: true,
    path: 'qualifiedPersons',
    reads: ['qualifiedPersons'],
    text: text(
      '{{name}} has {{years}} years of relevant experience; a qualified person needs at least 5 in the type of deposit and the activity performed.',
      "Record the QP's relevant experience, or replace the QP with one who has at least 5 years.",
      '{{name}} tem {{years}} anos de experiência relevante; um QP precisa de pelo menos 5 anos no tipo de depósito e na atividade realizada.',
      'Registre a experiência relevante do QP ou substitua-o por um profissional com pelo menos 5 anos.',
    ),
    check(report) {
      if (report.qualifiedPersons.length === 0) return NOT_APPLICABLE;
      return findingsFor(report.qualifiedPersons, (qp, i) =>
        qp.yearsRelevantExperience === null || qp.yearsRelevantExperience < QP_MIN_YEARS
          ? { path: `qualifiedPersons.${i}.yearsRelevantExperience`, params: { name: qp.name || `#${i + 1}`, years: qp.yearsRelevantExperience ?? '?' } }
          : undefined,
      );
    },
  }),
  rule({
    id: 'qp.rpo-membership',
    category: 'qp-consent',
    severity: 'critical',
    citation: '17 CFR 229.1300 (qualified person)(2)',
    citationVerified: true,
    path: 'qualifiedPersons',
    reads: ['qualifiedPersons'],
    text: text(
      '{{name}} has no recognized professional organization membership recorded (organization and membership number).',
      'Enter the RPO (e.g. AusIMM, AIPG, SME RM, CBRR) and the membership number in good standing.',
      '{{name}} não tem filiação a organização profissional reconhecida (RPO) registrada (entidade e número de registro).',
      'Informe a RPO (ex.: AusIMM, AIPG, SME RM, CBRR) e o número de registro ativo.',
    ),
    check(report) {
      if (report.qualifiedPersons.length === 0) return NOT_APPLICABLE;
      return findingsFor(report.qualifiedPersons, (qp, i) =>
        filled(qp.rpo) && filled(qp.membershipNumber)
          ? undefined
          : { path: `qualifiedPersons.${i}.${filled(qp.rpo) ? 'membershipNumber' : 'rpo'}`, params: { name: qp.name || `#${i + 1}` } },
      );
    },
  }),
  rule({
    id: 'qp.signature',
    category: 'qp-consent',
    severity: 'critical',
    citation: '17 CFR 229.1302(b)(1)',
    citationVerified: true,
    path: 'qualifiedPersons',
    reads: ['qualifiedPersons', 'signingFirm'],
    text: text(
      '{{name}} has not dated and signed the report, and no third-party firm signs for them.',
      "Enter the QP's signature date (conformed /s/ signature), or have the firm of mining experts sign.",
      '{{name}} não datou nem assinou o relatório, e nenhuma empresa terceira assina por ele(a).',
      'Informe a data de assinatura do QP (assinatura /s/) ou faça a empresa de consultoria assinar.',
    ),
    check(report) {
      if (report.qualifiedPersons.length === 0) return NOT_APPLICABLE;
      const firmSigned = !!report.signingFirm?.signatureDate;
      return findingsFor(report.qualifiedPersons, (qp, i) =>
        qp.signatureDate || (firmSigned && firmCovers(report, qp))
          ? undefined
          : { path: `qualifiedPersons.${i}.signatureDate`, params: { name: qp.name || `#${i + 1}` } },
      );
    },
  }),
  rule({
    id: 'qp.firm-signature',
    category: 'qp-consent',
    severity: 'high',
    citation: '17 CFR 229.1302(b)(1)(ii)',
    citationVerified: true,
    path: 'signingFirm',
    reads: ['qualifiedPersons', 'signingFirm'],
    text: text(
      'The signing firm {{firm}} {{problem}}.',
      "Date the firm's signature and list the QPs it employs who prepared the report.",
      'A empresa signatária {{firm}} {{problemPt}}.',
      'Date a assinatura da empresa e relacione os QPs empregados por ela que prepararam o relatório.',
    ),
    check(report) {
      const firm = report.signingFirm;
      if (!firm) return NOT_APPLICABLE;
      const out: FindingDraft[] = [];
      const name = firm.name || '—';
      if (!firm.signatureDate)
        out.push({ path: 'signingFirm.signatureDate', params: { firm: name, problem: 'has not dated its signature', problemPt: 'não datou a assinatura' } });
      const ids = new Set(report.qualifiedPersons.map((q) => q.id));
      if (firm.qualifiedPersonIds.length === 0 || firm.qualifiedPersonIds.some((id) => !ids.has(id)))
        out.push({
          path: 'signingFirm.qualifiedPersonIds',
          params: { firm: name, problem: 'does not list the qualified persons it employs', problemPt: 'não relaciona os QPs que emprega' },
        });
      return out;
    },
  }),
  rule({
    id: 'qp.firm-name',
    category: 'qp-consent',
    severity: 'critical',
    citation: '17 CFR 229.1302(b)(1)(ii) (the third-party firm dates and signs the TRS and gives the consent)',
    citationVerified: true,
    path: 'signingFirm.name',
    reads: ['signingFirm'],
    text: text(
      'The report is signed by a third-party firm {{problem}}; its signature and its EX-23 consent would not name who signs.',
      'Enter the firm\'s legal name in "Signing firm → name" (the address goes in its own field).',
      'O relatório é assinado por uma empresa terceira {{problemPt}}; a assinatura e o consentimento EX-23 não identificariam quem assina.',
      'Informe a razão social da empresa em "Empresa signatária → nome" (o endereço vai em campo próprio).',
    ),
    check(report) {
      const firm = report.signingFirm;
      if (!firm) return NOT_APPLICABLE;
      if (!filled(firm.name, 2)) return [{ path: 'signingFirm.name', params: { problem: 'without a firm name', problemPt: 'sem o nome da empresa' } }];
      if (looksLikeAddress(firm.name))
        return [
          { path: 'signingFirm.name', params: { problem: `whose name "${firm.name}" is an address`, problemPt: `cujo nome "${firm.name}" é um endereço` } },
        ];
      return [];
    },
  }),
  rule({
    id: 'qp.firm-not-for-employees',
    category: 'qp-consent',
    severity: 'high',
    citation: '17 CFR 229.1302(b)(1)(ii) (the third-party firm exception does not cover employees of the registrant)',
    citationVerified: true,
    path: 'signingFirm.qualifiedPersonIds',
    reads: ['signingFirm', 'qualifiedPersons'],
    text: text(
      'The signing firm {{firm}} signs for {{name}}, who is an employee of the registrant; employee QPs must date and sign individually.',
      "Remove the registrant employee from the firm's QPs and record that QP's own signature date and consent.",
      'A empresa signatária {{firm}} assina por {{name}}, que é empregado(a) do registrante; QPs empregados devem datar e assinar individualmente.',
      'Retire o empregado do registrante da lista de QPs da empresa e registre a data de assinatura e o consentimento próprios desse QP.',
    ),
    check(report) {
      const firm = report.signingFirm;
      if (!firm || firm.qualifiedPersonIds.length === 0) return NOT_APPLICABLE;
      return findingsFor(report.qualifiedPersons, (qp, i) =>
        qp.isRegistrantEmployee && firm.qualifiedPersonIds.includes(qp.id)
          ? { path: `qualifiedPersons.${i}.isRegistrantEmployee`, params: { firm: firm.name || '—', name: qp.name || `#${i + 1}` } }
          : undefined,
      );
    },
  }),
  rule({
    id: 'qp.consent',
    category: 'qp-consent',
    severity: 'high',
    citation: '17 CFR 229.1302(b)(4); Item 601(b)(23)',
    citationVerified: false,
    path: 'qualifiedPersons',
    reads: ['qualifiedPersons', 'signingFirm'],
    text: text(
      'No written consent of {{name}} has been received (consent: {{status}}), and the signing firm has not given one.',
      "Obtain the QP's written consent to be named and to the filing of the TRS (Exhibit 23), or the firm's.",
      'Não foi recebido o consentimento por escrito de {{name}} (consentimento: {{statusPt}}), nem da empresa signatária.',
      'Obtenha o consentimento por escrito do QP para ser citado e para o arquivamento do TRS (Anexo 23), ou o da empresa.',
    ),
    check(report) {
      if (report.qualifiedPersons.length === 0) return NOT_APPLICABLE;
      const firmConsent = report.signingFirm?.consentStatus === 'received';
      return findingsFor(report.qualifiedPersons, (qp, i) =>
        qp.consentStatus === 'received' || (firmConsent && firmCovers(report, qp))
          ? undefined
          : {
              path: `qualifiedPersons.${i}.consentStatus`,
              params: {
                name: qp.name || `#${i + 1}`,
                status: codeLabel('consentStatus', qp.consentStatus, 'en').toLowerCase(),
                statusPt: codeLabel('consentStatus', qp.consentStatus, 'pt-BR').toLowerCase(),
              },
            },
      );
    },
  }),
  rule({
    id: 'qp.consent-dated',
    category: 'qp-consent',
    severity: 'low',
    citation: '17 CFR 229.1302(b)(4)',
    citationVerified: false,
    path: 'qualifiedPersons',
    reads: ['qualifiedPersons', 'signingFirm'],
    text: text(
      'The consent of {{name}} is marked received but has no date.',
      'Enter the date of the written consent so it can be matched with the filing.',
      'O consentimento de {{name}} está marcado como recebido, mas não tem data.',
      'Informe a data do consentimento por escrito para associá-lo ao arquivamento.',
    ),
    check(report) {
      const people = [
        ...report.qualifiedPersons.map((q, i) => ({
          name: q.name || `#${i + 1}`,
          status: q.consentStatus,
          date: q.consentDate,
          path: `qualifiedPersons.${i}.consentDate`,
        })),
        ...(report.signingFirm
          ? [{ name: report.signingFirm.name, status: report.signingFirm.consentStatus, date: report.signingFirm.consentDate, path: 'signingFirm.consentDate' }]
          : []),
      ].filter((p) => p.status === 'received');
      if (people.length === 0) return NOT_APPLICABLE;
      return people.filter((p) => !p.date).map((p) => ({ path: p.path, params: { name: p.name } }));
    },
  }),
  rule({
    id: 'qp.affiliation',
    category: 'qp-consent',
    severity: 'medium',
    citation: '17 CFR 229.1302(b)',
    citationVerified: false,
    path: 'qualifiedPersons',
    reads: ['qualifiedPersons'],
    text: text(
      '{{name}} is not an employee of the registrant, but the employer or the statement of affiliation is missing.',
      'Name the QP\'s employer and state any affiliation with the registrant or with holders of an interest or royalty in the property ("none" if none).',
      '{{name}} não é empregado(a) do registrante, mas falta o empregador ou a declaração de vínculo.',
      'Informe o empregador do QP e declare qualquer vínculo com o registrante ou com titulares de participação ou royalty ("nenhum" se não houver).',
    ),
    check(report) {
      const outside = report.qualifiedPersons.map((q, i) => ({ q, i })).filter(({ q }) => !q.isRegistrantEmployee);
      if (outside.length === 0) return NOT_APPLICABLE;
      return outside
        .filter(({ q }) => !filled(q.employer) || !filled(q.affiliationWithRegistrant))
        .map(({ q, i }) => ({
          path: `qualifiedPersons.${i}.${filled(q.employer) ? 'affiliationWithRegistrant' : 'employer'}`,
          params: { name: q.name || `#${i + 1}` },
        }));
    },
  }),
  rule({
    id: 'qp.personal-inspection',
    category: 'qp-consent',
    severity: 'medium',
    citation: 'Item 601(b)(96)(iii)(B)(2)',
    citationVerified: false,
    section: 2,
    path: 'qualifiedPersons',
    reads: ['qualifiedPersons'],
    text: text(
      '{{name}}: the personal inspection of the property is not described, nor the reason none was made.',
      "Describe the QP's site visit (date, what was seen) or why no visit was made.",
      '{{name}}: a inspeção pessoal da propriedade não está descrita, nem o motivo de não ter sido feita.',
      'Descreva a visita do QP (data, o que foi verificado) ou o motivo de não ter havido visita.',
    ),
    check(report) {
      if (report.qualifiedPersons.length === 0) return NOT_APPLICABLE;
      return findingsFor(report.qualifiedPersons, (qp, i) =>
        filled(qp.personalInspection.description, 10)
          ? undefined
          : { path: `qualifiedPersons.${i}.personalInspection`, params: { name: qp.name || `#${i + 1}` } },
      );
    },
  }),
  rule({
    id: 'qp.sections-covered',
    category: 'qp-consent',
    severity: 'medium',
    citation: '17 CFR 229.1302(a)',
    citationVerified: false,
    path: 'qualifiedPersons',
    reads: ['qualifiedPersons', 'signingFirm'],
    text: text(
      'No qualified person is responsible for section(s) {{sections}}.',
      "Assign every section to a QP (or to the signing firm's QPs).",
      'Nenhum QP é responsável pela(s) seção(ões) {{sections}}.',
      'Atribua cada seção a um QP (ou aos QPs da empresa signatária).',
    ),
    check(report) {
      if (report.qualifiedPersons.length === 0) return NOT_APPLICABLE;
      const covered = new Set(report.qualifiedPersons.flatMap((q) => q.sectionsResponsible));
      const missing: number[] = [];
      for (let n = 1; n <= 25; n++) if (!covered.has(n)) missing.push(n);
      return missing.length === 0 ? [] : [{ path: 'qualifiedPersons', params: { sections: missing.join(', ') } }];
    },
  }),
  rule({
    id: 'qp.signature-after-effective-date',
    category: 'qp-consent',
    severity: 'medium',
    citation: '17 CFR 229.1302(b)(1)',
    citationVerified: false,
    path: 'qualifiedPersons',
    reads: ['qualifiedPersons', 'signingFirm', 'metadata.effectiveDate'],
    text: text(
      '{{name}} signed on {{signed}}, before the effective date {{effectiveDate}} of the estimates.',
      'A QP cannot sign estimates before their effective date: correct the dates.',
      '{{name}} assinou em {{signed}}, antes da data de referência {{effectiveDate}} das estimativas.',
      'O QP não pode assinar antes da data de referência das estimativas: corrija as datas.',
    ),
    check(report) {
      const eff = report.metadata.effectiveDate;
      if (!eff) return NOT_APPLICABLE;
      const out: FindingDraft[] = findingsFor(report.qualifiedPersons, (qp, i) =>
        qp.signatureDate && qp.signatureDate < eff
          ? { path: `qualifiedPersons.${i}.signatureDate`, params: { name: qp.name || `#${i + 1}`, signed: qp.signatureDate, effectiveDate: eff } }
          : undefined,
      );
      const firm = report.signingFirm;
      if (firm?.signatureDate && firm.signatureDate < eff)
        out.push({ path: 'signingFirm.signatureDate', params: { name: firm.name, signed: firm.signatureDate, effectiveDate: eff } });
      return out;
    },
  }),
];
