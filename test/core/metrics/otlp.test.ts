import { afterEach, describe, expect, it } from 'vitest';
import { otlpMetricsUrl, startOtlpPush } from '../../../src/core/metrics/otlp.ts';
import type { MetricFamily } from '../../../src/core/metrics/index.ts';
import { METRICS } from '../../../src/core/metrics/index.ts';
import { startOtlpReceiver } from '../../helpers/otlp-receiver.ts';
import type { OtlpReceiver } from '../../helpers/otlp-receiver.ts';
import { eventually } from '../../helpers/serve.ts';

const who = { account: 'acc_1', label: 'main', provider: 'cheapai' };
let polls = 3;
const families = (): MetricFamily[] =>
  Object.values(METRICS).map((def) => ({
    ...def,
    samples:
      def.name === 'burnrate_balance'
        ? [{ labels: { ...who, unit: 'credits' }, value: 970.5 }]
        : def.name === 'burnrate_runway_seconds'
          ? [{ labels: who, value: 3.25 * 86_400 }]
          : def.name === 'burnrate_polls_total'
            ? [{ labels: { ...who, result: 'ok' }, value: polls }]
            : [],
  }));

let receiver: OtlpReceiver | null = null;
afterEach(async () => {
  await receiver?.close();
  receiver = null;
});

describe('OTLP push', () => {
  it('sends the same families over OTLP/HTTP with the OpenTelemetry SDK, to a local receiver', async () => {
    receiver = await startOtlpReceiver();
    const errors: unknown[] = [];
    const push = startOtlpPush({
      url: otlpMetricsUrl(receiver.origin),
      intervalMs: 200,
      collect: families,
      version: '0.1.0',
      onError: (e) => errors.push(e),
    });
    const r = receiver;
    await eventually('two pushes', async () => (r.requests.length >= 2 ? true : undefined), 10_000);
    polls = 5;
    await push.stop(); // a last push with what is current
    expect(errors).toEqual([]);
    expect(r.requests[0]!.path).toBe('/v1/metrics');
    expect(r.requests[0]!.contentType).toMatch(/application\/json/);
    const points = r.points();
    const balance = points.filter((p) => p.metric === 'burnrate_balance');
    expect(balance.length).toBeGreaterThanOrEqual(2);
    expect(balance[0]).toMatchObject({ kind: 'gauge', value: 970.5, attributes: { ...who, unit: 'credits' } });
    expect(balance[0]!.resource).toMatchObject({ 'service.name': 'burnrate', 'service.version': '0.1.0' });
    expect(balance[0]!.resource['service.instance.id']).toBeTruthy();
    expect(points.find((p) => p.metric === 'burnrate_runway_seconds')).toMatchObject({ value: 280_800 });
    // The poll counter is a cumulative sum: the last push carries the total.
    const counter = points.filter((p) => p.metric === 'burnrate_polls_total');
    expect(counter[0]).toMatchObject({ kind: 'sum', attributes: { ...who, result: 'ok' } });
    expect(counter.at(-1)!.value).toBe(5);
  });

  it('reports a refused push and keeps pushing', async () => {
    receiver = await startOtlpReceiver();
    receiver.status = 400;
    const r = receiver;
    const errors: unknown[] = [];
    const push = startOtlpPush({
      url: otlpMetricsUrl(r.origin),
      intervalMs: 200,
      collect: families,
      version: 'x',
      onError: (e) => errors.push(e),
    });
    await eventually('two refused pushes', async () => (errors.length >= 2 ? true : undefined), 10_000);
    r.status = 200;
    const before = r.requests.length;
    await eventually('a push after the refusals', async () => (r.requests.length > before ? true : undefined), 10_000);
    await push.stop();
    expect(String(errors[0])).toMatch(/400|refused|Bad Request/i);
  });

  it('takes a collector URL: a bare origin gets /v1/metrics; credentials and other schemes are refused', () => {
    expect(otlpMetricsUrl('http://127.0.0.1:4318')).toBe('http://127.0.0.1:4318/v1/metrics');
    expect(otlpMetricsUrl('https://otel.example.com/')).toBe('https://otel.example.com/v1/metrics');
    expect(otlpMetricsUrl('https://otel.example.com/custom/path')).toBe('https://otel.example.com/custom/path');
    expect(() => otlpMetricsUrl('grpc://collector:4317')).toThrow(/http/);
    expect(() => otlpMetricsUrl('http://user:secret@collector:4318')).toThrow(/credentials/);
    expect(() => otlpMetricsUrl('collector:4318')).toThrow();
    expect(() => otlpMetricsUrl('not a url')).toThrow(/expects a URL/);
  });
});
