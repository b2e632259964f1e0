import { useState } from 'react';
import { call } from '../api.ts';
import { formatRelative } from '../lib/format.ts';
import { useApp } from '../store/app.ts';
import { useRoute } from '../store/route.ts';
import { t } from '../lib/i18n.ts';

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
    <div className="banner banner-demo" role="note" aria-label={t('banner.demo.label')}>
      <span>
        <strong>{t('banner.demo.title')}</strong> {t('banner.demo.text')}
      </span>
      <button type="button" onClick={leave} disabled={busy}>
        {t('banner.demo.leave')}
      </button>
      {error && <span role="alert"> {error}</span>}
    </div>
  );
}

/** Polls are failing for network reasons: say so, and that what is shown is saved history. */
export function OfflineBanner() {
  const offline = useApp((s) => s.overview?.offline ?? null);
  const now = useApp((s) => s.now);
  if (!offline) return null;
  return (
    <div className="banner banner-offline" role="status">
      <strong>{t('banner.offline.title')}</strong>{' '}
      {t('banner.offline.text', { since: formatRelative(offline.since, now) })}
    </div>
  );
}

/**
 * The OS keychain will not give keys (locked, or no keyring running): say so, say that
 * nothing is polled meanwhile, and that the history shown is intact.
 */
export function KeychainBanner() {
  const keychain = useApp((s) => s.poller?.keychain ?? null);
  if (!keychain) return null;
  return (
    <div className="banner banner-error" role="alert" aria-label={t('banner.keychain.label')}>
      <strong>{t('banner.keychain.title')}</strong> {t('banner.keychain.text')}{' '}
      <span className="muted">{keychain.message}</span>
    </div>
  );
}

/** The database could not be used at start-up and was moved aside (never deleted): say where it went. */
export function MovedAsideBanner() {
  const movedAside = useApp((s) => s.info?.movedAside ?? null);
  const [dismissed, setDismissed] = useState(false);
  if (!movedAside || dismissed) return null;
  return (
    <div className="banner banner-error" role="alert" aria-label={t('banner.movedAside.label')}>
      <span>
        <strong>{t('banner.movedAside.title')}</strong> {t('banner.movedAside.text', { reason: movedAside.reason })}{' '}
        <code>{movedAside.to}</code>
        {t('banner.movedAside.after')}
      </span>
      <button type="button" onClick={() => setDismissed(true)}>
        {t('alerts.dismiss')}
      </button>
    </div>
  );
}

/** A note about something just done, on the view it concerns, until dismissed or left. */
export function FlashBanner() {
  const note = useApp((s) => s.flashNote);
  const route = useRoute((s) => s.route);
  if (!note) return null;
  if (note.accountId !== null && !(route.name === 'account' && route.id === note.accountId)) return null;
  return (
    <div className={`banner banner-flash tone-${note.tone}`} role="status" data-testid="flash">
      <span>{note.text}</span>
      <button type="button" onClick={() => useApp.getState().flash(null)} aria-label={t('alerts.dismiss')}>
        ×
      </button>
    </div>
  );
}
