import type { AccountDetail, CardAction, OverviewCard, OverviewReport } from '../../shared/ipc.ts';
import type { KeyState } from '../../shared/states.ts';
import { TRANSPORT_STATES } from '../../shared/states.ts';
import { microsToNumber } from '../../shared/decimal.ts';
import type { Core } from '../core.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import { computeStatus, statusSteps } from '../analytics/status.ts';
import { runSteps, runStepsYielding } from '../steps.ts';
import type { Steps } from '../steps.ts';
import type { StatusReport } from '../analytics/status.ts';
import { listPacks } from '../analytics/packs.ts';
import { historyExtent } from '../analytics/history.ts';
import { getProvider } from '../providers/registry.ts';
import { providerInfo } from './providers.ts';
import { billingPageFor } from '../external-links.ts';
import { buysHeadline, headlineText } from '../pricing/buys.ts';

const HOUR_MS = 3_600_000;
const SPARKLINE_DAYS = 7;

export interface OverviewOptions {
  /** When the poller next asks an account (ISO), where a poller runs in this process. */
  nextPollAt?: (accountId: string) => string | null;
}

/** Everything the Overview shows, in one round trip: the status, one card per account, offline. */
export function overview(core: Core, options: OverviewOptions = {}): OverviewReport {
  return runSteps(overviewSteps(core, options));
}

/** The same, giving the event loop back between accounts (main's reply to the window). */
export function overviewYielding(core: Core, options: OverviewOptions = {}): Promise<OverviewReport> {
  return runStepsYielding(overviewSteps(core, options));
}

function* overviewSteps(core: Core, options: OverviewOptions): Steps<OverviewReport> {
  const now = core.now();
  const status = yield* statusSteps(core, { now });
  const accounts = new Map(core.repos.accounts.list().map((a) => [a.id, a]));
  const cards: OverviewReport['cards'] = [];
  for (const s of status.accounts) {
    const account = accounts.get(s.id);
    if (!account) continue;
    cards.push(card(core, account, status, now, options));
    yield;
  }
  return { status, cards, offline: offlineSince(core, [...accounts.values()]) };
}

const KEY_REFUSED = new Set<KeyState>(['invalid_key', 'expired_key']);
const NOT_READ = new Set<KeyState>(['rate_limited', 'server_error', 'bad_response', 'network_error', 'timeout']);

/**
 * What a failed account needs, from its newest key state and its health (never judged
 * again here): a refused key wants a new key; no money wants a top-up; a cap wants its reset;
 * a provider that could not be read is tried again, and the card says when.
 */
export function cardAction(
  s: StatusReport['accounts'][number],
  latest: { ts: number; state: KeyState; retryAfterSeconds: number | null } | null,
  nextPollAt: string | null,
): CardAction | null {
  const reasons = new Set(s.health.reasons.map((r) => r.kind));
  const state = latest?.state ?? null;
  if ((state !== null && KEY_REFUSED.has(state)) || reasons.has('key_invalid'))
    return { kind: 'replace_key', state: state !== null && KEY_REFUSED.has(state) ? state : null };
  if (state === 'insufficient_balance' || reasons.has('zero_balance'))
    return { kind: 'top_up', billing: billingPageFor(s.provider) !== null };
  if (state === 'daily_cap_reached' || reasons.has('cap_reached'))
    return { kind: 'cap_reset', at: s.cap?.resetAt ?? null, source: s.cap?.resetSource ?? null };
  if (state !== null && latest && NOT_READ.has(state)) {
    const retryAfter = latest.retryAfterSeconds !== null ? latest.ts + latest.retryAfterSeconds * 1000 : null;
    const at = nextPollAt ?? (retryAfter !== null ? new Date(retryAfter).toISOString() : null);
    return { kind: 'retry', state, at };
  }
  return null;
}

function card(
  core: Core,
  account: StoredAccount,
  status: StatusReport,
  now: number,
  options: OverviewOptions = {},
): OverviewCard {
  const latest = core.repos.readings.latestAt(account.pk, now);
  const s = status.accounts.find((a) => a.id === account.id)!;
  const day = s.burn.windows?.['24h'];
  return {
    accountId: account.id,
    spend24h: day && day.coveredHours > 0 && s.burn.unit ? { amount: day.spend, unit: s.burn.unit } : null,
    lastReadingAt: latest ? new Date(latest.ts).toISOString() : null,
    lastState: latest?.state ?? null,
    lastMessage: latest?.message ?? null,
    // The one staleness rule (analytics/staleness.ts), as the status says.
    stale: s.stale,
    sparkline: sparkline(core, account.pk, now),
    buys: cardBuys(core, account, s),
    action: account.enabled
      ? cardAction(
          s,
          latest ? { ts: latest.ts, state: latest.state, retryAfterSeconds: latest.retryAfterSeconds } : null,
          options.nextPollAt?.(account.id) ?? null,
        )
      : null,
  };
}

function cardBuys(core: Core, account: StoredAccount, s: StatusReport['accounts'][number]): OverviewCard['buys'] {
  const model = buysHeadline(core, account, s);
  return model ? { text: headlineText(model), model } : null;
}

/** The hourly closing balance over the last week, from the hour rollups (no raw scan). */
function sparkline(core: Core, accountPk: number, now: number): OverviewCard['sparkline'] {
  const rows = core.repos.readings.rollups.range(
    'rollup_hour',
    accountPk,
    now - SPARKLINE_DAYS * 24 * HOUR_MS,
    now + HOUR_MS,
  );
  const t: number[] = [];
  const v: number[] = [];
  for (const r of rows) {
    if (r.last_ts === null || r.last_balance === null) continue;
    t.push(r.last_ts);
    v.push(microsToNumber(r.last_balance));
  }
  return { t, v };
}

/**
 * Offline when every polled account's newest reading is a network failure (DNS, refused,
 * timeout): then the problem is this computer's connection, not any one provider. `since`
 * is when the last account lost its connection.
 */
function offlineSince(core: Core, accounts: StoredAccount[]): { since: string } | null {
  const polled = accounts.filter((a) => a.enabled && getProvider(a.provider)?.poll);
  let since = -Infinity;
  let seen = 0;
  for (const a of polled) {
    const latest = core.repos.readings.latest(a.pk);
    if (!latest) continue;
    if (!TRANSPORT_STATES.has(latest.state)) return null;
    seen++;
    since = Math.max(since, core.repos.history.transportRunStart(a.pk) ?? latest.ts);
  }
  return seen > 0 ? { since: new Date(since).toISOString() } : null;
}

/** The account view's header and panels: one account's status, card, packs and extent. */
export function accountDetail(core: Core, accountId: string): AccountDetail {
  const account = core.accounts.require(accountId);
  const now = core.now();
  const status = computeStatus(core, { now, accountIds: [account.id] });
  // Counted from the rollups and found by the key: no scan of the account's whole history.
  const extent = historyExtent(core, account.pk);
  const def = getProvider(account.provider);
  return {
    account: core.accounts.get(account.id),
    provider: def ? providerInfo(def) : null,
    status: status.accounts[0] ?? null,
    card: card(core, account, status, now),
    packs: listPacks(core, account.id, { now }),
    readingsCount: extent.readings,
    firstReadingAt: extent.firstAt === null ? null : new Date(extent.firstAt).toISOString(),
  };
}
