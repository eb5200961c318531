import type { Migration } from './sqlite';
import { trsDocumentPartsMigration, trsDocumentsMigration } from '../trs/trs-migrations';
import { createFlagAuditTables } from '../flags/audit-store';
import { moveFactReferencesIntoDocumentsMigration, officialFactReferencesMigration } from '../official/fact-references';
import { krciReviewMigration } from '../krci/review-store';

/**
 * Schema of the app database (app.db): the user's own work, kept with synchronous=FULL and backed up.
 * APPEND ONLY: each feature adds its migration at the end with the next version number. A released
 * migration is never edited or renumbered; change a table with a new migration instead.
 */
export const appMigrations: Migration[] = [
  {
    version: 1,
    name: 'report drafts',
    up(db) {
      db.exec(`
        CREATE TABLE reports (
          id TEXT PRIMARY KEY,
          title TEXT NOT NULL,
          property_name TEXT NOT NULL DEFAULT '',
          commodity TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX reports_updated_at ON reports(updated_at DESC);
      `);
    },
  },
  trsDocumentsMigration(2),
  { version: 3, name: 'flag audit log', up: createFlagAuditTables },
  officialFactReferencesMigration(4),
  trsDocumentPartsMigration(5),
  moveFactReferencesIntoDocumentsMigration(6),
  krciReviewMigration(7),
];
