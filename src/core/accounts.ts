import type { Account, AccountOptions } from '../shared/domain.ts';
import {
  DEFAULT_POLL_INTERVAL_SECONDS,
  MAX_LABEL_LENGTH,
  MAX_POLL_INTERVAL_SECONDS,
  MIN_POLL_INTERVAL_SECONDS,
} from '../shared/domain.ts';
import type { AccountChanges, AccountsRepo, StoredAccount } from './store/accounts-repo.ts';
import type { SecretStore } from './secrets/index.ts';
import type { SettingsRepo } from './store/settings-repo.ts';
import { deleteAccountAlertOverrides } from './alerts/settings.ts';
import { KeychainUnavailableError, keychainHelp } from './secrets/index.ts';
import { getProvider } from './providers/registry.ts';
import { parseOptions, OptionError } from './providers/options.ts';
import { checkBaseUrl, UrlPolicyError } from './net/url-policy.ts';
import { UserError } from './errors.ts';
import { newId } from './ids.ts';

export interface AddAccountInput {
  provider: string;
  label: string;
  baseUrl?: string | null | undefined;
  options?: Record<string, unknown> | undefined;
  key?: string | undefined;
  pollIntervalSeconds?: number | undefined;
  /** Id or label of the account whose balance this one spends from (a shared balance). */
  sharesBalanceWith?: string | null | undefined;
}

const MAX_KEY_LENGTH = 4096;

/** A new account as validated, before anything is stored: what a key check polls with. */
export interface AccountCandidate {
  provider: string;
  /** The account's base URL, or the provider's default (already checked against the URL policy). */
  baseUrl: string | null;
  options: AccountOptions;
  /** The key, trimmed; empty when none was given. */
  key: string;
}

export interface AddAccountHooks {
  /**
   * Runs after every value is validated and before anything is stored (keychain or database).
   * Throwing stops the add with nothing saved (a key the provider rejects).
   */
  beforeSave?: (candidate: AccountCandidate) => Promise<void>;
}

/**
 * What a key may be: printable ASCII without spaces, as every provider issues them. A NUL
 * would be cut off silently by the keychain; a control or zero-width character pasted along
 * with the key would make every poll fail as a network error. The message names the
 * character's kind and place, never the key.
 */
export function keyProblem(key: string): string | null {
  if (!key) return 'the key is empty';
  if (key.length > MAX_KEY_LENGTH) return `the key is longer than ${MAX_KEY_LENGTH} characters`;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code >= 0x21 && code <= 0x7e) continue;
    const where = `at character ${i + 1}`;
    if (code === 0) return `the key contains a NUL character ${where}; copy it again`;
    if (/\s/.test(key[i]!)) return `the key contains spaces or line breaks (${where})`;
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || /\p{Cf}/u.test(key[i]!))
      return `the key contains an invisible control character (${hex}) ${where}; copy it again`;
    return `the key contains a character outside printable ASCII ${where}; API keys are letters, digits and punctuation`;
  }
  return null;
}

function checkInterval(interval: number): void {
  if (!Number.isInteger(interval) || interval < MIN_POLL_INTERVAL_SECONDS || interval > MAX_POLL_INTERVAL_SECONDS) {
    throw new UserError(
      'validation',
      `the poll interval must be a whole number of seconds from ${MIN_POLL_INTERVAL_SECONDS} to ${MAX_POLL_INTERVAL_SECONDS} (7 days)`,
    );
  }
}

/** What the settings screen may change; the provider and the key have their own paths. */
export interface UpdateAccountInput {
  label?: string | undefined;
  baseUrl?: string | null | undefined;
  options?: Record<string, unknown> | undefined;
  pollIntervalSeconds?: number | undefined;
  enabled?: boolean | undefined;
  /** Id or label of the account whose balance this one spends from; null: its own again. */
  sharesBalanceWith?: string | null | undefined;
}

/** The public shape: the store's integer key and removal marker stay inside core. */
export function publicAccount(a: StoredAccount): Account {
  const { pk: _pk, removedAt: _removed, sharesBalancePk: _shares, billing: _billing, ...rest } = a;
  return rest;
}

export class AccountService {
  private readonly repo: AccountsRepo;
  private readonly secrets: SecretStore;
  private readonly now: () => number;
  private readonly settings: SettingsRepo;
  constructor(repo: AccountsRepo, secrets: SecretStore, now: () => number, settings: SettingsRepo) {
    this.repo = repo;
    this.secrets = secrets;
    this.now = now;
    this.settings = settings;
  }

  list(): Account[] {
    return this.repo.list().map(publicAccount);
  }

  get(id: string): Account {
    return publicAccount(this.require(id));
  }

