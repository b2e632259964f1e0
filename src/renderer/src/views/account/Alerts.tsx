import { ErrorNote } from '../../components/Empty.tsx';
import { AlertList } from '../../components/AlertList.tsx';
import { ActiveAlertList, SnoozeMenu } from '../../components/AlertActions.tsx';
import { useApi } from '../../lib/use-api.ts';
import { useState } from 'react';

/** The account's alerts: those on now, with what can be done about each; then the history. */
export function AccountAlerts({ accountId }: { accountId: string }) {
  const active = useApi('alerts:active', { accountId });
  const alerts = useApi('alerts:list', { accountId, limit: 30 });
  const [error, setError] = useState<string | null>(null);
  if (alerts.error || active.error) return <ErrorNote error={alerts.error ?? active.error} />;
  if (!alerts.data || !active.data) return <p className="muted">Loading…</p>;
  return (
    <div className="account-alerts">
      <div className="panel-head">
        <h3>On now</h3>
        {active.data.alerts.some((a) => a.quiet === null) && (
          <SnoozeMenu accountId={accountId} label="Snooze all" onError={setError} />
        )}
      </div>
      <ActiveAlertList alerts={active.data.alerts} />
      <ErrorNote error={error} />
      <h3>History</h3>
      {alerts.data.alerts.length === 0 ? (
        <p className="muted">No alerts for this account.</p>
      ) : (
        <AlertList alerts={alerts.data.alerts} />
      )}
    </div>
  );
}
