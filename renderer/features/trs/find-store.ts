import { create } from 'zustand';
import type { FindOptions } from '../../../shared/trs/find-replace';

/** The find-and-replace bar of the report editor (one per window; it searches every section). */
interface FindState {
  open: boolean;
  query: string;
  replacement: string;
  options: FindOptions;
  /** Bumped after "replace all" so the open section's editor re-reads its body from the report. */
  generation: number;
  /** Section whose first match is selected as soon as its editor opens (after "next" moved there). */
  pendingSelect: number | undefined;
  set(patch: Partial<Omit<FindState, 'set' | 'bumpGeneration'>>): void;
  bumpGeneration(): void;
}

export const useFindStore = create<FindState>((set) => ({
  open: false,
  query: '',
  replacement: '',
  options: { caseSensitive: false, wholeWord: false },
  generation: 0,
  pendingSelect: undefined,
  set: (patch) => set(patch),
  bumpGeneration: () => set((s) => ({ generation: s.generation + 1 })),
}));

/** The editor of the open section, as the find bar drives it. */
export interface ActiveEditorHandle {
  section: number;
  selectNext(fromStart: boolean): boolean;
  replaceCurrent(replacement: string): boolean;
}
export const activeEditor: { current: ActiveEditorHandle | undefined } = { current: undefined };
