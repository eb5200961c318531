import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { QivoError } from '../../shared/errors';
import { formatEdgarViolations, lintEdgarHtml } from '../../shared/edgar/lint';
import { renderConsents, unnamedSigners } from '../../shared/exports/ex23';
import { renderEx96 } from '../../shared/exports/ex96';
import { buildReportDocument } from '../../shared/exports/report-document';
import { EXPORT_FORMATS, type ExportFormat, type ExportFileInfo, type ExportResult } from '../../shared/exports/export-types';
import type { FindingReview } from '../../shared/ipc/compliance-contract';
import { findingId } from '../../shared/krci/finding-id';
import type { CheckPurpose, CheckResult, Finding } from '../../shared/krci/types';
import { serializeTrsReport } from '../../shared/trs/migrations';
import type { TrsReport } from '../../shared/trs/model';
import type { ExportOutcome } from '../../shared/metrics/outcomes';
import type { MetricsRecorder } from '../core/metrics-recorder';
import { writeFileAtomic } from '../storage/atomic-file';
// PDFKit, docx and JSZip take ~0.4 s to load; they are imported when an export needs them, so
// every other `qivo` command and the app's start-up do not pay for them.
const loadPdfRenderer = () => import('./pdf-renderer');
const loadDocxRenderer = () => import('./docx-renderer');
const loadJsZip = async () => (await import('jszip')).default;

export { EXPORT_FORMATS, type ExportFormat };

export interface ExportServiceDeps {
  /** Folder with the DejaVu TTFs embedded in PDFs. */
  fontDir: string;
  now: () => Date;
  appVersion: string;
  /**
   * The KRCI engine (checkReport with the current context). `filing` for a non-draft export (some
   * rules weigh more on a public exhibit: Portuguese text, a CPF), `drafting` for a draft.
   */
  check: (report: TrsReport, purpose: CheckPurpose) => CheckResult;
  /**
   * The compliance officer's reviews of a stored report's findings (by finding id). A critical
   * finding accepted with the second explicit confirmation does not block the export; the log
   * names it, who accepted it, when and why.
   */
  reviews?: (reportId: string) => ReadonlyMap<string, FindingReview>;
  metrics?: MetricsRecorder;
}

export interface ExportRequest {
  report: TrsReport;
  format: ExportFormat;
  /** An export the user asked for as a draft: allowed despite critical findings, marked DRAFT everywhere. */
  draft: boolean;
  /**
   * Where to write. ex96/ex23: a folder. pdf/docx/json: a file with that extension, or a folder
   * (the default name is used). package: a `.zip` file, or a folder.
   */
  destination: string;
  /** The filing the EX-23 consents refer to. */
  filing?: string;
  /** The stored report this export came from, for the metrics' cost per report. */
  reportId?: string;
  /** n of EX-96.n (one TRS per material property); consents refer to it. */
  exhibitNumber?: number;
  /** Language of the refusal's finding lines (the user's); the filing itself is in English. */
  language?: 'en' | 'pt-BR';
}

interface OutputFile {
  name: string;
  role: ExportFileInfo['role'];
  data: Buffer;
}

const ROLE_ORDER: ExportFileInfo['role'][] = ['exhibit', 'attachment', 'consent', 'unofficialCopy', 'editableCopy', 'canonicalJson', 'log', 'manifest'];
const DEFAULT_FILING = 'Annual Report on Form 10-K';
/** Errors that are the export refusing the report (not failing): counted as refused in the metrics. */
const REFUSALS = new Set(['exports.criticalFindings', 'exports.firmNameMissing', 'exports.signerNameMissing']);

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** "Lagoa Seca Lithium Project" → "lagoa-seca-lithium-project" (ASCII, for file names). */
export function slugify(text: string, max = 40): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return slug || 'report';
}

function findingLine(f: Finding, language: 'en' | 'pt-BR' = 'en'): string {
  return `[${f.severity}] ${f.ruleId}: ${f.message[language]} (${f.citation})`;
}

/**
 * Lints every .htm output; throws `exports.edgarLint` with the violations (file:line:column) on the
 * first that fails, so the caller writes nothing. Returns one log line per file linted.
 */
