import { Counter, Gauge, Registry } from 'prom-client';
import type { MetricFamily } from './families.ts';
import { METRICS } from './families.ts';

export interface Exposition {
  /** The Content-Type of the text format. */
  readonly contentType: string;
  /** The current families in the Prometheus text exposition format. */
  render(): Promise<string>;
}

/**
 * The Prometheus text format of Burnrate's metric families, written by prom-client. Each
 * render takes a fresh list from `collect` (one status report per scrape) and replaces every
 * series, so an account that is gone, or a figure that became unknown, leaves the output.
 * Renders never overlap: concurrent scrapes wait their turn.
 */
export function createExposition(collect: () => MetricFamily[] | Promise<MetricFamily[]>): Exposition {
  const registry = new Registry();
  const metrics = new Map<string, Gauge | Counter>();
  for (const def of Object.values(METRICS)) {
    const config = { name: def.name, help: def.help, labelNames: [...def.labelNames], registers: [registry] };
    metrics.set(def.name, def.type === 'counter' ? new Counter(config) : new Gauge(config));
  }
  let queue: Promise<unknown> = Promise.resolve();

  async function renderNow(): Promise<string> {
    const families = await collect();
    for (const metric of metrics.values()) metric.reset();
    for (const family of families) {
      const metric = metrics.get(family.name);
      if (!metric) throw new Error(`metric ${family.name} is not declared in METRICS`);
      for (const sample of family.samples) {
        if (metric instanceof Counter) metric.inc(sample.labels, sample.value);
        else metric.set(sample.labels, sample.value);
      }
    }
    return registry.metrics();
  }

  return {
    contentType: registry.contentType,
    render() {
      const next = queue.then(renderNow, renderNow);
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
