import path from 'node:path';
import type { ReviewedFinding } from '../../shared/ipc/compliance-contract';
import type { KrciLanguage } from '../../shared/krci/types';

/** Column headings and coded values of the findings export, in the reader's language. */
type Words = Record<
  | 'id'
  | 'status'
  | 'severity'
  | 'rule'
  | 'section'
  | 'path'
  | 'message'
  | 'fix'
  | 'citation'
  | 'basis'
  | 'assignee'
  | 'acceptedBy'
  | 'acceptedAt'
  | 'justification'
  | 'open'
  | 'accepted'
  | 'critical'
  | 'high'
  | 'medium'
  | 'low'
  | 'law'
  | 'convention'
  | 'dataFormat'
  | 'title'
  | 'report'
  | 'score'
  | 'checked'
  | 'openFindings'
  | 'acceptedFindings'
  | 'none'
  | 'criticalConfirmed',
  string
>;
const WORDS: Record<KrciLanguage, Words> = {
  en: {
    id: 'Finding id',
    status: 'Status',
    severity: 'Severity',
    rule: 'Rule',
    section: 'Section',
    path: 'Path',
    message: 'Message',
    fix: 'How to fix',
    citation: 'Citation',
    basis: 'Citation basis',
    assignee: 'Assigned to',
    acceptedBy: 'Accepted by',
    acceptedAt: 'Accepted at',
    justification: 'Justification',
    open: 'open',
    accepted: 'accepted',
    critical: 'critical',
    high: 'high',
    medium: 'medium',
    low: 'low',
    law: 'law',
    convention: 'convention (not a legal citation)',
    dataFormat: 'data format (not a legal citation)',
    title: 'KRCI review sheet',
    report: 'Report',
    score: 'Score',
    checked: 'Checked',
    openFindings: 'Open findings',
    acceptedFindings: 'Accepted findings',
    none: 'None.',
    criticalConfirmed: 'critical, acceptance confirmed twice',
  },
  'pt-BR': {
    id: 'Id do achado',
    status: 'Situação',
    severity: 'Severidade',
    rule: 'Regra',
    section: 'Seção',
    path: 'Caminho',
    message: 'Mensagem',
    fix: 'Como corrigir',
    citation: 'Citação',
    basis: 'Base da citação',
    assignee: 'Atribuído a',
    acceptedBy: 'Aceito por',
    acceptedAt: 'Aceito em',
    justification: 'Justificativa',
    open: 'aberto',
    accepted: 'aceito',
    critical: 'crítica',
    high: 'alta',
    medium: 'média',
    low: 'baixa',
    law: 'norma legal',
    convention: 'convenção (não é citação legal)',
    dataFormat: 'formato de dado (não é citação legal)',
    title: 'Ficha de revisão KRCI',
    report: 'Relatório',
    score: 'Pontuação',
    checked: 'Verificado em',
    openFindings: 'Achados abertos',
    acceptedFindings: 'Achados aceitos',
    none: 'Nenhum.',
    criticalConfirmed: 'crítico, aceite confirmado duas vezes',
  },
};

/** RFC 4180 field: quoted when it holds a comma, quote or line break; quotes doubled. A leading =+-@ is neutralised (CSV injection). */
function csvField(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function findingsCsv(findings: readonly ReviewedFinding[], lang: KrciLanguage): string {
  const w = WORDS[lang];
  const head = [
    'id',
    'status',
    'severity',
    'rule',
    'section',
    'path',
    'message',
    'fix',
    'citation',
    'basis',
    'assignee',
    'acceptedBy',
    'acceptedAt',
    'justification',
  ].map((k) => w[k as keyof Words]);
  const rows = findings.map((f) => {
    const accepted = f.review?.status === 'accepted';
    return [
      f.id,
      accepted ? w.accepted : w.open,
      w[f.severity],
      f.ruleId,
      f.section ?? '',
      f.path,
      f.message[lang],
      f.fix[lang],
      f.citation,
      w[f.basis],
      f.review?.assignee ?? '',
      accepted ? f.review?.acceptedBy : '',
      accepted ? f.review?.acceptedAt : '',
      accepted ? f.review?.justification : '',
    ];
  });
  // A byte-order mark so spreadsheet programs read the accents as UTF-8.
  return `\uFEFF${[head, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

export interface ReviewSheetInput {
  title: string;
  score: number;
  checkedAt: string;
  findings: readonly ReviewedFinding[];
  lang: KrciLanguage;
  fontDir: string;
  now: Date;
}

/** A PDF review sheet for a review meeting: score, open findings, then accepted ones with who, when and why. */
export async function reviewSheetPdf(input: ReviewSheetInput): Promise<Buffer> {
  const PDFDocument = (await import('pdfkit')).default;
  const w = WORDS[input.lang];
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 48, bottom: 48, left: 48, right: 48 },
    bufferPages: true,
    lang: input.lang,
    info: { Title: `${w.title} — ${input.title}`, Creator: 'QIVO Compliance Workstation', CreationDate: input.now },
  });
  doc.registerFont('regular', path.join(input.fontDir, 'DejaVuSans.ttf'));
  doc.registerFont('bold', path.join(input.fontDir, 'DejaVuSans-Bold.ttf'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('bold').fontSize(16).text(w.title);
  doc.font('regular').fontSize(10).text(`${w.report}: ${input.title}`).text(`${w.score}: ${input.score}/100 · ${w.checked}: ${input.checkedAt}`);
  const section = (heading: string, list: readonly ReviewedFinding[]) => {
    doc.moveDown().font('bold').fontSize(12).text(`${heading} (${list.length})`);
    if (list.length === 0) doc.font('regular').fontSize(9).text(w.none);
    for (const f of list) {
      doc.moveDown(0.4).font('bold').fontSize(9).text(`[${w[f.severity].toUpperCase()}] ${f.ruleId} · ${f.path}`);
      doc.font('regular').fontSize(9).text(f.message[input.lang]);
      doc.fillColor('#444444').text(`${w.fix}: ${f.fix[input.lang]}`);
      doc.text(`${w.citation} (${w[f.basis]}): ${f.citation}`);
      if (f.review?.assignee) doc.text(`${w.assignee}: ${f.review.assignee}`);
      if (f.review?.status === 'accepted')
        doc
          .text(
            `${w.acceptedBy}: ${f.review.acceptedBy ?? ''} · ${w.acceptedAt}: ${f.review.acceptedAt ?? ''}${f.review.criticalConfirmed ? ` · ${w.criticalConfirmed}` : ''}`,
          )
          .text(`${w.justification}: ${f.review.justification ?? ''}`);
      doc.fillColor('#000000');
    }
  };
  section(
    w.openFindings,
    input.findings.filter((f) => f.review?.status !== 'accepted'),
  );
  section(
    w.acceptedFindings,
    input.findings.filter((f) => f.review?.status === 'accepted'),
  );
  doc.end();
  return done;
}
