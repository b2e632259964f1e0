import type { StatusReport } from '../../../../shared/ipc.ts';
import { HealthMark } from '../../components/HealthBadge.tsx';
import { formatDays, formatIn, formatMoney, formatWhen } from '../../lib/format.ts';
import { routeHref } from '../../store/route.ts';

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
  if (totals.unvalued) left.push(`${totals.unvalued} account${totals.unvalued === 1 ? '' : 's'} without a money value`);
  if (totals.postpaid)
    left.push(
      `${totals.postpaid} postpaid account${totals.postpaid === 1 ? '' : 's'} left out (credit, not money held)`,
    );
  if (totals.sharedCountedOnce)
    left.push(`${totals.sharedCountedOnce} shared balance${totals.sharedCountedOnce === 1 ? '' : 's'} counted once`);
  return (
    <section className="headline" aria-label="At a glance">
      <p className="headline-next" data-testid="next-to-run-out">
        {next && nextAccount ? (
          <>
            <a href={routeHref({ name: 'account', id: next.id })}>{nextAccount.label}</a> runs out{' '}
            <strong>{formatWhen(next.zeroAt, now)}</strong>
            {next.cause === 'pack_expiry' ? (
              <span className="headline-why">
                {' '}
                — a pack expires
                {lost && lost.amount !== '0' ? ` with ${formatIn(lost.amount, lost.unit)} unused` : ''}
              </span>
            ) : (
              <span className="headline-why"> — at the current spend</span>
            )}
          </>
        ) : (
          'Nothing runs out at the current spend.'
        )}
      </p>
      <p className="headline-money" data-testid="money-held">
        <span>
          Money held <strong>{formatMoney(totals.value, totals.currency)}</strong>
        </span>
        {totals.burnPerDay !== null && <span> · burns {formatMoney(totals.burnPerDay, totals.currency)}/day</span>}
        {totals.runway && (
          <span>
            {' '}
            · lasts <strong>{formatDays(totals.runway.days)}</strong>
          </span>
        )}
        {totals.spend24h !== null && <span> · spent {formatMoney(totals.spend24h, totals.currency)} in 24 h</span>}
        {left.length > 0 && <span className="muted small"> ({left.join(', ')})</span>}
      </p>
      {attention.length > 0 ? (
        <div className="headline-attention" data-testid="attention">
          <span>
            {attention.length} need{attention.length === 1 ? 's' : ''} attention:
          </span>
          <ul aria-label="Needs attention">
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
            {onlyAttention ? `Show all ${report.accounts.length}` : 'Show only these'}
          </button>
        </div>
      ) : (
        report.accounts.length > 0 && <p className="muted headline-attention">All accounts are well.</p>
      )}
    </section>
  );
}
