import { useEffect } from 'react';
import { DemoBanner, FlashBanner, KeychainBanner, MovedAsideBanner, OfflineBanner } from './components/Banners.tsx';
import { HealthMark } from './components/HealthBadge.tsx';
import { useApp, connectEvents } from './store/app.ts';
import { routeHref, useRoute } from './store/route.ts';
import type { Route } from './store/route.ts';
import { Overview } from './views/Overview.tsx';
import { AccountView } from './views/Account.tsx';
import { History } from './views/History.tsx';
import { SettingsView } from './views/Settings.tsx';
import { AccountForm } from './views/AccountForm.tsx';
import { FirstRun } from './views/FirstRun.tsx';
import { t } from './lib/i18n.ts';

/** The window: a sidebar to move between views, banners that hold on every view, the view. */
export function App() {
  const init = useApp((s) => s.init);
  useEffect(() => {
    const off = connectEvents();
    void init();
    return off;
  }, [init]);
  const route = useRoute((s) => s.route);
  const accounts = useApp((s) => s.accounts);
  const info = useApp((s) => s.info);
  const loadError = useApp((s) => s.loadError);

  useEffect(() => {
    document.title = info?.demo ? t('app.demoTitle') : 'Burnrate';
  }, [info?.demo]);

  // Focus the view's heading after moving, so keyboard and screen-reader users land in it.
  // A view that put the focus somewhere itself (a form field it opened) keeps it.
  useEffect(() => {
    const active = document.activeElement;
    if (active instanceof HTMLInputElement && document.querySelector('main')?.contains(active)) return;
    document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
  }, [route]);

  const firstRun = accounts !== null && accounts.length === 0 && !info?.demo && route.name === 'overview';
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Sidebar route={route} />
      <div className="content">
        <DemoBanner />
        <MovedAsideBanner />
        <KeychainBanner />
        <OfflineBanner />
        <FlashBanner />
        {loadError && (
          <div className="banner banner-error" role="alert">
            {t('app.loadError', { error: loadError })}
          </div>
        )}
        <main id="main" tabIndex={-1}>
          {accounts === null && (route.name === 'overview' || route.name === 'account-form') ? (
            <p className="muted loading">{t('common.loading')}</p>
          ) : firstRun ? (
            <FirstRun />
          ) : (
            <View route={route} />
          )}
        </main>
      </div>
    </div>
  );
}

function View({ route }: { route: Route }) {
  switch (route.name) {
    case 'overview':
      return <Overview />;
    case 'account':
      return <AccountView key={route.id} id={route.id} initialRange={route.range} />;
    case 'history':
      return <History />;
    case 'settings':
      return <SettingsView />;
    case 'account-form':
      return <AccountForm id={route.id} focus={route.focus} />;
  }
}

function Sidebar({ route }: { route: Route }) {
  const accounts = useApp((s) => s.accounts);
  const overview = useApp((s) => s.overview);
  const demo = useApp((s) => s.info?.demo ?? false);
  const statusOf = (id: string) => overview?.status.accounts.find((a) => a.id === id) ?? null;
  // The one order of urgency (status totals.order): the account in the worst trouble first.
  const rank = new Map((overview?.status.totals.order ?? []).map((id, i) => [id, i]));
  const ordered = [...(accounts ?? [])].sort((a, b) => (rank.get(a.id) ?? 1e9) - (rank.get(b.id) ?? 1e9));
  const link = (target: Route, text: string, current: boolean) => (
    <a href={routeHref(target)} aria-current={current ? 'page' : undefined} className="nav-link">
      {text}
    </a>
  );
  return (
    <nav className="sidebar" aria-label={t('nav.main')}>
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Burnrate
        {demo && <span className="chip chip-demo">{t('app.demo')}</span>}
      </div>
      {link({ name: 'overview' }, t('nav.overview'), route.name === 'overview')}
      {link({ name: 'history' }, t('nav.history'), route.name === 'history')}
      {link({ name: 'settings' }, t('nav.settings'), route.name === 'settings' || route.name === 'account-form')}
      {accounts && accounts.length > 0 && (
        <>
          <h2 className="nav-heading">{t('nav.accounts')}</h2>
          <ul className="nav-accounts">
            {ordered.map((a) => (
              <li key={a.id}>
                <a
                  href={routeHref({ name: 'account', id: a.id })}
                  aria-current={route.name === 'account' && route.id === a.id ? 'page' : undefined}
                  className="nav-link nav-account"
                >
                  <HealthMark health={statusOf(a.id)?.health ?? null} />
                  <span className="nav-account-label">{a.label}</span>
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </nav>
  );
}
