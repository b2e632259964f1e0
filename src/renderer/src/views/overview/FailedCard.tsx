import { useState } from 'react';
import type { AccountStatus, CardAction, OverviewCard } from '../../../../shared/ipc.ts';
import type { ProviderInfo } from '../../../../shared/domain.ts';
import { call } from '../../api.ts';
import { ErrorNote } from '../../components/Empty.tsx';
import { HealthBadge } from '../../components/HealthBadge.tsx';
import { formatAmount, formatClock, formatRelative } from '../../lib/format.ts';
import { alertText } from '../../lib/alerts.ts';
import { useApp } from '../../store/app.ts';
import { routeHref } from '../../store/route.ts';

const RESET_SOURCE: Record<NonNullable<Extract<CardAction, { kind: 'cap_reset' }>['source']>, string> = {
  provider: 'provider',
  account: 'your setting',
  assumed: 'assumed: midnight UTC',
};

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * An account that cannot be read or cannot spend, drawn compact: what is wrong in one line,
 * the last balance it had, and what to do, one click away — Replace key, Top up (the
 * provider's billing page, opened by core from its allowlist), or when it is tried again or
 * its cap resets. What it needs is decided in core (OverviewCard.action).
 */
export function FailedCard({
  status,
  card,
  action,
  provider,
}: {
  status: AccountStatus;
  card: OverviewCard | null;
  action: CardAction;
  provider: ProviderInfo | null;
}) {
  const now = useApp((s) => s.now);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const why = status.health.reasons.find((r) => r.severity !== 'paused' && !r.snoozedUntil && !r.quiet);
  const retryNow = () => {
    setBusy(true);
    setError(null);
    call('poller:refresh', { accountId: status.id })
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  };
  return (
    <li
      className="card card-failed"
      data-health={status.health.level}
      data-account={status.id}
      data-action={action.kind}
      aria-labelledby={`card-${status.id}`}
    >
      <div className="card-head">
        <div className="card-title">
          <a id={`card-${status.id}`} href={routeHref({ name: 'account', id: status.id })} className="card-link">
            {status.label}
          </a>
          <span className="muted small">{provider?.name ?? status.provider}</span>
        </div>
        <HealthBadge health={status.health} state={card?.lastState ?? status.state} />
      </div>
      <p className="failed-why">{why ? alertText(why.message) : 'The last poll failed'}</p>
      <p className="muted small failed-last">
        {status.balance ? (
          <>
            Last balance <span data-testid="balance">{formatAmount(status.balance)}</span>
          </>
        ) : (
          'No balance yet'
        )}
        {card?.lastReadingAt ? ` · polled ${formatRelative(card.lastReadingAt, now)}` : ''}
      </p>
      <div className="failed-action" data-testid="failed-action">
        {action.kind === 'replace_key' && (
          <a className="button primary" href={routeHref({ name: 'account-form', id: status.id, focus: 'key' })}>
            Replace key
          </a>
        )}
        {action.kind === 'top_up' &&
          (action.billing ? (
            <button
              type="button"
              className="button primary"
              onClick={() =>
                void call('app:openBilling', { provider: status.provider }).catch((e: unknown) =>
                  setError(errorText(e)),
                )
              }
            >
              Top up ↗
            </button>
          ) : (
            <span>Top up at {provider?.name ?? status.provider}, then refresh.</span>
          ))}
        {action.kind === 'retry' && (
          <span className="failed-when">{action.at ? `Retrying at ${formatClock(action.at)}` : 'Retrying soon'}</span>
        )}
        {action.kind === 'cap_reset' && (
          <span className="failed-when">
            {action.at
              ? `Resets at ${formatClock(action.at)}${action.source ? ` (${RESET_SOURCE[action.source]})` : ''}`
              : 'Resets when the provider’s day turns'}
          </span>
        )}
        {(action.kind === 'retry' || action.kind === 'top_up') && (
          <button type="button" className="button" onClick={retryNow} disabled={busy}>
            {busy ? 'Refreshing…' : action.kind === 'retry' ? 'Retry now' : 'Refresh'}
          </button>
        )}
      </div>
      <ErrorNote error={error} />
    </li>
  );
}
