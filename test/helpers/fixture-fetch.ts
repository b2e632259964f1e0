/**
 * A fetch that answers from inline fixtures, for testing an adapter against a provider's
 * documented JSON exactly as the docs print it. Routes match on the URL path's ending
 * (query strings ignored); anything else is a 404. Every URL asked for is recorded.
 */
export interface Fixture {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function fixtureFetch(routes: Record<string, Fixture>): typeof fetch & { urls: string[] } {
  const urls: string[] = [];
  const fn = (async (input: string | URL | Request) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    urls.push(url);
    const path = new URL(url).pathname;
    const match = Object.keys(routes).find((suffix) => path.endsWith(suffix));
    if (!match)
      return new Response('{"error":"no fixture"}', { status: 404, headers: { 'content-type': 'application/json' } });
    const f = routes[match]!;
    const text = typeof f.body === 'string' ? f.body : JSON.stringify(f.body);
    return new Response(text, {
      status: f.status ?? 200,
      headers: { 'content-type': 'application/json', ...f.headers },
    });
  }) as typeof fetch & { urls: string[] };
  fn.urls = urls;
  return fn;
}
