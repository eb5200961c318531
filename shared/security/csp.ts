/**
 * The renderer's Content-Security-Policy, sent as a response header by the Electron protocol
 * handler and by the browser host (a header, unlike a meta tag, also enforces frame-ancestors).
 * No remote origins at all: every network call goes through main.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
