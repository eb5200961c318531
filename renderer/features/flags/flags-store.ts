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
  /** Reads the flags and follows `flags.changed`; called when the shell mounts, not on import. */
  load(): Promise<void>;
  /** A change main pushed: the overview it carries replaces the one shown, with no round trip. */
  apply(event: FlagsChangedEvent): void;
  /** While the audit log is on screen (Settings → Features), each change reloads it; returns the stop. */
  watchAudit(): () => void;
  refresh(): Promise<void>;
  loadAudit(): Promise<void>;
  setUserId(userId: string): Promise<boolean>;
  dismissChange(): void;
  clearError(): void;
}

let unsubscribe: (() => void) | undefined;
let auditWatchers = 0;

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
    // Subscribed before asking, so no change falls between the answer and the subscription.
    unsubscribe ??= qivo.events.on('flags.changed', (event) => get().apply(event));
    try {
      const overview = await qivo.flags.list();
      set((s) => ({ overview, loaded: true, revision: s.revision + 1 }));
    } catch (error) {
      set({ error: errorText(error), loaded: true });
    }
  },
  apply(event) {
    set((s) => ({ overview: event.overview, loaded: true, revision: s.revision + 1, ...(event.changes.length ? { lastChange: event } : {}) }));
    // The audit log is not in the event: it is asked for only while it is shown.
    if (auditWatchers > 0) void get().loadAudit();
  },
  watchAudit() {
    auditWatchers++;
    void get().loadAudit();
    return () => {
      auditWatchers--;
    };
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
