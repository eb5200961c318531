import { create } from 'zustand';
import type { TrsReport } from '../../../shared/trs/model';
import { diffForPatch, isEmptyPatch } from '../../../shared/trs/patch';
import { qivo } from '../../api/client';
import { AUTOSAVE_DELAY_MS, AUTOSAVE_MAX_WAIT_MS, createSaveScheduler, saveOnPageLifecycle } from './save-scheduler';

export { AUTOSAVE_DELAY_MS, AUTOSAVE_MAX_WAIT_MS };
/** Successive edits of the same field within this window form one undo step (typing a word is one step, not one per key). */
const UNDO_COALESCE_MS = 1000;
const UNDO_LIMIT = 300;

export type SaveState = 'idle' | 'dirty' | 'saving' | 'saved' | 'error';

interface TrsState {
  reportId: string | undefined;
  document: TrsReport | undefined;
  /** Stored revision the current edits are based on. */
  revision: number;
  /** The document as stored at `revision`; a save sends only the parts that differ from it. */
  savedDocument: TrsReport | undefined;
  saveState: SaveState;
  saveError: unknown;
  loadError: unknown;
  lastSavedAt: string | undefined;
  past: TrsReport[];
  future: TrsReport[];
  /** Increases whenever the document is replaced from outside an editor (load, undo, redo, restore): rich-text editors re-render. */
  externalVersion: number;
  activePane: string;
  load(reportId: string): Promise<void>;
  /** Applies an edit; `coalesceKey` groups fast successive edits of one field into one undo step. */
  update(edit: (doc: TrsReport) => TrsReport, coalesceKey?: string, options?: { boundary?: boolean }): void;
  undo(): void;
  redo(): void;
  /** Saves now if anything is pending (blur, close, before a version operation). */
  flush(): Promise<void>;
  setActivePane(pane: string): void;
  /** Replaces the document after a restore/import done in main. */
  reload(): Promise<void>;
  reset(): void;
}

let inFlight: Promise<void> | undefined;
let lastCoalesce: { key: string; at: number } | undefined;
let pendingAfterFlight = false;

export const useTrsStore = create<TrsState>((set, get) => {
  const scheduler = createSaveScheduler({ debounceMs: AUTOSAVE_DELAY_MS, maxWaitMs: AUTOSAVE_MAX_WAIT_MS, fire: () => void get().flush() });
  const schedule = () => scheduler.changed();
  const clearTimer = () => scheduler.cancel();
  if (typeof window !== 'undefined' && typeof document !== 'undefined') saveOnPageLifecycle(() => void get().flush());

  const saveOnce = async (): Promise<void> => {
    const { reportId, document, revision, savedDocument } = get();
    if (!reportId || !document) return;
    // Whatever is typed from here on is newer than this save and gets its own deadline.
    scheduler.saving();
    const changes = savedDocument ? diffForPatch(savedDocument, document) : undefined;
    if (changes && isEmptyPatch(changes)) {
      set({ saveState: 'saved' });
      return;
    }
    set({ saveState: 'saving' });
    try {
      const result = await qivo.trs.save(changes ? { reportId, baseRevision: revision, changes } : { reportId, baseRevision: revision, document });
      // Edits made while the request was in flight stay dirty and are saved next.
      const stillSame = get().document === document;
      set({
        revision: result.revision,
        savedDocument: document,
        lastSavedAt: result.updatedAt,
        saveError: undefined,
        saveState: stillSame ? 'saved' : 'dirty',
      });
      if (!stillSame) pendingAfterFlight = true;
    } catch (error) {
      set({ saveState: 'error', saveError: error });
    }
  };

  return {
    reportId: undefined,
    document: undefined,
    revision: 0,
    savedDocument: undefined,
    saveState: 'idle',
    saveError: undefined,
    loadError: undefined,
    lastSavedAt: undefined,
    past: [],
    future: [],
    externalVersion: 0,
    activePane: 'section:1',

    async load(reportId) {
      if (get().reportId && get().reportId !== reportId) await get().flush();
      clearTimer();
      set({ reportId, document: undefined, savedDocument: undefined, loadError: undefined, saveError: undefined, past: [], future: [], saveState: 'idle' });
      try {
        const stored = await qivo.trs.get({ reportId });
        if (get().reportId !== reportId) return;
        set((s) => ({
          document: stored.document,
          savedDocument: stored.document,
          revision: stored.revision,
          lastSavedAt: stored.updatedAt,
          saveState: 'saved',
          externalVersion: s.externalVersion + 1,
        }));
      } catch (error) {
        set({ loadError: error });
      }
    },

    async reload() {
      const { reportId } = get();
      if (!reportId) return;
      const stored = await qivo.trs.get({ reportId });
      clearTimer();
      set((s) => ({
        document: stored.document,
        savedDocument: stored.document,
        revision: stored.revision,
        lastSavedAt: stored.updatedAt,
        saveState: 'saved',
        saveError: undefined,
        externalVersion: s.externalVersion + 1,
      }));
    },

    update(edit, coalesceKey, options) {
      const { document, past } = get();
      if (!document) return;
      const next = edit(document);
      if (next === document) return;
      const now = Date.now();
      const coalesce = !options?.boundary && coalesceKey !== undefined && lastCoalesce?.key === coalesceKey && now - lastCoalesce.at < UNDO_COALESCE_MS;
      lastCoalesce = coalesceKey !== undefined ? { key: coalesceKey, at: now } : undefined;
      set({
        document: next,
        past: coalesce ? past : [...past.slice(-UNDO_LIMIT + 1), document],
        future: [],
        saveState: 'dirty',
      });
      schedule();
    },

    undo() {
      const { past, future, document } = get();
      const previous = past[past.length - 1];
      if (!previous || !document) return;
      lastCoalesce = undefined;
      set((s) => ({ document: previous, past: past.slice(0, -1), future: [document, ...future], saveState: 'dirty', externalVersion: s.externalVersion + 1 }));
      schedule();
    },

    redo() {
      const { past, future, document } = get();
      const next = future[0];
      if (!next || !document) return;
      lastCoalesce = undefined;
      set((s) => ({ document: next, past: [...past, document], future: future.slice(1), saveState: 'dirty', externalVersion: s.externalVersion + 1 }));
      schedule();
    },

    async flush() {
      clearTimer();
      if (inFlight) {
        pendingAfterFlight = true;
        await inFlight;
      }
      if (get().saveState !== 'dirty' && !pendingAfterFlight) return;
      pendingAfterFlight = false;
      inFlight = saveOnce().finally(() => {
        inFlight = undefined;
      });
      await inFlight;
      if (pendingAfterFlight && get().saveState === 'dirty') {
        pendingAfterFlight = false;
        schedule();
      }
    },

    setActivePane(pane) {
      set({ activePane: pane });
    },

    reset() {
      clearTimer();
      set({
        reportId: undefined,
        document: undefined,
        savedDocument: undefined,
        past: [],
        future: [],
        saveState: 'idle',
        saveError: undefined,
        loadError: undefined,
      });
    },
  };
});
