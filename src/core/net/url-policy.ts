import { BlockList, isIP } from 'node:net';

/**
 * Where Burnrate may send a key: https anywhere, plain http only to this machine
 * (a local gateway or the fake provider server): a literal loopback address or `localhost`.
 * A URL must not carry credentials or a query string — keys belong in the keychain, and a
 * URL is stored in the database.
 */
export class UrlPolicyError extends Error {
  override name = 'UrlPolicyError';
}

/**
 * Where plain http may go: a literal loopback address (127.0.0.0/8, [::1]), or the name
 * `localhost`, which the HTTP client resolves and checks at connect time (and then connects to
 * the loopback address it checked). Other names ending in `.localhost` are not trusted: they
 * resolve through the ordinary resolver, which a hosts entry or a DNS server can point anywhere.
 */
export function isLoopbackHost(hostname: string): boolean {
  return bare(hostname) === 'localhost' || isLoopbackAddress(hostname);
}

/** Validate a user-given base URL and return it normalised (no trailing slash). */
export function checkBaseUrl(input: string): string {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UrlPolicyError(`not a valid URL: ${JSON.stringify(text.slice(0, 100))}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UrlPolicyError(`base URL must use https (got ${url.protocol.replace(':', '')})`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UrlPolicyError(
      `base URL must use https; plain http is only allowed to this machine (127.0.0.1, [::1] or localhost), not ${url.hostname}` +
        (url.hostname.endsWith('.localhost')
          ? ' (a name under .localhost is resolved like any other and could lead off this machine)'
          : ''),
    );
  }
  if (url.username || url.password) {
    throw new UrlPolicyError('base URL must not contain a user name or password; keys go in the keychain');
  }
  if (url.search || url.hash) {
    throw new UrlPolicyError('base URL must not contain a query string or fragment');
  }
  return url.toString().replace(/\/+$/, '');
}

/** Addresses that are this machine. */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Addresses that are not the public internet: this machine, the local network, link-local,
 * carrier-grade NAT, "this network", multicast and reserved ranges. BlockList matches IPv4
 * rules against IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) too.
 */
const NON_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  NON_PUBLIC.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NON_PUBLIC.addSubnet(net, bits, 'ipv6');

function bare(host: string): string {
  return host.replace(/^\[|\]$/g, '').toLowerCase();
}

/** Whether an IP address (v4 or v6, brackets allowed) is this machine. Names are not addresses: false. */
export function isLoopbackAddress(host: string): boolean {
  const address = bare(host);
  const family = isIP(address);
  return family === 4 ? LOOPBACK.check(address, 'ipv4') : family === 6 ? LOOPBACK.check(address, 'ipv6') : false;
}

/** Whether an IP address is loopback, private, link-local or otherwise not on the public internet. */
export function isNonPublicAddress(host: string): boolean {
  const address = bare(host);
  const family = isIP(address);
  return family === 4 ? NON_PUBLIC.check(address, 'ipv4') : family === 6 ? NON_PUBLIC.check(address, 'ipv6') : false;
}

/**
 * Whether a redirect from `from` to `to` may be followed, for a request that began at `first`;
 * returns the reason when not. The target must pass the base-URL policy (https, or http to this
 * machine); it must not step down from https to plain http; and a request that began anywhere
 * but this machine must not be led to this machine or the local network (a provider steering
 * Burnrate at services behind the firewall). Host names are checked again once resolved.
 */
export function redirectProblem(first: string, from: string, to: string): string | null {
  const target = new URL(to);
  try {
    checkBaseUrl(to.replace(/[?#].*$/, ''));
  } catch (error) {
    return error instanceof UrlPolicyError ? error.message : 'not a valid URL';
  }
  if (new URL(from).protocol === 'https:' && target.protocol === 'http:')
    return 'it steps down from https to plain http';
  if (!sameOrigin(first, to) && !isLoopbackHost(new URL(first).hostname)) {
    if (isLoopbackHost(target.hostname)) return `it leads from ${new URL(first).host} to this machine (${target.host})`;
    if (isNonPublicAddress(target.hostname))
      return `it leads from ${new URL(first).host} to a private address (${target.host})`;
  }
  return null;
}

/** Whether following a redirect from `from` to `to` stays on the same origin. */
export function sameOrigin(from: string, to: string): boolean {
  return new URL(from).origin === new URL(to).origin;
}
