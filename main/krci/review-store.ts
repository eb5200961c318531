import type { FindingReview, ReviewAuditEntry, ScoreHistoryEntry } from '../../shared/ipc/compliance-contract';
import type { Migration, SqliteDatabase } from '../storage/sqlite';

/**
 * The compliance officer's review of a report's findings, in app.db (the user's own work):
 * the current review of each finding (accepted with a justification, or open; an assignee), the
 * audit trail of every change (who, when, what), and the score of every full check.
 * Findings are keyed by `findingId` (rule + JSON path, shared/krci/finding-id.ts), stable across checks.
 */
export function krciReviewMigration(version: number): Migration {
  return {
    version,
    name: 'krci finding reviews, review audit trail, score history',
    up(db) {
      db.exec(`
        CREATE TABLE krci_finding_reviews (
          report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
          finding_id TEXT NOT NULL,
          rule_id TEXT NOT NULL,
          path TEXT NOT NULL,
          severity TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('open', 'accepted')),
          justification TEXT,
          critical_confirmed INTEGER NOT NULL DEFAULT 0,
          assignee TEXT,
          updated_by TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          accepted_by TEXT,
          accepted_at TEXT,
          PRIMARY KEY (report_id, finding_id)
        ) STRICT;
        CREATE TABLE krci_review_audit (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
          finding_id TEXT NOT NULL,
          rule_id TEXT NOT NULL,
          action TEXT NOT NULL CHECK (action IN ('accept', 'reopen', 'assign')),
          actor TEXT NOT NULL,
          at TEXT NOT NULL,
          justification TEXT,
          assignee TEXT,
          critical_confirmed INTEGER NOT NULL DEFAULT 0
        ) STRICT;
        CREATE INDEX krci_review_audit_report ON krci_review_audit(report_id, id);
        CREATE TABLE krci_score_history (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
          checked_at TEXT NOT NULL,
          revision INTEGER NOT NULL,
          score INTEGER NOT NULL,
          critical INTEGER NOT NULL,
          high INTEGER NOT NULL,
          medium INTEGER NOT NULL,
          low INTEGER NOT NULL,
          accepted INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX krci_score_history_report ON krci_score_history(report_id, id);
      `);
    },
  };
}

interface ReviewRow {
  finding_id: string;
  rule_id: string;
  path: string;
  severity: string;
  status: 'open' | 'accepted';
  justification: string | null;
  critical_confirmed: number;
  assignee: string | null;
  updated_by: string;
  updated_at: string;
  accepted_by: string | null;
  accepted_at: string | null;
}

interface AuditRow {
  id: number;
  finding_id: string;
  rule_id: string;
  action: 'accept' | 'reopen' | 'assign';
  actor: string;
  at: string;
  justification: string | null;
  assignee: string | null;
  critical_confirmed: number;
}

interface HistoryRow {
  checked_at: string;
  revision: number;
  score: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  accepted: number;
}

function toReview(r: ReviewRow): FindingReview {
  return {
    findingId: r.finding_id,
    ruleId: r.rule_id,
    path: r.path,
    status: r.status,
    justification: r.justification,
    criticalConfirmed: r.critical_confirmed === 1,
    assignee: r.assignee,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
    acceptedBy: r.accepted_by,
    acceptedAt: r.accepted_at,
  };
}

export interface ReviewChange {
  reportId: string;
  findingId: string;
  ruleId: string;
  path: string;
  severity: string;
  actor: string;
  at: string;
}

/** Score history kept per report: the newest entries (a check runs on every save in the window). */
export const HISTORY_KEEP = 200;

