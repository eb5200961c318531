import type { FlagKey } from '../../shared/flags/flag-keys';

/**
 * Whether a flag is on for this user, for hiding UI. Main refuses gated channels on its own; this
 * only keeps the window honest about it. The rollout feature supplies the live implementation.
 */
export type FlagReader = (flag: FlagKey) => boolean;

let reader: FlagReader = () => true;

export function setFlagReader(next: FlagReader): void {
  reader = next;
}

export function isFlagOn(flag: FlagKey): boolean {
  return reader(flag);
}
