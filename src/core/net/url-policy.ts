/**
 * Where Burnrate may send a key: https anywhere, plain http only to this machine
 * (a local gateway or the fake provider server). A URL must not carry credentials or a
 * query string — keys belong in the keychain, and a URL is stored in the database.
 */
export class UrlPolicyError extends Error {
  override name = 'UrlPolicyError';
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  return /^127(\.\d{1,3}){3}$/.test(host);
}

/** Validate a user-given base URL and return it normalised (no trailing slash). */
export function checkBaseUrl(input: string): string {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UrlPolicyError(`not a valid URL: ${JSON.stringify(text.slice(0, 100))}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UrlPolicyError(`base URL must use https (got ${url.protocol.replace(':', '')})`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UrlPolicyError(
      `base URL must use https; plain http is only allowed to this machine (127.0.0.1, localhost), not ${url.hostname}`,
    );
  }
  if (url.username || url.password) {
    throw new UrlPolicyError('base URL must not contain a user name or password; keys go in the keychain');
  }
  if (url.search || url.hash) {
    throw new UrlPolicyError('base URL must not contain a query string or fragment');
  }
  return url.toString().replace(/\/+$/, '');
}

/** Whether following a redirect from `from` to `to` stays on the same origin. */
export function sameOrigin(from: string, to: string): boolean {
  return new URL(from).origin === new URL(to).origin;
}
