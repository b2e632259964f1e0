import { useEffect, useState } from 'react';
import { call } from '../api.ts';
import { ErrorNote } from '../components/Empty.tsx';
import { RANGES, RangePicker } from '../components/RangePicker.tsx';
import type { RangeId } from '../components/RangePicker.tsx';
import { HealthBadge } from '../components/HealthBadge.tsx';
import {
  formatAmount,
  formatDateTime,
  formatDayRange,
  formatDays,
  formatIn,
  formatMoney,
  formatNumber,
  formatProvenance,
  formatRelative,
} from '../lib/format.ts';
import { alertText } from '../lib/alerts.ts';
import { figureReasonText } from '../lib/reasons.ts';
import { useApi } from '../lib/use-api.ts';
import { useApp } from '../store/app.ts';
import { routeHref } from '../store/route.ts';
import { BalancePanel, DailySpendPanel, StatesPanel } from './account/Charts.tsx';
import { CapPacingPanel } from './account/CapPacing.tsx';
import { PacksPanel } from './account/Packs.tsx';
import { RecentReadings } from './account/RecentReadings.tsx';
import { AccountAlerts } from './account/Alerts.tsx';
import { RecordBalance } from './account/RecordBalance.tsx';
import { PricingPanels } from './account/Pricing.tsx';
import { t } from '../lib/i18n.ts';
import { stateLabel } from '../lib/states.ts';

