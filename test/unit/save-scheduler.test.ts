import { describe, expect, it } from 'vitest';
import { AUTOSAVE_DELAY_MS, AUTOSAVE_MAX_WAIT_MS, createSaveScheduler } from '../../renderer/features/trs/save-scheduler';

/** A virtual clock: timers run when time is advanced past them. */
function clock() {
  let t = 0;
  let timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let next = 1;
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => {
      const id = next++;
      timers.push({ at: t + ms, fn, id });
      return id;
    },
    clearTimer: (id: unknown) => {
      timers = timers.filter((x) => x.id !== id);
    },
    advance(ms: number) {
      const end = t + ms;
      for (;;) {
        const due = timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        t = due.at;
        timers = timers.filter((x) => x !== due);
        due.fn();
      }
      t = end;
    },
  };
}

describe('autosave scheduling', () => {
  it('keeps the debounce for pauses, and a maximum wait under 1 s', () => {
    expect(AUTOSAVE_DELAY_MS).toBe(400);
    expect(AUTOSAVE_MAX_WAIT_MS).toBeLessThan(1000);
    expect(AUTOSAVE_MAX_WAIT_MS).toBeGreaterThan(AUTOSAVE_DELAY_MS);
  });

  it('while typing never pauses (a key every 60 ms for 10 s), a save goes out at least once a second', () => {
    const c = clock();
    const fired: number[] = [];
    const s = createSaveScheduler({ debounceMs: AUTOSAVE_DELAY_MS, maxWaitMs: AUTOSAVE_MAX_WAIT_MS, fire: () => (fired.push(c.now()), s.saving()), ...c });
    for (let i = 0; i < 10_000 / 60; i++) {
      s.changed();
      c.advance(60);
    }
    // A pure debounce would have fired 0 times here.
    expect(fired.length).toBeGreaterThanOrEqual(10);
    const gaps = fired.map((t, i) => t - (fired[i - 1] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1000);
  });

  it('a single change is saved after the debounce, not the maximum wait', () => {
    const c = clock();
    const fired: number[] = [];
    const s = createSaveScheduler({ debounceMs: 400, maxWaitMs: 750, fire: () => fired.push(c.now()), ...c });
    s.changed();
    c.advance(399);
    expect(fired).toEqual([]);
    c.advance(1);
    expect(fired).toEqual([400]);
    expect(s.pendingInMs()).toBeUndefined();
  });

  it('the deadline belongs to the oldest unsaved change; a started save opens a new window; cancel disarms', () => {
    const c = clock();
    const fired: number[] = [];
    const s = createSaveScheduler({ debounceMs: 400, maxWaitMs: 750, fire: () => fired.push(c.now()), ...c });
    s.changed();
    c.advance(300);
    s.changed();
    c.advance(300);
    s.changed(); // t=600: debounce says 1000, the deadline says 750
    expect(s.pendingInMs()).toBe(150);
    c.advance(150);
    expect(fired).toEqual([750]);
    s.saving();
    s.changed(); // a new window from t=750
    expect(s.pendingInMs()).toBe(400);
    s.cancel();
    c.advance(5000);
    expect(fired).toEqual([750]);
  });
});
