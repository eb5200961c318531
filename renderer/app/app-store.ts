import { create } from 'zustand';
import type { AppInfo, Language, StorageNotice } from '../../shared/ipc/system-contract';
import { qivo } from '../api/client';
import { applyLanguage, errorText } from '../i18n';

interface AppState {
  info: AppInfo | undefined;
  language: Language;
  online: boolean;
  notices: StorageNotice[];
  loadError: string | undefined;
  load(): Promise<void>;
  setLanguage(language: Language): Promise<void>;
  dismissNotice(at: string): Promise<void>;
  restoreBackup(): Promise<void>;
}

let unsubscribe: (() => void) | undefined;

export const useAppStore = create<AppState>((set, get) => ({
  info: undefined,
  language: 'pt-BR',
  online: navigator.onLine,
  notices: [],
  loadError: undefined,
  /** Reads the app's info and follows `system.notice`; called when the shell mounts, not on import. */
  async load() {
    // A notice found after start-up (a background integrity check) shows up without a reload.
    unsubscribe ??= qivo.events.on('system.notice', (notice) => {
      const { notices } = get();
      if (!notices.some((n) => n.at === notice.at)) set({ notices: [...notices, notice] });
    });
    try {
      const info = await qivo.system.info();
      applyLanguage(info.language);
      set({ info, language: info.language, notices: info.notices, loadError: undefined });
    } catch (error) {
      set({ loadError: errorText(error) });
    }
  },
  async setLanguage(language) {
    applyLanguage(language);
    set({ language });
    await qivo.system.setLanguage({ language });
  },
  async dismissNotice(at) {
    await qivo.system.dismissNotice({ at });
    set({ notices: get().notices.filter((n) => n.at !== at) });
  },
  async restoreBackup() {
    await qivo.system.restoreLatestBackup();
    // Every view's data changed with the database: start the page afresh (Electron relaunches itself).
    window.location.reload();
  },
}));

window.addEventListener('online', () => useAppStore.setState({ online: true }));
window.addEventListener('offline', () => useAppStore.setState({ online: false }));
