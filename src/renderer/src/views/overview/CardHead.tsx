import type { AccountStatus, OverviewCard } from '../../../../shared/ipc.ts';
import type { ProviderInfo } from '../../../../shared/domain.ts';
import { HealthBadge } from '../../components/HealthBadge.tsx';
import { routeHref } from '../../store/route.ts';

/** A card's head: the account's name (a link to its view, naming the card), its provider and its health. */
export function CardHead({
  status,
  card,
  provider,
}: {
  status: AccountStatus;
  card: OverviewCard | null;
  provider: ProviderInfo | null;
}) {
  return (
    <div className="card-head">
      <div className="card-title">
        <a id={`card-${status.id}`} href={routeHref({ name: 'account', id: status.id })} className="card-link">
          {status.label}
        </a>
        <span className="muted small">{provider?.name ?? status.provider}</span>
      </div>
      <HealthBadge health={status.health} state={card?.lastState ?? status.state} />
    </div>
  );
}
