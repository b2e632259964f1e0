import { getProvider } from '../../src/core/providers/registry.ts';
import { runPoll } from '../../src/core/providers/run.ts';
import { createHttpClient } from '../../src/core/net/http.ts';
import type { HttpClientOptions } from '../../src/core/net/http.ts';
import type { PollOutcome } from '../../src/core/providers/adapter.ts';
import type { AccountOptions } from '../../src/shared/domain.ts';

/** Poll one provider once against a base URL (usually the fake server), as the poller would. */
export function pollOnce(
  providerId: string,
  baseUrl: string,
  key: string | null,
  options: AccountOptions = {},
  http: HttpClientOptions = {},
  now: () => number = Date.now,
): Promise<PollOutcome> {
  const def = getProvider(providerId);
  if (!def) throw new Error(`no provider ${providerId}`);
  return runPoll(def, { baseUrl, key, options, http: createHttpClient({ timeoutMs: 2000, ...http }), now });
}
