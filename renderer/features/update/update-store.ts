import { create } from 'zustand';
import type { UpdateStatus } from '../../../shared/ipc/update-contract';
import { qivo } from '../../api/client';
import { errorText } from '../../i18n';
import { useTrsStore } from '../trs/trs-store';

interface UpdateState {
  status: UpdateStatus | undefined;
  checking: boolean;
  restarting: boolean;
  dismissedVersion: string | undefined;
  error: string | undefined;
  /** Reads the status and follows `update.changed`; called when the shell mounts, not on import. */
  load(): Promise<void>;
  check(): Promise<void>;
  dismiss(): void;
  /** Writes every pending autosave first, then asks main to install and restart. */
  restart(): Promise<void>;
}

let unsubscribe: (() => void) | undefined;

export const useUpdateStore = create<UpdateState>((set, get) => ({
  status: undefined,
  checking: false,
  restarting: false,
  dismissedVersion: undefined,
  error: undefined,
  async load() {
    unsubscribe ??= qivo.events.on('update.changed', (status) => set({ status }));
    try {
      set({ status: await qivo.update.status() });
    } catch (e) {
      set({ error: errorText(e) });
    }
  },
  async check() {
    set({ checking: true, error: undefined });
    try {
      set({ status: await qivo.update.check() });
    } catch (e) {
      set({ error: errorText(e) });
    } finally {
      set({ checking: false });
    }
  },
  dismiss() {
    set({ dismissedVersion: get().status?.version });
  },
  async restart() {
    set({ restarting: true, error: undefined });
    try {
      // The restart never cuts an autosave short: pending edits are written before main is asked.
      await useTrsStore.getState().flush();
      const { restarting } = await qivo.update.restart();
      set({ restarting });
    } catch (e) {
      set({ restarting: false, error: errorText(e) });
    }
  },
}));