/** One account in depth: its balance over time, spend per day, packs, cap, key and alerts. */
export function AccountView({ id, initialRange }: { id: string; initialRange?: string | undefined }) {
  const detail = useApi('account:detail', { id });
  const known = useApp((s) => s.accounts?.find((a) => a.id === id) ?? null);
  const now = useApp((s) => s.now);
  const [range, setRange] = useState<RangeId>(() => RANGES.find((r) => r.id === initialRange)?.id ?? '30d');
  // The end of the charted range: fixed while you look, moved when a new reading arrives.
  const [anchor, setAnchor] = useState(() => Date.now());
  useEffect(() => useApp.subscribe((s, prev) => s.dataVersion !== prev.dataVersion && setAnchor(Date.now())), []);
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<string | null>(null);
  const [recording, setRecording] = useState(false);

  if (detail.error && !detail.data) {
    return (
      <section>
        <h1 tabIndex={-1}>{t('readings.account')}</h1>
        <ErrorNote error={detail.error} />
        <a href={routeHref({ name: 'overview' })}>{t('account.back')}</a>
      </section>
    );
  }
  // The chart does not wait for the rest of the page: for a fixed range it needs only the
  // account id, so its query runs alongside the page's (only "All" needs the first reading).
  const d = detail.data;
  const account = d?.account ?? known;
  const provider = d?.provider ?? null;
  const status = d?.status ?? null;
  const card = d?.card ?? null;
  const manual = provider?.capabilities.includes('manual') ?? false;
  const spec = RANGES.find((r) => r.id === range)!;
  const first = d ? (d.firstReadingAt ? Date.parse(d.firstReadingAt) : anchor - 24 * 3600_000) : null;
  const from = spec.ms !== null ? anchor - spec.ms : first === null ? null : Math.min(first, anchor - 3600_000);

  const refresh = () => {
    setRefreshing(true);
    setRefreshError(null);
    call('poller:refresh', { accountId: id })
      .then((results) => {
        const r = results[0];
        if (r && r.state !== 'ok') setRefreshError(r.message ?? stateLabel(r.state));
        setAnchor(Date.now());
      })
      .catch((e: unknown) => setRefreshError(e instanceof Error ? e.message : String(e)))
      .finally(() => setRefreshing(false));
  };

  const runwayRange = status ? formatDayRange(status.runway.low, status.runway.high) : null;
  return (
    <section aria-labelledby="account-title" className="account-view">
      <header className="view-header">
        <div>
          <h1 id="account-title" tabIndex={-1}>
            {account?.label ?? t('readings.account')}
          </h1>
          <p className="muted">
            {provider?.name ?? account?.provider ?? '…'}
            {account && !account.enabled && ` · ${t('account.paused')}`}
          </p>
        </div>
        <div className="header-actions">
          <HealthBadge health={status?.health ?? null} state={card?.lastState ?? status?.state ?? null} />
          {manual ? (
            <button
              type="button"
              className="button primary"
              onClick={() => setRecording(!recording)}
              aria-expanded={recording}
            >
              {t('record.submit')}
            </button>
          ) : (
            <button type="button" className="button primary" onClick={refresh} disabled={refreshing}>
              {refreshing ? t('common.refreshing') : t('account.refreshNow')}
            </button>
          )}
          <a className="button" href={routeHref({ name: 'account-form', id })}>
            {t('account.edit')}
          </a>
        </div>
      </header>
      <ErrorNote error={refreshError} />
      {manual && recording && provider && (
        <RecordBalance accountId={id} unit={provider.unit} onDone={() => setRecording(false)} />
      )}
      {card?.lastMessage && card.lastState !== 'ok' && (
        <p className="note">{t('account.lastPoll', { message: card.lastMessage })}</p>
      )}
      {status && status.health.reasons.some((r) => r.severity !== 'paused') && (
        <ul className="card-alerts" aria-label={t('card.health')} data-testid="health-reasons">
          {status.health.reasons
            .filter((r) => r.severity !== 'paused')
            .map((r, i) => (
              <li
                key={`${r.kind}-${i}`}
                className={`alert-line sev-${r.severity === 'stale' ? 'warning' : r.severity}`}
              >
                {alertText(r, now)}
                {r.snoozedUntil ? <span className="muted small"> {t('account.snoozed')}</span> : null}
              </li>
            ))}
        </ul>
      )}

      <dl className="stats">
        <div>
          <dt>{status?.billing === 'postpaid' ? t('account.creditLeft') : t('readings.balance')}</dt>
          <dd className={`big${status?.stale ? ' stale-figure' : ''}`} data-testid="account-balance">
            {formatAmount(status?.balance)}
          </dd>
          {status?.postpaid ? (
            <dd className="muted">
              {t('account.postpaid', {
                spend: formatIn(status.postpaid.spendThisCycle, status.postpaid.creditLeft.unit),
              })}
            </dd>
          ) : (
            status?.value &&
            status.value.currency !== status.balance?.unit && (
              <dd className="muted">≈ {formatMoney(status.value.amount, status.value.currency)}</dd>
            )
          )}
        </div>
        <div>
          <dt>{t('card.burn')}</dt>
          <dd className="big">
            {status && status.burn.perDay !== null
              ? t('card.perDay', { amount: formatIn(status.burn.perDay, status.burn.unit) })
              : '—'}
          </dd>
          {status?.burn.window && <dd className="muted">{t('account.over', { window: status.burn.window })}</dd>}
        </div>
        <div>
          <dt>{t('card.runway')}</dt>
          <dd className="big" data-testid="account-runway" data-cause={status?.runway.cause ?? 'none'}>
            {formatDays(status?.runway.days ?? null)}
          </dd>
          {status?.runway.cause === 'pack_expiry' && <dd className="muted">{t('account.whenPack')}</dd>}
          {status?.runway.expiringBeforeZero && status.runway.expiringBeforeZero.amount !== '0' && (
            <dd className="muted" data-testid="expiring-before-zero">
              {formatIn(status.runway.expiringBeforeZero.amount, status.runway.expiringBeforeZero.unit)}
              {status.runway.expiringBeforeZero.value
                ? ` (${formatMoney(status.runway.expiringBeforeZero.value.amount, status.runway.expiringBeforeZero.value.currency)})`
                : ''}{' '}
              {t('account.expireFirst')}
            </dd>
          )}
          {runwayRange ? (
            <dd className="muted">{t('account.likely', { range: runwayRange })}</dd>
          ) : (
            status?.runway.why && <dd className="muted">{figureReasonText(status.runway.why)}</dd>
          )}
        </div>
        <div>
          <dt>{t('account.lastReading')}</dt>
          <dd className={`big${status?.stale ? ' stale' : ''}`}>{formatRelative(card?.lastReadingAt ?? null, now)}</dd>
          {status && formatProvenance(status, now) && (
            <dd className={status.stale ? 'stale' : 'muted'} data-testid="account-provenance">
              {status.stale ? `${t('account.stale')} · ` : ''}
              {formatProvenance(status, now)}
            </dd>
          )}
          <dd className="muted">
            {d
              ? t('account.readingsSince', {
                  count: d.readingsCount,
                  n: formatNumber(d.readingsCount, 0),
                  since: formatDateTime(d.firstReadingAt),
                })
              : '…'}
          </dd>
        </div>
      </dl>

      <div className="panel">
        <div className="panel-head">
          <h2>{t('readings.balance')}</h2>
          <RangePicker
            value={range}
            onChange={(r) => {
              setRange(r);
              setAnchor(Date.now());
            }}
          />
        </div>
        {from === null ? (
          <div className="chart-placeholder muted">{t('common.loading')}</div>
        ) : (
          <BalancePanel accountId={id} from={from} to={anchor} />
        )}
      </div>

      <div className="grid-2">
        <div className="panel">
          <h2>{t('chart.spendPerDay')}</h2>
          {from === null ? (
            <p className="muted">{t('common.loading')}</p>
          ) : (
            <DailySpendPanel accountId={id} from={Math.min(from, anchor - 7 * 24 * 3600_000)} to={anchor} />
          )}
        </div>
        <div className="panel">
          <h2>{t('account.todaysCap')}</h2>
          <CapPacingPanel cap={status?.cap ?? null} now={now} />
        </div>
      </div>

      <div className="panel">
        <h2>{t('account.packs')}</h2>
        {d ? (
          <PacksPanel
            accountId={id}
            packs={d.packs}
            unit={status?.balance?.unit ?? provider?.unit ?? null}
            now={now}
            onChanged={detail.reload}
          />
        ) : (
          <p className="muted">{t('common.loading')}</p>
        )}
      </div>

      <PricingPanels accountId={id} providerName={provider?.name ?? account?.provider ?? t('account.theProvider')} />

      <div className="grid-2">
        <div className="panel">
          <h2>{t('account.keyState')}</h2>
          {from === null ? (
            <p className="muted">{t('common.loading')}</p>
          ) : (
            <StatesPanel accountId={id} from={from} to={anchor} />
          )}
        </div>
        <div className="panel">
          <h2>{t('account.alertsTitle')}</h2>
          <AccountAlerts accountId={id} />
        </div>
      </div>

      <div className="panel">
        <div className="panel-head">
          <h2>{t('account.recentReadings')}</h2>
          <a href={routeHref({ name: 'history' })}>{t('account.allHistory')}</a>
        </div>
        <RecentReadings accountId={id} />
      </div>
    </section>
  );
}
