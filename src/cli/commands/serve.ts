import fs from 'node:fs';
import path from 'node:path';
import type { CliContext } from '../context.ts';
import { UsageError } from '../context.ts';
import { parseIntFlag } from '../args.ts';
import { defineCommand } from '../command.ts';
import { requestTimeoutFromEnv } from './poll.ts';
import { databaseDamageLine, firstLine, minIntervalFromEnv } from './watch.ts';
import { createHeadless } from '../../core/headless.ts';
import { readSecretFile, withKeyFiles } from '../../core/secrets/index.ts';
import { UserError } from '../../core/errors.ts';
import { MAX_POLL_INTERVAL_SECONDS } from '../../shared/domain.ts';
import { DEFAULT_LISTEN, isLoopbackHost, ListenError, parseListen } from '../../core/metrics/listen.ts';
import type { ListenAddress } from '../../core/metrics/listen.ts';
import type * as OtlpModuleNs from '../../core/metrics/otlp.ts';

type OtlpModule = typeof OtlpModuleNs;

interface ServeFlags {
  listen?: string;
  'token-file'?: string;
  'key-file'?: string[];
  'otlp-endpoint'?: string;
  'otlp-interval-seconds'?: string;
  'interval-seconds'?: string;
}

/** A bearer token shorter than this is refused (guessable). */
const MIN_TOKEN_LENGTH = 16;
const DEFAULT_OTLP_INTERVAL_SECONDS = 60;

/**
 * `serve`: the engine without a window, for a server or a spare machine. It polls, raises
 * alerts and prunes as the app does, and serves `GET /metrics` (Prometheus) and
 * `GET /healthz` on `--listen` (default 127.0.0.1:9464); with `--otlp-endpoint` it also
 * pushes the same metrics over OTLP/HTTP. The first line on stdout says where it listens.
 * SIGINT/SIGTERM stop it: the endpoint closes, polls in flight are stored, a last OTLP push
 * goes out, the database is closed, exit 0.
 *
 * Listening anywhere but loopback needs `--token-file` (a bearer token in an owner-only
 * file); without it `serve` refuses to start. Keys come from the keychain, or, on a host
 * without one, from `--key-file <account>=<path>` (owner-only files; never a flag's value
 * or the environment).
 */
export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'the engine without a window: poll, alert, and serve /metrics (Prometheus) and OTLP',
  description:
    'Polls, raises alerts and prunes as the app does, and serves GET /metrics and GET /healthz. Listening anywhere but loopback needs --token-file (a bearer token in an owner-only file). Keys come from the keychain or, on a host without one, from --key-file (owner-only files; never a flag value or the environment). Ctrl-C or SIGTERM stop it cleanly.',
  flags: {
    listen: {
      type: 'string',
      value: '<host:port>',
      help: 'where to serve /metrics and /healthz',
      default: DEFAULT_LISTEN,
    },
    'token-file': {
      type: 'string',
      value: '<file>',
      complete: 'file',
      help: 'a file holding the bearer token Prometheus must send (needed off loopback)',
    },
    'key-file': {
      type: 'string',
      value: '<account>=<file>',
      multiple: true,
      help: "read an account's key from an owner-only file instead of the keychain",
    },
    'otlp-endpoint': { type: 'string', value: '<url>', help: 'also push the metrics over OTLP/HTTP there' },
    'otlp-interval-seconds': {
      type: 'string',
      value: '<n>',
      help: 'seconds between OTLP pushes',
      default: String(DEFAULT_OTLP_INTERVAL_SECONDS),
    },
    'interval-seconds': {
      type: 'string',
      value: '<n>',
      help: 'poll every account every n seconds instead of its own interval',
      default: "each account's own",
    },
  },
  examples: [
    { run: 'serve', does: 'metrics at http://127.0.0.1:9464/metrics' },
    {
      run: 'serve --listen 0.0.0.0:9464 --token-file /etc/burnrate/token --key-file main=/etc/burnrate/main.key',
      does: 'on the network, on a host without a keychain',
    },
  ],
  run: serve,
});

