import path from 'node:path';

export const APP_SCHEME = 'burnrate';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Whether `url` belongs to the page main started (`startUrl`): same scheme, host and port,
 * no user info. Comparing `URL.origin` is not enough here: Node's URL gives every
 * non-special scheme (burnrate:, file:, data:, javascript:, about:) the opaque origin
 * "null", so `origin === origin` would let all of them pass as ours.
 */
export function isSameAppOrigin(url: string, startUrl: string): boolean {
  let target: URL;
  let start: URL;
  try {
    target = new URL(url);
    start = new URL(startUrl);
  } catch {
    return false;
  }
  if (!['burnrate:', 'http:', 'https:'].includes(start.protocol) || !start.host) return false;
  if (target.username || target.password) return false;
  return target.protocol === start.protocol && target.host === start.host;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * Map a `burnrate://app/...` URL to a file inside the renderer folder, or null for
 * anything outside it (other hosts, `..` escapes, encoded separators).
 */
export function resolveAppAsset(rendererRoot: string, requestUrl: string): { file: string; mime: string } | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rendererRoot);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return { file, mime: MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream' };
}
