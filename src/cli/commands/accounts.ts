import type { CliContext } from '../context.ts';
import { UserError } from '../../core/errors.ts';
import { UsageError, readStdin } from '../context.ts';
import { parseSetPairs, parseIntFlag } from '../args.ts';
import { ACCOUNT_ARG, defineCommand, defineGroup, JSON_FLAG } from '../command.ts';
import type { Account } from '../../shared/domain.ts';
import {
  DEFAULT_POLL_INTERVAL_SECONDS,
  MAX_POLL_INTERVAL_SECONDS,
  MIN_POLL_INTERVAL_SECONDS,
} from '../../shared/domain.ts';
import { findAccount } from '../../core/account-ref.ts';
import { resolveAccount } from '../../core/manual.ts';
import { getProvider, listProviders } from '../../core/providers/registry.ts';
import type { ProviderDefinition } from '../../core/providers/types.ts';
import { refreshSiteSettings, siteSettingsView } from '../../core/site-settings.ts';
import type { SiteSettingsView } from '../../core/site-settings.ts';
import { didYouMean } from '../../shared/suggest.ts';
import { canPrompt, promptSecret } from '../prompt.ts';
import { computeStatus } from '../../core/analytics/status.ts';
import { addAccountChecked } from '../../core/key-check.ts';
import { requestTimeoutFromEnv } from './poll.ts';
import { renderTable } from '../ui/table.ts';
import type { CellInput } from '../ui/table.ts';
import { amountText, whenText } from '../ui/format.ts';
import { healthCell, stateCell } from '../ui/looks.ts';

const add = defineCommand({
  name: 'add',
  summary: 'add an account to watch',
  description:
    "The key goes to the OS keychain only. In a terminal, Burnrate asks for it without showing what you type; in a script, pipe it to --key-stdin. A key is never taken from the command line, where it would stay in your shell's history. Before saving, the provider is asked once with the key: a key it refuses (invalid or expired) is not saved (exit 1); when it cannot be reached, the account is saved with a warning.",
  flags: {
    provider: {
      type: 'string',
      value: '<id>',
      required: true,
      complete: 'provider',
      help: 'whose account it is (burnrate providers lists the ids)',
    },
    label: {
      type: 'string',
      value: '<text>',
      required: true,
      help: 'your name for it, unique; usable wherever an account is named',
    },
    'base-url': {
      type: 'string',
      value: '<url>',
      help: 'for self-hosted sites (new-api, LiteLLM, Sub2API, custom)',
      default: "the provider's",
    },
    'key-stdin': { type: 'boolean', help: 'read the API key from stdin (for scripts; one line)' },
    'no-check': {
      type: 'boolean',
      help: 'save without asking the provider first (a key it would refuse is saved too)',
    },
    set: {
      type: 'string',
      value: '<name=value>',
      multiple: true,
      help: 'a provider option, such as dailyCap=50000, userId=42 or quotaPerUnit=1000000',
    },
    'interval-seconds': {
      type: 'string',
      value: '<n>',
      help: `poll every n seconds, at least ${MIN_POLL_INTERVAL_SECONDS}`,
      default: `${DEFAULT_POLL_INTERVAL_SECONDS} seconds`,
    },
    'shares-balance-with': {
      type: 'string',
      value: '<id|label>',
      complete: 'account',
      help: "its key spends from that account's balance (counted once in totals)",
    },
    json: JSON_FLAG,
  },
  examples: [
    { run: 'accounts add --provider cheapai --label main', does: 'asks for the key, hidden as you type' },
    {
      run: 'accounts add --provider openrouter --label team --key-stdin < key.txt',
      does: 'the key from a file or a pipe, for scripts',
    },
    {
      run: 'accounts add --provider newapi --label relay --base-url https://relay.example.com --set userId=42',
      does: 'a self-hosted new-api site, with the user id its API asks for',
    },
  ],
  async run(ctx, { values }) {
    const def = providerFor(values.provider);
    const options = parseSetPairs(values.set);
    const pollIntervalSeconds = parseIntFlag(
      'interval-seconds',
      values['interval-seconds'],
      MIN_POLL_INTERVAL_SECONDS,
      MAX_POLL_INTERVAL_SECONDS,
    );
    const core = ctx.core();
    // What can be refused without the key is refused before asking for it.
    if (!values['base-url'] && !def.defaultBaseUrl)
      throw new UserError('validation', `${def.name} needs a base URL (--base-url <url>)`);
    if (core.repos.accounts.list().some((a) => a.label === values.label.trim()))
      throw new UserError('conflict', `an account labelled ${JSON.stringify(values.label.trim())} already exists`);
    const key = await keyFor(ctx, def, values['key-stdin'] ?? false, values.label);
    const { account, check } = await addAccountChecked(
      core,
      {
        provider: def.id,
        label: values.label,
        baseUrl: values['base-url'] ?? null,
        options,
        key,
        pollIntervalSeconds,
        sharesBalanceWith: values['shares-balance-with'],
      },
      { check: !values['no-check'], timeoutMs: requestTimeoutFromEnv(ctx.io.env) },
    );
    if (check?.verdict === 'unchecked') ctx.io.stderr.write(`burnrate: warning: ${check.summary}\n`);
    // A self-hosted site (new-api) says what its quota is worth: read it now, with no key.
    const stored = core.accounts.require(account.id);
    const read = await refreshSiteSettings(core, stored, { force: true });
    if (values.json) ctx.printJson(check ? { ...account, check } : account);
    else {
      ctx.print(
        `added ${account.id} (${account.provider} · ${account.label})${account.sharesBalanceWith ? `, spending from ${account.sharesBalanceWith}'s balance` : ''}`,
      );
      if (check && check.verdict !== 'unchecked') ctx.print(`  ${check.summary}`);
      const view = read ? siteSettingsView(core, stored) : null;
      if (view) ctx.print(`  ${siteSummary(view)}`);
    }
    return 0;
  },
});

