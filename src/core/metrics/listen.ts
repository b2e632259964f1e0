import net from 'node:net';

/** Prometheus' registered default port for exporters of this kind (OpenTelemetry's Prometheus exporter uses it too). */
export const DEFAULT_METRICS_PORT = 9464;
export const DEFAULT_LISTEN = `127.0.0.1:${DEFAULT_METRICS_PORT}`;

export interface ListenAddress {
  /** As given, without IPv6 brackets: `127.0.0.1`, `::1`, `localhost`, `0.0.0.0`, a host name. */
  host: string;
  /** 0 asks the OS for a free port (tests). */
  port: number;
}

export class ListenError extends Error {
  override name = 'ListenError';
}

/** `host:port` or `[ipv6]:port`. The host is required: `:9464` is ambiguous about who may connect. */
export function parseListen(text: string): ListenAddress {
  const value = text.trim();
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(value) ?? /^([^:[\]\s]+):(\d{1,5})$/.exec(value);
  if (!m)
    throw new ListenError(
      `--listen expects host:port (e.g. 127.0.0.1:${DEFAULT_METRICS_PORT}, [::1]:${DEFAULT_METRICS_PORT} or 0.0.0.0:${DEFAULT_METRICS_PORT}), got ${JSON.stringify(text)}`,
    );
  const host = m[1]!;
  const port = Number(m[2]);
  if (port > 65_535) throw new ListenError(`--listen: port ${port} is out of range (0-65535)`);
  if (value.startsWith('[') && net.isIPv6(host) === false)
    throw new ListenError(`--listen: ${JSON.stringify(host)} is not an IPv6 address`);
  if (!net.isIP(host) && !/^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/.test(host))
    throw new ListenError(`--listen: ${JSON.stringify(host)} is not an IP address or host name`);
  return { host, port };
}

/**
 * Whether only this machine can reach an address: `localhost`, 127.0.0.0/8, `::1` (and
 * 127.x written as IPv4-mapped IPv6). Everything else, `0.0.0.0` and `::` included, is
 * reachable from the network.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return net.isIPv4(v4) && v4.split('.')[0] === '127';
}

/** The URL of an address as a browser or Prometheus writes it. */
export function urlOf(host: string, port: number, path = '/metrics'): string {
  return `http://${net.isIPv6(host) ? `[${host}]` : host}:${port}${path}`;
}
