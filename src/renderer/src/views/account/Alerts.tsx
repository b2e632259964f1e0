import { ErrorNote } from '../../components/Empty.tsx';
import { AlertList } from '../../components/AlertList.tsx';
import { ActiveAlertList, SnoozeMenu } from '../../components/AlertActions.tsx';
import { useApi } from '../../lib/use-api.ts';
import { useState } from 'react';
import { t } from '../../lib/i18n.ts';

/** The account's alerts: those on now, with what can be done about each; then the history. */
export function AccountAlerts({ accountId }: { accountId: string }) {
  const active = useApi('alerts:active', { accountId });
  const alerts = useApi('alerts:list', { accountId, limit: 30 });
  const [error, setError] = useState<string | null>(null);
  if (alerts.error || active.error) return <ErrorNote error={alerts.error ?? active.error} />;
  if (!alerts.data || !active.data) return <p className="muted">{t('common.loading')}</p>;
  return (
    <div className="account-alerts">
      <div className="panel-head">
        <h3>{t('account.alerts.onNow')}</h3>
        {active.data.alerts.some((a) => a.quiet === null) && (
          <SnoozeMenu accountId={accountId} label={t('account.alerts.snoozeAll')} onError={setError} />
        )}
      </div>
      <ActiveAlertList alerts={active.data.alerts} />
      <ErrorNote error={error} />
      <h3>{t('nav.history')}</h3>
      {alerts.data.alerts.length === 0 ? (
        <p className="muted">{t('account.alerts.none')}</p>
      ) : (
        <AlertList alerts={alerts.data.alerts} />
      )}
    </div>
  );
}
