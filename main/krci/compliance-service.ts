import { bbox as turfBbox } from '@turf/bbox';
import { checkAnmProcessNumber } from '../../shared/brazil/identifiers';
import type { FeatureGate } from '../../shared/flags/flag-keys';
import { QivoError } from '../../shared/errors';
import type { ComplianceCheckResult, ComplianceOfficialContext, FindingReview, ReviewedFinding, ScoreHistoryEntry } from '../../shared/ipc/compliance-contract';
import {
  SEVERITIES,
  checkReport,
  findingId,
  ruleCatalogue,
  scoreOf,
  type CheckContext,
  type CheckPurpose,
  type CheckResult,
  type Finding,
  type KrciLanguage,
  type Severity,
} from '../../shared/krci';
import { findingsCsv, reviewSheetPdf } from './findings-export';
import type { ReviewStore } from './review-store';
import type { AnmProcessResult, AreaGeometry, Bbox, IbamaEmbargoesResult } from '../../shared/official/records';
import type { TrsReport } from '../../shared/trs/model';
import type { MetricsRecorder } from '../core/metrics-recorder';

/** What the engine needs from the official-data feature (structural, so either side can evolve). */
export interface OfficialLookup {
  anmProcess(input: string): Promise<AnmProcessResult>;
  ibamaEmbargoes(query: { bbox: Bbox; polygon?: AreaGeometry }): Promise<IbamaEmbargoesResult>;
}

export interface StoredTrs {
  document: TrsReport;
  revision: number;
}

export interface ComplianceServiceDeps {
  /** The stored TRS of a report (the trs feature's service); throws QivoError when unknown. */
  loadTrs(reportId: string): StoredTrs;
  /** The official-data service when that feature runs; undefined otherwise. */
  official(): OfficialLookup | undefined;
  gate(): FeatureGate;
  metrics(): MetricsRecorder;
  now(): Date;
  /** How long a check waits for an official lookup that is not in the cache (it keeps filling the cache afterwards). */
  officialTimeoutMs?: number;
  onChecked?(event: { reportId: string; score: number; critical: number }): void;
  /** Reviews, audit trail and score history (app.db); without it findings cannot be reviewed. */
  reviews?: ReviewStore;
  /** Who a review is recorded as. */
  reviewer?(): { name: string; origin: 'displayName' | 'userId' | 'install' };
  /** A stored version's document (null: the current one), for comparing findings across versions. */
  versionDocument?(reportId: string, versionId: number | null): TrsReport;
  /** Fonts of the PDF review sheet. */
  fontDir?: string;
}

/** Findings with their stable id and review; the score leaves accepted findings out. */
export function applyReviews(result: CheckResult, reviews: ReadonlyMap<string, FindingReview>) {
  const findings: ReviewedFinding[] = result.findings.map((f) => {
    const id = findingId(f);
    const review = reviews.get(id);
    return review ? { ...f, id, review } : { ...f, id };
  });
  const isAccepted = (f: Finding) => reviews.get(findingId(f))?.status === 'accepted';
  const { score, capped } = scoreOf(result.rules, result.findings, isAccepted);
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let accepted = 0;
  for (const f of findings) {
    if (f.review?.status === 'accepted') accepted++;
    else counts[f.severity]++;
  }
  return { findings, score, capped, counts, accepted };
}

export const DEFAULT_OFFICIAL_TIMEOUT_MS = 4000;
const TOP_RULES = 5;

/** Resolves to undefined after `ms` or on failure: official data improves a check but never blocks or breaks it. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise.catch(() => undefined), timeout]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** The ids of the failing rules that weigh most (severity first), for the metrics label. */
export function topRules(findings: readonly Finding[], n = TOP_RULES): string[] {
  const out: string[] = [];
  for (const f of findings) {
    if (!out.includes(f.ruleId)) out.push(f.ruleId);
    if (out.length === n) break;
  }
  return out;
}

/**
 * KRCI checks in main: the stored TRS, official data from the cache (or a short live lookup),
 * the flags of this user, one metrics event per check.
 */
export class ComplianceService {
  constructor(private readonly deps: ComplianceServiceDeps) {}

  rules() {
    return ruleCatalogue();
  }

