import type { HistoryRow } from '../../../shared/ipc.ts';
import { formatAmount, formatDateTime } from '../lib/format.ts';
import { routeHref } from '../store/route.ts';
import { StateBadge } from './StateBadge.tsx';
import { t } from '../lib/i18n.ts';

/** Readings, newest first, each figure as every other view shows it. */
export function ReadingsTable({
  rows,
  showAccount,
  caption,
}: {
  rows: HistoryRow[];
  showAccount: boolean;
  caption: string;
}) {
  return (
    <div className="table-wrap">
      <table className="readings">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('readings.time')}</th>
            {showAccount && <th scope="col">{t('readings.account')}</th>}
            <th scope="col">{t('readings.state')}</th>
            <th scope="col" className="num">
              {t('readings.balance')}
            </th>
            <th scope="col" className="num">
              HTTP
            </th>
            <th scope="col">{t('readings.message')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.accountId}-${r.at}`}>
              <td className="nowrap">
                <time dateTime={r.at}>{formatDateTime(r.at, true)}</time>
              </td>
              {showAccount && (
                <td className="account" title={r.accountLabel}>
                  <a href={routeHref({ name: 'account', id: r.accountId })}>{r.accountLabel}</a>
                </td>
              )}
              <td>
                <StateBadge state={r.state} />
              </td>
              <td className="num nowrap">{formatAmount(r.balance)}</td>
              <td className="num">{r.httpStatus ?? '—'}</td>
              <td className="message" title={r.message ?? undefined}>
                {r.message ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
