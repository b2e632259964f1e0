import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Account } from '../../../shared/domain.ts';
import { ApiError, call } from '../api.ts';
import { ErrorNote } from '../components/Empty.tsx';
import { CheckField, Field } from '../components/Field.tsx';
import { useApp } from '../store/app.ts';
import { routeHref, useRoute } from '../store/route.ts';
import { t } from '../lib/i18n.ts';
import { OptionField, optionDraft, optionValues } from './account-form/Options.tsx';
import type { OptionDraft } from './account-form/Options.tsx';
import { AccountAlertSettings, KeyPanel, RemovePanel } from './account-form/Panels.tsx';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Add a new account (id null) or edit one. */
export function AccountForm({ id, focus }: { id: string | null; focus?: 'key' }) {
  const accounts = useApp((s) => s.accounts) ?? [];
  const account = id === null ? null : (accounts.find((a) => a.id === id) ?? null);
  if (id !== null && !account) {
    return (
      <section>
        <h1 tabIndex={-1}>{t('form.notFound')}</h1>
        <p>
          <a href={routeHref({ name: 'settings' })}>{t('form.backToSettings')}</a>
        </p>
      </section>
    );
  }
  return <AccountEditor key={`${id ?? 'new'}-${focus ?? ''}`} account={account} focusKey={focus === 'key'} />;
}

