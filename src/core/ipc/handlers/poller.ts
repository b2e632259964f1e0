/** `poller:*`: poll now, and whether polling runs and keys can be read. */
import type { pollerChannels } from '../../../shared/ipc/poller.ts';
import type { PollResult, PollerStatus } from '../../../shared/ipc.ts';
import { toReading } from '../../store/readings-repo.ts';
import { pollAccount } from '../../poll-account.ts';
import type { KeychainNotice } from '../../window/keychain-notice.ts';
import type { HandlerContext, HandlerGroup, Session } from '../context.ts';

export function pollerHandlers(h: HandlerContext): HandlerGroup<keyof typeof pollerChannels> {
  return {
    'poller:refresh': async ({ accountId }) => refresh(h.session(), accountId, h.keychain),
    'poller:status': () => pollerStatus(h.session(), h.keychain),
  };
}

/**
 * Poll now (one account or all) and answer with what each poll stored. Through the poller
 * when one runs, so its schedule and holds stay in step; directly otherwise.
 */
async function refresh(s: Session, accountId: string | undefined, keychain: KeychainNotice): Promise<PollResult[]> {
  const { core } = s;
  const targets =
    accountId === undefined ? core.repos.accounts.list().filter((a) => a.enabled) : [core.accounts.require(accountId)];
  const started = core.now();
  // A stopped poller schedules nothing, so it would ignore the request: poll directly then.
  if (s.poller && s.poller.status().state !== 'stopped') await s.poller.refresh(accountId);
  else {
    for (const account of targets) {
      const result = await pollAccount(core, account);
      if (result.kind === 'keychain_unavailable') keychain.failed(result.message);
      else if (result.kind === 'polled' && account.keyUpdatedAt) keychain.worked();
    }
  }
  const results: PollResult[] = [];
  for (const account of targets) {
    const latest = core.repos.readings.latest(account.pk);
    if (!latest || latest.ts < started) continue;
    const r = toReading(latest, account.id);
    results.push({
      accountId: account.id,
      at: r.at,
      state: r.state,
      balance: r.balance,
      httpStatus: r.httpStatus,
      message: r.message,
    });
  }
  return results;
}

/** Also sent as the `poller:status` event whenever the scheduler or the keychain's state changes. */
export function pollerStatus(s: Session, keychain: KeychainNotice): PollerStatus {
  const status = s.poller?.status() ?? null;
  const lastAt =
    status?.accounts.reduce<string | null>((max, a) => (a.lastAt && (!max || a.lastAt > max) ? a.lastAt : max), null) ??
    null;
  return {
    running: status?.state === 'running' || status?.state === 'paused',
    paused: status?.state === 'paused',
    lastPollAt: lastAt,
    keychain: keychain.current(),
  };
}
