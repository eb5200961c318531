import { randomUUID } from 'node:crypto';
import { QivoError } from '../../shared/errors';
import type { FeatureGate } from '../../shared/flags/flag-keys';
import type { TrsStoredDocument, TrsVersion } from '../../shared/ipc/trs-contract';
import { brazilianFieldsEqual, hasBrazilianFields } from '../../shared/trs/brazilian-fields';
import { diffTrsReports, type TrsDiffEntry } from '../../shared/trs/diff';
import { parseTrsJson, parseTrsValue, serializeTrsReport, type TrsIssue } from '../../shared/trs/migrations';
import { applyTrsPatch, TrsPatchSchema, type TrsPatch } from '../../shared/trs/patch';
import { createEmptyReport, TRS_SCHEMA_VERSION, TrsReportSchema, type TrsReport } from '../../shared/trs/model';
import { SECTION_COUNT } from '../../shared/trs/sections';
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
  updated_at: string;
}

/** A stored document; its canonical text is computed only when needed (snapshots), then kept. */
class StoredEntry {
  private textValue: string | undefined;
  constructor(
    readonly revision: number,
    readonly updatedAt: string,
    readonly document: TrsReport,
    text?: string,
  ) {
    this.textValue = text;
  }
  get text(): string {
    // Every part came out of a zod parse (schema key order): plain stringify is the canonical text.
    this.textValue ??= `${JSON.stringify(this.document, null, 2)}\n`;
    return this.textValue;
  }
}

const TOP_PARTS = (Object.keys(TrsReportSchema.shape) as Array<keyof TrsReport>).filter((k) => k !== 'sections');

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

function primaryCode(m: TrsReport['metadata']): string | undefined {
  return (m.commodities.find((c) => c.primary) ?? m.commodities[0])?.code;
}

