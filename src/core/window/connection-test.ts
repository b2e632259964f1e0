import type { ConnectionTest } from '../../shared/ipc.ts';
import { fromMicros } from '../../shared/decimal.ts';
import type { Core } from '../core.ts';
import { UserError } from '../errors.ts';
import { getProvider } from '../providers/registry.ts';
import { runPoll } from '../providers/run.ts';
import { refreshSiteSettings, siteContext } from '../site-settings.ts';

/**
 * Ask the provider once with the stored key and say what it answered, without storing a
 * reading: "test connection" is a question, not history. The key never leaves core.
 */
export async function testConnection(core: Core, accountId: string): Promise<ConnectionTest> {
  const account = core.accounts.require(accountId);
  const def = getProvider(account.provider);
  if (!def) throw new UserError('validation', `unknown provider ${JSON.stringify(account.provider)}`);
  if (!def.poll)
    throw new UserError('unsupported', `${def.name} has no balance endpoint to test; record its balance by hand`);
  const key = account.keyUpdatedAt ? await core.accounts.key(account.id) : null;
  const baseUrl = (account.baseUrl ?? def.defaultBaseUrl ?? '').replace(/\/+$/, '');
  // A new-api site's units, as a poll reads them (its billing figures depend on them).
  const site = def.readSite ? siteContext(core, await refreshSiteSettings(core, account)) : undefined;
  const outcome = await runPoll(def, {
    baseUrl,
    key,
    options: account.options,
    http: core.http,
    now: core.now,
    site,
  });
  return {
    state: outcome.state,
    balance: outcome.balance ? { amount: fromMicros(outcome.balance.micros), unit: outcome.balance.unit } : null,
    httpStatus: outcome.httpStatus,
    retryAfterSeconds: outcome.retryAfterSeconds,
    message: outcome.message,
  };
}
