import type { Amount } from '../../shared/domain.ts';
import type { KeyState } from '../../shared/states.ts';
import { fromMicros } from '../../shared/decimal.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import type { PollOutcome } from '../providers/adapter.ts';

/**
 * One poll's result in the CLI contract's words (`poll --json` entries, `watch` lines):
 * amounts as canonical decimal strings, times as ISO 8601. Never carries the key.
 */
export interface PollEntry {
  accountId: string;
  provider: string;
  state: KeyState;
  balance: Amount | null;
  httpStatus: number | null;
  retryAfterSeconds: number | null;
  message: string | null;
}

/** Announced after every poll, once its reading is stored. */
export interface PollEvent extends PollEntry {
  type: 'poll';
  /** When the reading was taken (ISO 8601). */
  at: string;
}

/**
 * The keychain could not give the key, so the account was not polled and nothing was
 * stored; the poller tries again later with backoff.
 */
export interface KeychainUnavailableEvent {
  type: 'keychain_unavailable';
  accountId: string;
  provider: string;
  message: string;
  at: string;
}

export type SchedulerState = 'stopped' | 'running' | 'paused';

/** The scheduler started, paused, resumed (state `running` again) or stopped. */
export interface SchedulerEvent {
  type: 'scheduler';
  state: SchedulerState;
  /** Why it changed, as the caller said (e.g. "suspend", "offline"); null when not given. */
  reason: string | null;
  at: string;
}

export type PollerEvent = PollEvent | KeychainUnavailableEvent | SchedulerEvent;

export function toPollEntry(account: Pick<StoredAccount, 'id' | 'provider'>, outcome: PollOutcome): PollEntry {
  return {
    accountId: account.id,
    provider: account.provider,
    state: outcome.state,
    balance: outcome.balance ? { amount: fromMicros(outcome.balance.micros), unit: outcome.balance.unit } : null,
    httpStatus: outcome.httpStatus,
    retryAfterSeconds: outcome.retryAfterSeconds,
    message: outcome.message,
  };
}

export function toPollEvent(
  account: Pick<StoredAccount, 'id' | 'provider'>,
  outcome: PollOutcome,
  at: number,
): PollEvent {
  return { type: 'poll', ...toPollEntry(account, outcome), at: new Date(at).toISOString() };
}
