import { randomUUID } from 'node:crypto';
import { QivoError } from '../../shared/errors';
import type { FeatureGate } from '../../shared/flags/flag-keys';
import type { TrsStoredDocument, TrsVersion } from '../../shared/ipc/trs-contract';
import { brazilianFieldsEqual, hasBrazilianFields } from '../../shared/trs/brazilian-fields';
import { diffTrsReports, type TrsDiffEntry } from '../../shared/trs/diff';
import { parseTrsJson, serializeTrsReport, type TrsIssue } from '../../shared/trs/migrations';
import { createEmptyReport, TRS_SCHEMA_VERSION, TrsReportSchema, type TrsReport } from '../../shared/trs/model';
import { REPORT_TEXT_FIELD_MAX, REPORT_TITLE_MAX } from '../../shared/domain/report-draft';
import type { EventBus } from '../core/event-bus';
import type { SqliteDatabase } from '../storage/sqlite';

export interface TrsServiceDeps {
  db: SqliteDatabase;
  events?: EventBus;
  now?: () => Date;
  /** Current flag gate (BRAZILIAN_FIELDS decides whether Brazilian fields may be changed). */
  gate?: () => FeatureGate;
  newId?: () => string;
  /** Minimum time between automatic snapshots of one report. */
  autoSnapshotEveryMs?: number;
  /** Automatic snapshots kept per report (named ones are never pruned). */
  autoSnapshotsToKeep?: number;
}

interface DocumentRow {
  report_id: string;
  schema_version: number;
  revision: number;
  document: string;
  updated_at: string;
}

interface VersionRow {
  id: number;
  report_id: string;
  kind: TrsVersion['kind'];
  name: string;
  revision: number;
  schema_version: number;
  created_at: string;
  size_bytes: number;
}

const toVersion = (r: VersionRow): TrsVersion => ({
  id: r.id,
  reportId: r.report_id,
  kind: r.kind,
  name: r.name,
  revision: r.revision,
  createdAt: r.created_at,
  sizeBytes: r.size_bytes,
});

/** Issues → one line each, for the error's details (shown under the message in the UI and the CLI). */
export function issueLines(issues: readonly TrsIssue[]): string[] {
  return issues.map((i) => `${i.path}: ${i.message}`);
}

/**
 * The TRS documents of report drafts: load (template on first open), save with optimistic
 * revision check, automatic and named snapshots, diff, restore, JSON import/export. Every write
 * is one SQLite transaction on app.db (WAL, synchronous=FULL), so a crash leaves either the old
 * or the new document, never half of one.
 */
export class TrsService {
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly autoEveryMs: number;
  private readonly autoKeep: number;
  private readonly sql;

  constructor(private readonly deps: TrsServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? randomUUID;
    this.autoEveryMs = deps.autoSnapshotEveryMs ?? 10 * 60 * 1000;
    this.autoKeep = deps.autoSnapshotsToKeep ?? 50;
    const db = deps.db;
    this.sql = {
      report: db.prepare<[string], { id: string; title: string; property_name: string; commodity: string }>('SELECT id, title, property_name, commodity FROM reports WHERE id = ?'),
      insertReport: db.prepare('INSERT INTO reports (id, title, property_name, commodity, created_at, updated_at) VALUES (@id, @title, @propertyName, @commodity, @at, @at)'),
      syncReport: db.prepare('UPDATE reports SET title = @title, property_name = @propertyName, commodity = @commodity, updated_at = @at WHERE id = @id'),
      doc: db.prepare<[string], DocumentRow>('SELECT * FROM report_documents WHERE report_id = ?'),
      insertDoc: db.prepare('INSERT INTO report_documents (report_id, schema_version, revision, document, updated_at) VALUES (@reportId, @schemaVersion, @revision, @document, @at)'),
      updateDoc: db.prepare('UPDATE report_documents SET schema_version = @schemaVersion, revision = @revision, document = @document, updated_at = @at WHERE report_id = @reportId'),
      versions: db.prepare<[string], VersionRow>(
        'SELECT id, report_id, kind, name, revision, schema_version, created_at, length(document) AS size_bytes FROM report_versions WHERE report_id = ? ORDER BY id DESC',
      ),
      version: db.prepare<[number, string], VersionRow & { document: string }>(
        'SELECT *, length(document) AS size_bytes FROM report_versions WHERE id = ? AND report_id = ?',
      ),
      lastAuto: db.prepare<[string], { created_at: string; revision: number }>(
        "SELECT created_at, revision FROM report_versions WHERE report_id = ? AND kind = 'auto' ORDER BY id DESC LIMIT 1",
      ),
      insertVersion: db.prepare(
        'INSERT INTO report_versions (report_id, kind, name, revision, schema_version, document, created_at) VALUES (@reportId, @kind, @name, @revision, @schemaVersion, @document, @at)',
      ),
      pruneAuto: db.prepare(
        "DELETE FROM report_versions WHERE report_id = @reportId AND kind = 'auto' AND id NOT IN (SELECT id FROM report_versions WHERE report_id = @reportId AND kind = 'auto' ORDER BY id DESC LIMIT @keep)",
      ),
    };
  }

