import { randomUUID } from 'node:crypto';
import { QivoError } from '../../shared/errors';
import type { OfficialFactReference, Provenance } from '../../shared/official/records';
import type { Migration, SqliteDatabase } from '../storage/sqlite';

/**
 * Facts copied from official data into a report, each with its citation. The report's TRS
 * document belongs to the report-model feature; it reads these with
 * `listOfficialFactReferences(db, reportId)` and places them in the document.
 */
export function officialFactReferencesMigration(version: number): Migration {
  return {
    version,
    name: 'official fact references',
    up(db) {
      db.exec(`
        CREATE TABLE official_fact_references (
          id TEXT PRIMARY KEY,
          report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
          fact TEXT NOT NULL,
          agency TEXT NOT NULL,
          dataset TEXT NOT NULL,
          url TEXT NOT NULL,
          fetched_at TEXT NOT NULL,
          cache TEXT NOT NULL,
          age_seconds INTEGER,
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX official_fact_references_report ON official_fact_references(report_id, created_at);
      `);
    },
  };
}

interface Row {
  id: string;
  report_id: string;
  fact: string;
  agency: string;
  dataset: string;
  url: string;
  fetched_at: string;
  cache: string;
  age_seconds: number | null;
  created_at: string;
}

function toReference(row: Row): OfficialFactReference {
  const provenance = { agency: row.agency, dataset: row.dataset, url: row.url, fetchedAt: row.fetched_at, cache: row.cache } as Provenance;
  if (row.age_seconds !== null) provenance.ageSeconds = row.age_seconds;
  return { id: row.id, reportId: row.report_id, fact: row.fact, provenance, createdAt: row.created_at };
}

export function insertOfficialFactReference(
  db: SqliteDatabase,
  input: { reportId: string; fact: string; provenance: Provenance },
  now: Date,
): OfficialFactReference {
  const report = db.prepare('SELECT id FROM reports WHERE id = ?').get(input.reportId);
  if (!report) throw new QivoError('official.reportNotFound', `No report with id ${input.reportId}.`, { id: input.reportId });
  const row: Row = {
    id: randomUUID(),
    report_id: input.reportId,
    fact: input.fact,
    agency: input.provenance.agency,
    dataset: input.provenance.dataset,
    url: input.provenance.url,
    fetched_at: input.provenance.fetchedAt,
    cache: input.provenance.cache,
    age_seconds: input.provenance.ageSeconds ?? null,
    created_at: now.toISOString(),
  };
  db.prepare(
    `INSERT INTO official_fact_references(id, report_id, fact, agency, dataset, url, fetched_at, cache, age_seconds, created_at)
     VALUES (@id, @report_id, @fact, @agency, @dataset, @url, @fetched_at, @cache, @age_seconds, @created_at)`,
  ).run(row);
  return toReference(row);
}

/** The facts inserted into one report, oldest first. For the report-model feature. */
export function listOfficialFactReferences(db: SqliteDatabase, reportId: string): OfficialFactReference[] {
  return db
    .prepare<[string], Row>('SELECT * FROM official_fact_references WHERE report_id = ? ORDER BY created_at, rowid')
    .all(reportId)
    .map(toReference);
}

/** The citation line a report prints under a fact: agency, dataset, date of the data, URL. */
export function formatCitation(p: Provenance): string {
  return `${p.agency} — ${p.dataset}, ${p.fetchedAt.slice(0, 10)}${p.cache === 'stale' ? ' (cached copy)' : ''}: ${p.url}`;
}