  /** The stored account, for engine code that needs its integer key. */
  require(id: string): StoredAccount {
    const account = this.repo.get(id);
    if (!account || account.removedAt) throw new UserError('not_found', `no account with id ${JSON.stringify(id)}`);
    return account;
  }

  /**
   * Validate, put the key in the keychain, then record the account. If the keychain
   * refuses, nothing is recorded; if recording fails, the key is taken back out.
   */
  async add(input: AddAccountInput, hooks: AddAccountHooks = {}): Promise<Account> {
    const def = getProvider(input.provider);
    if (!def)
      throw new UserError('validation', `unknown provider ${JSON.stringify(input.provider)} (see: burnrate providers)`);
    const label = input.label.trim();
    if (!label) throw new UserError('validation', 'the label is empty');
    if (label.length > MAX_LABEL_LENGTH)
      throw new UserError('validation', `the label is longer than ${MAX_LABEL_LENGTH} characters`);
    if (this.repo.list().some((a) => a.label === label)) {
      throw new UserError('conflict', `an account labelled ${JSON.stringify(label)} already exists`);
    }
    const baseUrl = this.checkUrl(input.baseUrl);
    if (!baseUrl && !def.defaultBaseUrl) throw new UserError('validation', `${def.name} needs a base URL (--base-url)`);
    let options: AccountOptions;
    try {
      options = parseOptions(def, input.options ?? {});
    } catch (error) {
      if (error instanceof OptionError) throw new UserError('validation', error.message);
      throw error;
    }
    const interval = input.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS;
    checkInterval(interval);
    const key = input.key?.trim() ?? '';
    if (input.key !== undefined) {
      const problem = keyProblem(key);
      if (problem) throw new UserError('validation', problem);
    }
    if (def.keyRequired && !key) throw new UserError('validation', `${def.name} needs an API key`);
    const shareWith =
      input.sharesBalanceWith === undefined || input.sharesBalanceWith === null
        ? null
        : this.shareTarget(null, def.id, input.sharesBalanceWith);
    await hooks.beforeSave?.({ provider: def.id, baseUrl: baseUrl ?? def.defaultBaseUrl ?? null, options, key });

    const id = newId('acc');
    const at = this.now();
    if (key) await this.storeKey(id, key);
    try {
      const stored = this.repo.insert({
        id,
        provider: def.id,
        label,
        baseUrl,
        options,
        pollIntervalSeconds: interval,
        enabled: true,
        at,
        keyUpdatedAt: key ? at : null,
      });
      return publicAccount(shareWith === null ? stored : this.repo.update(id, { sharesBalancePk: shareWith.pk }, at));
    } catch (error) {
      if (key) await this.secrets.delete(id).catch(() => false);
      throw error;
    }
  }

  /**
   * Change an account's label, base URL, options, poll interval or whether it is polled.
   * Every value is checked as add() checks it, all before anything is written, so a bad
   * value changes nothing. `options` replaces the whole set.
   *
   * A base URL on another origin than before drops the stored key (in the same write that
   * moves the account, so no poll can send the old key to the new host; the keychain entry
   * is deleted after). So does a change to how a custom endpoint's request is shaped (its
   * path, auth header, auth scheme or JSON paths: the provider's `keyBinding`). A key goes
   * only where, and how, it was given: whoever changes that — the person, or script that got
   * into the window — must paste the key again.
   */
  update(id: string, input: UpdateAccountInput): Account {
    const account = this.require(id);
    const def = getProvider(account.provider);
    if (!def) throw new UserError('validation', `unknown provider ${JSON.stringify(account.provider)}`);
    const changes: AccountChanges = {};
    if (input.label !== undefined) {
      const label = input.label.trim();
      if (!label) throw new UserError('validation', 'the label is empty');
      if (label.length > MAX_LABEL_LENGTH)
        throw new UserError('validation', `the label is longer than ${MAX_LABEL_LENGTH} characters`);
      if (this.repo.list().some((a) => a.label === label && a.id !== id)) {
        throw new UserError('conflict', `an account labelled ${JSON.stringify(label)} already exists`);
      }
      changes.label = label;
    }
    if (input.baseUrl !== undefined) {
      const baseUrl = this.checkUrl(input.baseUrl);
      if (!baseUrl && !def.defaultBaseUrl) throw new UserError('validation', `${def.name} needs a base URL`);
      changes.baseUrl = baseUrl;
    }
    if (input.options !== undefined) {
      try {
        changes.options = parseOptions(def, input.options);
      } catch (error) {
        if (error instanceof OptionError) throw new UserError('validation', error.message);
        throw error;
      }
    }
    const beforeUrl = account.baseUrl ?? def.defaultBaseUrl;
    const afterUrl = changes.baseUrl !== undefined ? (changes.baseUrl ?? def.defaultBaseUrl) : beforeUrl;
    const binding = (url: string | null, options: AccountOptions) => def.keyBinding?.(url, options) ?? null;
    const dropKey =
      account.keyUpdatedAt !== null &&
      (originOf(afterUrl) !== originOf(beforeUrl) ||
        binding(afterUrl, changes.options ?? account.options) !== binding(beforeUrl, account.options));
    if (dropKey) changes.keyUpdatedAt = null;
    if (input.pollIntervalSeconds !== undefined) {
      checkInterval(input.pollIntervalSeconds);
      changes.pollIntervalSeconds = input.pollIntervalSeconds;
    }
    if (input.enabled !== undefined) changes.enabled = input.enabled;
    if (input.sharesBalanceWith !== undefined)
      changes.sharesBalancePk =
        input.sharesBalanceWith === null
          ? null
          : this.shareTarget(account, account.provider, input.sharesBalanceWith).pk;
    const updated = publicAccount(this.repo.update(id, changes, this.now()));
    // Already unused (keyUpdatedAt is null); a locked keychain keeps the entry until the next setKey overwrites it.
    if (dropKey) void this.secrets.delete(id).catch(() => false);
    return updated;
  }

