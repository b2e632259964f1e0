import { ErrorNote } from '../../components/Empty.tsx';
import { ReadingsTable } from '../../components/ReadingsTable.tsx';
import { useApi } from '../../lib/use-api.ts';
import { t } from '../../lib/i18n.ts';

export function RecentReadings({ accountId }: { accountId: string }) {
  const page = useApi('history:range', { accountIds: [accountId], limit: 12, offset: 0 });
  if (page.error) return <ErrorNote error={page.error} />;
  if (!page.data) return <p className="muted">{t('common.loading')}</p>;
  if (page.data.rows.length === 0) return <p className="muted">{t('chart.noReadingsYet')}</p>;
  return <ReadingsTable rows={page.data.rows} showAccount={false} caption={t('account.recentReadings')} />;
}