function providerFor(id: string): ProviderDefinition {
  const def = getProvider(id) ?? getProvider(id.toLowerCase());
  if (def && def.id === id) return def;
  const ids = listProviders().map((p) => p.id);
  throw new UserError(
    'validation',
    `unknown provider ${JSON.stringify(id.slice(0, 40))}${didYouMean(id, ids) || ' (see: burnrate providers)'}`,
  );
}

/**
 * The key: from stdin with --key-stdin; else, in a terminal, asked for without echo; else
 * (a script without --key-stdin) only refused when the provider needs one.
 */
async function keyFor(
  ctx: CliContext,
  def: ProviderDefinition,
  fromStdin: boolean,
  label: string,
): Promise<string | undefined> {
  // --key-stdin at a terminal would show the key as it is typed: ask for it hidden instead.
  if (fromStdin && !canPrompt(ctx.io)) {
    const key = (await readStdin(ctx.io.stdin)).trim();
    if (!key) throw new UsageError('the key read from stdin is empty (--key-stdin reads one line from stdin)');
    return key;
  }
  if (!fromStdin && !def.keyRequired) return undefined;
  if (!canPrompt(ctx.io))
    throw new UserError(
      'validation',
      `${def.name} needs an API key: pipe it to --key-stdin, or run in a terminal to be prompted`,
    );
  const key = (
    await promptSecret(ctx.io, `${def.name} API key for ${JSON.stringify(label)} (typing is hidden): `)
  ).trim();
  if (!key) throw new UserError('validation', 'no key was entered, nothing was stored');
  return key;
}

const site = defineCommand({
  name: 'site',
  summary: 'what a self-hosted site (new-api) publishes about its quota',
  description:
    'A new-api site publishes how much quota makes a dollar (quota_per_unit) on its public /api/status. Burnrate reads it once a day and when the account is added; this shows what was read and what is in use.',
  args: [ACCOUNT_ARG],
  flags: { refresh: { type: 'boolean', help: 'read the site now (no key is sent)' }, json: JSON_FLAG },
  examples: [
    { run: 'accounts site relay', does: "what relay's site publishes and what is in use" },
    { run: 'accounts site relay --refresh', does: 'read it again now' },
  ],
  async run(ctx, { values, positionals }) {
    const core = ctx.core();
    const account = resolveAccount(core, positionals[0]!);
    if (values.refresh) await refreshSiteSettings(core, account, { force: true });
    const view = siteSettingsView(core, account);
    if (!view) throw new UserError('unsupported', `${account.label}'s provider publishes no site settings`);
    if (values.json) {
      ctx.printJson(view);
      return 0;
    }
    ctx.print(`${view.label} · ${view.baseUrl}`);
    ctx.print(`  ${siteSummary(view)}`);
    const u = view.inUse;
    ctx.print(`  quota per USD: ${u.quotaPerUnit.value} (${SOURCE[u.quotaPerUnit.source]})`);
    ctx.print(`  billing endpoints speak: ${u.billingUnit.value} (${SOURCE[u.billingUnit.source]})`);
    if (u.billingUnit.value === 'CNY')
      ctx.print(`  the site's CNY per USD: ${u.exchangeRate.value} (${SOURCE[u.exchangeRate.source]})`);
    return 0;
  },
});

const SOURCE: Record<string, string> = {
  option: 'set on this account',
  site: 'published by the site',
  default: 'default; the site does not say',
  setting: 'the cnyPerUsd setting; the site does not say',
};

function siteSummary(view: SiteSettingsView): string {
  const read = view.published
    ? `site settings read ${view.readAt}: ${view.published.quotaPerUnit ?? 'no'} quota per USD, display ${view.published.displayType ?? 'not said'}`
    : 'site settings not read yet';
  const failed = view.lastError
    ? `; last attempt ${view.lastError.at} failed (${view.lastError.reason}: ${view.lastError.message})`
    : '';
  return `${read}${failed}`;
}

