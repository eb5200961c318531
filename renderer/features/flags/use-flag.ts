import { useLayoutEffect } from 'react';
import type { FlagKey } from '../../../shared/flags/flag-keys';
import { qivo } from '../../api/client';
import { useFlagsStore } from './flags-store';

/** Showings of flagged views still open, so they can be closed when the page goes away. */
const openViews = new Map<string, FlagKey>();
let closeOnPageHide = false;
let counter = 0;
// Names one showing in main, which tells the showings of several windows apart.
const page = Math.random().toString(36).slice(2, 10);

function report(flag: FlagKey, view: string, shown: boolean): void {
  if (shown) openViews.set(view, flag);
  else openViews.delete(view);
  // A lost report only skews a metric: the user is never bothered with it.
  void qivo.flags.exposure({ flag, view, shown }).catch(() => undefined);
}

function closeAllOnPageHide(): void {
  if (closeOnPageHide) return;
  closeOnPageHide = true;
  window.addEventListener('pagehide', () => {
    for (const [view, flag] of [...openViews]) report(flag, view, false);
  });
}

/**
 * Whether `flag` is on, for the component that shows its feature: while it renders the feature,
 * main counts one exposure (once per showing — a mount, or the flag turning on again — never per
 * render). Elsewhere (a menu entry, a button that leads to the feature) read `isFlagOn` or the
 * flags store instead: seeing the way to a feature is not using it.
 */
export function useFlag(flag: FlagKey): boolean {
  const on = useFlagsStore((s) => s.isOn(flag));
  // A layout effect runs before the passive effects of the feature's own components, so main
  // hears of the showing before the gated calls they make, which it then does not count again.
  useLayoutEffect(() => {
    if (!on) return;
    closeAllOnPageHide();
    const view = `${page}-${++counter}`;
    report(flag, view, true);
    return () => report(flag, view, false);
  }, [flag, on]);
  return on;
}
