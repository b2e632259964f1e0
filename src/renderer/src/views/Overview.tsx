import { useState } from 'react';
import type { StatusReport } from '../../../shared/ipc.ts';
import { call } from '../api.ts';
import { Empty, ErrorNote } from '../components/Empty.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useApp } from '../store/app.ts';
import { routeHref } from '../store/route.ts';
import { AccountCard } from './overview/AccountCard.tsx';
import { FailedCard } from './overview/FailedCard.tsx';
import { Headline } from './overview/Headline.tsx';
import { AccountTable } from './overview/AccountTable.tsx';
import { t } from '../lib/i18n.ts';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

type Layout = 'cards' | 'table';
const LAYOUT_KEY = 'burnrate.overview.layout';

function storedLayout(): Layout {
  try {
    return window.localStorage.getItem(LAYOUT_KEY) === 'table' ? 'table' : 'cards';
  } catch {
    return 'cards';
  }
}

/**
 * Every account at a glance, most urgent first: the headline (what runs out next, when and
 * why; how long the money held lasts; who needs attention), then the accounts as cards — a
 * failed one compact, with what to do — or as a table for many accounts. The order is core's
 * one order of urgency (status totals.order).
 */
export function Overview() {
  const overview = useApp((s) => s.overview);
  const providers = useApp((s) => s.providers);
  const now = useApp((s) => s.now);
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [layout, setLayoutState] = useState<Layout>(storedLayout);
  const [onlyAttention, setOnlyAttention] = useState(false);
  const setLayout = (next: Layout) => {
    setLayoutState(next);
    try {
      window.localStorage.setItem(LAYOUT_KEY, next);
    } catch {
      // A window without storage keeps the choice until it closes.
    }
  };

  const refreshAll = () => {
    setRefreshing(true);
    setError(null);
    call('poller:refresh', {})
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setRefreshing(false));
  };

  const report = overview?.status ?? null;
  const rank = new Map((report?.totals.order ?? []).map((id, i) => [id, i]));
  const attention = new Set(report?.totals.attention ?? []);
  const filtering = onlyAttention && attention.size > 0;
  const shown = report
    ? [...report.accounts]
        .filter((a) => !filtering || attention.has(a.id))
        .sort((a, b) => (rank.get(a.id) ?? 1e9) - (rank.get(b.id) ?? 1e9))
    : [];

  return (
    <section aria-labelledby="overview-title" className="overview">
      <header className="view-header">
        <h1 id="overview-title" tabIndex={-1}>
          {t('nav.overview')}
        </h1>
        <div className="view-actions">
          {report && report.accounts.length > 0 && (
            <div className="segmented" role="group" aria-label={t('overview.showAs')}>
              <button type="button" aria-pressed={layout === 'cards'} onClick={() => setLayout('cards')}>
                {t('overview.cards')}
              </button>
              <button type="button" aria-pressed={layout === 'table'} onClick={() => setLayout('table')}>
                {t('overview.table')}
              </button>
            </div>
          )}
          <button type="button" className="button" onClick={refreshAll} disabled={refreshing}>
            {refreshing ? t('common.refreshing') : t('overview.refreshAll')}
          </button>
        </div>
      </header>
      <ErrorNote error={error} />
      {!overview || !report ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <>
          <Headline report={report} now={now} onlyAttention={filtering} setOnlyAttention={setOnlyAttention} />
          <SharedBalanceSuggestions report={report} />
          {report.accounts.length === 0 ? (
            <Empty title={t('overview.noAccounts')}>
              <a href={routeHref({ name: 'account-form', id: null })}>{t('firstRun.add')}</a> {t('overview.toStart')}
            </Empty>
          ) : layout === 'table' ? (
            <AccountTable accounts={shown} order={report.totals.order} cards={overview.cards} providers={providers} />
          ) : (
            <ul className="cards" aria-label={filtering ? t('overview.accountsAttention') : t('nav.accounts')}>
              {shown.map((status) => {
                const card = overview.cards.find((c) => c.accountId === status.id) ?? null;
                const provider = providers.find((p) => p.id === status.provider) ?? null;
                return card?.action ? (
                  <FailedCard key={status.id} status={status} card={card} action={card.action} provider={provider} />
                ) : (
                  <AccountCard
                    key={status.id}
                    status={status}
                    card={card}
                    provider={provider}
                    now={now}
                    labelOf={(id) => report.accounts.find((a) => a.id === id)?.label ?? id}
                  />
                );
              })}
            </ul>
          )}
          <p className="muted small">{t('overview.asOf', { at: formatDateTime(report.generatedAt) })}</p>
        </>
      )}
    </section>
  );
}

/** Accounts that look like one shared balance: offered, linked only when the person says so. */
function SharedBalanceSuggestions({ report }: { report: StatusReport }) {
  const [error, setError] = useState<string | null>(null);
  const providers = useApp((s) => s.providers);
  const labelOf = (id: string) => report.accounts.find((a) => a.id === id)?.label ?? id;
  if (report.sharedBalanceSuggestions.length === 0) return null;
  return (
    <div className="note suggestions" role="region" aria-label={t('overview.suggestions')}>
      {report.sharedBalanceSuggestions.map((s) => (
        <p key={`${s.accountId}-${s.sharesBalanceWith}`} data-testid="shared-suggestion">
          {t('overview.sharedSuggestion', {
            newer: labelOf(s.accountId),
            older: labelOf(s.sharesBalanceWith),
            provider: providers.find((p) => p.id === s.provider)?.name ?? s.provider,
          })}{' '}
          <button
            type="button"
            className="button"
            onClick={() =>
              void call('accounts:update', { id: s.accountId, sharesBalanceWith: s.sharesBalanceWith }).catch(
                (e: unknown) => setError(errorText(e)),
              )
            }
          >
            {t('overview.linkThem')}
          </button>
        </p>
      ))}
      <ErrorNote error={error} />
    </div>
  );
}
