import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One data point as OTLP/HTTP JSON carries it. */
export interface OtlpPoint {
  metric: string;
  kind: 'gauge' | 'sum';
  attributes: Record<string, string>;
  value: number;
}

export interface OtlpReceiver {
  /** e.g. http://127.0.0.1:43123 */
  origin: string;
  /** Every request received: path, content type and parsed body. */
  readonly requests: Array<{ path: string; contentType: string; body: unknown }>;
  /** What to answer from now on (a collector refusing a batch answers 400). */
  status: number;
  /** Every data point received, oldest first, with the resource attributes of its batch. */
  points(): Array<OtlpPoint & { resource: Record<string, string> }>;
  close(): Promise<void>;
}

type KeyValue = { key: string; value: { stringValue?: string; intValue?: string | number; doubleValue?: number } };
const attrs = (list: KeyValue[] | undefined): Record<string, string> =>
  Object.fromEntries(
    (list ?? []).map((kv) => [kv.key, String(kv.value.stringValue ?? kv.value.intValue ?? kv.value.doubleValue)]),
  );

/** A local OTLP/HTTP receiver for tests: accepts JSON on any path and answers 200 `{}` (or `status`). */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: OtlpReceiver['requests'] = [];
  let status = 200;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const contentType = req.headers['content-type'] ?? '';
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // Not JSON: kept as text, and the test's assertions will say so.
      }
      requests.push({ path: req.url ?? '', contentType, body });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(status === 200 ? '{}' : '{"code":3,"message":"refused"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    get status() {
      return status;
    },
    set status(value: number) {
      status = value;
    },
    points() {
      const out: Array<OtlpPoint & { resource: Record<string, string> }> = [];
      for (const r of requests) {
        const body = r.body as {
          resourceMetrics?: Array<{
            resource?: { attributes?: KeyValue[] };
            scopeMetrics?: Array<{
              metrics?: Array<{
                name: string;
                gauge?: { dataPoints: Array<{ attributes?: KeyValue[]; asDouble?: number; asInt?: string | number }> };
                sum?: { dataPoints: Array<{ attributes?: KeyValue[]; asDouble?: number; asInt?: string | number }> };
              }>;
            }>;
          }>;
        };
        for (const rm of body.resourceMetrics ?? []) {
          const resource = attrs(rm.resource?.attributes);
          for (const sm of rm.scopeMetrics ?? [])
            for (const m of sm.metrics ?? []) {
              const kind = m.gauge ? 'gauge' : 'sum';
              for (const p of (m.gauge ?? m.sum)?.dataPoints ?? [])
                out.push({
                  metric: m.name,
                  kind,
                  attributes: attrs(p.attributes),
                  value: Number(p.asDouble ?? p.asInt),
                  resource,
                });
            }
        }
      }
      return out;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