export function assertEdgarClean(files: readonly { name: string; data: Buffer }[]): string[] {
  const lines: string[] = [];
  for (const file of files.filter((f) => f.name.endsWith('.htm'))) {
    const result = lintEdgarHtml(file.data.toString('latin1'), { fileName: file.name });
    if (!result.ok) {
      throw new QivoError(
        'exports.edgarLint',
        `${file.name} would break the EDGAR HTML rules (${result.violations.length} violation(s)); nothing was written.`,
        { file: file.name, count: result.violations.length },
        formatEdgarViolations(result.violations.slice(0, 50), file.name),
      );
    }
    lines.push(`EDGAR lint ${file.name}: 0 violations`);
  }
  return lines;
}

/**
 * Turns a TRS into filing documents. Order of work: KRCI check (refuse on critical findings unless
 * draft) → render everything in memory → lint every EDGAR HTML file → only then write. A refused
 * or failed export therefore writes nothing.
 */
export class ExportService {
  constructor(private readonly deps: ExportServiceDeps) {}

  async export(request: ExportRequest): Promise<ExportResult> {
    const started = Date.now();
    try {
      const result = await this.run(request);
      this.record(
        request,
        'success',
        started,
        result.files.reduce((sum, f) => sum + f.bytes, 0),
      );
      return result;
    } catch (error) {
      const refused = error instanceof QivoError && REFUSALS.has(error.code);
      this.record(request, refused ? 'refused' : 'error', started);
      throw error;
    }
  }

  private record({ format, draft, reportId }: ExportRequest, outcome: ExportOutcome, started: number, bytes?: number): void {
    try {
      this.deps.metrics?.record({
        kind: 'export',
        at: this.deps.now().getTime(),
        name: format,
        outcome,
        durationMs: Date.now() - started,
        ...(bytes !== undefined ? { bytes } : {}),
        labels: { draft: String(draft), ...(reportId ? { reportId } : {}) },
      });
    } catch {
      /* metrics never break an export */
    }
  }

