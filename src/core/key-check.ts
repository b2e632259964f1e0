import type { Account } from '../shared/domain.ts';
import type { KeyCheck } from '../shared/ipc.ts';
import type { KeyState } from '../shared/states.ts';
import { fromMicros } from '../shared/decimal.ts';
import { formatAmountText } from '../shared/format/numbers.ts';
import type { Core } from './core.ts';
import type { AddAccountInput } from './accounts.ts';
import type { PollOutcome } from './providers/adapter.ts';
import type { HttpClient } from './net/http.ts';
import { getProvider } from './providers/registry.ts';
import { runPoll } from './providers/run.ts';
import { siteContext } from './site-settings.ts';
import { UserError } from './errors.ts';

/** A person is waiting on the form (or the terminal): a shorter deadline than a poll's 15 s. */
const CHECK_TIMEOUT_MS = 10_000;

/** Key states that say the key itself is refused: the account is not saved. */
const REJECTED: ReadonlySet<KeyState> = new Set(['invalid_key', 'expired_key']);
/** Key states that say nothing about the key: the provider could not be asked properly. */
const UNCHECKED: ReadonlySet<KeyState> = new Set([
  'network_error',
  'timeout',
  'server_error',
  'rate_limited',
  'bad_response',
]);

const STATE_WORDS: Record<KeyState, string> = {
  ok: 'accepted',
  invalid_key: 'invalid key',
  expired_key: 'expired key',
  insufficient_balance: 'out of balance',
  daily_cap_reached: 'daily cap reached',
  rate_limited: 'rate limited',
  server_error: 'provider error',
  bad_response: 'unreadable reply',
  network_error: 'network error',
  timeout: 'timed out',
};

function verdictOf(state: KeyState): KeyCheck['verdict'] {
  if (REJECTED.has(state)) return 'rejected';
  if (UNCHECKED.has(state)) return 'unchecked';
  return 'accepted';
}

function said(o: PollOutcome): string {
  const status = o.httpStatus === null ? '' : `, HTTP ${o.httpStatus}`;
  return `${STATE_WORDS[o.state]}${status}${o.message ? `: ${o.message}` : ''}`;
}

function summaryOf(o: PollOutcome): string {
  const balance = o.balance
    ? formatAmountText(fromMicros(o.balance.micros), o.balance.unit, { locale: 'en-US' })
    : null;
  switch (verdictOf(o.state)) {
    case 'rejected':
      return `the provider rejected the key (${said(o)})`;
    case 'unchecked':
      return `the key could not be checked (${said(o)}); it was saved anyway and may be fine`;
    default:
      if (o.state === 'insufficient_balance') return 'the key works, but the account is out of balance';
      if (o.state === 'daily_cap_reached') return "the key works; today's cap is reached";
      return balance ? `the key works: balance ${balance}` : 'the key works';
  }
}

/**
 * Add an account, asking the provider once with its key before anything is saved (the
 * window's form and `accounts add` do this unless told not to). A key the provider refuses
 * (invalid or expired) stops the add with a UserError `key_rejected` and nothing stored; a
 * provider that cannot be asked (network, timeout, 5xx, rate limit, an unreadable reply)
 * saves the account with a warning, since the key may be fine. Like "test connection", the
 * check is a question, not history: nothing it learned is stored as a reading (the first
 * poll does that). Providers without a balance endpoint, and accounts without a key, have
 * nothing to check.
 */
export async function addAccountChecked(
  core: Core,
  input: AddAccountInput,
  options: { check: boolean; timeoutMs?: number | undefined },
): Promise<{ account: Account; check: KeyCheck | null }> {
  const timeoutMs = options.timeoutMs ?? CHECK_TIMEOUT_MS;
  const http: HttpClient = { request: (req) => core.http.request({ timeoutMs, ...req }) };
  let checked: PollOutcome | null = null;
  const account = await core.accounts.add(input, {
    beforeSave: async (candidate) => {
      const def = getProvider(candidate.provider);
      if (!options.check || !def?.poll || !candidate.key || candidate.baseUrl === null) return;
      const outcome = await runPoll(def, {
        baseUrl: candidate.baseUrl.replace(/\/+$/, ''),
        key: candidate.key,
        options: candidate.options,
        http,
        now: core.now,
        site: def.readSite ? siteContext(core, null) : undefined,
      });
      if (verdictOf(outcome.state) === 'rejected')
        throw new UserError(
          'key_rejected',
          `${def.name} rejected the key (${said(outcome)}); nothing was saved. Check the key, or save without checking.`,
        );
      checked = outcome;
    },
  });
  if (checked === null) return { account, check: null };
  const outcome: PollOutcome = checked;
  return {
    account,
    check: {
      verdict: verdictOf(outcome.state),
      state: outcome.state,
      balance: outcome.balance ? { amount: fromMicros(outcome.balance.micros), unit: outcome.balance.unit } : null,
      httpStatus: outcome.httpStatus,
      retryAfterSeconds: outcome.retryAfterSeconds,
      message: outcome.message,
      summary: summaryOf(outcome),
    },
  };
}
