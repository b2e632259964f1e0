/**
 * Whether the OS keychain is giving keys, as the window should show it. A keychain that is
 * locked or missing is not a key state (the provider said nothing), so it never reaches
 * history; the poller reports it as an event and the dispatcher as a `keychain_unavailable`
 * error. This keeps the latest word: failed until a key is read or stored again.
 */
export interface KeychainNotice {
  current(): { message: string; since: string } | null;
  failed(message: string): void;
  worked(): void;
}

export function createKeychainNotice(now: () => number, changed: () => void): KeychainNotice {
  let state: { message: string; since: string } | null = null;
  return {
    current: () => state,
    failed(message) {
      if (state?.message === message) return;
      state = { message, since: state?.since ?? new Date(now()).toISOString() };
      changed();
    },
    worked() {
      if (state === null) return;
      state = null;
      changed();
    },
  };
}
