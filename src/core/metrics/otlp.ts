import os from 'node:os';
import type { Attributes, BatchObservableResult, Observable } from '@opentelemetry/api';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { MetricFamily } from './families.ts';
import { METRICS } from './families.ts';

export class OtlpEndpointError extends Error {
  override name = 'OtlpEndpointError';
}

/**
 * The collector URL `--otlp-endpoint` names. A bare origin (`http://collector:4318`) gets
 * OTLP/HTTP's metrics path `/v1/metrics`, as OTEL_EXPORTER_OTLP_ENDPOINT does; a URL with
 * a path is used as given. http and https only, and no credentials in the URL (it would be
 * printed in the start-up line and logs).
 */
export function otlpMetricsUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new OtlpEndpointError(
      `--otlp-endpoint expects a URL such as http://127.0.0.1:4318, got ${JSON.stringify(text)}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new OtlpEndpointError(`--otlp-endpoint must be an http:// or https:// URL (OTLP/HTTP)`);
  if (url.username || url.password)
    throw new OtlpEndpointError(
      '--otlp-endpoint must not carry credentials; set OTEL_EXPORTER_OTLP_HEADERS for a collector that wants them',
    );
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1/metrics';
  return url.toString();
}

export interface OtlpPushOptions {
  /** The full metrics URL (otlpMetricsUrl). */
  url: string;
  /** How often to push (OpenTelemetry's default is 60 s). */
  intervalMs: number;
  /** The same families `/metrics` shows, collected at each push. */
  collect: () => MetricFamily[];
  version: string;
  /** A push failed (collector down, refused): told per failed push; the next push tries again. */
  onError?: (error: unknown) => void;
}

export interface OtlpPush {
  /** Push what is current now, then stop. */
  stop(): Promise<void>;
}

/**
 * OTLP/HTTP push of the same metric families, with the official OpenTelemetry JS SDK: one
 * observable instrument per family, observed in one batch callback per collection (so one
 * status report serves every instrument), exported by a periodic reader. Gauges stay gauges;
 * `burnrate_polls_total` is a cumulative counter. The resource says `service.name=burnrate`
 * and the host name as `service.instance.id`, so a collector fed by several machines keeps
 * them apart. Headers for a collector that wants authentication come from OpenTelemetry's
 * own OTEL_EXPORTER_OTLP_HEADERS.
 */
export function startOtlpPush(options: OtlpPushOptions): OtlpPush {
  const exporter = reportingFailures(new OTLPMetricExporter({ url: options.url }), options.onError);
  const reader = new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: options.intervalMs,
    exportTimeoutMillis: Math.min(30_000, options.intervalMs),
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': 'burnrate',
      'service.version': options.version,
      'service.instance.id': os.hostname(),
    }),
    readers: [reader],
  });
  const meter = provider.getMeter('burnrate', options.version);
  const instruments = new Map<string, Observable>();
  for (const def of Object.values(METRICS)) {
    const opts = { description: def.help };
    instruments.set(
      def.name,
      def.type === 'counter'
        ? meter.createObservableCounter(def.name, opts)
        : meter.createObservableGauge(def.name, opts),
    );
  }
  meter.addBatchObservableCallback(
    (result: BatchObservableResult) => {
      for (const family of options.collect()) {
        const instrument = instruments.get(family.name);
        if (!instrument) continue;
        for (const sample of family.samples) result.observe(instrument, sample.value, sample.labels as Attributes);
      }
    },
    [...instruments.values()],
  );
  return {
    async stop() {
      await provider.shutdown();
    },
  };
}

/** The SDK reports failed exports to a global handler; this tells the caller instead. */
function reportingFailures(exporter: PushMetricExporter, onError?: (error: unknown) => void): PushMetricExporter {
  return {
    export(metrics: ResourceMetrics, done) {
      exporter.export(metrics, (result) => {
        if (result.code !== 0) onError?.(result.error ?? new Error('the OTLP export failed'));
        done(result);
      });
    },
    forceFlush: () => exporter.forceFlush(),
    shutdown: () => exporter.shutdown(),
    ...(exporter.selectAggregationTemporality
      ? { selectAggregationTemporality: exporter.selectAggregationTemporality.bind(exporter) }
      : {}),
    ...(exporter.selectAggregation ? { selectAggregation: exporter.selectAggregation.bind(exporter) } : {}),
  };
}
