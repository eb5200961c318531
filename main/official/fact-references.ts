import type { OfficialFact } from '../../shared/trs/model';
import { createEmptyReport, TRS_SCHEMA_VERSION } from '../../shared/trs/model/template';
import { splitDocumentText } from '../trs/trs-migrations';
import type { Migration } from '../storage/sqlite';

/**
 * Facts copied from official data into a report used to live in a side table that nothing
 * read. They are now part of the report's TRS document (section 24 references of kind
 * officialFact; see shared/official/report-facts.ts). The first migration below is the landed one
 * that created the table (kept verbatim); the second moves its rows into the documents and drops it.
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
}

/** A side-table row as a schema-3 fact: the text the user inserted is the one value taken. */
function factOf(row: Row): OfficialFact {
  const fetchedAt = Number.isNaN(Date.parse(row.fetched_at)) ? new Date(0).toISOString() : new Date(row.fetched_at).toISOString();
  return {
    agency: row.agency.slice(0, 40) || 'ANM',
    dataset: row.dataset.slice(0, 500),
    recordId: row.fact.slice(0, 500),
    recordType: 'other',
    url: row.url.slice(0, 4096),
    fetchedAt,
    values: { fact: row.fact.slice(0, 20_000) },
    geometry: null,
    appliedTo: [],
    contentSha256: null,
  };
}

export function moveFactReferencesIntoDocumentsMigration(version: number): Migration {
  return {
    version,
    name: 'official facts move into the TRS documents',
    up(db) {
      const rows = db
        .prepare<[], Row>('SELECT id, report_id, fact, agency, dataset, url, fetched_at FROM official_fact_references ORDER BY report_id, created_at, rowid')
        .all();
      const byReport = new Map<string, Row[]>();
      for (const row of rows) byReport.set(row.report_id, [...(byReport.get(row.report_id) ?? []), row]);
      const part = db.prepare<[string, string], { json: string }>('SELECT json FROM report_document_parts WHERE report_id = ? AND part = ?');
      const upsert = db.prepare(
        'INSERT INTO report_document_parts (report_id, part, json) VALUES (?, ?, ?) ON CONFLICT(report_id, part) DO UPDATE SET json = excluded.json',
      );
      const hasDoc = db.prepare<[string], { revision: number }>('SELECT revision FROM report_documents WHERE report_id = ?');
      const bump = db.prepare('UPDATE report_documents SET revision = revision + 1, updated_at = ? WHERE report_id = ?');
      const insertDoc = db.prepare("INSERT INTO report_documents (report_id, schema_version, revision, document, updated_at) VALUES (?, ?, 1, '', ?)");
      const report = db.prepare<[string], { title: string; property_name: string }>('SELECT title, property_name FROM reports WHERE id = ?');
      const at = new Date().toISOString();
      for (const [reportId, facts] of byReport) {
        if (!hasDoc.get(reportId)) {
          // Never opened in the editor: give it its template now, so the facts have a document to live in.
          const r = report.get(reportId);
          if (!r) continue;
          const doc = createEmptyReport({ title: r.title, propertyName: r.property_name });
          insertDoc.run(reportId, TRS_SCHEMA_VERSION, at);
          for (const [name, json] of splitDocumentText(JSON.stringify(doc))) upsert.run(reportId, name, json);
        } else bump.run(at, reportId);
        const references = JSON.parse(part.get(reportId, 'references')?.json ?? '[]') as unknown[];
        const seen = new Set<string>();
        for (const row of facts) {
          const fact = factOf(row);
          const key = `${fact.agency}|${fact.dataset}|${fact.recordId}`;
          if (seen.has(key)) continue; // the old table stored a second insert twice
          seen.add(key);
          references.push({
            id: row.id,
            kind: 'officialFact',
            citation: `${fact.agency} — ${fact.dataset}: ${row.fact}`.slice(0, 20_000),
            url: fact.url,
            accessedOn: fact.fetchedAt.slice(0, 10),
            officialFact: fact,
          });
        }
        upsert.run(reportId, 'references', JSON.stringify(references));
      }
      db.exec('DROP TABLE official_fact_references');
    },
  };
}
