import type { z } from 'zod';
import type { AccountOptions } from '../../shared/domain.ts';
import type { KeyState } from '../../shared/states.ts';
import type { Core } from '../core.ts';
import type { HttpClient, HttpRequest } from '../net/http.ts';
import { HttpFailure, createHttpClient } from '../net/http.ts';
import { scrubSecrets } from '../secrets/scrub.ts';
import { getProvider } from '../providers/registry.ts';
import { readJson } from '../providers/respond.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';

/**
 * Asking a provider about prices, through the account a person set up: its base URL, its
 * key (read from the keychain for the request and dropped after), the shared HTTP client's
 * deadline, body cap and redirect policy. Answers never throw for what the network or the
 * provider did, and every message is scrubbed of the key.
 */
export interface ProviderCall {
  baseUrl: string;
  key: string | null;
  options: AccountOptions;
  http: HttpClient;
  now: () => number;
}

export type Answer<T> =
  | { ok: true; value: T; httpStatus: number }
  | { ok: false; message: string; state: KeyState | null; httpStatus: number | null };

/** Price lists run larger than a balance reply: a gateway with hundreds of models. */
const PRICE_LIST_MAX_BYTES = 8 * 1024 * 1024;
const clients = new WeakMap<Core, HttpClient>();

/** The client for price lists: the shared policy, a larger body cap. */
function priceClient(core: Core): HttpClient {
  let client = clients.get(core);
  if (!client) {
    client = createHttpClient({ fetch: core.fetch, maxBytes: PRICE_LIST_MAX_BYTES });
    clients.set(core, client);
  }
  return client;
}

/**
 * What a request to this account's provider needs. The key is read only when the account
 * has one (a locked keychain is a UserError `keychain_unavailable`, as for a poll).
 */
export async function providerCall(
  core: Core,
  account: StoredAccount,
  opts: { withKey: boolean; bigReplies?: boolean },
): Promise<ProviderCall> {
  const def = getProvider(account.provider);
  const baseUrl = (account.baseUrl ?? def?.defaultBaseUrl ?? '').replace(/\/+$/, '');
  const key = opts.withKey && account.keyUpdatedAt !== null ? await core.accounts.key(account.id) : null;
  return {
    baseUrl,
    key,
    options: account.options,
    http: opts.bigReplies ? priceClient(core) : core.http,
    now: core.now,
  };
}

/** One JSON request, read with the shared reply rules (status, error flags, schema). */
export async function askJson<T>(
  call: ProviderCall,
  req: HttpRequest,
  schema: z.ZodType<T>,
  errorFlag?: (json: unknown) => string | null,
): Promise<Answer<T>> {
  const scrub = (text: string) => scrubSecrets(text, [call.key]);
  try {
    const res = await call.http.request(req);
    const read = readJson(res, schema, call.now(), errorFlag);
    if (read.ok) return { ok: true, value: read.data, httpStatus: res.status };
    const o = read.outcome;
    return {
      ok: false,
      state: o.state,
      httpStatus: o.httpStatus,
      message: scrub(
        `${o.httpStatus ? `HTTP ${o.httpStatus}: ` : ''}${(o.message ?? o.state).replace(/^HTTP \d+: /, '')}`,
      ),
    };
  } catch (error) {
    if (error instanceof HttpFailure) {
      const state: KeyState =
        error.kind === 'timeout' ? 'timeout' : error.kind === 'network' ? 'network_error' : 'bad_response';
      return { ok: false, state, httpStatus: null, message: scrub(error.message) };
    }
    throw error;
  }
}
