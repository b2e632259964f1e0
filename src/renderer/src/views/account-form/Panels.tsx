import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { Account } from '../../../../shared/domain.ts';
import type { ConnectionTest } from '../../../../shared/ipc.ts';
import { call } from '../../api.ts';
import { ErrorNote } from '../../components/Empty.tsx';
import { CheckField, Field } from '../../components/Field.tsx';
import { StateBadge } from '../../components/StateBadge.tsx';
import { formatAmount, formatRelative } from '../../lib/format.ts';
import { useApp } from '../../store/app.ts';
import { useApi } from '../../lib/use-api.ts';
import { fieldMessage } from '../../lib/alerts.ts';
import { AlertRules } from '../settings/AlertRules.tsx';
import type { ApplyAlerts } from '../settings/AlertRules.tsx';
import { useRoute } from '../../store/route.ts';
import { t } from '../../lib/i18n.ts';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/* The panels under an account's form: its key, its own alert settings, removing it. */

/** The key is write-only from here: store or replace it, test it, never see it. */
export function KeyPanel({ account, replaceAtOnce = false }: { account: Account; replaceAtOnce?: boolean }) {
  const now = useApp((s) => s.now);
  // Arriving from a failed card's "Replace key": the new-key field is open and focused.
  const [replacing, setReplacing] = useState(replaceAtOnce);
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [test, setTest] = useState<ConnectionTest | null>(null);
  const [busy, setBusy] = useState(false);
  const store = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    call('accounts:setKey', { id: account.id, key })
      .then(() => {
        setKey('');
        setReplacing(false);
        setNote(t('form.keyStoredNote'));
      })
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };
  const runTest = () => {
    setBusy(true);
    setError(null);
    setTest(null);
    call('accounts:test', { id: account.id })
      .then(setTest)
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };
  const stored = useMemo(
    () =>
      account.keyUpdatedAt ? t('form.keyStored', { when: formatRelative(account.keyUpdatedAt, now) }) : t('form.noKey'),
    [account.keyUpdatedAt, now],
  );
  return (
    <div className="panel" aria-labelledby="key-title">
      <h2 id="key-title">{t('form.apiKey')}</h2>
      <p>
        <strong data-testid="key-status">{stored}</strong> <span className="muted">{t('form.keptNote')}</span>
      </p>
      {replacing ? (
        <form className="form inline-form" onSubmit={store} aria-label={t('pricing.replaceKeyForm')}>
          <Field label={t('form.newKey')}>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="off"
                spellCheck={false}
                required
                value={key}
                onChange={(e) => setKey(e.target.value)}
                autoFocus
              />
            )}
          </Field>
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={busy}>
              {t('form.storeKey')}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setReplacing(false);
                setKey('');
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="form-actions">
          <button type="button" className="button" onClick={() => setReplacing(true)}>
            {account.keyUpdatedAt ? t('failed.replaceKey') : t('form.addKey')}
          </button>
          <button type="button" className="button" onClick={runTest} disabled={busy}>
            {busy && !replacing ? t('form.testing') : t('form.test')}
          </button>
        </div>
      )}
      <div role="status" aria-live="polite">
        {note && <p className="tone-text-ok">{note}</p>}
        {test && (
          <p className="test-result" data-testid="test-result">
            <StateBadge state={test.state} />{' '}
            {test.state === 'ok' ? t('form.testBalance', { amount: formatAmount(test.balance) }) : (test.message ?? '')}
            {test.httpStatus !== null && <span className="muted"> (HTTP {test.httpStatus})</span>}
          </p>
        )}
      </div>
      <ErrorNote error={error} />
    </div>
  );
}

/** This account's own alert thresholds and kinds, over the global ones; each applies as it is changed. */
export function AccountAlertSettings({ account }: { account: Account }) {
  const settings = useApi('alerts:accountSettings', { accountId: account.id });
  const defaults = useApp((s) => s.settings?.alerts ?? null);
  if (!settings.data || !defaults) return null;
  const apply: ApplyAlerts = (patch, inherit) =>
    call('alerts:setAccountSettings', { accountId: account.id, patch, ...(inherit ? { inherit } : {}) }).then(
      () => {
        settings.reload();
        return null;
      },
      (err: unknown) => fieldMessage(errorText(err)),
    );
  return (
    <div className="panel form" role="group" aria-labelledby="account-alerts-title">
      <h2 id="account-alerts-title">{t('form.alertsFor', { label: account.label })}</h2>
      <p className="muted small">{t('form.alertsIntro')}</p>
      <AlertRules
        effective={settings.data.effective}
        defaults={defaults}
        overrides={settings.data.overrides}
        apply={apply}
      />
    </div>
  );
}

export function RemovePanel({ account }: { account: Account }) {
  const navigate = useRoute((s) => s.navigate);
  const [confirming, setConfirming] = useState(false);
  const [purge, setPurge] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = () =>
    call('accounts:remove', { id: account.id, purge }).then(
      () => navigate({ name: 'settings' }),
      (err: unknown) => setError(errorText(err)),
    );
  return (
    <div className="panel danger" aria-labelledby="remove-title">
      <h2 id="remove-title">{t('form.remove')}</h2>
      {confirming ? (
        <>
          <CheckField label={t('form.purge')} checked={purge} onChange={setPurge} />
          <div className="form-actions">
            <button type="button" className="button danger" onClick={() => void remove()}>
              {purge ? t('form.removePurge') : t('form.removeKeep')}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="muted">{t('form.removeText')}</p>
          <button type="button" className="button danger" onClick={() => setConfirming(true)}>
            {t('form.removeLabel', { label: account.label })}
          </button>
        </>
      )}
      <ErrorNote error={error} />
    </div>
  );
}
