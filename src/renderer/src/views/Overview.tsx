import { useState } from 'react';
import type { AccountStatus, OverviewCard, StatusReport } from '../../../shared/ipc.ts';
import type { ProviderInfo } from '../../../shared/domain.ts';
import { call } from '../api.ts';
import { CapBar } from '../components/CapBar.tsx';
import { Empty, ErrorNote } from '../components/Empty.tsx';
import { Sparkline } from '../components/Sparkline.tsx';
import { HealthBadge } from '../components/HealthBadge.tsx';
import {
  formatAmount,
  formatDayRange,
  formatDays,
  formatDateTime,
  formatIn,
  formatMoney,
  formatProvenance,
  formatWhen,
  isCurrencyUnit,
} from '../lib/format.ts';
import { useApp } from '../store/app.ts';
import { routeHref } from '../store/route.ts';
import { alertText } from '../lib/alerts.ts';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Every account at a glance, with the totals across them on top. */
export function Overview() {
  const overview = useApp((s) => s.overview);
  const providers = useApp((s) => s.providers);
  const now = useApp((s) => s.now);
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const refreshAll = () => {
    setRefreshing(true);
    setError(null);
    call('poller:refresh', {})
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setRefreshing(false));
  };

  return (
    <section aria-labelledby="overview-title">
      <header className="view-header">
        <h1 id="overview-title" tabIndex={-1}>
          Overview
        </h1>
        <button type="button" className="button" onClick={refreshAll} disabled={refreshing}>
          {refreshing ? 'Refreshing…' : 'Refresh all'}
        </button>
      </header>
      <ErrorNote error={error} />
      {!overview ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <Totals />
          <SharedBalanceSuggestions report={overview.status} />
          {overview.status.accounts.length === 0 ? (
            <Empty title="No accounts">
              <a href={routeHref({ name: 'account-form', id: null })}>Add an account</a> to start watching it.
            </Empty>
          ) : (
            <ul className="cards" aria-label="Accounts">
              {overview.status.accounts.map((status) => (
                <AccountCard
                  key={status.id}
                  status={status}
                  card={overview.cards.find((c) => c.accountId === status.id) ?? null}
                  provider={providers.find((p) => p.id === status.provider) ?? null}
                  now={now}
                  labelOf={(id) => overview.status.accounts.find((a) => a.id === id)?.label ?? id}
                />
              ))}
            </ul>
          )}
          <p className="muted small">Figures as of {formatDateTime(overview.status.generatedAt)}.</p>
        </>
      )}
    </section>
  );
}