  /** Official data for one report: ANM record of its first valid process, IBAMA embargoes over its polygon. */
  async officialContext(report: TrsReport): Promise<ComplianceOfficialContext> {
    const none: ComplianceOfficialContext = { anmProcess: null, ibamaEmbargoes: null };
    const gate = this.deps.gate();
    const official = this.deps.official();
    if (!official || !gate.isEnabled('OFFICIAL_INTEGRATIONS') || !gate.isEnabled('BRAZILIAN_FIELDS') || !report.brazil) return none;
    const ms = this.deps.officialTimeoutMs ?? DEFAULT_OFFICIAL_TIMEOUT_MS;
    const now = this.deps.now();
    const process = report.brazil.anmProcesses.map((p) => p.processNumber).find((n) => checkAnmProcessNumber(n, now).valid);
    const polygon = report.property.polygon;
    const [anm, embargoes] = await Promise.all([
      process ? within(official.anmProcess(process), ms) : Promise.resolve(undefined),
      polygon ? within(official.ibamaEmbargoes({ bbox: turfBbox(polygon).slice(0, 4) as Bbox, polygon }), ms) : Promise.resolve(undefined),
    ]);
    return { anmProcess: anm ?? null, ibamaEmbargoes: embargoes ?? null };
  }

  contextFor(official: ComplianceOfficialContext): CheckContext {
    const gate = this.deps.gate();
    return {
      now: this.deps.now(),
      flags: { BRAZILIAN_FIELDS: gate.isEnabled('BRAZILIAN_FIELDS') },
      official: {
        ...(official.anmProcess ? { anmProcess: official.anmProcess } : {}),
        ...(official.ibamaEmbargoes ? { ibamaEmbargoes: official.ibamaEmbargoes } : {}),
      },
    };
  }

  /** Checks a document (stored or from a file) and records the check. */
  async checkDocument(
    report: TrsReport,
    options: { useOfficialData?: boolean; source: string; reportId?: string; purpose?: CheckPurpose },
  ): Promise<{ result: CheckResult; official: ComplianceOfficialContext }> {
    const official = options.useOfficialData === false ? { anmProcess: null, ibamaEmbargoes: null } : await this.officialContext(report);
    const started = performance.now();
    const result = checkReport(report, { ...this.contextFor(official), ...(options.purpose ? { purpose: options.purpose } : {}) });
    const durationMs = performance.now() - started;
    this.deps.metrics().record({
      kind: 'compliance.check',
      at: Date.now(),
      name: 'krci',
      source: options.source,
      outcome: result.counts.critical > 0 ? 'critical' : 'ok',
      durationMs,
      value: result.score,
      labels: {
        topRules: topRules(result.findings).join(','),
        critical: String(result.counts.critical),
        findings: String(result.findings.length),
        official: official.anmProcess || official.ibamaEmbargoes ? 'yes' : 'no',
        // Feeds the metrics dashboard's cost per report.
        ...(options.reportId ? { reportId: options.reportId } : {}),
      },
    });
    if (options.reportId) this.deps.onChecked?.({ reportId: options.reportId, score: result.score, critical: result.counts.critical });
    return { result, official };
  }

  async check(reportId: string, useOfficialData = true): Promise<ComplianceCheckResult> {
    const stored = this.deps.loadTrs(reportId);
    const { result, official } = await this.checkDocument(stored.document, { useOfficialData, source: 'app', reportId });
    const reviewed = applyReviews(result, this.deps.reviews?.reviews(reportId) ?? new Map());
    const checkedAt = this.deps.now().toISOString();
    this.deps.reviews?.recordScore(reportId, {
      checkedAt,
      revision: stored.revision,
      score: reviewed.score,
      counts: reviewed.counts,
      accepted: reviewed.accepted,
    });
    return {
      reportId,
      revision: stored.revision,
      checkedAt,
      score: reviewed.score,
      target: result.target,
      capped: reviewed.capped,
      counts: reviewed.counts,
      accepted: reviewed.accepted,
      findings: reviewed.findings,
      rulesEvaluated: result.rules.filter((r) => r.status === 'pass' || r.status === 'fail').length,
      rulesNotApplicable: result.rules.filter((r) => r.status === 'not-applicable').length,
      official,
    };
  }

  // ---------------------------------------------------------------- review workflow

  private store(): ReviewStore {
    if (!this.deps.reviews) throw new QivoError('compliance.reviewsUnavailable', 'Finding reviews are not available here.');
    return this.deps.reviews;
  }

  reviewer(): { name: string; origin: 'displayName' | 'userId' | 'install' } {
    return this.deps.reviewer?.() ?? { name: 'unknown', origin: 'install' };
  }

  /** The current finding with this id (a review attaches only to a finding the report has now). */
  private currentFinding(reportId: string, id: string): Finding {
    const stored = this.deps.loadTrs(reportId);
    const finding = checkReport(stored.document, this.contextFor({ anmProcess: null, ibamaEmbargoes: null })).findings.find((f) => findingId(f) === id);
    if (finding) return finding;
    // A finding that depends on official data is not in an offline re-check; its stored review still identifies it.
    const review = this.store().review(reportId, id);
    if (review) return { ruleId: review.ruleId, path: review.path, severity: 'low' } as Finding;
    throw new QivoError('compliance.findingNotFound', `The report has no finding ${id} (it may have been fixed; check again).`, { id });
  }

