import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../main/core/core';
import { reportsFeature } from '../../main/reports/feature';
import { trsFeature } from '../../main/trs/feature';
import { appMigrations } from '../../main/storage/app-migrations';
import { closeDatabase, openDatabase } from '../../main/storage/sqlite';
import { officialFactsOf } from '../../shared/official/report-facts';
import { createEmptyReport } from '../../shared/trs/model';
import { splitDocumentText } from '../../main/trs/trs-migrations';
import { makeTempDir } from '../support/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('app.db migration: the official_fact_references side table moves into the TRS documents', () => {
  it('moves every row (once per record) into its report, even a report never opened, and drops the table', async () => {
    const temp = makeTempDir('qivo-facts-migration-');
    cleanups.push(temp.cleanup);
    const file = path.join(temp.dir, 'app.db');
    const before = appMigrations.filter((m) => m.version <= 5);
    const { db } = openDatabase({ file, label: 'app', migrations: before, synchronous: 'FULL', now: () => new Date() });
    const at = '2026-11-30T10:00:00.000Z';
    db.prepare(
      "INSERT INTO reports (id, title, property_name, commodity, created_at, updated_at) VALUES ('r-open', 'Opened', 'Mina A', 'Au', ?, ?), ('r-new', 'Never opened', 'Mina B', 'Cu', ?, ?)",
    ).run(at, at, at, at);
    // r-open has a stored schema-2 document (the gold sample as it was before schema 3).
    const v2 = fs.readFileSync(path.resolve(__dirname, '../fixtures/trs/gold-schema2.json'), 'utf8');
    db.prepare("INSERT INTO report_documents (report_id, schema_version, revision, document, updated_at) VALUES ('r-open', 2, 4, '', ?)").run(at);
    for (const [part, json] of splitDocumentText(v2))
      db.prepare('INSERT INTO report_document_parts (report_id, part, json) VALUES (?, ?, ?)').run('r-open', part, json);
    const insert = db.prepare(
      "INSERT INTO official_fact_references (id, report_id, fact, agency, dataset, url, fetched_at, cache, age_seconds, created_at) VALUES (?, ?, ?, 'ANM', 'SIGMINE', ?, ?, 'miss', NULL, ?)",
    );
    insert.run('f1', 'r-open', 'ANM process 802.563/1973: 27.05 ha in 2 parts.', 'http://127.0.0.1:1/q?where=NUMERO%3D802563', at, at);
    insert.run('f2', 'r-open', 'ANM process 802.563/1973: 27.05 ha in 2 parts.', 'http://127.0.0.1:1/q?where=NUMERO%3D802563', at, at); // the old double insert
    insert.run('f3', 'r-new', 'IBAMA embargo 1234-E', 'http://127.0.0.1:2/embargo', at, at);
    closeDatabase(db);

    const core = openCore({ dataDir: temp.dir, appVersion: '0.0.0-test', shell: 'cli', features: [reportsFeature, trsFeature] });
    try {
      expect(core.appDb.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'official_fact_references'").get()).toEqual({ n: 0 });
      const opened = core.services.trs!.get('r-open');
      expect(opened.revision).toBe(5);
      const facts = officialFactsOf(opened.document);
      // The gold sample's own two facts, then the one moved row (the duplicate dropped).
      expect(facts.map((f) => f.fact.agency)).toEqual(['ANM', 'IBGE', 'ANM']);
      expect(facts[2]!.fact).toMatchObject({
        dataset: 'SIGMINE',
        url: 'http://127.0.0.1:1/q?where=NUMERO%3D802563',
        fetchedAt: at,
        values: { fact: 'ANM process 802.563/1973: 27.05 ha in 2 parts.' },
      });
      const fresh = core.services.trs!.get('r-new');
      expect(fresh.document.metadata).toMatchObject({ title: 'Never opened', propertyName: 'Mina B' });
      expect(fresh.document.sections).toHaveLength(createEmptyReport().sections.length);
      expect(officialFactsOf(fresh.document).map((f) => f.fact.recordId)).toEqual(['IBAMA embargo 1234-E']);
    } finally {
      await core.close();
    }
  });
});
