import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HostileServer {
  /** e.g. http://127.0.0.1:43123 */
  origin: string;
  /** Every request received, oldest first, with its headers and body. */
  seen: SeenRequest[];
  close(): Promise<void>;
}

export type HostileHandler = (req: SeenRequest, res: http.ServerResponse) => void;

/**
 * A provider or relay that means harm, on 127.0.0.1 and a random port (each server is its
 * own origin). It records everything it is sent, so a test can look for the key in it.
 */
export async function hostileServer(handler: HostileHandler): Promise<HostileServer> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(entry);
      handler(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export function redirect(res: http.ServerResponse, location: string, status = 302): void {
  res.writeHead(status, { location });
  res.end();
}

/** Every form the key could travel in: as typed, any case, URL-encoded, base64/base64url, hex. */
export function keyForms(key: string): string[] {
  const bytes = Buffer.from(key);
  return [
    key,
    key.toLowerCase(),
    key.toUpperCase(),
    encodeURIComponent(key),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
    bytes.toString('hex'),
  ];
}

/** Whether anything a server was sent carries the key in any form. */
export function sawKey(seen: SeenRequest[], key: string): boolean {
  const text = JSON.stringify(seen).toLowerCase();
  return keyForms(key).some((form) => text.includes(form.toLowerCase()));
}
