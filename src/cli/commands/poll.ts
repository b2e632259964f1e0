import type { CliContext } from '../context.ts';
import { UsageError } from '../context.ts';
import { parse } from '../args.ts';
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

export async function pollCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parse(argv, { account: { type: 'string' }, json: { type: 'boolean' } });
  const timeoutMs = requestTimeoutFromEnv(ctx.io.env);
  const core = ctx.core();

  let accounts: StoredAccount[];
  if (values.account !== undefined) {
    // Named explicitly, an account is polled even when its scheduled polling is paused.
    const found = core.repos.accounts.findByIdOrLabel(values.account);
    if (!found || found.removedAt)
      throw new UserError('not_found', `no account with id or label ${JSON.stringify(values.account)}`);
    accounts = [found];
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
    ctx.print('no accounts to poll: burnrate accounts add --provider <id> --label <name> --key-stdin');
    return;
  }
  const rows = [
    ['ACCOUNT', 'PROVIDER', 'STATE', 'BALANCE', 'HTTP', 'MESSAGE'],
    ...entries.map((e) => [
      e.label,
      e.provider,
      e.state ?? e.error ?? 'not polled',
      e.balance ? `${e.balance.amount} ${e.balance.unit}` : '—',
      e.httpStatus === null ? '—' : String(e.httpStatus),
      [
        e.polled ? null : 'not polled:',
        e.message,
        e.retryAfterSeconds !== null ? `(retry after ${e.retryAfterSeconds} s)` : null,
      ]
        .filter(Boolean)
        .join(' '),
    ]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  for (const row of rows)
    ctx.print(
      row
        .map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col]!)))
        .join('  ')
        .trimEnd(),
    );
}
