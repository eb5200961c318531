import { create } from 'zustand';
import type { ComplianceCheckResult, ScoreHistoryEntry } from '../../../shared/ipc/compliance-contract';
import { qivo } from '../../api/client';

interface ComplianceState {
  reportId: string | undefined;
  result: ComplianceCheckResult | undefined;
  history: ScoreHistoryEntry[];
  reviewer: string | undefined;
  checking: boolean;
  error: unknown;
  /** Full check in main of the stored TRS (official data from the cache, recorded in metrics and in the score history). */
  check(reportId: string): Promise<void>;
  accept(findingId: string, justification: string, confirmCritical: boolean): Promise<void>;
  reopen(findingId: string): Promise<void>;
  assign(findingId: string, assignee: string | null): Promise<void>;
}

export const useComplianceStore = create<ComplianceState>((set, get) => ({
  reportId: undefined,
  result: undefined,
  history: [],
  reviewer: undefined,
  checking: false,
  error: undefined,
  async check(reportId) {
    if (get().reportId !== reportId) set({ reportId, result: undefined, history: [] });
    set({ checking: true, error: undefined });
    try {
      const result = await qivo.compliance.check({ reportId });
      const [history, reviewer] = await Promise.all([
        qivo.compliance.history({ reportId }),
        get().reviewer ? Promise.resolve(undefined) : qivo.compliance.reviewer({}),
      ]);
      if (get().reportId === reportId) set({ result, history, checking: false, ...(reviewer ? { reviewer: reviewer.name } : {}) });
    } catch (error) {
      if (get().reportId === reportId) set({ error, checking: false });
    }
  },
  async accept(findingId, justification, confirmCritical) {
    const reportId = get().reportId;
    if (!reportId) return;
    await qivo.compliance.accept({ reportId, findingId, justification, ...(confirmCritical ? { confirmCritical: true } : {}) });
    await get().check(reportId);
  },
  async reopen(findingId) {
    const reportId = get().reportId;
    if (!reportId) return;
    await qivo.compliance.reopen({ reportId, findingId });
    await get().check(reportId);
  },
  async assign(findingId, assignee) {
    const reportId = get().reportId;
    if (!reportId) return;
    await qivo.compliance.assign({ reportId, findingId, assignee });
    await get().check(reportId);
  },
}));