  private requireReport(reportId: string) {
    const row = this.sql.report.get(reportId);
    if (!row) throw new QivoError('reports.notFound', `No report draft with id ${reportId}`, { id: reportId });
    return row;
  }

  private brazilianFieldsAllowed(): boolean {
    return this.deps.gate ? this.deps.gate().isEnabled('BRAZILIAN_FIELDS') : true;
  }

  private decode(row: DocumentRow | (VersionRow & { document: string })): TrsReport {
    const parsed = parseTrsJson(row.document);
    if (!parsed.ok) {
      // Only possible if the database was edited by hand: say so rather than show a blank report.
      throw new QivoError('trs.storedDocumentInvalid', 'The stored report document is not valid', { detail: issueLines(parsed.issues).slice(0, 3).join('; ') }, issueLines(parsed.issues));
    }
    return parsed.report;
  }

  /** The stored document, creating it from the 25-section template the first time a draft is opened. */
  get(reportId: string): TrsStoredDocument {
    return this.deps.db.transaction(() => {
      const report = this.requireReport(reportId);
      const row = this.sql.doc.get(reportId);
      if (row) return { reportId, revision: row.revision, updatedAt: row.updated_at, document: this.decode(row) };
      const document = createEmptyReport({ title: report.title, propertyName: report.property_name });
      const at = this.now().toISOString();
      this.sql.insertDoc.run({ reportId, schemaVersion: TRS_SCHEMA_VERSION, revision: 1, document: serializeTrsReport(document), at });
      return { reportId, revision: 1, updatedAt: at, document };
    })();
  }

  /** The current document only (for the rule engine and the exporters). */
  getDocument(reportId: string): TrsReport {
    return this.get(reportId).document;
  }

  save(reportId: string, baseRevision: number, input: TrsReport): { revision: number; updatedAt: string } {
    const document = TrsReportSchema.parse(input);
    const result = this.deps.db.transaction(() => {
      const current = this.get(reportId);
      if (current.revision !== baseRevision) {
        throw new QivoError('trs.conflict', `The report was changed elsewhere (stored revision ${current.revision}, edited ${baseRevision})`, {
          stored: current.revision,
          edited: baseRevision,
        });
      }
      if (!this.brazilianFieldsAllowed() && !brazilianFieldsEqual(current.document, document)) {
        throw new QivoError('trs.brazilianFieldsDisabled', 'Brazilian fields are turned off (BRAZILIAN_FIELDS); they cannot be changed');
      }
      return this.write(reportId, current, document, 'auto');
    })();
    this.deps.events?.emit('trs.saved', { reportId, revision: result.revision });
    return result;
  }

  /** Stores `document` as the next revision; takes a snapshot of the previous one per `snapshot`. */
  private write(reportId: string, current: TrsStoredDocument, document: TrsReport, snapshot: 'auto' | 'beforeRestore' | 'beforeImport'): { revision: number; updatedAt: string } {
    const at = this.now().toISOString();
    const text = serializeTrsReport(document);
    if (snapshot === 'auto') {
      // Automatic snapshot of the state being replaced, at most every autoEveryMs per report.
      const last = this.sql.lastAuto.get(reportId);
      if (!last || this.now().getTime() - Date.parse(last.created_at) >= this.autoEveryMs) this.snapshot(reportId, current, 'auto', '');
    } else {
      this.snapshot(reportId, current, snapshot, '');
    }
    const revision = current.revision + 1;
    this.sql.updateDoc.run({ reportId, schemaVersion: TRS_SCHEMA_VERSION, revision, document: text, at });
    const primary = document.metadata.commodities.find((c) => c.primary) ?? document.metadata.commodities[0];
    const existing = this.requireReport(reportId);
    this.sql.syncReport.run({
      id: reportId,
      title: document.metadata.title.trim().slice(0, REPORT_TITLE_MAX) || existing.title,
      propertyName: document.metadata.propertyName.trim().slice(0, REPORT_TEXT_FIELD_MAX),
      commodity: (primary?.name ?? existing.commodity).slice(0, REPORT_TEXT_FIELD_MAX),
      at,
    });
    return { revision, updatedAt: at };
  }