  private async run(request: ExportRequest): Promise<ExportResult> {
    const { report, format, draft } = request;
    const now = this.deps.now();
    const check = this.deps.check(report, draft ? 'drafting' : 'filing');
    const reviews = request.reportId && this.deps.reviews ? this.deps.reviews(request.reportId) : new Map<string, FindingReview>();
    const acceptedReview = (f: Finding) => {
      const r = reviews.get(findingId(f));
      return r?.status === 'accepted' && r.criticalConfirmed ? r : undefined;
    };
    const acceptedCritical = check.findings.filter((f) => f.severity === 'critical' && acceptedReview(f));
    const critical = check.findings.filter((f) => f.severity === 'critical' && !acceptedReview(f));
    if (critical.length > 0 && !draft) {
      throw new QivoError(
        'exports.criticalFindings',
        `Export refused: the compliance check found ${critical.length} critical finding(s). Fix them, or export a draft on purpose.`,
        { count: critical.length },
        critical.map((f) => findingLine(f, request.language)),
      );
    }

    const wants = (f: ExportFormat) => format === f || format === 'package';
    // A consent's signature line is the firm's or the person's name. Refused even for a draft and even
    // when the KRCI rule for it is turned off: no letter can be signed by nobody.
    if (wants('ex23')) {
      const unnamed = unnamedSigners(report);
      if (unnamed.some((s) => s.kind === 'firm')) {
        throw new QivoError(
          'exports.firmNameMissing',
          "The report is signed by a third-party firm without a name; a firm consent (EX-23) needs the firm's name. Nothing was written.",
        );
      }
      if (unnamed.length > 0) {
        throw new QivoError(
          'exports.signerNameMissing',
          `${unnamed.length} qualified person(s) without a name; their consent (EX-23) cannot be signed. Nothing was written.`,
          { count: unnamed.length },
        );
      }
    }

    const exhibitNumber = request.exhibitNumber ?? 1;
    const suffix = draft ? '-draft' : '';
    const ex96Base = `ex96-${exhibitNumber}${suffix}`;
    const slug = slugify(report.metadata.propertyName || report.metadata.title);
    const log: string[] = [
      `QIVO Compliance Workstation ${this.deps.appVersion} - export log`,
      `Time: ${now.toISOString()}`,
      `Format: ${format}${draft ? ' (DRAFT)' : ''}`,
      `Report: ${report.metadata.title}`,
      `Registrant: ${report.metadata.registrantName}`,
      `Effective date: ${report.metadata.effectiveDate ?? 'not stated'}`,
      `KRCI score: ${check.score} (critical ${check.counts.critical}, high ${check.counts.high}, medium ${check.counts.medium}, low ${check.counts.low})`,
    ];
    if (critical.length > 0) {
      log.push(`Exported as a DRAFT despite ${critical.length} critical finding(s):`, ...critical.map((f) => `  ${findingLine(f)}`));
    }
    if (acceptedCritical.length > 0) {
      log.push(`Accepted critical finding(s), each confirmed twice by the reviewer (${acceptedCritical.length}):`);
      for (const f of acceptedCritical) {
        const r = acceptedReview(f)!;
        log.push(`  ${findingLine(f)}`, `    accepted by ${r.acceptedBy ?? r.updatedBy} at ${r.acceptedAt ?? r.updatedAt}: ${r.justification ?? ''}`);
      }
    }

    const doc = () => buildReportDocument(report, { draft, figurePrefix: ex96Base, exhibit: `96.${exhibitNumber}` });
    const files: OutputFile[] = [];

    if (wants('ex96')) {
      const ex96 = renderEx96(doc(), `${ex96Base}.htm`);
      files.push({ name: ex96.fileName, role: 'exhibit', data: Buffer.from(ex96.html, 'latin1') });
      for (const a of ex96.attachments) files.push({ name: a.fileName, role: 'attachment', data: Buffer.from(a.dataBase64, 'base64') });
    }
    if (wants('ex23')) {
      const consents = renderConsents(report, { draft, filing: request.filing ?? DEFAULT_FILING, trsExhibit: `96.${exhibitNumber}` });
      const skipped = consents.skipped;
      if (consents.consents.length === 0 && format === 'ex23') {
        throw new QivoError(
          'exports.noConsents',
          'The report has no qualified person or firm whose consent can be written.',
          {},
          skipped.map((s) => `${s.signer}: ${s.reason}`),
        );
      }
      for (const c of consents.consents) files.push({ name: c.fileName, role: 'consent', data: Buffer.from(c.html, 'latin1') });
      for (const s of skipped) log.push(`No consent letter for ${s.signer}: ${s.reason}`);
    }
    if (wants('pdf')) {
      const pdf = await (await loadPdfRenderer()).renderPdf(doc(), { fontDir: this.deps.fontDir, now });
      files.push({ name: format === 'package' ? `${ex96Base}.pdf` : `${slug}-trs${suffix}.pdf`, role: 'unofficialCopy', data: pdf });
    }
    if (wants('docx')) {
      const docx = await (await loadDocxRenderer()).renderDocx(doc());
      files.push({ name: format === 'package' ? `${ex96Base}.docx` : `${slug}-trs${suffix}.docx`, role: 'editableCopy', data: docx });
    }
    if (wants('json')) {
      files.push({ name: `${slug}-trs${suffix}.json`, role: 'canonicalJson', data: Buffer.from(serializeTrsReport(report), 'utf8') });
    }

    // Every EDGAR document is linted before anything is written.
    log.push(...assertEdgarClean(files));

    if (format === 'package') return this.writePackage(request, files, log, check, now);
    return this.writeSingle(request, files, log, check);
  }

  private target(request: ExportRequest, defaultName: string): { dir: string; name: string } {
    const destination = path.resolve(request.destination);
    const ext = path.extname(defaultName);
    if (['pdf', 'docx', 'json'].includes(request.format) && path.extname(destination).toLowerCase() === ext) {
      let name = path.basename(destination);
      // The file name says DRAFT even when the user typed their own.
      if (request.draft && !/draft/i.test(name)) name = `${name.slice(0, -ext.length)}-draft${ext}`;
      return { dir: path.dirname(destination), name };
    }
    return { dir: destination, name: defaultName };
  }

