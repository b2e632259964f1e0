import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach } from 'vitest';

/** One request a receiver got, exactly as sent. */
export interface Received {
  method: string;
  /** Path and query. */
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body text (signatures are checked over these bytes). */
  body: string;
  at: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | object;
}

/** What a receiver answers: a reply, or 'hang' to hold the connection open and never answer. */
export type Answer = Reply | 'hang';

export interface Receiver {
  /** e.g. http://127.0.0.1:43123 */
  origin: string;
  readonly requests: Received[];
  /** Answers for the next requests, in order; after they run out, `fallback` answers. */
  queue(...answers: Answer[]): void;
  fallback: Answer;
  close(): Promise<void>;
}

const open: Receiver[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.close();
});

/** A local HTTP receiver on 127.0.0.1 (a random port), closed after the current test. */
export async function startReceiver(fallback: Answer = { status: 200, body: 'ok' }): Promise<Receiver> {
  const requests: Received[] = [];
  const answers: Answer[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      const answer = answers.shift() ?? receiver.fallback;
      if (answer === 'hang') return;
      const body =
        answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, {
        'content-type': typeof answer.body === 'object' ? 'application/json' : 'text/plain',
        ...answer.headers,
      });
      res.end(body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    origin: `http://127.0.0.1:${port}`,
    requests,
    fallback,
    queue: (...more) => answers.push(...more),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  open.push(receiver);
  return receiver;
}
