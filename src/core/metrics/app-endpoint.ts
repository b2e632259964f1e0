import type { Core } from '../core.ts';
import type { Poller } from '../poller/index.ts';
import { UserError } from '../errors.ts';
import { createPollTally } from './poll-tally.ts';
import { serveCoreMetrics } from './index.ts';
import type { MetricsServer } from './server.ts';
import { DEFAULT_METRICS_PORT } from './listen.ts';
import { LOOPBACK, readMetricsSettings } from './settings.ts';
import type { MetricsEndpointSettings } from './settings.ts';

/**
 * The app's optional metrics endpoint (Settings → General): the same `/metrics` and
 * `/healthz` as `burnrate serve`, on 127.0.0.1 only and without a token, off unless turned
 * on. Prometheus on the same computer (or an SSH tunnel) can then scrape the desktop app.
 * A network-facing endpoint is `serve`'s job, with its token.
 */

export interface AppMetricsEndpoint {
  /** Serve or stop as the stored settings say (at start-up). Failures go to onError. */
  start(): Promise<void>;
  /** Serve or stop as `settings` say; throws a UserError naming the reason when it cannot listen. */
  apply(settings: MetricsEndpointSettings): Promise<void>;
  /** Where it answers now, or null. */
  url(): string | null;
  stop(): Promise<void>;
}

export function createAppMetricsEndpoint(
  core: Core,
  options: { poller?: Pick<Poller, 'on'>; onError?: (error: unknown) => void } = {},
): AppMetricsEndpoint {
  const tally = createPollTally(options.poller);
  let server: MetricsServer | null = null;
  let serving: MetricsEndpointSettings | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  async function applyNow(wanted: MetricsEndpointSettings): Promise<void> {
    if (!wanted.enabled) {
      await server?.close();
      server = null;
      serving = null;
      return;
    }
    if (serving && serving.port === wanted.port) return;
    // The new port first: if it cannot be had, what was served goes on being served.
    let next: MetricsServer;
    try {
      next = await serveCoreMetrics(core, {
        host: LOOPBACK,
        port: wanted.port,
        token: null,
        tally,
        ...(options.onError ? { onError: options.onError } : {}),
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UserError(
        'unsupported',
        code === 'EADDRINUSE'
          ? `port ${wanted.port} is already in use on this computer; choose another port for the metrics endpoint`
          : `the metrics endpoint cannot listen on ${LOOPBACK}:${wanted.port}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    await server?.close();
    server = next;
    serving = wanted;
  }

  /** One change at a time, in order. */
  const serial = (wanted: MetricsEndpointSettings): Promise<void> => {
    const next = queue.then(
      () => applyNow(wanted),
      () => applyNow(wanted),
    );
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    async start() {
      try {
        await serial(readMetricsSettings(core.repos.settings));
      } catch (error) {
        options.onError?.(error);
      }
    },
    apply: serial,
    url: () => server?.url ?? null,
    async stop() {
      await serial({ enabled: false, port: serving?.port ?? DEFAULT_METRICS_PORT });
      tally.stop();
    },
  };
}
