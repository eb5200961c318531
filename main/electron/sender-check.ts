/** The renderer's origin in Electron: a custom, standard, secure scheme (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'qivo';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * Accepts an IPC call only from the app's own top-level page (VS Code's ValidatedIpcMain does
 * the same): a frame with another origin, or any sub-frame, is refused.
 */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}