/** The document with the Reports list's title, property and commodity; the same object when they already agree. */
function withListFields(document: TrsReport, row: { title: string; property_name: string; commodity: string }): TrsReport {
  const m = document.metadata;
  const typed = row.commodity.trim();
  // A commodity code is letters, digits and a few signs ("Au", "Li2O"); "Lítio" is kept as the name with code "Litio".
  const code = typed
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ()+-]/g, '')
    .trim()
    .slice(0, 20);
  const sameCommodity = typed === '' || primaryCode(m) === code;
  const commodities = sameCommodity
    ? m.commodities
    : [{ code, name: typed.slice(0, 500), primary: true }, ...m.commodities.filter((c) => c.code !== code).map((c) => ({ ...c, primary: false }))];
  const title = row.title.trim() || m.title;
  if (title === m.title && row.property_name === m.propertyName && commodities === m.commodities) return document;
  return { ...document, metadata: { ...m, title, propertyName: row.property_name, commodities: code === '' ? m.commodities : commodities } };
}

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
  /**
   * Last stored document per report (most recent first), so an autosave neither re-reads nor
   * re-parses the stored JSON. Checked against the revision in the database on every use, so a
   * write by another process (the CLI) is never hidden.
   */
  private readonly cache = new Map<string, StoredEntry>();
  private static readonly CACHE_SIZE = 8;

  constructor(private readonly deps: TrsServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? randomUUID;
    this.autoEveryMs = deps.autoSnapshotEveryMs ?? 10 * 60 * 1000;
    this.autoKeep = deps.autoSnapshotsToKeep ?? 50;
    const db = deps.db;
    this.sql = {
      report: db.prepare<[string], { id: string; title: string; property_name: string; commodity: string }>(
        'SELECT id, title, property_name, commodity FROM reports WHERE id = ?',
      ),
      insertReport: db.prepare(
        'INSERT INTO reports (id, title, property_name, commodity, created_at, updated_at) VALUES (@id, @title, @propertyName, @commodity, @at, @at)',
      ),
      syncReport: db.prepare('UPDATE reports SET title = @title, property_name = @propertyName, commodity = @commodity, updated_at = @at WHERE id = @id'),
      doc: db.prepare<[string], DocumentRow>('SELECT report_id, schema_version, revision, updated_at FROM report_documents WHERE report_id = ?'),
      parts: db.prepare<[string], { part: string; json: string }>('SELECT part, json FROM report_document_parts WHERE report_id = ?'),
      upsertPart: db.prepare(
        'INSERT INTO report_document_parts (report_id, part, json) VALUES (?, ?, ?) ON CONFLICT(report_id, part) DO UPDATE SET json = excluded.json',
      ),
      docRevision: db.prepare<[string], { revision: number }>('SELECT revision FROM report_documents WHERE report_id = ?'),
      insertDoc: db.prepare(
        "INSERT INTO report_documents (report_id, schema_version, revision, document, updated_at) VALUES (@reportId, @schemaVersion, @revision, '', @at)",
      ),
      updateDoc: db.prepare('UPDATE report_documents SET schema_version = @schemaVersion, revision = @revision, updated_at = @at WHERE report_id = @reportId'),
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

  private decode(row: { document: string }): TrsReport {
    return this.checked(parseTrsJson(row.document));
  }

  private checked(parsed: ReturnType<typeof parseTrsJson>): TrsReport {
    if (!parsed.ok) {
      // Only possible if the database was edited by hand: say so rather than show a blank report.
      throw new QivoError(
        'trs.storedDocumentInvalid',
        'The stored report document is not valid',
        { detail: issueLines(parsed.issues).slice(0, 3).join('; ') },
        issueLines(parsed.issues),
      );
    }
    return parsed.report;
  }

  private remember(reportId: string, entry: StoredEntry): void {
    this.cache.delete(reportId);
    this.cache.set(reportId, entry);
    while (this.cache.size > TrsService.CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }

  /** Reads the parts of a stored document and puts them together in schema order. */
  private readParts(reportId: string): TrsReport {
    const parts = new Map(this.sql.parts.all(reportId).map((p) => [p.part, p.json]));
    const value: Record<string, unknown> = {};
    const read = (name: string) => {
      const json = parts.get(name);
      return json === undefined ? undefined : (JSON.parse(json) as unknown);
    };
    for (const key of Object.keys(TrsReportSchema.shape)) {
      value[key] = key === 'sections' ? Array.from({ length: SECTION_COUNT }, (_, i) => read(`sections.${i + 1}`)) : read(key);
    }
    return this.checked(parseTrsValue(value));
  }

  /** Writes the parts of `next` that are not the same objects as in `previous` (all of them without a previous). */
  private writeParts(reportId: string, next: TrsReport, previous: TrsReport | undefined): void {
    for (const key of TOP_PARTS) {
      if (!previous || previous[key] !== next[key]) this.sql.upsertPart.run(reportId, key, JSON.stringify(next[key]));
    }
    next.sections.forEach((section, i) => {
      if (!previous || previous.sections[i] !== section) this.sql.upsertPart.run(reportId, `sections.${i + 1}`, JSON.stringify(section));
    });
  }

  /** Stored document (from the cache when the database still has that revision); the template on first open. */
  private current(reportId: string): StoredEntry {
    const report = this.requireReport(reportId);
    const revision = this.sql.docRevision.get(reportId)?.revision;
    const cached = this.cache.get(reportId);
    if (cached && revision === cached.revision) return cached;
    const row = this.sql.doc.get(reportId);
    if (row) {
      const entry = new StoredEntry(row.revision, row.updated_at, this.readParts(reportId));
      this.remember(reportId, entry);
      return entry;
    }
    // The create form's property and commodity belong in the TRS too, so the list and the report agree.
    const document = withListFields(createEmptyReport({ title: report.title, propertyName: report.property_name }), report);
    const at = this.now().toISOString();
    this.sql.insertDoc.run({ reportId, schemaVersion: TRS_SCHEMA_VERSION, revision: 1, at });
    this.writeParts(reportId, document, undefined);
    const entry = new StoredEntry(1, at, document);
    this.remember(reportId, entry);
    return entry;
  }

  /** The stored document, creating it from the 25-section template the first time a draft is opened. */
  get(reportId: string): TrsStoredDocument {
    return this.deps.db.transaction(() => {
      const entry = this.current(reportId);
      return { reportId, revision: entry.revision, updatedAt: entry.updatedAt, document: entry.document };
    })();
  }

  /** The current document only (for the rule engine and the exporters). */
  getDocument(reportId: string): TrsReport {
    return this.get(reportId).document;
  }

  /** Saves a whole document (the CLI, tests, older clients). */
  save(reportId: string, baseRevision: number, input: TrsReport): { revision: number; updatedAt: string } {
    const document = TrsReportSchema.parse(input);
    return this.commitEdit(reportId, baseRevision, () => document);
  }

  /** Autosave: only the parts that changed since `baseRevision` (see shared/trs/patch.ts). */
  saveChanges(reportId: string, baseRevision: number, input: TrsPatch): { revision: number; updatedAt: string } {
    const patch = TrsPatchSchema.parse(input);
    return this.commitEdit(reportId, baseRevision, (current) => {
      try {
        return applyTrsPatch(current, patch);
      } catch (error) {
        throw new QivoError('trs.invalidPatch', `The change cannot be applied: ${(error as Error).message}`, { detail: (error as Error).message });
      }
    });
  }

  private commitEdit(reportId: string, baseRevision: number, build: (current: TrsReport) => TrsReport): { revision: number; updatedAt: string } {
    const result = this.deps.db.transaction(() => {
      const current = this.current(reportId);
      if (current.revision !== baseRevision) {
        throw new QivoError('trs.conflict', `The report was changed elsewhere (stored revision ${current.revision}, edited ${baseRevision})`, {
          stored: current.revision,
          edited: baseRevision,
        });
      }
      const document = build(current.document);
      if (!this.brazilianFieldsAllowed() && !brazilianFieldsEqual(current.document, document)) {
        throw new QivoError('trs.brazilianFieldsDisabled', 'Brazilian fields are turned off (BRAZILIAN_FIELDS); they cannot be changed');
      }
      return this.write(reportId, current, document, 'auto');
    })();
    this.deps.events?.emit('trs.saved', { reportId, revision: result.revision });
    return result;
  }

  /** Stores `document` as the next revision; takes a snapshot of the previous one per `snapshot`. */
  private write(
    reportId: string,
    current: StoredEntry,
    document: TrsReport,
    snapshot: 'auto' | 'beforeRestore' | 'beforeImport',
  ): { revision: number; updatedAt: string } {
    const at = this.now().toISOString();
    if (snapshot === 'auto') {
      // Automatic snapshot of the state being replaced, at most every autoEveryMs per report.
      const last = this.sql.lastAuto.get(reportId);
      if (!last || this.now().getTime() - Date.parse(last.created_at) >= this.autoEveryMs) this.snapshot(reportId, current, 'auto', '');
    } else {
      this.snapshot(reportId, current, snapshot, '');
    }
    const revision = current.revision + 1;
    this.sql.updateDoc.run({ reportId, schemaVersion: TRS_SCHEMA_VERSION, revision, at });
    this.writeParts(reportId, document, current.document);
    this.remember(reportId, new StoredEntry(revision, at, document));
    // The Reports list shows title, property and commodity of the draft. Copy them from the TRS
    // only when they changed in the TRS, so a rename done in the list is not undone by the next autosave.
    const existing = this.requireReport(reportId);
    // The list shows the primary commodity's code ("Au" stays "Au", not its name "Gold").
    const primaryName = primaryCode;
    const before = current.document.metadata;
    const after = document.metadata;
    this.sql.syncReport.run({
      id: reportId,
      title: after.title !== before.title ? after.title.trim().slice(0, REPORT_TITLE_MAX) || existing.title : existing.title,
      propertyName: after.propertyName !== before.propertyName ? after.propertyName.trim().slice(0, REPORT_TEXT_FIELD_MAX) : existing.property_name,
      commodity: primaryName(after) !== primaryName(before) ? (primaryName(after) ?? '').slice(0, REPORT_TEXT_FIELD_MAX) : existing.commodity,
      at,
    });
    return { revision, updatedAt: at };
  }

  /**
   * A rename in the Reports list is written into the TRS as well (title, property, primary
   * commodity), so the list and the report never disagree. No document yet: nothing to do (the
   * template takes the list's fields when it is first opened).
   */
  adoptListFields(reportId: string): void {
    const changed = this.deps.db.transaction(() => {
      const row = this.sql.report.get(reportId);
      if (!row || !this.sql.doc.get(reportId)) return undefined;
      const current = this.current(reportId);
      const next = withListFields(current.document, row);
      if (next === current.document) return undefined;
      return this.write(reportId, current, next, 'auto');
    })();
    if (changed) this.deps.events?.emit('trs.saved', { reportId, revision: changed.revision });
  }

  private snapshot(reportId: string, current: { revision: number; text: string }, kind: TrsVersion['kind'], name: string): number {
    const info = this.sql.insertVersion.run({
      reportId,
      kind,
      name,
      revision: current.revision,
      schemaVersion: TRS_SCHEMA_VERSION,
      document: current.text,
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
      const current = this.current(reportId);
      const id = this.snapshot(reportId, current, 'named', name.trim());
      return toVersion(this.sql.version.get(id, reportId)!);
    })();
  }

  /** A stored version's document (null: the current one). */
  versionDocument(reportId: string, versionId: number | null): TrsReport {
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
      const current = this.current(reportId);
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
      throw new QivoError(
        'trs.invalidFile',
        `The file is not a valid TRS: ${lines.slice(0, 3).join('; ')}`,
        { detail: lines.slice(0, 3).join('; '), count: lines.length },
        lines,
      );
    }
    const document = parsed.report;
    const result = this.deps.db.transaction(() => {
      if (targetReportId) {
        const current = this.current(targetReportId);
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
      this.sql.insertReport.run({
        id: reportId,
        title: document.metadata.title.trim().slice(0, REPORT_TITLE_MAX) || 'Imported report',
        propertyName: document.metadata.propertyName.trim().slice(0, REPORT_TEXT_FIELD_MAX),
        commodity: (primaryCode(document.metadata) ?? '').slice(0, REPORT_TEXT_FIELD_MAX),
        at,
      });
      this.sql.insertDoc.run({ reportId, schemaVersion: TRS_SCHEMA_VERSION, revision: 1, at });
      this.writeParts(reportId, document, undefined);
      this.remember(reportId, new StoredEntry(1, at, document));
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
