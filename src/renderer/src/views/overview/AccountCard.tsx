import { useState } from 'react';
import type { AccountStatus, OverviewCard } from '../../../../shared/ipc.ts';
import type { ProviderInfo } from '../../../../shared/domain.ts';
import { CapBar } from '../../components/CapBar.tsx';
import { ErrorNote } from '../../components/Empty.tsx';
import { Sparkline } from '../../components/Sparkline.tsx';
import { CardHead } from './CardHead.tsx';
import { SnoozeMenu } from '../../components/AlertActions.tsx';
import {
  formatAmount,
  formatDayRange,
  formatDays,
  formatDateTime,
  formatIn,
  formatMoney,
  formatProvenance,
  isCurrencyUnit,
} from '../../lib/format.ts';
import { alertText } from '../../lib/alerts.ts';
import { figureReasonText } from '../../lib/reasons.ts';
import { t } from '../../lib/i18n.ts';
import { buysText } from '../../lib/buys.ts';

/** An account at a glance: balance, burn, runway, cap, a week of balance, what is wrong and where the figures come from. */
export function AccountCard({
  status,
  card,
  provider,
  now,
  labelOf,
}: {
  status: AccountStatus;
  card: OverviewCard | null;
  provider: ProviderInfo | null;
  now: number;
  labelOf: (id: string) => string;
}) {
  const unit = status.balance?.unit ?? null;
  const range = formatDayRange(status.runway.low, status.runway.high);
  const postpaid = status.billing === 'postpaid' ? status.postpaid : null;
  const lost = status.runway.expiringBeforeZero;
  const provenance = formatProvenance(status, now);
  // Held-back reasons (snoozed, dismissed, muted) are not news: the card lists the rest.
  const reasons = status.health.reasons.filter((r) => r.severity !== 'paused' && !r.snoozedUntil && !r.quiet);
  const held = status.health.reasons.filter((r) => r.snoozedUntil || r.quiet).length;
  const alerting = status.alerts.some((a) => !a.snoozedUntil && !a.quiet && a.severity !== 'info');
  const [error, setError] = useState<string | null>(null);
  return (
    <li
      className={`card${status.stale ? ' is-stale' : ''}`}
      data-health={status.health.level}
      data-account={status.id}
      aria-labelledby={`card-${status.id}`}
    >
      <CardHead status={status} card={card} provider={provider} />

      <div className={`card-balance${status.stale ? ' stale-figure' : ''}`}>
        {postpaid ? (
          <>
            <span className="balance" data-testid="balance">
              {formatAmount(postpaid.creditLeft)}
            </span>
            <span className="muted" data-testid="postpaid">
              {t('card.postpaid', { spend: formatIn(postpaid.spendThisCycle, postpaid.creditLeft.unit) })}
            </span>
          </>
        ) : (
          <>
            <span className="balance" data-testid="balance">
              {formatAmount(status.balance)}
            </span>
            {status.value && !(isCurrencyUnit(unit) && unit === status.value.currency) && (
              <span className="muted">≈ {formatMoney(status.value.amount, status.value.currency)}</span>
            )}
          </>
        )}
        {status.sharesBalanceWith && (
          <span className="muted small" data-testid="shared-balance">
            {t('card.shares', { label: labelOf(status.sharesBalanceWith) })}
            {status.countedInTotals ? '' : ` · ${t('card.countedOnce')}`}
          </span>
        )}
      </div>

      <dl className="card-stats">
        <div>
          <dt>{t('card.last24h')}</dt>
          <dd>{card?.spend24h ? formatAmount(card.spend24h) : '—'}</dd>
        </div>
        <div>
          <dt>{t('card.burn')}</dt>
          <dd>
            {status.burn.perDay !== null
              ? t('card.perDay', { amount: formatIn(status.burn.perDay, status.burn.unit) })
              : '—'}
          </dd>
        </div>
        <div>
          <dt>{t('card.runway')}</dt>
          <dd
            data-testid="runway"
            data-cause={status.runway.cause ?? 'none'}
            title={
              status.runway.zeroAt
                ? lost && lost.amount !== '0'
                  ? t('card.runsOutAfter', {
                      at: formatDateTime(status.runway.zeroAt),
                      lost: formatIn(lost.amount, lost.unit),
                    })
                  : t('card.runsOut', { at: formatDateTime(status.runway.zeroAt) })
                : (figureReasonText(status.runway.why) ?? undefined)
            }
          >
            {status.runway.days === null ? '—' : formatDays(status.runway.days)}
            {status.runway.cause === 'pack_expiry' && <span className="muted small"> · {t('card.packExpires')}</span>}
            {range && <span className="muted small"> {t('card.likely', { range })}</span>}
          </dd>
        </div>
      </dl>

      {card?.buys && (
        <p className="card-buys small" title={t('card.buysTitle')}>
          {buysText(card.buys)}
        </p>
      )}

      {status.cap && (
        <CapBar
          used={status.cap.used}
          limit={status.cap.limit}
          fraction={status.cap.reached && status.cap.fraction === null ? 1 : status.cap.fraction}
          resetAt={status.cap.resetAt}
          unit={unit}
          now={now}
          reached={status.cap.reached}
        />
      )}

      {card && (
        <Sparkline t={card.sparkline.t} v={card.sparkline.v} label={t('card.sparkline', { label: status.label })} />
      )}

      {reasons.length > 0 && (
        <ul className="card-alerts" aria-label={t('card.health')}>
          {reasons.slice(0, 2).map((r, i) => (
            <li key={`${r.kind}-${i}`} className={`alert-line sev-${r.severity === 'stale' ? 'warning' : r.severity}`}>
              {alertText(r, now)}
            </li>
          ))}
        </ul>
      )}

      <div className="card-foot">
        <span data-testid="provenance">
          {status.stale ? (
            <span className="stale" title={t('card.staleTitle')}>
              {t('card.stale', { provenance: provenance ?? t('card.noReadingLower') })}
            </span>
          ) : (
            <span className="muted small">{provenance ?? t('card.noReading')}</span>
          )}
          {held > 0 && <span className="muted small"> · {t('card.heldBack', { count: held })}</span>}
        </span>
        {alerting && <SnoozeMenu accountId={status.id} onError={setError} />}
      </div>
      <ErrorNote error={error} />
    </li>
  );
}
