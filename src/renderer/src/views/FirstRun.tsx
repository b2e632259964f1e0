import { useState } from 'react';
import { call } from '../api.ts';
import { ErrorNote } from '../components/Empty.tsx';
import { useApp } from '../store/app.ts';
import { routeHref } from '../store/route.ts';
import { t } from '../lib/i18n.ts';

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
        {t('firstRun.title')}
      </h1>
      <p className="lead">{t('firstRun.lead')}</p>
      <div className="first-run-choices">
        <div className="choice">
          <h2>{t('firstRun.add')}</h2>
          <p className="muted">{t('firstRun.addText')}</p>
          <a className="button primary" href={routeHref({ name: 'account-form', id: null })}>
            {t('firstRun.add')}
          </a>
        </div>
        <div className="choice">
          <h2>{t('firstRun.demo')}</h2>
          <p className="muted">{t('firstRun.demoText')}</p>
          <button type="button" className="button" onClick={startDemo} disabled={busy}>
            {busy ? t('firstRun.starting') : t('firstRun.demo')}
          </button>
        </div>
      </div>
      <ErrorNote error={error} />
    </section>
  );
}
