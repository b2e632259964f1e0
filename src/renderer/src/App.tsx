import { useEffect, useState } from 'react';
import type { Account } from '../../shared/domain.ts';
import { call } from './api.ts';

/** A first page: the accounts the engine knows. The full interface builds on this. */
export function App() {
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = () =>
      call('accounts:list', undefined).then(
        (list) => {
          setAccounts(list);
          setError(null);
        },
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      );
    void load();
    return window.api.on('accounts:changed', () => void load());
  }, []);

  return (
    <main className="page">
      <h1>Burnrate</h1>
      {error && <p role="alert">{error}</p>}
      {accounts === null && !error && <p>Loading…</p>}
      {accounts?.length === 0 && <p>No accounts yet.</p>}
      {accounts && accounts.length > 0 && (
        <ul className="accounts" aria-label="Accounts">
          {accounts.map((a) => (
            <li key={a.id}>
              <strong>{a.label}</strong> <span className="muted">{a.provider}</span>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
