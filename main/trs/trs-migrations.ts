import type { Migration } from '../storage/sqlite';

/**
 * The TRS document of each report draft and its version history. Listed in
 * main/storage/app-migrations.ts (append-only); kept here so the SQL sits with its repository.
 * The document is the canonical JSON text (the same bytes `qivo report export-json` writes).
 */
export function trsDocumentsMigration(version: number): Migration {
  return {
    version,
    name: 'trs documents and versions',
    up(db) {
      db.exec(`
        CREATE TABLE report_documents (
          report_id TEXT PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
          schema_version INTEGER NOT NULL,
          revision INTEGER NOT NULL,
          document TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE report_versions (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
          kind TEXT NOT NULL CHECK (kind IN ('auto', 'named', 'beforeRestore', 'beforeImport')),
          name TEXT NOT NULL DEFAULT '',
          revision INTEGER NOT NULL,
          schema_version INTEGER NOT NULL,
          document TEXT NOT NULL,
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX report_versions_by_report ON report_versions(report_id, id DESC);
      `);
    },
  };
}

/**
 * The document split into parts (metadata, each section, each table list …), so an autosave
 * writes only the part that changed: a keystroke in a 100-page report rewrites one section, not
 * megabytes. report_documents keeps revision and dates; its `document` column is no longer used
 * (left empty). Existing documents are split here.
 */
export function trsDocumentPartsMigration(version: number): Migration {
  return {
    version,
    name: 'trs document parts',
    up(db) {
      db.exec(`
        CREATE TABLE report_document_parts (
          report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
          part TEXT NOT NULL,
          json TEXT NOT NULL,
          PRIMARY KEY (report_id, part)
        ) STRICT, WITHOUT ROWID;
      `);
      const rows = db.prepare<[], { report_id: string; document: string }>('SELECT report_id, document FROM report_documents').all();
      const insert = db.prepare('INSERT INTO report_document_parts (report_id, part, json) VALUES (?, ?, ?)');
      const clear = db.prepare("UPDATE report_documents SET document = '' WHERE report_id = ?");
      for (const row of rows) {
        for (const [part, json] of splitDocumentText(row.document)) insert.run(row.report_id, part, json);
        clear.run(row.report_id);
      }
    },
  };
}

/** Part name → compact JSON of that part, for a canonical document text. */
export function splitDocumentText(text: string): Array<[string, string]> {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const parts: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'sections' && Array.isArray(value)) value.forEach((section, i) => parts.push([`sections.${i + 1}`, JSON.stringify(section)]));
    else parts.push([key, JSON.stringify(value)]);
  }
  return parts;
}
