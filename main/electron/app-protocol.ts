import fs from 'node:fs';
import { protocol } from 'electron';
import { RENDERER_CSP } from '../../shared/security/csp';
import { contentTypeOf, resolveStaticFile } from '../host/static-files';
import { APP_HOST, APP_SCHEME } from './sender-check';

/** Must run before `app` is ready. `standard` + `secure` give the page a real origin without file://. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the built renderer from `rendererDir` with the CSP header; anything else is a 404. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveStaticFile(rendererDir, url.pathname) : undefined;
    if (!file) return new Response('not found', { status: 404 });
    return new Response(fs.readFileSync(file), {
      headers: { 'content-type': contentTypeOf(file), 'content-security-policy': RENDERER_CSP, 'x-content-type-options': 'nosniff' },
    });
  });
}
