import { useState } from 'react';
import type { AccountStatus, OverviewCard } from '../../../../shared/ipc.ts';
import type { ProviderInfo } from '../../../../shared/domain.ts';
import { call } from '../../api.ts';
import { HealthMark } from '../../components/HealthBadge.tsx';
import { formatAmount, formatClock, formatDays, formatIn } from '../../lib/format.ts';
import { healthLabel } from '../../lib/health.ts';
import { routeHref } from '../../store/route.ts';
import { t } from '../../lib/i18n.ts';

type SortKey = 'health' | 'balance' | 'burn' | 'runway';

/** The sortable columns, each called `table.column.<key>` in the catalogs. */
const COLUMNS: SortKey[] = ['health', 'balance', 'burn', 'runway'];

/**
 * What a column sorts by, from core's figures: health by the one urgency order; balance and
 * burn by their money value (USD), so credits and yuan sort with dollars; runway by days.
 * Unknown figures sort last whichever way.
 */
function sortValue(key: SortKey, s: AccountStatus, rank: number): number | null {
  switch (key) {
    case 'health':
      return rank;
    case 'balance':
      return s.valueUsd === null ? null : Number(s.valueUsd);
    case 'burn':
      return s.burn.perDayUsd === null || s.burn.perDayUsd === undefined ? null : Number(s.burn.perDayUsd);
    case 'runway':
      return s.runway.days;
  }
}

/** The compact view for many accounts: one row each, sortable by health, balance, burn and runway. */
export function AccountTable({
  accounts,
  order,
  cards,
  providers,
}: {
  accounts: AccountStatus[];
  order: string[];
  cards: OverviewCard[];
  providers: ProviderInfo[];
}) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'health', descending: false });
  const rank = new Map(order.map((id, i) => [id, i]));
  // Ties (and unknown figures, always last) keep the order of urgency.
  const urgency = (a: AccountStatus, b: AccountStatus) => (rank.get(a.id) ?? 1e9) - (rank.get(b.id) ?? 1e9);
  const rows = [...accounts].sort((a, b) => {
    const va = sortValue(sort.key, a, rank.get(a.id) ?? 1e9);
    const vb = sortValue(sort.key, b, rank.get(b.id) ?? 1e9);
    if (va === null || vb === null) return va === vb ? urgency(a, b) : va === null ? 1 : -1;
    return (sort.descending ? vb - va : va - vb) || urgency(a, b);
  });
  const choose = (key: SortKey) =>
    setSort((s) =>
      s.key === key ? { key, descending: !s.descending } : { key, descending: key === 'balance' || key === 'burn' },
    );
  const ariaSort = (key: SortKey) =>
    sort.key === key ? (sort.descending ? 'descending' : 'ascending') : ('none' as const);
  return (
    <div className="table-wrap">
      <table className="accounts-table" data-testid="accounts-table">
        <caption className="visually-hidden">
          {sort.key === 'health'
            ? t('table.captionUrgent')
            : t('table.captionBy', { column: t(`table.column.${sort.key}`) })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('readings.account')}</th>
            {COLUMNS.map((c) => (
              <th key={c} scope="col" aria-sort={ariaSort(c)} className={c === 'health' ? '' : 'num'}>
                <button type="button" className="sort-button" onClick={() => choose(c)}>
                  {t(`table.column.${c}`)}
                  <span aria-hidden="true">{sort.key === c ? (sort.descending ? ' ↓' : ' ↑') : ''}</span>
                </button>
              </th>
            ))}
            <th scope="col">{t('table.whatToDo')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => {
            const card = cards.find((c) => c.accountId === s.id) ?? null;
            const action = card?.action ?? null;
            const provider = providers.find((p) => p.id === s.provider);
            return (
              <tr key={s.id} data-account={s.id} data-health={s.health.level}>
                <th scope="row" className="account">
                  <a href={routeHref({ name: 'account', id: s.id })}>{s.label}</a>
                  <span className="muted small"> {provider?.name ?? s.provider}</span>
                </th>
                <td>
                  <HealthMark health={s.health} /> {healthLabel(s.health.level)}
                </td>
                <td className={`num nowrap${s.stale ? ' stale-figure' : ''}`}>{formatAmount(s.balance)}</td>
                <td className="num nowrap">
                  {s.burn.perDay !== null ? `${formatIn(s.burn.perDay, s.burn.unit)}` : '—'}
                </td>
                <td className="num nowrap">
                  {formatDays(s.runway.days)}
                  {s.runway.cause === 'pack_expiry' && <span className="muted small"> · {t('card.packExpires')}</span>}
                </td>
                <td className="small">
                  {action?.kind === 'replace_key' && (
                    <a href={routeHref({ name: 'account-form', id: s.id, focus: 'key' })}>{t('failed.replaceKey')}</a>
                  )}
                  {action?.kind === 'top_up' &&
                    (action.billing ? (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => void call('app:openBilling', { provider: s.provider }).catch(() => undefined)}
                      >
                        {t('failed.topUp')} ↗
                      </button>
                    ) : (
                      t('failed.topUp')
                    ))}
                  {action?.kind === 'retry' &&
                    (action.at ? t('failed.retryingAt', { time: formatClock(action.at) }) : t('failed.retryingSoon'))}
                  {action?.kind === 'cap_reset' &&
                    (action.at ? t('table.capResetsAt', { time: formatClock(action.at) }) : t('cap.reached'))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
