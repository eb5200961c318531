/** Autosave fires this long after the last change (the issue allows at most 1 s). */
export const AUTOSAVE_DELAY_MS = 400;
/**
 * …and at the latest this long after the first unsaved change, however long the typing goes on.
 * Below 1 s so that, with the save's own round trip, a crash loses under a second of typing.
 */
export const AUTOSAVE_MAX_WAIT_MS = 750;

/**
 * When autosave sends: `debounceMs` after the last change (a pause in typing), but never more than
 * `maxWaitMs` after the first unsaved change, so continuous typing is saved at least that often
 * (a pure debounce never fires while the user keeps typing, and a crash then loses all of it).
 */
export interface SaveScheduler {
  /** A change was made: (re)arm the timer, keeping the deadline of the oldest unsaved change. */
  changed(): void;
  /** A save is starting with everything changed so far: the next change opens a new window. */
  saving(): void;
  cancel(): void;
  /** Milliseconds until the armed save, or undefined (for tests). */
  pendingInMs(): number | undefined;
}

export interface SaveSchedulerOptions {
  debounceMs: number;
  maxWaitMs: number;
  fire: () => void;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export function createSaveScheduler(options: SaveSchedulerOptions): SaveScheduler {
  const now = options.now ?? (() => Date.now());
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let handle: unknown;
  let dueAt: number | undefined;
  let oldestUnsavedAt: number | undefined;

  const disarm = () => {
    if (handle !== undefined) clearTimer(handle);
    handle = undefined;
    dueAt = undefined;
  };

  return {
    changed() {
      const t = now();
      oldestUnsavedAt ??= t;
      const due = Math.min(t + options.debounceMs, oldestUnsavedAt + options.maxWaitMs);
      disarm();
      dueAt = due;
      handle = setTimer(
        () => {
          handle = undefined;
          dueAt = undefined;
          options.fire();
        },
        Math.max(0, due - t),
      );
    },
    saving() {
      oldestUnsavedAt = undefined;
    },
    cancel() {
      disarm();
      oldestUnsavedAt = undefined;
    },
    pendingInMs() {
      return dueAt === undefined ? undefined : Math.max(0, dueAt - now());
    },
  };
}

/**
 * Saves when the page is hidden, left or closed, whichever view is showing the document: these
 * are the moments a window can disappear without another chance to save. Installed once.
 */
export function saveOnPageLifecycle(save: () => void, target: { window: Window; document: Document } = { window, document }): () => void {
  const onVisibility = () => {
    if (target.document.visibilityState === 'hidden') save();
  };
  target.window.addEventListener('pagehide', save);
  target.window.addEventListener('beforeunload', save);
  target.document.addEventListener('visibilitychange', onVisibility);
  return () => {
    target.window.removeEventListener('pagehide', save);
    target.window.removeEventListener('beforeunload', save);
    target.document.removeEventListener('visibilitychange', onVisibility);
  };
}
