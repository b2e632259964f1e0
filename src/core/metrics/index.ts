import type { Core } from '../core.ts';
import { computeStatus } from '../analytics/status.ts';
import { metricFamilies } from './families.ts';
import type { MetricFamily } from './families.ts';
import type { PollTally } from './poll-tally.ts';
import { createExposition } from './prometheus.ts';
import { startMetricsServer } from './server.ts';
import type { MetricsServer } from './server.ts';
import type { ListenAddress } from './listen.ts';

export { METRICS, metricFamilies } from './families.ts';
export type { MetricFamily } from './families.ts';
export { createPollTally } from './poll-tally.ts';
export type { PollTally } from './poll-tally.ts';
export { createExposition } from './prometheus.ts';
export type { Exposition } from './prometheus.ts';
export { startMetricsServer } from './server.ts';
export type { MetricsServer } from './server.ts';
export { isLoopbackHost, parseListen, urlOf } from './listen.ts';
export type { ListenAddress } from './listen.ts';

/** The metric families of a core now: its status report, and the polls this process counted. */
export function collectMetrics(core: Core, tally?: PollTally): MetricFamily[] {
  return metricFamilies(computeStatus(core), tally?.counts());
}

export interface CoreMetricsServerOptions extends ListenAddress {
  token: string | null;
  tally?: PollTally;
  onError?: (error: unknown) => void;
}

/** `/metrics` and `/healthz` for a core, as `serve` and the app's optional endpoint run them. */
export function serveCoreMetrics(core: Core, options: CoreMetricsServerOptions): Promise<MetricsServer> {
  return startMetricsServer({
    host: options.host,
    port: options.port,
    token: options.token,
    exposition: createExposition(() => collectMetrics(core, options.tally)),
    // The database answers: the engine behind the endpoint is alive.
    health: () => void core.repos.accounts.list(),
    ...(options.onError ? { onError: options.onError } : {}),
  });
}
