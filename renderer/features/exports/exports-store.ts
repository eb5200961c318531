import { create } from 'zustand';
import { isQivoError } from '../../../shared/errors';
import type { ExportFormat, ExportResult } from '../../../shared/exports/export-types';
import { qivo } from '../../api/client';
import { errorText } from '../../i18n';
import { useTrsStore } from '../trs/trs-store';

export interface ExportsState {
  format: ExportFormat;
  draft: boolean;
  running: boolean;
  /** Report the last outcome belongs to, so another report's panel does not show it. */
  reportId: string | undefined;
  result: ExportResult | undefined;
  cancelled: boolean;
  error: string | undefined;
  /** One line per critical finding (refusal) or EDGAR violation. */
  errorDetails: string[];
  setFormat(format: ExportFormat): void;
  setDraft(draft: boolean): void;
  run(reportId: string): Promise<void>;
}

export const useExportsStore = create<ExportsState>((set, get) => ({
  format: 'package',
  draft: false,
  running: false,
  reportId: undefined,
  result: undefined,
  cancelled: false,
  error: undefined,
  errorDetails: [],
  setFormat: (format) => set({ format }),
  setDraft: (draft) => set({ draft }),
  async run(reportId) {
    if (get().running) return;
    set({ running: true, reportId, result: undefined, cancelled: false, error: undefined, errorDetails: [] });
    try {
      // Export what the user sees: push any pending edit of this report first.
      const trs = useTrsStore.getState();
      if (trs.reportId === reportId) await trs.flush();
      const out = await qivo.exports.run({ reportId, format: get().format, draft: get().draft });
      if (out.status === 'cancelled') set({ cancelled: true });
      else set({ result: out.result });
    } catch (error) {
      set({ error: errorText(error), errorDetails: isQivoError(error) ? (error.details ?? []) : [] });
    } finally {
      set({ running: false });
    }
  },
}));
