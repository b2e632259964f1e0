import { useState } from 'react';
import { call } from '../api.ts';
import { formatRelative } from '../lib/format.ts';
import { useApp } from '../store/app.ts';
import { useRoute } from '../store/route.ts';

/** Shown on every view while the demo runs, so made-up figures are never mistaken for real ones. */
export function DemoBanner() {
  const demo = useApp((s) => s.info?.demo ?? false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!demo) return null;
  const leave = () => {
    setBusy(true);
    call('demo:stop', undefined).then(
      (info) => {
        useApp.setState({ info });
        useRoute.getState().navigate({ name: 'overview' });
      },
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };
  return (
    <div className="banner banner-demo" role="note" aria-label="Demo mode">
      <span>
        <strong>Demo data.</strong> Made-up accounts read from a fake provider on this computer; your own accounts and
        keychain are untouched.
      </span>
      <button type="button" onClick={leave} disabled={busy}>
        Leave demo
      </button>
      {error && <span role="alert"> {error}</span>}
    </div>
  );
}

/** Polls are failing for network reasons: say so, and that what is shown is saved history. */
export function OfflineBanner() {
  const offline = useApp((s) => s.overview?.offline ?? s.poller?.offline ?? null);
  const now = useApp((s) => s.now);
  if (!offline) return null;
  return (
    <div className="banner banner-offline" role="status">
      <strong>Offline.</strong> Providers have not been reachable since {formatRelative(offline.since, now)}. Everything
      shown comes from your saved history; polling resumes by itself.
    </div>
  );
}
