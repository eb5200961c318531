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
