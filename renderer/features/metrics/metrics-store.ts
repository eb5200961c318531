import { create } from 'zustand';
import type { PushStatus } from '../../../shared/ipc/metrics-contract';
import type { Dashboard, DashboardExtras } from '../../../shared/metrics/model';
import type { RolloutHealth } from '../../../shared/metrics/rollout-health';
import type { MetricsWindow } from '../../../shared/metrics/window';
import { qivo } from '../../api/client';
import { isFlagOn } from '../../app/feature-flags';
import { errorText, i18next } from '../../i18n';

interface MetricsState {
  window: MetricsWindow;
  dashboard: Dashboard | undefined;
  /** undefined = not loaded; null = not available to this user (ADVANCED_ANALYTICS off). */
  extras: DashboardExtras | null | undefined;
  health: RolloutHealth | undefined;
  push: PushStatus | undefined;
  loading: boolean;
  error: string | undefined;
  setWindow(window: MetricsWindow): Promise<void>;
  load(): Promise<void>;
  setPushEnabled(enabled: boolean): Promise<void>;
  clearError(): void;
}

async function loadExtras(window: MetricsWindow): Promise<DashboardExtras | null> {
  // The flag hides the extras here; main refuses the channel on its own when the flag is off.
  if (!isFlagOn('ADVANCED_ANALYTICS')) return null;
  try {
    return await qivo.metrics.extras({ window });
  } catch (error) {
    if (error && typeof error === 'object' && (error as { code?: string }).code === 'ipc.featureDisabled') return null;
    throw error;
  }
}

export const useMetricsStore = create<MetricsState>((set, get) => ({
  window: '24h',
  dashboard: undefined,
  extras: undefined,
  health: undefined,
  push: undefined,
  loading: false,
  error: undefined,
  async setWindow(window) {
    set({ window });
    await get().load();
  },
  async load() {
    const window = get().window;
    set({ loading: true });
    try {
      const [dashboard, extras, health, push] = await Promise.all([
        qivo.metrics.dashboard({ window }),
        loadExtras(window),
        qivo.metrics.rolloutHealth({}),
        qivo.metrics.pushStatus({}),
      ]);
      // A slower answer for a window the user already left is dropped.
      if (get().window !== window) return;
      set({ dashboard, extras, health, push, error: undefined });
    } catch (error) {
      set({ error: errorText(error) });
    } finally {
      set({ loading: false });
    }
  },
  // Optimistic: the box changes at once; main's answer replaces it, a failure puts it back as it was.
  async setPushEnabled(enabled) {
    const before = get().push;
    if (!before) return;
    set({ push: { ...before, enabled } });
    try {
      set({ push: await qivo.metrics.setPushEnabled({ enabled }) });
    } catch (error) {
      const current = get().push;
      set({ push: current ? { ...current, enabled: before.enabled } : before, error: i18next.t('metrics.push.toggleFailed', { error: errorText(error) }) });
    }
  },
  clearError() {
    set({ error: undefined });
  },
}));
