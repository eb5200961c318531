import { randomUUID } from 'node:crypto';
import { QivoError } from '../../shared/errors';
import { ReportDraftFieldsSchema, type ReportDraftFields, type ReportSummary } from '../../shared/domain/report-draft';
import type { EventBus } from '../core/event-bus';
import { ReportsRepository } from './reports-repository';
import type { SqliteDatabase } from '../storage/sqlite';

export interface ReportsServiceDeps {
  db: SqliteDatabase;
  events?: EventBus;
  now?: () => Date;
  newId?: () => string;
}

/** Report drafts: create, rename, open, delete. Used by the window (through IPC) and the CLI alike. */
export class ReportsService {
  private readonly repo: ReportsRepository;
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly deps: ReportsServiceDeps) {
    this.repo = new ReportsRepository(deps.db);
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? randomUUID;
  }

  list(): ReportSummary[] {
    return this.repo.list();
  }

  get(id: string): ReportSummary {
    const found = this.repo.get(id);
    if (!found) throw new QivoError('reports.notFound', `No report draft with id ${id}`, { id });
    return found;
  }

  create(input: unknown): ReportSummary {
    const fields = parseFields(input);
    const created = this.repo.insert(this.newId(), fields, this.now().toISOString());
    this.deps.events?.emit('reports.changed', { id: created.id });
    return created;
  }

  update(id: string, changes: Partial<ReportDraftFields>): ReportSummary {
    const current = this.get(id);
    const fields = parseFields({ title: current.title, propertyName: current.propertyName, commodity: current.commodity, ...changes });
    const updated: ReportSummary = { ...current, ...fields, updatedAt: this.now().toISOString() };
    this.repo.update(updated);
    this.deps.events?.emit('reports.changed', { id });
    return updated;
  }

  delete(id: string): boolean {
    const deleted = this.repo.delete(id);
    if (!deleted) throw new QivoError('reports.notFound', `No report draft with id ${id}`, { id });
    this.deps.events?.emit('reports.changed', { id });
    return deleted;
  }

  count(): number {
    return this.repo.count();
  }
}

function parseFields(input: unknown): ReportDraftFields {
  const parsed = ReportDraftFieldsSchema.safeParse(input);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'draft'}: ${i.message}`).join('; ');
    throw new QivoError('reports.invalid', `The report draft is not valid: ${detail}`, { detail });
  }
  return parsed.data;
}
