import fs from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME, resolveAppAsset } from './app-protocol-paths.ts';
import { CONTENT_SECURITY_POLICY } from './csp.ts';

/** Must run before `app.ready`: our scheme behaves like https (secure, standard origin). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);
}

/**
 * Serve the built renderer from `burnrate://app/` instead of file:// so every response
 * carries the CSP header and the page has a real origin that IPC can check.
 */
export function serveRenderer(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const asset = resolveAppAsset(rendererRoot, request.url);
    if (!asset) return new Response('not found', { status: 404 });
    try {
      const body = await fs.readFile(asset.file);
      return new Response(body, {
        headers: {
          'content-type': asset.mime,
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
