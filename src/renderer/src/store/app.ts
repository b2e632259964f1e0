import { create } from 'zustand';
import type { Account, ProviderInfo } from '../../../shared/domain.ts';
import type { AppInfo, OverviewReport, PollerStatus, Settings } from '../../../shared/ipc.ts';
import { call } from '../api.ts';
import { useRoute } from './route.ts';
import { setThemeChoice } from '../lib/theme.ts';
import { applyLocale } from '../lib/i18n.ts';

/**
 * What most views share: who we are (demo or not), the providers, the accounts, the
 * overview figures, settings and the poller's state. Views that need more (charts,
 * history pages) ask for it themselves through useApi and refetch when `dataVersion`
 * moves, which happens whenever core says a reading was stored.
 */
export interface FlashNote {
  /** Shown while this account's view is open (null: on any view). */
  accountId: string | null;
  tone: 'ok' | 'warning';
  text: string;
}

interface AppStore {
  info: AppInfo | null;
  providers: ProviderInfo[];
  accounts: Account[] | null;
  overview: OverviewReport | null;
  settings: Settings | null;
  poller: PollerStatus | null;
  loadError: string | null;
  dataVersion: number;
  /** The clock the relative times use; ticks every 30 s so "3 minutes ago" stays true. */
  now: number;
  /** A one-off note about something just done ("Added main. The key works: balance $41.20"). */
  flashNote: FlashNote | null;
  flash(note: FlashNote | null): void;
  init(): Promise<void>;
  reloadAccounts(): Promise<void>;
  reloadOverview(): Promise<void>;
  setSettings(settings: Settings): void;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export const useApp = create<AppStore>()((set, get) => ({
  info: null,
  providers: [],
  accounts: null,
  overview: null,
  settings: null,
  poller: null,
  loadError: null,
  dataVersion: 0,
  now: Date.now(),
  flashNote: null,

  async init() {
    try {
      const [info, providers, accounts, settings, poller] = await Promise.all([
        call('app:info', undefined),
        call('providers:list', undefined),
        call('accounts:list', undefined),
        call('settings:get', undefined),
        call('poller:status', undefined),
      ]);
      set({ info, providers, accounts, settings, poller, loadError: null });
      await get().reloadOverview();
    } catch (e) {
      set({ loadError: message(e) });
    }
  },

  async reloadAccounts() {
    try {
      set({ accounts: await call('accounts:list', undefined) });
    } catch (e) {
      set({ loadError: message(e) });
    }
  },

  async reloadOverview() {
    try {
      set({ overview: await call('overview:get', undefined), now: Date.now() });
    } catch (e) {
      set({ loadError: message(e) });
    }
  },

  setSettings(settings) {
    set({ settings });
  },

  flash(note) {
    set({ flashNote: note });
  },
}));

// The theme setting applies the moment settings arrive or change, wherever they came from.
useApp.subscribe((s) => {
  if (s.settings) setThemeChoice(s.settings.theme);
  // So does the language: the window speaks the active locale core reports.
  if (s.settings) applyLocale(s.settings.locale);
});

/** A burst of readings (a refresh of ten accounts) becomes one reload. */
function coalesce(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      fn();
    }, ms);
  };
}

/** Subscribe the store to core's events. Returns the unsubscribe function. */
export function connectEvents(): () => void {
  const store = useApp.getState();
  const readingsChanged = coalesce(() => {
    useApp.setState((s) => ({ dataVersion: s.dataVersion + 1 }));
    void useApp.getState().reloadOverview();
  }, 150);
  const offs = [
    window.api.on('accounts:changed', () => {
      void store.reloadAccounts();
      readingsChanged();
    }),
    window.api.on('readings:changed', readingsChanged),
    window.api.on('poller:status', (poller) => useApp.setState({ poller })),
    window.api.on('settings:changed', (settings) => {
      useApp.setState({ settings });
      readingsChanged();
    }),
    window.api.on('alerts:new', readingsChanged),
    window.api.on('alerts:changed', readingsChanged),
    window.api.on('app:showAccount', ({ accountId }) =>
      useRoute.getState().navigate({ name: 'account', id: accountId }),
    ),
    window.api.on('demo:changed', (info) => {
      // The other data set's accounts do not exist here: start from the overview.
      useRoute.getState().navigate({ name: 'overview' });
      useApp.setState({ info, overview: null, accounts: null });
      void useApp.getState().init();
    }),
  ];
  const tick = setInterval(() => useApp.setState({ now: Date.now() }), 30_000);
  return () => {
    offs.forEach((off) => off());
    clearInterval(tick);
  };
}
