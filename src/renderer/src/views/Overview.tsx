import { useState } from 'react';
import type { AccountStatus, OverviewCard } from '../../../shared/ipc.ts';
import type { ProviderInfo } from '../../../shared/domain.ts';
import { call } from '../api.ts';
import { CapBar } from '../components/CapBar.tsx';
import { Empty, ErrorNote } from '../components/Empty.tsx';
import { Sparkline } from '../components/Sparkline.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import {
  formatAmount,
  formatDayRange,
  formatDays,
  formatDateTime,
  formatIn,
  formatMoney,
  formatRelative,
  isCurrencyUnit,
} from '../lib/format.ts';
import { useApp } from '../store/app.ts';
import { routeHref } from '../store/route.ts';
import { alertText } from '../lib/alerts.ts';

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
  const { totals } = overview.status;
  const items: Array<[string, string, string?]> = [
    [
      'Total balance',
      formatMoney(totals.value, totals.currency),
      totals.unvalued
        ? `plus ${totals.unvalued} account${totals.unvalued === 1 ? '' : 's'} without a money value`
        : undefined,
    ],
    ['Burn per day', formatMoney(totals.burnPerDay, totals.currency)],
    ['Spent in the last 24 h', formatMoney(totals.spend24h, totals.currency)],
    ['Accounts', String(overview.status.accounts.length), needsAttention(overview.status.accounts)],
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

function needsAttention(accounts: AccountStatus[]): string | undefined {
  const n = accounts.filter((a) => a.state !== null && a.state !== 'ok').length;
  return n ? `${n} need${n === 1 ? 's' : ''} attention` : undefined;
}

function AccountCard({
  status,
  card,
  provider,
  now,
}: {
  status: AccountStatus;
  card: OverviewCard | null;
  provider: ProviderInfo | null;
  now: number;
}) {
  const unit = status.balance?.unit ?? null;
  const state = card?.lastState ?? status.state;
  const range = formatDayRange(status.runway.low, status.runway.high);
  return (
    <li
      className={`card${card?.stale ? ' is-stale' : ''}`}
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
        <StateBadge state={state} title={card?.lastMessage} />
      </div>

      <div className="card-balance">
        <span className="balance" data-testid="balance">
          {formatAmount(status.balance)}
        </span>
        {status.value && !(isCurrencyUnit(unit) && unit === status.value.currency) && (
          <span className="muted">≈ {formatMoney(status.value.amount, status.value.currency)}</span>
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
            title={
              status.runway.zeroAt
                ? `Runs out around ${formatDateTime(status.runway.zeroAt)}`
                : (status.runway.reason ?? undefined)
            }
          >
            {status.runway.days === null ? '—' : formatDays(status.runway.days)}
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
          fraction={status.cap.fraction}
          resetAt={status.cap.resetAt}
          unit={unit}
          now={now}
        />
      )}

      {card && (
        <Sparkline t={card.sparkline.t} v={card.sparkline.v} label={`${status.label}: balance over the last 7 days`} />
      )}

      {status.alerts.length > 0 && (
        <ul className="card-alerts">
          {status.alerts.slice(0, 2).map((a) => (
            <li key={a.kind} className={`alert-line sev-${a.severity}`}>
              {alertText(a.message)}
            </li>
          ))}
        </ul>
      )}

      <div className="card-foot">
        {card?.stale ? (
          <span className="stale" title="No reading for much longer than the poll interval">
            Stale · last reading {formatRelative(card.lastReadingAt, now)}
          </span>
        ) : (
          <span className="muted small">Updated {formatRelative(card?.lastReadingAt ?? status.balanceAt, now)}</span>
        )}
      </div>
    </li>
  );
}
