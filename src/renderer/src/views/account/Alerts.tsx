import { ErrorNote } from '../../components/Empty.tsx';
import { AlertList } from '../../components/AlertList.tsx';
import { useApi } from '../../lib/use-api.ts';

export function AccountAlerts({ accountId }: { accountId: string }) {
  const alerts = useApi('alerts:list', { accountId, limit: 30 });
  if (alerts.error) return <ErrorNote error={alerts.error} />;
  if (!alerts.data) return <p className="muted">Loading…</p>;
  if (alerts.data.alerts.length === 0) return <p className="muted">No alerts for this account.</p>;
  return <AlertList alerts={alerts.data.alerts} />;
}
