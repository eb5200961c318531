import { app, session, shell, type WebContents } from 'electron';
import { isAllowedExternalUrl } from '../../shared/security/external-links';

/**
 * Electron security checklist, applied once: no navigation, no new windows, no webviews, every
 * permission request denied, external links only to the allowlist and only in the system browser.
 */
export function installSecurityPolicies(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}

export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
