import { useState } from 'react';
import type { AccountStatus, CardAction, OverviewCard } from '../../../../shared/ipc.ts';
import type { ProviderInfo } from '../../../../shared/domain.ts';
import { call } from '../../api.ts';
import { ErrorNote } from '../../components/Empty.tsx';
import { CardHead } from './CardHead.tsx';
import { formatAmount, formatClock, formatRelative } from '../../lib/format.ts';
import { alertText } from '../../lib/alerts.ts';
import { useApp } from '../../store/app.ts';
import { routeHref } from '../../store/route.ts';
import { t } from '../../lib/i18n.ts';

/** Where a cap's reset time comes from, in words (`failed.resetSource.<source>`). */
type ResetSource = NonNullable<Extract<CardAction, { kind: 'cap_reset' }>['source']>;
const resetSource = (source: ResetSource) => t(`failed.resetSource.${source}`);

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
      <CardHead status={status} card={card} provider={provider} />
      <p className="failed-why">{why ? alertText(why, now) : t('failed.lastPollFailed')}</p>
      <p className="muted small failed-last">
        {status.balance ? (
          <>
            {t('failed.lastBalance')} <span data-testid="balance">{formatAmount(status.balance)}</span>
          </>
        ) : (
          t('failed.noBalance')
        )}
        {card?.lastReadingAt ? ` · ${t('failed.polled', { when: formatRelative(card.lastReadingAt, now) })}` : ''}
      </p>
      <div className="failed-action" data-testid="failed-action">
        {action.kind === 'replace_key' && (
          <a className="button primary" href={routeHref({ name: 'account-form', id: status.id, focus: 'key' })}>
            {t('failed.replaceKey')}
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
              {t('failed.topUp')} ↗
            </button>
          ) : (
            <span>{t('failed.topUpAt', { provider: provider?.name ?? status.provider })}</span>
          ))}
        {action.kind === 'retry' && (
          <span className="failed-when">
            {action.at ? t('failed.retryingAt', { time: formatClock(action.at) }) : t('failed.retryingSoon')}
          </span>
        )}
        {action.kind === 'cap_reset' && (
          <span className="failed-when">
            {action.at
              ? action.source
                ? t('failed.resetsAtFrom', { time: formatClock(action.at), source: resetSource(action.source) })
                : t('failed.resetsAt', { time: formatClock(action.at) })
              : t('failed.resetsDayTurns')}
          </span>
        )}
        {(action.kind === 'retry' || action.kind === 'top_up') && (
          <button type="button" className="button" onClick={retryNow} disabled={busy}>
            {busy ? t('common.refreshing') : action.kind === 'retry' ? t('failed.retryNow') : t('common.refresh')}
          </button>
        )}
      </div>
      <ErrorNote error={error} />
    </li>
  );
}