  private snapshot(reportId: string, current: TrsStoredDocument, kind: TrsVersion['kind'], name: string): number {
    const info = this.sql.insertVersion.run({
      reportId,
      kind,
      name,
      revision: current.revision,
      schemaVersion: TRS_SCHEMA_VERSION,
      document: serializeTrsReport(current.document),
      at: this.now().toISOString(),
    });
    if (kind === 'auto') this.sql.pruneAuto.run({ reportId, keep: this.autoKeep });
    return Number(info.lastInsertRowid);
  }

  listVersions(reportId: string): TrsVersion[] {
    this.requireReport(reportId);
    return this.sql.versions.all(reportId).map(toVersion);
  }

  createVersion(reportId: string, name: string): TrsVersion {
    return this.deps.db.transaction(() => {
      const current = this.get(reportId);
      const id = this.snapshot(reportId, current, 'named', name.trim());
      return toVersion(this.sql.version.get(id, reportId)!);
    })();
  }

  private versionDocument(reportId: string, versionId: number | null): TrsReport {
    if (versionId === null) return this.get(reportId).document;
    const row = this.sql.version.get(versionId, reportId);
    if (!row) throw new QivoError('trs.versionNotFound', `No version ${versionId} of this report`, { id: versionId });
    return this.decode(row);
  }

  diff(reportId: string, from: number | null, to: number | null): TrsDiffEntry[] {
    this.requireReport(reportId);
    return diffTrsReports(this.versionDocument(reportId, from), this.versionDocument(reportId, to));
  }

  restore(reportId: string, versionId: number): { revision: number; updatedAt: string } {
    const result = this.deps.db.transaction(() => {
      const target = this.versionDocument(reportId, versionId);
      const current = this.get(reportId);
      const document = this.brazilianFieldsAllowed() || brazilianFieldsEqual(current.document, target) ? target : null;
      if (!document) throw new QivoError('trs.brazilianFieldsDisabled', 'Brazilian fields are turned off (BRAZILIAN_FIELDS); they cannot be changed');
      return this.write(reportId, current, document, 'beforeRestore');
    })();
    this.deps.events?.emit('trs.saved', { reportId, revision: result.revision });
    return result;
  }

  /**
   * Imports a canonical JSON file. The whole file is parsed and validated before anything is
   * written; a broken or hostile file throws `trs.invalidFile` with one detail line per problem
   * (JSON path: message) and leaves the database untouched.
   */
  importJson(json: string, targetReportId?: string): { reportId: string; revision: number; migratedFrom: number | null } {
    const parsed = parseTrsJson(json);
    if (!parsed.ok) {
      const lines = issueLines(parsed.issues);
      throw new QivoError('trs.invalidFile', `The file is not a valid TRS: ${lines.slice(0, 3).join('; ')}`, { detail: lines.slice(0, 3).join('; '), count: lines.length }, lines);
    }
    const document = parsed.report;
    const result = this.deps.db.transaction(() => {
      if (targetReportId) {
        const current = this.get(targetReportId);
        if (!this.brazilianFieldsAllowed() && !brazilianFieldsEqual(current.document, document)) {
          throw new QivoError('trs.brazilianFieldsDisabled', 'Brazilian fields are turned off (BRAZILIAN_FIELDS); they cannot be changed');
        }
        return { reportId: targetReportId, ...this.write(targetReportId, current, document, 'beforeImport') };
      }
      if (!this.brazilianFieldsAllowed() && hasBrazilianFields(document)) {
        throw new QivoError('trs.brazilianFieldsDisabled', 'Brazilian fields are turned off (BRAZILIAN_FIELDS); they cannot be changed');
      }
      const reportId = this.newId();
      const at = this.now().toISOString();
      const primary = document.metadata.commodities.find((c) => c.primary) ?? document.metadata.commodities[0];
      this.sql.insertReport.run({
        id: reportId,
        title: document.metadata.title.trim().slice(0, REPORT_TITLE_MAX) || 'Imported report',
        propertyName: document.metadata.propertyName.trim().slice(0, REPORT_TEXT_FIELD_MAX),
        commodity: (primary?.name ?? '').slice(0, REPORT_TEXT_FIELD_MAX),
        at,
      });
      this.sql.insertDoc.run({ reportId, schemaVersion: TRS_SCHEMA_VERSION, revision: 1, document: serializeTrsReport(document), at });
      return { reportId, revision: 1, updatedAt: at };
    })();
    this.deps.events?.emit('reports.changed', { id: result.reportId });
    this.deps.events?.emit('trs.saved', { reportId: result.reportId, revision: result.revision });
    return { reportId: result.reportId, revision: result.revision, migratedFrom: parsed.migratedFrom };
  }

  exportJson(reportId: string): { fileName: string; json: string } {
    const stored = this.get(reportId);
    const slug =
      (stored.document.metadata.propertyName || stored.document.metadata.title || 'report')
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 60) || 'report';
    return { fileName: `${slug}.trs.json`, json: serializeTrsReport(stored.document) };
  }
}
