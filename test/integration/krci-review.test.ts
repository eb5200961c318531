import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../main/core/core';
import { exportsFeature } from '../../main/exports/feature';
import { complianceFeature } from '../../main/krci/feature';
import { reportsFeature } from '../../main/reports/feature';
import { trsFeature } from '../../main/trs/feature';
import type { ComplianceCheckResult, FindingReview, ReviewAuditEntry, ScoreHistoryEntry } from '../../shared/ipc/compliance-contract';
import Database from 'better-sqlite3';
import { makeTempDir } from '../support/temp-dir';

const SAMPLE = path.resolve(__dirname, '../../assets/samples/trs-gold-ribeirao-dourado.json');
const gold = JSON.parse(fs.readFileSync(SAMPLE, 'utf8'));
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

let clock = new Date('2026-11-27T12:00:00Z');

/** A report with one high finding (no payback) and one critical (an unsigned QP). */
function open(mutate: (d: typeof gold) => void = () => {}) {
  const temp = makeTempDir('qivo-krci-review-');
  fs.writeFileSync(path.join(temp.dir, 'settings.json'), JSON.stringify({ 'user.displayName': 'Ana Souza', 'flags.userId': 'ana.souza@mineradora.com.br' }));
  const core = openCore({
    dataDir: temp.dir,
    appVersion: '0.0.0-test',
    shell: 'cli',
    features: [reportsFeature, trsFeature, complianceFeature, exportsFeature],
    now: () => clock,
  });
  cleanups.push(async () => {
    await core.close();
    temp.cleanup();
  });
  const doc = structuredClone(gold);
  mutate(doc);
  const { reportId } = core.services.trs!.importJson(JSON.stringify(doc));
  return { core, reportId, dir: temp.dir };
}

async function call<T>(core: Core, channel: string, input: unknown): Promise<T> {
  const res = await core.dispatch(channel, input, { transport: 'in-process' });
  if (!res.ok) throw Object.assign(new Error(res.error.message), res.error);
  return res.value as T;
}

const withFindings = (d: typeof gold) => {
  d.economicAnalysis.paybackYears = null;
  d.qualifiedPersons[0].signatureDate = null;
};

