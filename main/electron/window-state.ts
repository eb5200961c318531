import { z } from 'zod';

export const WINDOW_STATE_SETTING = 'window.state';

export const WindowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20000),
  height: z.number().int().min(300).max(20000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.output<typeof WindowStateSchema>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 820, maximized: false };

/**
 * The remembered size and position, but only if the window would still be visible: a monitor
 * unplugged since last time must not leave the window off-screen. Pure, so it is tested in Node.
 */
export function restoreWindowState(saved: WindowState, displays: readonly Rect[]): WindowState {
  if (saved.x === undefined || saved.y === undefined) return { ...saved, x: undefined, y: undefined };
  const visible = displays.some((d) => {
    const overlapX = Math.min(saved.x! + saved.width, d.x + d.width) - Math.max(saved.x!, d.x);
    const overlapY = Math.min(saved.y! + saved.height, d.y + d.height) - Math.max(saved.y!, d.y);
    return overlapX >= 100 && overlapY >= 50;
  });
  return visible ? saved : { width: saved.width, height: saved.height, maximized: saved.maximized };
}
