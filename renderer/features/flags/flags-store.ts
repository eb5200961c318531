import { create } from 'zustand';
import type { FlagKey } from '../../../shared/flags/flag-keys';
import type { FlagAuditEntryView, FlagsChangedEvent, FlagsOverview } from '../../../shared/ipc/flags-contract';
import { qivo } from '../../api/client';
import { setFlagReader } from '../../app/feature-flags';
import { errorText } from '../../i18n';

interface FlagsState {
  overview: FlagsOverview | undefined;
  audit: FlagAuditEntryView[];
  loaded: boolean;
  refreshing: boolean;
  error: string | undefined;
  /** The last change main announced that flipped a flag, shown to the user. */
  lastChange: FlagsChangedEvent | undefined;
  /** Bumped on every load: components that render by `isOn` subscribe to it to re-render live. */
  revision: number;
  /**
   * Whether a flag is on for this user, for hiding UI (main refuses gated channels on its own).
   * Before the first answer from main it says on: the shipped bootstrap turns every feature on,
   * and hiding everything for a moment at start would only flicker.
   */
  isOn(flag: FlagKey): boolean;
  load(): Promise<void>;
  refresh(): Promise<void>;
  loadAudit(): Promise<void>;
  setUserId(userId: string): Promise<boolean>;
  dismissChange(): void;
  clearError(): void;
}

/** Flags of this user as main evaluated them; live through the `flags.changed` event. */
export const useFlagsStore = create<FlagsState>((set, get) => ({
  overview: undefined,
  audit: [],
  loaded: false,
  refreshing: false,
  error: undefined,
  lastChange: undefined,
  revision: 0,
  isOn(flag) {
    const overview = get().overview;
    if (!overview) return true;
    return overview.flags.find((f) => f.flag === flag)?.value ?? false;
  },
  async load() {
    try {
      const overview = await qivo.flags.list();
      set((s) => ({ overview, loaded: true, revision: s.revision + 1 }));
    } catch (error) {
      set({ error: errorText(error), loaded: true });
    }
  },
  async refresh() {
    set({ refreshing: true });
    try {
      const overview = await qivo.flags.refresh();
      set((s) => ({ overview, revision: s.revision + 1 }));
      await get().loadAudit();
    } catch (error) {
      set({ error: errorText(error) });
    } finally {
      set({ refreshing: false });
    }
  },
  async loadAudit() {
    try {
      set({ audit: await qivo.flags.audit({ limit: 50 }) });
    } catch (error) {
      set({ error: errorText(error) });
    }
  },
  async setUserId(userId) {
    try {
      const overview = await qivo.flags.setUserId({ userId });
      set((s) => ({ overview, revision: s.revision + 1 }));
      return true;
    } catch (error) {
      set({ error: errorText(error) });
      return false;
    }
  },
  dismissChange() {
    set({ lastChange: undefined });
  },
  clearError() {
    set({ error: undefined });
  },
}));

// The app-wide reader (renderer/app/feature-flags.ts) answers from this store from now on.
setFlagReader((flag) => useFlagsStore.getState().isOn(flag));

qivo.events.on('flags.changed', (event) => {
  if (event.changes.length) useFlagsStore.setState({ lastChange: event });
  void useFlagsStore.getState().load();
  const { audit } = useFlagsStore.getState();
  if (audit.length || event.cause !== 'fetch') void useFlagsStore.getState().loadAudit();
});

void useFlagsStore.getState().load();