function AccountEditor({ account, focusKey = false }: { account: Account | null; focusKey?: boolean }) {
  const providers = useApp((s) => s.providers);
  const settings = useApp((s) => s.settings);
  const navigate = useRoute((s) => s.navigate);
  const [providerId, setProviderId] = useState(account?.provider ?? providers[0]?.id ?? '');
  const provider = providers.find((p) => p.id === providerId) ?? null;
  const [label, setLabel] = useState(account?.label ?? '');
  const [baseUrl, setBaseUrl] = useState(account?.baseUrl ?? '');
  const [key, setKey] = useState('');
  const [options, setOptions] = useState<OptionDraft>(() =>
    optionDraft(provider?.options ?? [], account?.options ?? {}),
  );
  const [pollMinutes, setPollMinutes] = useState(
    String((account?.pollIntervalSeconds ?? settings?.defaultPollIntervalSeconds ?? 300) / 60),
  );
  const [enabled, setEnabled] = useState(account?.enabled ?? true);
  const [sharesWith, setSharesWith] = useState(account?.sharesBalanceWith ?? '');
  const accounts = useApp((s) => s.accounts) ?? [];
  // Keys of one provider account can spend from one balance; only another account of the same provider can hold it.
  const holders = accounts.filter((a) => a.provider === providerId && a.id !== account?.id && !a.sharesBalanceWith);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [keyDropped, setKeyDropped] = useState(false);
  /** The provider refused the key: offer to save it anyway (the person may know better). */
  const [rejected, setRejected] = useState(false);

  const chooseProvider = (next: string) => {
    setProviderId(next);
    setSharesWith('');
    setOptions(optionDraft(providers.find((p) => p.id === next)?.options ?? [], {}));
  };

  const submit = (e: FormEvent | null, skipCheck = false) => {
    e?.preventDefault();
    if (!provider) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    const common = {
      label: label.trim() || provider.name,
      baseUrl: baseUrl.trim() || null,
      options: optionValues(provider.options, options),
      pollIntervalSeconds: Math.round(Number(pollMinutes) * 60),
      sharesBalanceWith: sharesWith || null,
    };
    const work = account
      ? call('accounts:update', { id: account.id, ...common, enabled }).then((updated) => {
          setSaved(true);
          // Core drops the key when the account moves to another host or changes how the key is sent: it goes only where, and how, it was given.
          setKeyDropped(account.keyUpdatedAt !== null && updated.keyUpdatedAt === null);
        })
      : call('accounts:add', {
          provider: provider.id,
          ...common,
          ...(key.trim() ? { key } : {}),
          // The provider is asked once before saving: a key it refuses is not saved.
          check: !skipCheck,
        }).then((added) => {
          setKey('');
          setRejected(false);
          const check = added.check ?? null;
          // Read the balance now (the check stored nothing) rather than at the first scheduled poll.
          void call('poller:refresh', { accountId: added.id }).catch(() => undefined);
          useApp.getState().flash({
            accountId: added.id,
            tone: check?.verdict === 'unchecked' ? 'warning' : 'ok',
            text: `${t('form.added', { label: added.label })} ${check ? capitalize(check.summary) : skipCheck ? t('form.savedUnchecked') : ''}`.trim(),
          });
          navigate({ name: 'account', id: added.id });
        });
    work
      .catch((err: unknown) => {
        setError(errorText(err));
        setRejected(err instanceof ApiError && err.code === 'key_rejected');
      })
      .finally(() => setBusy(false));
  };

  return (
    <section aria-labelledby="account-form-title" className="account-form">
      <header className="view-header">
        <h1 id="account-form-title" tabIndex={-1}>
          {account ? t('form.editTitle', { label: account.label }) : t('firstRun.add')}
        </h1>
        <a href={routeHref({ name: 'settings' })}>{t('form.backToSettings')}</a>
      </header>
      <form
        className="form panel"
        onSubmit={(e) => submit(e)}
        aria-label={account ? t('form.editAccount') : t('form.newAccount')}
      >
        <div className="form-grid">
          <Field
            label={t('form.provider')}
            help={
              provider?.docsUrl ? (
                // The page opens in the browser; core picks the address from its registry and allowlist.
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    void call('app:openDocs', { provider: provider.id }).catch((err: unknown) =>
                      setError(errorText(err)),
                    )
                  }
                >
                  {t('form.docs', { provider: provider.name })} ↗
                </button>
              ) : undefined
            }
          >
            {(p) => (
              <select
                {...p}
                value={providerId}
                onChange={(e) => chooseProvider(e.target.value)}
                disabled={account !== null}
                name="provider"
              >
                {providers.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('form.label')}>
            {(p) => (
              <input
                {...p}
                name="label"
                value={label}
                maxLength={80}
                placeholder={provider?.name}
                onChange={(e) => setLabel(e.target.value)}
              />
            )}
          </Field>
          <Field
            label={provider?.defaultBaseUrl ? t('form.baseUrlOptional') : t('form.baseUrl')}
            help={provider?.defaultBaseUrl ? t('form.baseUrlHelpDefault') : t('form.baseUrlHelp')}
          >
            {(p) => (
              <input
                {...p}
                name="baseUrl"
                type="url"
                value={baseUrl}
                required={provider !== null && provider.defaultBaseUrl === null}
                placeholder={provider?.defaultBaseUrl ?? t('form.baseUrlExample')}
                onChange={(e) => setBaseUrl(e.target.value)}
              />
            )}
          </Field>
          {!account && provider && (
            <Field
              label={provider.keyRequired ? t('form.apiKey') : t('form.apiKeyOptional')}
              help={t('form.apiKeyHelp', { hint: provider.keyHint })}
            >
              {(p) => (
                <input
                  {...p}
                  name="key"
                  type="password"
                  autoComplete="off"
                  spellCheck={false}
                  required={provider.keyRequired}
                  value={key}
                  onChange={(e) => setKey(e.target.value)}
                />
              )}
            </Field>
          )}
          <Field label={t('form.pollEvery')}>
            {(p) => (
              <input
                {...p}
                name="pollMinutes"
                inputMode="decimal"
                value={pollMinutes}
                onChange={(e) => setPollMinutes(e.target.value)}
              />
            )}
          </Field>
          {account && <CheckField label={t('form.pollThis')} checked={enabled} onChange={setEnabled} />}
          {(holders.length > 0 || sharesWith) && (
            <Field label={t('readings.balance')} help={t('form.sharesHelp')}>
              {(p) => (
                <select
                  {...p}
                  name="sharesBalanceWith"
                  value={sharesWith}
                  onChange={(e) => setSharesWith(e.target.value)}
                >
                  <option value="">{t('form.ownBalance')}</option>
                  {holders.map((a) => (
                    <option key={a.id} value={a.id}>
                      {t('form.sharesWith', { label: a.label })}
                    </option>
                  ))}
                  {sharesWith && !holders.some((a) => a.id === sharesWith) && (
                    <option value={sharesWith}>
                      {t('form.sharesWith', { label: accounts.find((a) => a.id === sharesWith)?.label ?? sharesWith })}
                    </option>
                  )}
                </select>
              )}
            </Field>
          )}
        </div>
        {provider && provider.options.length > 0 && (
          <fieldset className="options">
            <legend>{t('form.options', { provider: provider.name })}</legend>
            <div className="form-grid">
              {provider.options.map((spec) => (
                <OptionField
                  key={spec.name}
                  spec={spec}
                  value={options[spec.name] ?? ''}
                  onChange={(v) => setOptions({ ...options, [spec.name]: v })}
                />
              ))}
            </div>
          </fieldset>
        )}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy || !provider}>
            {account ? t('form.save') : busy ? t('form.checking') : t('settings.addAccount')}
          </button>
          {!account && rejected && (
            <button type="button" className="button" disabled={busy} onClick={() => submit(null, true)}>
              {t('form.saveUnchecked')}
            </button>
          )}
          {saved && (
            <span role="status" className="tone-text-ok">
              {t('form.saved')}
            </span>
          )}
          {saved && keyDropped && (
            <span role="status" data-testid="key-dropped">
              {t('form.keyDropped')}
            </span>
          )}
        </div>
        <ErrorNote error={error} />
      </form>
      {account && <KeyPanel account={account} replaceAtOnce={focusKey} />}
      {account && <AccountAlertSettings account={account} />}
      {account && <RemovePanel account={account} />}
    </section>
  );
}