export class ReviewStore {
  private readonly sql;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = {
      reviews: db.prepare<[string], ReviewRow>('SELECT * FROM krci_finding_reviews WHERE report_id = ?'),
      review: db.prepare<[string, string], ReviewRow>('SELECT * FROM krci_finding_reviews WHERE report_id = ? AND finding_id = ?'),
      upsert: db.prepare(
        `INSERT INTO krci_finding_reviews (report_id, finding_id, rule_id, path, severity, status, justification, critical_confirmed, assignee, updated_by, updated_at, accepted_by, accepted_at)
         VALUES (@reportId, @findingId, @ruleId, @path, @severity, @status, @justification, @criticalConfirmed, @assignee, @actor, @at, @acceptedBy, @acceptedAt)
         ON CONFLICT (report_id, finding_id) DO UPDATE SET rule_id = excluded.rule_id, path = excluded.path, severity = excluded.severity, status = excluded.status,
           justification = excluded.justification, critical_confirmed = excluded.critical_confirmed, assignee = excluded.assignee,
           updated_by = excluded.updated_by, updated_at = excluded.updated_at, accepted_by = excluded.accepted_by, accepted_at = excluded.accepted_at`,
      ),
      audit: db.prepare(
        `INSERT INTO krci_review_audit (report_id, finding_id, rule_id, action, actor, at, justification, assignee, critical_confirmed)
         VALUES (@reportId, @findingId, @ruleId, @action, @actor, @at, @justification, @assignee, @criticalConfirmed)`,
      ),
      auditList: db.prepare<[string], AuditRow>('SELECT * FROM krci_review_audit WHERE report_id = ? ORDER BY id'),
      history: db.prepare<[string, number], HistoryRow>(
        'SELECT * FROM (SELECT * FROM krci_score_history WHERE report_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id',
      ),
      addHistory: db.prepare(
        'INSERT INTO krci_score_history (report_id, checked_at, revision, score, critical, high, medium, low, accepted) VALUES (@reportId, @checkedAt, @revision, @score, @critical, @high, @medium, @low, @accepted)',
      ),
      lastHistory: db.prepare<[string], HistoryRow>('SELECT * FROM krci_score_history WHERE report_id = ? ORDER BY id DESC LIMIT 1'),
      pruneHistory: db.prepare(
        'DELETE FROM krci_score_history WHERE report_id = @reportId AND id NOT IN (SELECT id FROM krci_score_history WHERE report_id = @reportId ORDER BY id DESC LIMIT @keep)',
      ),
    };
  }

  reviews(reportId: string): Map<string, FindingReview> {
    return new Map(this.sql.reviews.all(reportId).map((r) => [r.finding_id, toReview(r)]));
  }

  review(reportId: string, findingId: string): FindingReview | undefined {
    const row = this.sql.review.get(reportId, findingId);
    return row ? toReview(row) : undefined;
  }

  /** Accepts a finding (one transaction: the review and its audit entry). */
  accept(change: ReviewChange & { justification: string; criticalConfirmed: boolean }): FindingReview {
    return this.db.transaction(() => {
      const prev = this.review(change.reportId, change.findingId);
      this.sql.upsert.run({
        ...this.base(change),
        status: 'accepted',
        justification: change.justification,
        criticalConfirmed: change.criticalConfirmed ? 1 : 0,
        assignee: prev?.assignee ?? null,
        acceptedBy: change.actor,
        acceptedAt: change.at,
      });
      this.sql.audit.run({
        ...this.auditBase(change),
        action: 'accept',
        justification: change.justification,
        assignee: null,
        criticalConfirmed: change.criticalConfirmed ? 1 : 0,
      });
      return this.review(change.reportId, change.findingId)!;
    })();
  }

  reopen(change: ReviewChange & { note: string | null }): FindingReview {
    return this.db.transaction(() => {
      const prev = this.review(change.reportId, change.findingId);
      this.sql.upsert.run({
        ...this.base(change),
        status: 'open',
        justification: null,
        criticalConfirmed: 0,
        assignee: prev?.assignee ?? null,
        acceptedBy: null,
        acceptedAt: null,
      });
      this.sql.audit.run({ ...this.auditBase(change), action: 'reopen', justification: change.note, assignee: null, criticalConfirmed: 0 });
      return this.review(change.reportId, change.findingId)!;
    })();
  }

  assign(change: ReviewChange & { assignee: string | null }): FindingReview {
    return this.db.transaction(() => {
      const prev = this.review(change.reportId, change.findingId);
      this.sql.upsert.run({
        ...this.base(change),
        status: prev?.status ?? 'open',
        justification: prev?.justification ?? null,
        criticalConfirmed: prev?.criticalConfirmed ? 1 : 0,
        assignee: change.assignee,
        acceptedBy: prev?.acceptedBy ?? null,
        acceptedAt: prev?.acceptedAt ?? null,
      });
      this.sql.audit.run({ ...this.auditBase(change), action: 'assign', justification: null, assignee: change.assignee, criticalConfirmed: 0 });
      return this.review(change.reportId, change.findingId)!;
    })();
  }

  audit(reportId: string): ReviewAuditEntry[] {
    return this.sql.auditList.all(reportId).map((r) => ({
      id: r.id,
      findingId: r.finding_id,
      ruleId: r.rule_id,
      action: r.action,
      actor: r.actor,
      at: r.at,
      justification: r.justification,
      assignee: r.assignee,
      criticalConfirmed: r.critical_confirmed === 1,
    }));
  }

  /** Records a check's score; an identical repeat of the last entry (same revision, score and counts) is not stored twice. */
  recordScore(reportId: string, entry: ScoreHistoryEntry): void {
    const last = this.sql.lastHistory.get(reportId);
    const { critical, high, medium, low } = entry.counts;
    if (
      last &&
      last.revision === entry.revision &&
      last.score === entry.score &&
      last.critical === critical &&
      last.high === high &&
      last.medium === medium &&
      last.low === low &&
      last.accepted === entry.accepted
    )
      return;
    this.db.transaction(() => {
      this.sql.addHistory.run({
        reportId,
        checkedAt: entry.checkedAt,
        revision: entry.revision,
        score: entry.score,
        critical,
        high,
        medium,
        low,
        accepted: entry.accepted,
      });
      this.sql.pruneHistory.run({ reportId, keep: HISTORY_KEEP });
    })();
  }

  history(reportId: string, limit = 50): ScoreHistoryEntry[] {
    return this.sql.history.all(reportId, limit).map((r) => ({
      checkedAt: r.checked_at,
      revision: r.revision,
      score: r.score,
      counts: { critical: r.critical, high: r.high, medium: r.medium, low: r.low },
      accepted: r.accepted,
    }));
  }

  private base(c: ReviewChange) {
    return { reportId: c.reportId, findingId: c.findingId, ruleId: c.ruleId, path: c.path, severity: c.severity, actor: c.actor, at: c.at };
  }

  private auditBase(c: ReviewChange) {
    return { reportId: c.reportId, findingId: c.findingId, ruleId: c.ruleId, actor: c.actor, at: c.at };
  }
}
