import type { CliContext } from '../context.ts';
import { UsageError } from '../context.ts';
import { accountFlag, defineCommand, JSON_FLAG } from '../command.ts';
import { findAccount } from '../../core/account-ref.ts';
import type { Core } from '../../core/core.ts';
import type { StoredAccount } from '../../core/store/accounts-repo.ts';
import { pollAccount } from '../../core/poll-account.ts';
import type { PollAccountResult } from '../../core/poll-account.ts';
import { toPollEntry } from '../../core/poller/events.ts';
import type { PollEntry } from '../../core/poller/events.ts';
import { mapBounded } from '../../core/poller/bounded.ts';
import { UserError } from '../../core/errors.ts';
import { fromMicros } from '../../shared/decimal.ts';
import type { KeyState } from '../../shared/states.ts';
import { renderTable } from '../ui/table.ts';
import { amountText } from '../ui/format.ts';
import { stateCell } from '../ui/looks.ts';

/**
 * For tests only: a shorter per-request deadline in milliseconds (the default is 15 s), so
 * a "reply slower than the timeout" case runs in a second. Read by `poll` and `watch`.
 */
export const HTTP_TIMEOUT_ENV = 'BURNRATE_HTTP_TIMEOUT_MS';

const POLL_CONCURRENCY = 4;

export function requestTimeoutFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env[HTTP_TIMEOUT_ENV]?.trim();
  if (!raw) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new UsageError(`${HTTP_TIMEOUT_ENV} must be a whole number of milliseconds`);
  return Number(raw);
}

/**
 * One `poll --json` entry: the contract's fields plus `label`, `at` (when the reading was
 * taken) and `polled`. An account that was not polled says why:
 * - a manual provider (no balance endpoint) shows its last recorded balance and state, or
 *   nulls when none was recorded; no reading is added;
 * - the keychain could not give the key: `state` null, `error` "keychain_unavailable";
 *   nothing was sent and nothing stored;
 * - another process was polling it at that moment: `error` "busy", with the last recorded
 *   balance and state as for a manual provider; nothing was sent by this process.
 */
export interface PollCliEntry extends Omit<PollEntry, 'state'> {
  state: KeyState | null;
  label: string;
  at: string | null;
  polled: boolean;
  error?: 'keychain_unavailable' | 'busy';
}

export const pollCommand = defineCommand({
  name: 'poll',
  summary: 'poll now (every enabled account, or one) and store the readings',
  description:
    "Asks each provider for the balance, stores the reading and raises any alerts, as the app would. A provider's failure is data (its state), not an error: the exit code is 0. An account kept by hand is shown with its last recorded balance.",
  flags: { account: accountFlag('only this account, even when its polling is paused'), json: JSON_FLAG },
  examples: [
    { run: 'poll', does: 'every enabled account' },
    { run: 'poll --account main --json', does: 'one account, for scripts' },
  ],
  run: poll,
});

async function poll(ctx: CliContext, { values }: { values: { account?: string; json?: boolean } }): Promise<number> {
  const timeoutMs = requestTimeoutFromEnv(ctx.io.env);
  const core = ctx.core();

  let accounts: StoredAccount[];
  if (values.account !== undefined) {
    // Named explicitly, an account is polled even when its scheduled polling is paused.
    accounts = [findAccount(core.repos.accounts, values.account)];
  } else {
    accounts = core.repos.accounts.list().filter((a) => a.enabled);
  }

  const results = await mapBounded(accounts, POLL_CONCURRENCY, (account) => pollAccount(core, account, { timeoutMs }));
  const locked = results.filter((r) => r.kind === 'keychain_unavailable');
  if (locked.length > 0 && !results.some((r) => r.kind === 'polled')) {
    // Nothing could be asked: that is an error, not data.
    throw new UserError('keychain_unavailable', locked[0]!.message);
  }

  const entries = results.map((r) => toCliEntry(core, r));
  if (values.json) ctx.printJson(entries);
  else printTable(ctx, entries);
  return 0;
}

function toCliEntry(core: Core, result: PollAccountResult): PollCliEntry {
  const { account } = result;
  const base = { label: account.label };
  switch (result.kind) {
    case 'polled':
      return { ...toPollEntry(account, result.outcome), ...base, at: new Date(result.at).toISOString(), polled: true };
    case 'keychain_unavailable':
      return {
        accountId: account.id,
        provider: account.provider,
        state: null,
        balance: null,
        httpStatus: null,
        retryAfterSeconds: null,
        message: result.message,
        ...base,
        at: null,
        polled: false,
        error: 'keychain_unavailable',
      };
    case 'busy':
    case 'not_polled': {
      const last = core.repos.readings.latestWithBalance(account.pk) ?? core.repos.readings.latest(account.pk);
      return {
        accountId: account.id,
        provider: account.provider,
        state: last?.state ?? null,
        balance:
          last && last.balance !== null && last.unit !== null
            ? { amount: fromMicros(last.balance), unit: last.unit }
            : null,
        httpStatus: null,
        retryAfterSeconds: null,
        message: last
          ? `${result.message} (last recorded ${new Date(last.ts).toISOString()})`
          : `${result.message}; none recorded yet`,
        ...base,
        at: last ? new Date(last.ts).toISOString() : null,
        polled: false,
        ...(result.kind === 'busy' ? { error: 'busy' as const } : {}),
      };
    }
  }
}

function printTable(ctx: CliContext, entries: PollCliEntry[]): void {
  if (entries.length === 0) {
    ctx.print('no accounts to poll: burnrate accounts add --provider <id> --label <name>');
    return;
  }
  ctx.show(
    renderTable(
      [
        { header: 'ACCOUNT', flex: true, min: 8 },
        { header: 'PROVIDER', keep: 20 },
        { header: 'STATE' },
        { header: 'BALANCE', align: 'right' },
        { header: 'HTTP', align: 'right', keep: 22 },
        { header: 'MESSAGE', flex: true, min: 12, keep: 40 },
      ],
      entries.map((e) => [
        e.label,
        e.provider,
        e.state ? stateCell(e.state) : { text: e.error ?? 'not polled', look: 'dim' },
        amountText(e.balance),
        e.httpStatus === null ? '' : String(e.httpStatus),
        [
          e.polled ? null : 'not polled:',
          e.message,
          e.retryAfterSeconds !== null ? `(retry after ${e.retryAfterSeconds} s)` : null,
        ]
          .filter(Boolean)
          .join(' '),
      ]),
      ctx,
    ),
  );
}
