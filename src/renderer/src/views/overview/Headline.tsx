import type { StatusReport } from '../../../../shared/ipc.ts';
import { HealthMark } from '../../components/HealthBadge.tsx';
import { formatDays, formatIn, formatMoney, formatWhen } from '../../lib/format.ts';
import { routeHref } from '../../store/route.ts';
import { t } from '../../lib/i18n.ts';

/**
 * The answer first: which balance runs out next, when and why (spend, or a pack expiring with
 * it); how long the money held lasts at the combined burn; and who needs attention, each
 * named, with a way to show only them. Every figure is core's (status totals).
 */
export function Headline({
  report,
  now,
  onlyAttention,
  setOnlyAttention,
}: {
  report: StatusReport;
  now: number;
  onlyAttention: boolean;
  setOnlyAttention: (on: boolean) => void;
}) {
  const { totals } = report;
  const byId = new Map(report.accounts.map((a) => [a.id, a]));
  const next = totals.nextToRunOut;
  const nextAccount = next ? byId.get(next.id) : undefined;
  const lost = nextAccount?.runway.expiringBeforeZero ?? null;
  const attention = totals.attention.map((id) => byId.get(id)).filter((a) => a !== undefined);
  const left: string[] = [];
  if (totals.unvalued) left.push(t('headline.unvalued', { count: totals.unvalued }));
  if (totals.postpaid) left.push(t('headline.postpaid', { count: totals.postpaid }));
  if (totals.sharedCountedOnce) left.push(t('headline.shared', { count: totals.sharedCountedOnce }));
  return (
    <section className="headline" aria-label={t('headline.label')}>
      <p className="headline-next" data-testid="next-to-run-out">
        {next && nextAccount ? (
          <>
            <a href={routeHref({ name: 'account', id: next.id })}>{nextAccount.label}</a> {t('headline.runsOut')}{' '}
            <strong>{formatWhen(next.zeroAt, now)}</strong>
            {next.cause === 'pack_expiry' ? (
              <span className="headline-why">
                {lost && lost.amount !== '0'
                  ? t('headline.packExpiresWith', { amount: formatIn(lost.amount, lost.unit) })
                  : t('headline.packExpires')}
              </span>
            ) : (
              <span className="headline-why">{t('headline.atCurrentSpend')}</span>
            )}
          </>
        ) : (
          t('headline.nothingRunsOut')
        )}
      </p>
      <p className="headline-money" data-testid="money-held">
        <span>
          {t('headline.moneyHeld')} <strong>{formatMoney(totals.value, totals.currency)}</strong>
        </span>
        {totals.burnPerDay !== null && (
          <span> · {t('headline.burns', { amount: formatMoney(totals.burnPerDay, totals.currency) })}</span>
        )}
        {totals.runway && (
          <span>
            {' '}
            · {t('headline.lasts')} <strong>{formatDays(totals.runway.days)}</strong>
          </span>
        )}
        {totals.spend24h !== null && (
          <span> · {t('headline.spent24h', { amount: formatMoney(totals.spend24h, totals.currency) })}</span>
        )}
        {left.length > 0 && (
          <span className="muted small"> {t('headline.leftOut', { list: left.join(t('list.comma')) })}</span>
        )}
      </p>
      {attention.length > 0 ? (
        <div className="headline-attention" data-testid="attention">
          <span>{t('headline.attention', { count: attention.length })}</span>
          <ul aria-label={t('headline.needsAttention')}>
            {attention.map((a) => (
              <li key={a.id}>
                <a href={routeHref({ name: 'account', id: a.id })} className="attention-chip">
                  <HealthMark health={a.health} />
                  {a.label}
                </a>
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="button small"
            aria-pressed={onlyAttention}
            onClick={() => setOnlyAttention(!onlyAttention)}
          >
            {onlyAttention ? t('headline.showAll', { count: report.accounts.length }) : t('headline.showOnly')}
          </button>
        </div>
      ) : (
        report.accounts.length > 0 && <p className="muted headline-attention">{t('headline.allWell')}</p>
      )}
    </section>
  );
}
