import { useState } from 'react';
import { call } from '../api.ts';
import { ErrorNote } from '../components/Empty.tsx';
import { useApp } from '../store/app.ts';
import { routeHref } from '../store/route.ts';

/** No accounts yet: add one, or look around with made-up data first. */
export function FirstRun() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const startDemo = () => {
    setBusy(true);
    setError(null);
    call('demo:start', undefined).then(
      (info) => {
        useApp.setState({ info });
        void useApp.getState().init();
      },
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title" tabIndex={-1}>
        Welcome to Burnrate
      </h1>
      <p className="lead">
        Burnrate watches your prepaid AI API accounts: it reads each balance on a schedule, keeps every reading on this
        computer, and tells you how fast money burns, when it runs out, and which packs will expire unused.
      </p>
      <div className="first-run-choices">
        <div className="choice">
          <h2>Add an account</h2>
          <p className="muted">
            Pick your provider, paste a key (it goes straight to the system keychain) and Burnrate starts reading the
            balance.
          </p>
          <a className="button primary" href={routeHref({ name: 'account-form', id: null })}>
            Add an account
          </a>
        </div>
        <div className="choice">
          <h2>Try the demo</h2>
          <p className="muted">
            Made-up accounts against a fake provider on this computer, with balances that move, a key near its daily
            cap, a pack about to expire and an empty wallet.
          </p>
          <button type="button" className="button" onClick={startDemo} disabled={busy}>
            {busy ? 'Starting the demo…' : 'Try the demo'}
          </button>
        </div>
      </div>
      <ErrorNote error={error} />
    </section>
  );
}