  /** Replace (or first set) the key of an account. */
  async setKey(id: string, key: string): Promise<Account> {
    const account = this.require(id);
    const trimmed = key.trim();
    const problem = keyProblem(trimmed);
    if (problem) throw new UserError('validation', problem);
    await this.storeKey(account.id, trimmed);
    return publicAccount(this.repo.update(account.id, { keyUpdatedAt: this.now() }, this.now()));
  }

  /**
   * The key, for the one place it is used: the Authorization header of a poll. An account
   * that was given a key but whose keychain entry comes back empty is a keychain problem,
   * not an account without a key: a locked GNOME Keyring whose unlock prompt cannot be
   * shown answers "no such entry" instead of failing, and polling without the key would
   * record the provider's 401 as a revoked key.
   */
  async key(id: string): Promise<string | null> {
    const secret = await this.translateKeychain(() => this.secrets.get(id));
    if (secret === null && this.repo.get(id)?.keyUpdatedAt) {
      throw new UserError(
        'keychain_unavailable',
        `The OS keychain gave no key for this account: it is probably locked (or its entry was deleted). Burnrate keeps API keys only in the keychain; ${keychainHelp()}, or set the key again.`,
      );
    }
    return secret;
  }

  /**
   * Take an account out of use: its key leaves the keychain; its history stays unless
   * `purge` is set, which deletes readings, packs, alerts and its alert settings with it.
   */
  async remove(id: string, purge = false): Promise<void> {
    const account = this.repo.get(id);
    if (!account || (account.removedAt && !purge))
      throw new UserError('not_found', `no account with id ${JSON.stringify(id)}`);
    if (account.keyUpdatedAt) await this.translateKeychain(() => this.secrets.delete(id));
    if (purge) {
      this.repo.purge(id);
      deleteAccountAlertOverrides(this.settings, id);
    } else this.repo.markRemoved(id, this.now());
  }

  /**
   * The account whose balance `account` (null: one being added) would spend from, named by
   * id or label: one in use, of the same provider, not itself. A balance shared along a
   * chain is one balance, so the answer is the account at the end of the chain.
   */
  private shareTarget(account: StoredAccount | null, provider: string, ref: string): StoredAccount {
    let target = this.repo.findByIdOrLabel(ref.trim());
    if (!target || target.removedAt)
      throw new UserError('not_found', `no account with id or label ${JSON.stringify(ref)} to share a balance with`);
    if (target.sharesBalancePk !== null) target = this.repo.getByPk(target.sharesBalancePk) ?? target;
    if (account && target.pk === account.pk) {
      throw new UserError(
        'validation',
        target.label === ref || target.id === ref
          ? 'an account cannot share a balance with itself'
          : `${JSON.stringify(ref)} already spends from this account's balance`,
      );
    }
    if (target.provider !== provider) {
      const name = getProvider(target.provider)?.name ?? target.provider;
      throw new UserError(
        'validation',
        `${target.label} is a ${name} account: a shared balance is spent by keys of one provider`,
      );
    }
    return target;
  }

  private checkUrl(url: string | null | undefined): string | null {
    if (url === undefined || url === null || url.trim() === '') return null;
    try {
      return checkBaseUrl(url);
    } catch (error) {
      if (error instanceof UrlPolicyError) throw new UserError('validation', error.message);
      throw error;
    }
  }

  private async storeKey(id: string, key: string): Promise<void> {
    await this.translateKeychain(() => this.secrets.set(id, key));
  }

  private async translateKeychain<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (error) {
      if (error instanceof KeychainUnavailableError) throw new UserError('keychain_unavailable', error.message);
      throw error;
    }
  }
}

function originOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