function Totals() {
  const overview = useApp((s) => s.overview)!;
  const now = useApp((s) => s.now);
  const { totals } = overview.status;
  const labelOf = (id: string) => overview.status.accounts.find((a) => a.id === id)?.label ?? id;
  const left: string[] = [];
  if (totals.unvalued)
    left.push(`plus ${totals.unvalued} account${totals.unvalued === 1 ? '' : 's'} without a money value`);
  if (totals.postpaid)
    left.push(
      `${totals.postpaid} postpaid account${totals.postpaid === 1 ? '' : 's'} left out (credit, not money held)`,
    );
  if (totals.sharedCountedOnce)
    left.push(`${totals.sharedCountedOnce} shared balance${totals.sharedCountedOnce === 1 ? '' : 's'} counted once`);
  const next = totals.nextToRunOut;
  const attention = totals.attention.length;
  const items: Array<[string, string, string?]> = [
    ['Total balance', formatMoney(totals.value, totals.currency), left.join(' · ') || undefined],
    ['Burn per day', formatMoney(totals.burnPerDay, totals.currency)],
    ['Spent in the last 24 h', formatMoney(totals.spend24h, totals.currency)],
    [
      'Accounts',
      String(overview.status.accounts.length),
      attention ? `${attention} need${attention === 1 ? 's' : ''} attention` : undefined,
    ],
    [
      'Next to run out',
      next ? labelOf(next.id) : '—',
      next
        ? `${formatWhen(next.zeroAt, now)}${next.cause === 'pack_expiry' ? ' · when a pack expires' : ''}`
        : undefined,
    ],
  ];
  return (
    <dl className="totals" aria-label="Totals">
      {items.map(([label, value, note]) => (
        <div key={label} className="total">
          <dt>{label}</dt>
          <dd>
            <span className="total-value">{value}</span>
            {note && <span className="muted small">{note}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Accounts that look like one shared balance: offered, linked only when the person says so. */
function SharedBalanceSuggestions({ report }: { report: StatusReport }) {
  const [error, setError] = useState<string | null>(null);
  if (report.sharedBalanceSuggestions.length === 0) return null;
  return (
    <div className="note suggestions" role="region" aria-label="Suggestions">
      {report.sharedBalanceSuggestions.map((s) => (
        <p key={`${s.accountId}-${s.sharesBalanceWith}`} data-testid="shared-suggestion">
          {s.message}.{' '}
          <button
            type="button"
            className="button"
            onClick={() =>
              void call('accounts:update', { id: s.accountId, sharesBalanceWith: s.sharesBalanceWith }).catch(
                (e: unknown) => setError(errorText(e)),
              )
            }
          >
            Link them
          </button>
        </p>
      ))}
      <ErrorNote error={error} />
    </div>
  );
}

function AccountCard({
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
  const reasons = status.health.reasons.filter((r) => r.severity !== 'paused');
  return (
    <li
      className={`card${status.stale ? ' is-stale' : ''}`}
      data-health={status.health.level}
      data-account={status.id}
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

      <div className={`card-balance${status.stale ? ' stale-figure' : ''}`}>
        {postpaid ? (
          <>
            <span className="balance" data-testid="balance">
              {formatAmount(postpaid.creditLeft)}
            </span>
            <span className="muted" data-testid="postpaid">
              credit left of the limit (postpaid, billed monthly) · this cycle{' '}
              {formatIn(postpaid.spendThisCycle, postpaid.creditLeft.unit)}
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
            shares {labelOf(status.sharesBalanceWith)}’s balance
            {status.countedInTotals ? '' : ' · counted once in the totals'}
          </span>
        )}
      </div>

      <dl className="card-stats">
        <div>
          <dt>Last 24 h</dt>
          <dd>{card?.spend24h ? formatAmount(card.spend24h) : '—'}</dd>
        </div>
        <div>
          <dt>Burn</dt>
          <dd>{status.burn.perDay !== null ? `${formatIn(status.burn.perDay, status.burn.unit)}/day` : '—'}</dd>
        </div>
        <div>
          <dt>Runway</dt>
          <dd
            data-testid="runway"
            data-cause={status.runway.cause ?? 'none'}
            title={
              status.runway.zeroAt
                ? `Runs out around ${formatDateTime(status.runway.zeroAt)}${lost && lost.amount !== '0' ? ` after ${formatIn(lost.amount, lost.unit)} expire unused` : ''}`
                : (status.runway.reason ?? undefined)
            }
          >
            {status.runway.days === null ? '—' : formatDays(status.runway.days)}
            {status.runway.cause === 'pack_expiry' && <span className="muted small"> · a pack expires</span>}
            {range && <span className="muted small"> (likely {range})</span>}
          </dd>
        </div>
      </dl>

      {card?.buys && (
        <p className="card-buys small" title="What the balance buys, at the first price known for this account">
          {card.buys.text}
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
        <Sparkline t={card.sparkline.t} v={card.sparkline.v} label={`${status.label}: balance over the last 7 days`} />
      )}

      {reasons.length > 0 && (
        <ul className="card-alerts" aria-label="Health">
          {reasons.slice(0, 2).map((r, i) => (
            <li key={`${r.kind}-${i}`} className={`alert-line sev-${r.severity === 'stale' ? 'warning' : r.severity}`}>
              {alertText(r.message)}
            </li>
          ))}
        </ul>
      )}

      <div className="card-foot" data-testid="provenance">
        {status.stale ? (
          <span className="stale" title="Older than three polls: these figures are not current">
            Stale · {provenance ?? 'no reading yet'}
          </span>
        ) : (
          <span className="muted small">{provenance ?? 'No reading yet'}</span>
        )}
      </div>
    </li>
  );
}