async function serve(ctx: CliContext, { values }: { values: ServeFlags }): Promise<number> {
  const listen = listenAddress(values.listen ?? DEFAULT_LISTEN);
  const tokenFile = values['token-file'];
  if (tokenFile === undefined && !isLoopbackHost(listen.host))
    throw new UsageError(
      `refusing to serve metrics on ${values.listen} without a token: that address is reachable from the network. ` +
        'Give --token-file <file> (a long random token, mode 0600; Prometheus sends it as a bearer token), or listen on 127.0.0.1',
    );
  const keyFiles = keyFilePairs(values['key-file']);
  const floor = minIntervalFromEnv(ctx.io.env);
  const intervalSeconds = parseIntFlag(
    'interval-seconds',
    values['interval-seconds'],
    floor,
    MAX_POLL_INTERVAL_SECONDS,
  );
  const otlpSeconds =
    parseIntFlag('otlp-interval-seconds', values['otlp-interval-seconds'], 1) ?? DEFAULT_OTLP_INTERVAL_SECONDS;
  if (values['otlp-interval-seconds'] !== undefined && values['otlp-endpoint'] === undefined)
    throw new UsageError('--otlp-interval-seconds needs --otlp-endpoint');
  const timeoutMs = requestTimeoutFromEnv(ctx.io.env);
  const token =
    tokenFile === undefined ? null : readSecretFile(tokenFile, { what: 'the token file', minLength: MIN_TOKEN_LENGTH });
  const metrics = await import('../../core/metrics/index.ts');
  const otlp = values['otlp-endpoint'] === undefined ? null : await import('../../core/metrics/otlp.ts');
  const otlpUrl = otlp && values['otlp-endpoint'] !== undefined ? otlpUrlOrUsage(otlp, values['otlp-endpoint']) : null;

  // Key files are checked before anything runs: a bad one refuses the start, naming the fix.
  const files = new Map<string, string>();
  const core = ctx.core({ wrapSecrets: (keychain) => withKeyFiles(files, keychain) });
  for (const [ref, file] of keyFiles) {
    const account = core.repos.accounts.findByIdOrLabel(ref);
    if (!account || account.removedAt)
      throw new UserError('not_found', `--key-file: no account with id or label ${JSON.stringify(ref)}`);
    if (files.has(account.id)) throw new UsageError(`--key-file names account ${JSON.stringify(ref)} twice`);
    readSecretFile(file, { what: `the key file of ${JSON.stringify(account.label)}` });
    files.set(account.id, path.resolve(file));
  }

  const { stdout, stderr } = ctx.io;
  const say = (line: string) => stdout.writable && stdout.write(`${line}\n`);
  const warn = (line: string) => stderr.write(`burnrate: ${line}\n`);
  const engine = createHeadless(core, {
    intervalSeconds: intervalSeconds ?? null,
    timeoutMs,
    rules: { minIntervalMs: floor * 1000 },
    onError: (error) => warn(firstLine(error)),
    onRetentionError: (error) => warn(`pruning old readings failed: ${firstLine(error)}`),
    onDatabaseDamage: (problem) => warn(databaseDamageLine(problem)),
  });
  const tally = metrics.createPollTally(engine.poller);
  // A key that cannot be read is said once per account until that account polls again.
  const keyWarned = new Set<string>();
  engine.poller.on('keychain_unavailable', (e) => {
    if (!keyWarned.has(e.accountId)) {
      const label = core.repos.accounts.get(e.accountId)?.label ?? e.accountId;
      warn(
        `${JSON.stringify(label)}: ${e.message} On a host without a keychain, give --key-file ${shellWord(label)}=<file>. (will keep trying)`,
      );
    }
    keyWarned.add(e.accountId);
  });
  engine.poller.on('poll', (e) => keyWarned.delete(e.accountId));

  // Signals are taken over before the start-up line, so whoever reads it can stop us cleanly.
  let release = () => undefined as void;
  const stopRequested = new Promise<void>((resolve) => {
    const finish = () => {
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      resolve();
    };
    process.on('SIGINT', finish);
    process.on('SIGTERM', finish);
    release = finish;
  });

  let server: Awaited<ReturnType<typeof metrics.serveCoreMetrics>>;
  try {
    server = await metrics.serveCoreMetrics(core, {
      ...listen,
      token,
      tally,
      onError: (error) => warn(`collecting metrics failed: ${firstLine(error)}`),
    });
  } catch (error) {
    release();
    await engine.stop();
    throw new UserError('unsupported', `cannot listen on ${values.listen ?? DEFAULT_LISTEN}: ${listenFailure(error)}`);
  }
  let otlpFailing = false;
  const push =
    otlp && otlpUrl
      ? otlp.startOtlpPush({
          url: otlpUrl,
          intervalMs: otlpSeconds * 1000,
          collect: () => metrics.collectMetrics(core, tally),
          version: packageVersion(),
          onError: (error) => {
            // One line per outage, not one per push.
            if (!otlpFailing) warn(`OTLP push to ${otlpUrl} failed: ${firstLine(error)} (will keep trying)`);
            otlpFailing = true;
          },
        })
      : null;

  say(`burnrate serve: metrics at ${server.url}${token ? ' (bearer token required)' : ''}`);
  if (otlpUrl) say(`burnrate serve: pushing OTLP metrics to ${otlpUrl} every ${otlpSeconds} s`);

  engine.start();
  await stopRequested;
  await server.close();
  await engine.stop();
  tally.stop();
  await push?.stop().catch((error: unknown) => warn(`the last OTLP push failed: ${firstLine(error)}`));
  say('burnrate serve: stopped');
  return 0;
}

function listenAddress(text: string): ListenAddress {
  try {
    return parseListen(text);
  } catch (error) {
    if (error instanceof ListenError) throw new UsageError(error.message);
    throw error;
  }
}

/** `--key-file <account>=<path>` pairs, in order. The path is a file name, never the key. */
function keyFilePairs(pairs: string[] | undefined): Array<[string, string]> {
  return (pairs ?? []).map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1)
      throw new UsageError(`--key-file expects <account>=<path>, got ${JSON.stringify(pair)}`);
    return [pair.slice(0, eq), pair.slice(eq + 1)];
  });
}

function otlpUrlOrUsage(otlp: OtlpModule, text: string): string {
  try {
    return otlp.otlpMetricsUrl(text);
  } catch (error) {
    if (error instanceof otlp.OtlpEndpointError) throw new UsageError(error.message);
    throw error;
  }
}

const shellWord = (text: string) => (/^[\w.-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

function listenFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return 'the port is already in use';
  if (code === 'EADDRNOTAVAIL') return 'this machine has no such address';
  if (code === 'EACCES') return 'permission denied (ports below 1024 need privileges)';
  if (code === 'ENOTFOUND') return 'the host name does not resolve';
  return firstLine(error);
}

function packageVersion(): string {
  try {
    const file = path.resolve(import.meta.dirname, '../../../package.json');
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