describe('finding review workflow (real app.db)', () => {
  it('accepts with a justification, keeps who and when, leaves the finding out of the score, reopens and assigns, with an audit trail', async () => {
    const { core, reportId } = open(withFindings);
    const first = await call<ComplianceCheckResult>(core, 'compliance.check', { reportId, useOfficialData: false });
    const payback = first.findings.find((f) => f.ruleId === 'economics.payback')!;
    expect(payback.id).toMatch(/^economics\.payback#/);
    expect(first.score).toBe(49);

    await expect(call(core, 'compliance.accept', { reportId, findingId: payback.id, justification: 'short' })).rejects.toMatchObject({
      code: 'ipc.invalidInput',
    });
    clock = new Date('2026-11-27T13:00:00Z');
    const review = await call<FindingReview>(core, 'compliance.accept', {
      reportId,
      findingId: payback.id,
      justification: 'Payback is stated in section 19 text; field left empty on purpose.',
    });
    expect(review).toMatchObject({ status: 'accepted', acceptedBy: 'Ana Souza', acceptedAt: '2026-11-27T13:00:00.000Z', criticalConfirmed: false });

    const second = await call<ComplianceCheckResult>(core, 'compliance.check', { reportId, useOfficialData: false });
    expect(second.accepted).toBe(1);
    expect(second.counts.high).toBe(first.counts.high - 1);
    expect(second.findings.find((f) => f.id === payback.id)?.review?.status).toBe('accepted');

    // A critical finding needs the second, explicit confirmation.
    const unsigned = first.findings.find((f) => f.ruleId === 'qp.signature')!;
    await expect(
      call(core, 'compliance.accept', { reportId, findingId: unsigned.id, justification: 'The QP signs on paper; the conformed signature follows.' }),
    ).rejects.toMatchObject({ code: 'compliance.confirmCritical' });
    await call(core, 'compliance.accept', {
      reportId,
      findingId: unsigned.id,
      justification: 'The QP signs on paper; the conformed signature follows.',
      confirmCritical: true,
    });
    const third = await call<ComplianceCheckResult>(core, 'compliance.check', { reportId, useOfficialData: false });
    expect(third.score).toBe(100);

    await call(core, 'compliance.assign', { reportId, findingId: unsigned.id, assignee: 'Helena Prado' });
    const reopened = await call<FindingReview>(core, 'compliance.reopen', { reportId, findingId: payback.id });
    expect(reopened).toMatchObject({ status: 'open', acceptedBy: null });
    const after = await call<ComplianceCheckResult>(core, 'compliance.check', { reportId, useOfficialData: false });
    expect(after.score).toBe(90);
    expect(after.findings.find((f) => f.id === unsigned.id)?.review?.assignee).toBe('Helena Prado');

    const audit = await call<ReviewAuditEntry[]>(core, 'compliance.audit', { reportId });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['accept', 'Ana Souza'],
      ['accept', 'Ana Souza'],
      ['assign', 'Ana Souza'],
      ['reopen', 'Ana Souza'],
    ]);
    expect(audit[1]!.criticalConfirmed).toBe(true);

    const history = await call<ScoreHistoryEntry[]>(core, 'compliance.history', { reportId });
    expect(history.map((h) => h.score)).toEqual([49, 49, 100, 90]);

    // The rows are in app.db, read back by another connection.
    const db = new Database(path.join(core.dataDir, 'app.db'), { readonly: true });
    try {
      const n = db.prepare('SELECT count(*) AS n FROM krci_review_audit WHERE report_id = ?').get(reportId) as { n: number };
      expect(n.n).toBe(4);
    } finally {
      db.close();
    }
  });

  it('exports the findings as CSV (accepted ones marked) and as a PDF review sheet that pdftotext reads', async () => {
    const { core, reportId, dir } = open(withFindings);
    const first = await call<ComplianceCheckResult>(core, 'compliance.check', { reportId, useOfficialData: false });
    const payback = first.findings.find((f) => f.ruleId === 'economics.payback')!;
    await call(core, 'compliance.accept', { reportId, findingId: payback.id, justification: 'Payback, "as agreed", is in section 19, 2nd paragraph.' });
    const csv = await call<{ fileName: string; dataBase64: string }>(core, 'compliance.exportFindings', { reportId, format: 'csv', language: 'en' });
    const text = Buffer.from(csv.dataBase64, 'base64').toString('utf8');
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Finding id,Status,Severity,Rule,Section,Path,Message,How to fix,Citation,Citation basis,Assigned to,Accepted by,Accepted at,Justification',
    );
    const row = lines.find((l) => l.startsWith(payback.id))!;
    expect(row).toContain(',accepted,high,economics.payback,19,');
    expect(row).toContain('Ana Souza');
    expect(row).toContain('"Payback, ""as agreed"", is in section 19, 2nd paragraph."');
    expect(lines.find((l) => l.includes('qp.signature'))).toContain(',open,critical,');
    const pt = Buffer.from(
      (await call<{ dataBase64: string }>(core, 'compliance.exportFindings', { reportId, format: 'csv', language: 'pt-BR' })).dataBase64,
      'base64',
    ).toString('utf8');
    expect(pt).toContain(',aceito,alta,');

    const pdf = await call<{ fileName: string; dataBase64: string }>(core, 'compliance.exportFindings', { reportId, format: 'pdf', language: 'pt-BR' });
    const file = path.join(dir, pdf.fileName);
    fs.writeFileSync(file, Buffer.from(pdf.dataBase64, 'base64'));
    const sheet = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(sheet).toContain('Ficha de revisão KRCI');
    expect(sheet).toContain('Achados aceitos (1)');
    expect(sheet).toContain('Ana Souza');
  });

  it('a critical finding accepted twice no longer blocks the filing export, and the export log records it', async () => {
    const { core, reportId } = open((d) => {
      d.qualifiedPersons[0].signatureDate = null;
    });
    const first = await call<ComplianceCheckResult>(core, 'compliance.check', { reportId, useOfficialData: false });
    const unsigned = first.findings.find((f) => f.ruleId === 'qp.signature')!;
    await expect(call(core, 'exports.run', { reportId, format: 'ex96', draft: false })).rejects.toMatchObject({ code: 'exports.criticalFindings' });
    await call(core, 'compliance.accept', {
      reportId,
      findingId: unsigned.id,
      justification: 'Signed on paper on 2025-10-20; conformed signature added at filing.',
      confirmCritical: true,
    });
    const run = await call<{ status: string; result: { log: string[] } }>(core, 'exports.run', { reportId, format: 'ex96', draft: false });
    expect(run.status).toBe('written');
    const logText = run.result.log.join('\n');
    expect(logText).toContain('Accepted critical finding(s), each confirmed twice');
    expect(logText).toContain('accepted by Ana Souza');
  });

  it('compares the findings of two versions: added, resolved, unchanged', async () => {
    const { core, reportId } = open((d) => {
      d.economicAnalysis.paybackYears = null;
    });
    const trs = core.services.trs!;
    const v1 = trs.createVersion(reportId, 'before').id;
    const doc = trs.get(reportId);
    const next = structuredClone(doc.document);
    next.economicAnalysis!.paybackYears = 4.5;
    next.economicAnalysis!.irrPercent = null;
    trs.save(reportId, doc.revision, next);
    const diff = await call<{ added: Array<{ ruleId: string }>; resolved: Array<{ ruleId: string }>; unchanged: unknown[] }>(core, 'compliance.compare', {
      reportId,
      from: v1,
      to: null,
    });
    expect(diff.added.map((f) => f.ruleId)).toEqual(['economics.irr']);
    expect(diff.resolved.map((f) => f.ruleId)).toEqual(['economics.payback']);
    expect(diff.unchanged).toEqual([]);
  });
});
