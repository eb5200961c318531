import { create } from 'zustand';
import type { ReportDraftFields, ReportSummary } from '../../../shared/domain/report-draft';
import { qivo } from '../../api/client';
import { errorText } from '../../i18n';

interface ReportsState {
  reports: ReportSummary[];
  loaded: boolean;
  error: string | undefined;
  load(): Promise<void>;
  create(fields: { title: string; propertyName?: string; commodity?: string }): Promise<ReportSummary | undefined>;
  update(id: string, fields: Partial<ReportDraftFields>): Promise<boolean>;
  /** True once the draft is deleted and the list reloaded. */
  remove(id: string): Promise<boolean>;
  clearError(): void;
}

/** The Reports list: what is stored in app.db, fetched through the contract. */
export const useReportsStore = create<ReportsState>((set, get) => ({
  reports: [],
  loaded: false,
  error: undefined,
  async load() {
    try {
      set({ reports: await qivo.reports.list(), loaded: true, error: undefined });
    } catch (error) {
      set({ error: errorText(error), loaded: true });
    }
  },
  async create(fields) {
    try {
      const created = await qivo.reports.create({ title: fields.title, propertyName: fields.propertyName ?? '', commodity: fields.commodity ?? '' });
      await get().load();
      return created;
    } catch (error) {
      set({ error: errorText(error) });
      return undefined;
    }
  },
  async update(id, fields) {
    try {
      await qivo.reports.update({ id, fields });
      await get().load();
      return true;
    } catch (error) {
      set({ error: errorText(error) });
      return false;
    }
  },
  async remove(id) {
    try {
      await qivo.reports.delete({ id });
      await get().load();
      return true;
    } catch (error) {
      set({ error: errorText(error) });
      return false;
    }
  },
  clearError() {
    set({ error: undefined });
  },
}));
