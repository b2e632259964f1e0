/**
 * The renderer's Content-Security-Policy, sent as a response header by the app protocol.
 * Nothing but our own bundle runs; the page talks to the engine only over IPC, so it
 * needs no network at all (`connect-src 'none'`).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
