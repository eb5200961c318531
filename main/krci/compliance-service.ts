import { bbox as turfBbox } from '@turf/bbox';
import { checkAnmProcessNumber } from '../../shared/brazil/identifiers';
import type { FeatureGate } from '../../shared/flags/flag-keys';
import type { ComplianceCheckResult, ComplianceOfficialContext } from '../../shared/ipc/compliance-contract';
import { checkReport, ruleCatalogue, type CheckContext, type CheckResult, type Finding } from '../../shared/krci';
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
  async checkDocument(report: TrsReport, options: { useOfficialData?: boolean; source: string; reportId?: string }): Promise<{ result: CheckResult; official: ComplianceOfficialContext }> {
    const official = options.useOfficialData === false ? { anmProcess: null, ibamaEmbargoes: null } : await this.officialContext(report);
    const started = performance.now();
    const result = checkReport(report, this.contextFor(official));
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
    return {
      reportId,
      revision: stored.revision,
      checkedAt: this.deps.now().toISOString(),
      score: result.score,
      target: result.target,
      capped: result.capped,
      counts: result.counts,
      findings: result.findings,
      rulesEvaluated: result.rules.filter((r) => r.status === 'pass' || r.status === 'fail').length,
      rulesNotApplicable: result.rules.filter((r) => r.status === 'not-applicable').length,
      official,
    };
  }

  async officialContextFor(reportId: string): Promise<ComplianceOfficialContext> {
    return this.officialContext(this.deps.loadTrs(reportId).document);
  }
}
