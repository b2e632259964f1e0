import { create } from 'zustand';

/** Where the window is. Kept in location.hash so reloads and deep links land in place. */
export type Route =
  | { name: 'overview' }
  | { name: 'account'; id: string; range?: string }
  | { name: 'history' }
  | { name: 'settings' }
  | { name: 'account-form'; id: string | null; focus?: 'key' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'account':
      // #/account/<id>[/<range>]: a deep link can open a chart range (24h, 7d, 30d, 90d, 1y, all).
      if (!parts[1]) return { name: 'overview' };
      return parts[2] ? { name: 'account', id: parts[1], range: parts[2] } : { name: 'account', id: parts[1] };
    case 'history':
      return { name: 'history' };
    case 'settings':
      // #/settings/accounts/<id>[/key]: "/key" opens the form on replacing its key (a failed card's "Replace key").
      if (parts[1] === 'accounts' && parts[2])
        return parts[3] === 'key' && parts[2] !== 'new'
          ? { name: 'account-form', id: parts[2], focus: 'key' }
          : { name: 'account-form', id: parts[2] === 'new' ? null : parts[2] };
      return { name: 'settings' };
    default:
      return { name: 'overview' };
  }
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'overview':
      return '#/';
    case 'account':
      return `#/account/${encodeURIComponent(route.id)}${route.range ? `/${encodeURIComponent(route.range)}` : ''}`;
    case 'history':
      return '#/history';
    case 'settings':
      return '#/settings';
    case 'account-form':
      return `#/settings/accounts/${route.id === null ? 'new' : encodeURIComponent(route.id)}${route.focus === 'key' ? '/key' : ''}`;
  }
}

interface RouteStore {
  route: Route;
  navigate(route: Route): void;
}

export const useRoute = create<RouteStore>()((set) => ({
  route: parseRoute(window.location.hash),
  navigate(route) {
    const href = routeHref(route);
    if (window.location.hash !== href) window.location.hash = href;
    else set({ route });
  },
}));

window.addEventListener('hashchange', () => useRoute.setState({ route: parseRoute(window.location.hash) }));
