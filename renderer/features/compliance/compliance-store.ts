import { create } from 'zustand';
import type { ComplianceCheckResult } from '../../../shared/ipc/compliance-contract';
import { qivo } from '../../api/client';

interface ComplianceState {
  reportId: string | undefined;
  result: ComplianceCheckResult | undefined;
  checking: boolean;
  error: unknown;
  /** Full check in main of the stored TRS (official data from the cache, recorded in metrics). */
  check(reportId: string): Promise<void>;
}

export const useComplianceStore = create<ComplianceState>((set, get) => ({
  reportId: undefined,
  result: undefined,
  checking: false,
  error: undefined,
  async check(reportId) {
    if (get().reportId !== reportId) set({ reportId, result: undefined });
    set({ checking: true, error: undefined });
    try {
      const result = await qivo.compliance.check({ reportId });
      if (get().reportId === reportId) set({ result, checking: false });
    } catch (error) {
      if (get().reportId === reportId) set({ error, checking: false });
    }
  },
}));
