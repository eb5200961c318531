import type { ReportDraftFields, ReportSummary } from '../../shared/domain/report-draft';
import type { SqliteDatabase } from '../storage/sqlite';

interface ReportRow {
  id: string;
  title: string;
  property_name: string;
  commodity: string;
  created_at: string;
  updated_at: string;
}

function toSummary(row: ReportRow): ReportSummary {
  return {
    id: row.id,
    title: row.title,
    propertyName: row.property_name,
    commodity: row.commodity,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** SQL for report drafts. Takes the database handle, as Signal's data layer does, so tests pass a temp file. */
export class ReportsRepository {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      list: db.prepare<[], ReportRow>('SELECT * FROM reports ORDER BY updated_at DESC, title COLLATE NOCASE'),
      get: db.prepare<[string], ReportRow>('SELECT * FROM reports WHERE id = ?'),
      insert: db.prepare(
        'INSERT INTO reports (id, title, property_name, commodity, created_at, updated_at) VALUES (@id, @title, @propertyName, @commodity, @createdAt, @updatedAt)',
      ),
      update: db.prepare('UPDATE reports SET title = @title, property_name = @propertyName, commodity = @commodity, updated_at = @updatedAt WHERE id = @id'),
      delete: db.prepare<[string]>('DELETE FROM reports WHERE id = ?'),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM reports'),
    };
  }

  list(): ReportSummary[] {
    return this.statements.list.all().map(toSummary);
  }

  get(id: string): ReportSummary | undefined {
    const row = this.statements.get.get(id);
    return row ? toSummary(row) : undefined;
  }

  insert(id: string, fields: ReportDraftFields, at: string): ReportSummary {
    this.statements.insert.run({ id, ...fields, createdAt: at, updatedAt: at });
    return { id, ...fields, createdAt: at, updatedAt: at };
  }

  update(summary: ReportSummary): void {
    this.statements.update.run(summary);
  }

  delete(id: string): boolean {
    return this.statements.delete.run(id).changes > 0;
  }

  count(): number {
    return this.statements.count.get()?.n ?? 0;
  }

  /** Runs `fn` in one transaction (all or nothing). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