  private writeSingle(request: ExportRequest, files: OutputFile[], log: string[], check: CheckResult): ExportResult {
    const written: ExportFileInfo[] = [];
    const single = files.length === 1 && ['pdf', 'docx', 'json'].includes(request.format);
    const dir = single ? this.target(request, files[0]!.name).dir : path.resolve(request.destination);
    fs.mkdirSync(dir, { recursive: true });
    for (const file of files) {
      const name = single ? this.target(request, file.name).name : file.name;
      const full = path.join(dir, name);
      writeFileAtomic(full, file.data);
      written.push({ name, path: full, role: file.role, bytes: file.data.length, sha256: sha256(file.data) });
    }
    return this.result(request, dir, written, check, log);
  }

  private async writePackage(request: ExportRequest, files: OutputFile[], log: string[], check: CheckResult, now: Date): Promise<ExportResult> {
    const report = request.report;
    const all = [...files];
    for (const file of all) log.push(`File ${file.name}: ${file.data.length} bytes, sha256 ${sha256(file.data)}`);
    const logName = request.draft ? 'export-log-draft.txt' : 'export-log.txt';
    all.push({ name: logName, role: 'log', data: Buffer.from(`${log.join('\n')}\n`, 'utf8') });
    const manifest = {
      format: 'qivo.filing-package',
      version: 1,
      createdAt: now.toISOString(),
      appVersion: this.deps.appVersion,
      draft: request.draft,
      report: {
        title: report.metadata.title,
        registrant: report.metadata.registrantName,
        property: report.metadata.propertyName,
        effectiveDate: report.metadata.effectiveDate,
      },
      krci: { score: check.score, counts: check.counts },
      files: all
        .slice()
        .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.name.localeCompare(b.name))
        .map((f) => ({ name: f.name, role: f.role, bytes: f.data.length, sha256: sha256(f.data) })),
    };
    const manifestName = request.draft ? 'manifest-draft.json' : 'manifest.json';
    all.push({ name: manifestName, role: 'manifest', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') });

    const destination = path.resolve(request.destination);
    if (destination.toLowerCase().endsWith('.zip')) {
      let zipPath = destination;
      if (request.draft && !/draft/i.test(path.basename(zipPath))) zipPath = `${zipPath.slice(0, -4)}-draft.zip`;
      const JSZip = await loadJsZip();
      const zip = new JSZip();
      // Every entry carries the export's own time, so the archive's dates say when it was made.
      for (const file of all) zip.file(file.name, file.data, { date: now, binary: true });
      const data = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
      fs.mkdirSync(path.dirname(zipPath), { recursive: true });
      writeFileAtomic(zipPath, data);
      const info: ExportFileInfo[] = all.map((f) => ({
        name: f.name,
        path: `${zipPath}!/${f.name}`,
        role: f.role,
        bytes: f.data.length,
        sha256: sha256(f.data),
      }));
      return this.result(request, zipPath, info, check, log, { name: path.basename(zipPath), bytes: data.length, sha256: sha256(data) });
    }
    fs.mkdirSync(destination, { recursive: true });
    const info: ExportFileInfo[] = [];
    for (const file of all) {
      const full = path.join(destination, file.name);
      writeFileAtomic(full, file.data);
      info.push({ name: file.name, path: full, role: file.role, bytes: file.data.length, sha256: sha256(file.data) });
    }
    return this.result(request, destination, info, check, log);
  }

  private result(
    request: ExportRequest,
    destination: string,
    files: ExportFileInfo[],
    check: CheckResult,
    log: string[],
    archive?: ExportResult['archive'],
  ): ExportResult {
    const counts = check.counts;
    return {
      format: request.format,
      draft: request.draft,
      destination,
      files,
      ...(archive ? { archive } : {}),
      krci: { score: check.score, critical: counts.critical, high: counts.high, medium: counts.medium, low: counts.low },
      log,
    };
  }
}