const list = defineCommand({
  name: 'list',
  summary: 'every account, with its state, balance and last reading',
  flags: { json: JSON_FLAG },
  examples: [
    { run: 'accounts list', does: 'a table' },
    { run: 'accounts list --json', does: 'the account objects (never a key)' },
  ],
  run(ctx, { values }) {
    const accounts = ctx.core().accounts.list();
    if (values.json) {
      ctx.printJson(accounts);
      return 0;
    }
    if (accounts.length === 0) {
      ctx.print('no accounts yet: burnrate accounts add --provider <id> --label <name>');
      return 0;
    }
    // State, balance and the last reading as status reads them (one truth per figure).
    const report = computeStatus(ctx.core());
    const byId = new Map(report.accounts.map((a) => [a.id, a]));
    const now = Date.parse(report.generatedAt);
    ctx.show(
      renderTable(
        [
          { header: 'HEALTH' },
          { header: 'ACCOUNT', flex: true, min: 8 },
          { header: 'ID', keep: 15 },
          { header: 'PROVIDER', keep: 20 },
          { header: 'STATE' },
          { header: 'BALANCE', align: 'right' },
          { header: 'LAST READING', flex: true, min: 10, keep: 40 },
          { header: 'KEY', keep: 10 },
        ],
        accounts.map((a) => {
          const s = byId.get(a.id);
          return [
            s ? healthCell(s.health.level) : { text: 'paused', look: 'dim' },
            a.label,
            a.id,
            a.provider,
            a.enabled ? stateCell(s?.state ?? null) : { text: 'paused', look: 'dim' },
            amountText(s?.balance),
            s?.balanceAt ? whenText(s.balanceAt, now) : { text: 'none yet', look: 'dim' },
            keyText(a),
          ];
        }),
        ctx,
      ),
    );
    return 0;
  },
});

function keyText(a: Account): CellInput {
  if (a.keyUpdatedAt) return 'stored';
  return getProvider(a.provider)?.keyRequired ? { text: 'missing', look: 'red' } : { text: 'none', look: 'dim' };
}

const remove = defineCommand({
  name: 'remove',
  summary: 'stop watching an account; its key leaves the keychain',
  description: 'Its history is kept (and stays in exports) unless --purge is given.',
  args: [ACCOUNT_ARG],
  flags: { purge: { type: 'boolean', help: "also delete the account's history" }, json: JSON_FLAG },
  examples: [
    { run: 'accounts remove main', does: 'remove it, keeping its readings' },
    { run: 'accounts remove acc_3f9c2a --purge', does: 'remove it and delete its readings' },
  ],
  async run(ctx, { values, positionals }) {
    const core = ctx.core();
    const account = findAccount(core.repos.accounts, positionals[0]!);
    const id = account.id;
    await core.accounts.remove(id, values.purge ?? false);
    if (values.json) ctx.printJson({ id, removed: true, purged: values.purge ?? false });
    else
      ctx.print(
        values.purge
          ? `removed ${account.label} (${id}) and deleted its history`
          : `removed ${account.label} (${id}); its history is kept`,
      );
    return 0;
  },
});

const TWO_ACCOUNTS = 'two accounts: <account> <account whose balance it spends>';

/** `accounts link <account> <other>`: the account's key spends from the other's balance (a shared balance). */
const link = defineCommand({
  name: 'link',
  summary: "the account's key spends from another account's balance (counted once)",
  description:
    'Two keys of one provider that spend from one shared balance: totals, total burn and runway count that balance once; each key keeps its own cap and state.',
  args: [
    { ...ACCOUNT_ARG, noun: TWO_ACCOUNTS },
    {
      name: 'other',
      noun: TWO_ACCOUNTS,
      help: 'the account holding the balance',
      required: true,
      complete: 'account',
    },
  ],
  flags: { json: JSON_FLAG },
  examples: [{ run: 'accounts link ci main', does: "ci's key spends from main's balance" }],
  run(ctx, { values, positionals }) {
    const [ref, other] = positionals as [string, string];
    const core = ctx.core();
    const account = core.accounts.update(resolveAccount(core, ref).id, { sharesBalanceWith: other });
    if (values.json) ctx.printJson(account);
    else ctx.print(`${account.label} now spends from ${account.sharesBalanceWith}'s balance; totals count it once`);
    return 0;
  },
});

/** `accounts unlink <account>`: it has its own balance again. */
const unlink = defineCommand({
  name: 'unlink',
  summary: 'the account has its own balance again',
  args: [ACCOUNT_ARG],
  flags: { json: JSON_FLAG },
  examples: [{ run: 'accounts unlink ci', does: 'ci holds its own balance again' }],
  run(ctx, { values, positionals }) {
    const core = ctx.core();
    const account = core.accounts.update(resolveAccount(core, positionals[0]!).id, { sharesBalanceWith: null });
    if (values.json) ctx.printJson(account);
    else ctx.print(`${account.label} has its own balance again`);
    return 0;
  },
});

export const accountsCommand = defineGroup({
  name: 'accounts',
  summary: 'add, list, remove and link accounts; what a self-hosted site publishes',
  commands: [add, list, remove, site, link, unlink],
  examples: [
    { run: 'accounts add --provider cheapai --label main', does: 'add one (the key is asked for, hidden)' },
    { run: 'accounts list', does: 'every account with its state and balance' },
    { run: 'accounts remove main', does: 'stop watching it' },
  ],
});
