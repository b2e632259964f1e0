import type { ScenarioCase } from './fake-provider.ts';

/**
 * The failure rows every HTTP adapter shares: the transport and the body fail the same way
 * whatever the provider (a 5xx, an HTML error page from a gateway, cut-off or empty JSON, a
 * reset connection), so each provider's table spreads these after its own rows.
 */
export const TRANSPORT_FAILURES: readonly ScenarioCase[] = [
  ['server_error', 'server_error', 500, /HTTP 500/],
  ['bad_gateway_html', 'server_error', 502, /502 Bad Gateway/],
  ['truncated_json', 'bad_response', 200, /not valid JSON/],
  ['empty_body', 'bad_response', 200, /empty reply/],
  ['connection_reset', 'network_error', null, /connection|socket|closed/],
];