  private change(reportId: string, f: Finding, id: string) {
    return { reportId, findingId: id, ruleId: f.ruleId, path: f.path, severity: f.severity, actor: this.reviewer().name, at: this.deps.now().toISOString() };
  }

  accept(input: { reportId: string; findingId: string; justification: string; confirmCritical?: boolean }): FindingReview {
    const f = this.currentFinding(input.reportId, input.findingId);
    const justification = input.justification.trim();
    if (justification.length < 10)
      throw new QivoError('compliance.justificationRequired', 'Accepting a finding needs a justification of at least 10 characters.');
    if (f.severity === 'critical' && input.confirmCritical !== true)
      throw new QivoError(
        'compliance.confirmCritical',
        'This finding is critical: confirm explicitly that you accept it (it will be recorded in the export log).',
        { ruleId: f.ruleId },
      );
    return this.store().accept({ ...this.change(input.reportId, f, input.findingId), justification, criticalConfirmed: f.severity === 'critical' });
  }

  reopen(input: { reportId: string; findingId: string; note?: string }): FindingReview {
    const review = this.store().review(input.reportId, input.findingId);
    const f = review ? ({ ruleId: review.ruleId, path: review.path, severity: 'low' } as Finding) : this.currentFinding(input.reportId, input.findingId);
    return this.store().reopen({ ...this.change(input.reportId, f, input.findingId), note: input.note?.trim() || null });
  }

  assign(input: { reportId: string; findingId: string; assignee: string | null }): FindingReview {
    const f = this.currentFinding(input.reportId, input.findingId);
    return this.store().assign({ ...this.change(input.reportId, f, input.findingId), assignee: input.assignee?.trim() || null });
  }

  audit(reportId: string) {
    this.deps.loadTrs(reportId);
    return this.store().audit(reportId);
  }

  history(reportId: string): ScoreHistoryEntry[] {
    this.deps.loadTrs(reportId);
    return this.store().history(reportId);
  }

  /** The findings as CSV or a PDF review sheet, after a fresh check (so the file matches the report now). */
  async exportFindings(input: {
    reportId: string;
    format: 'csv' | 'pdf';
    language: KrciLanguage;
  }): Promise<{ fileName: string; mimeType: string; data: Buffer }> {
    const result = await this.check(input.reportId, true);
    const stem = `krci-findings-${input.reportId}-r${result.revision}`;
    if (input.format === 'csv')
      return { fileName: `${stem}.csv`, mimeType: 'text/csv', data: Buffer.from(findingsCsv(result.findings, input.language), 'utf8') };
    if (!this.deps.fontDir) throw new QivoError('compliance.reviewSheetUnavailable', 'The PDF fonts are not available here.');
    const title = this.deps.loadTrs(input.reportId).document.metadata.title;
    const data = await reviewSheetPdf({
      title,
      score: result.score,
      checkedAt: result.checkedAt,
      findings: result.findings,
      lang: input.language,
      fontDir: this.deps.fontDir,
      now: this.deps.now(),
    });
    return { fileName: `${stem}.pdf`, mimeType: 'application/pdf', data };
  }

  /** Findings of two versions (null: the current document) compared by their stable id. */
  compare(input: { reportId: string; from: number | null; to: number | null }) {
    if (!this.deps.versionDocument) throw new QivoError('compliance.compareUnavailable', 'Versions are not available here.');
    const ctx = this.contextFor({ anmProcess: null, ibamaEmbargoes: null });
    const reviews = this.deps.reviews?.reviews(input.reportId) ?? new Map<string, FindingReview>();
    const at = (v: number | null) => applyReviews(checkReport(this.deps.versionDocument!(input.reportId, v), ctx), reviews).findings;
    const before = at(input.from);
    const after = at(input.to);
    const beforeIds = new Set(before.map((f) => f.id));
    const afterIds = new Set(after.map((f) => f.id));
    return {
      added: after.filter((f) => !beforeIds.has(f.id)),
      resolved: before.filter((f) => !afterIds.has(f.id)),
      unchanged: after.filter((f) => beforeIds.has(f.id)),
    };
  }

  async officialContextFor(reportId: string): Promise<ComplianceOfficialContext> {
    return this.officialContext(this.deps.loadTrs(reportId).document);
  }
}
