import type { CliContext } from '../context.ts';
import { UserError } from '../../core/errors.ts';
import { UsageError, readStdin } from '../context.ts';
import { parse, parseSetPairs, parseIntFlag, runSubcommand } from '../args.ts';
import type { Account } from '../../shared/domain.ts';
import { resolveAccount } from '../../core/manual.ts';
import { refreshSiteSettings, siteSettingsView } from '../../core/site-settings.ts';
import type { SiteSettingsView } from '../../core/site-settings.ts';
import { addAccountChecked } from '../../core/key-check.ts';
import { requestTimeoutFromEnv } from './poll.ts';
import { MAX_POLL_INTERVAL_SECONDS, MIN_POLL_INTERVAL_SECONDS } from '../../shared/domain.ts';

export function accountsCommand(ctx: CliContext, argv: string[]): number | Promise<number> {
  return runSubcommand('accounts', ctx, argv, { add, list, remove, site, link, unlink });
}

/**
 * `accounts add …`: asks the provider once with the key before saving (unless --no-check).
 * A key it refuses is not saved (exit 1); when it cannot be asked, the account is saved with
 * a warning. `--json` prints the account and, as `check`, what the provider said.
 */
async function add(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    provider: { type: 'string' },
    label: { type: 'string' },
    'base-url': { type: 'string' },
    'key-stdin': { type: 'boolean' },
    set: { type: 'string', multiple: true },
    'interval-seconds': { type: 'string' },
    'no-check': { type: 'boolean' },
    'shares-balance-with': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.provider) throw new UsageError('accounts add needs --provider <id>');
  if (values.label === undefined) throw new UsageError('accounts add needs --label <text>');
  const options = parseSetPairs(values.set);
  const pollIntervalSeconds = parseIntFlag(
    'interval-seconds',
    values['interval-seconds'],
    MIN_POLL_INTERVAL_SECONDS,
    MAX_POLL_INTERVAL_SECONDS,
  );
  let key: string | undefined;
  if (values['key-stdin']) {
    key = (await readStdin(ctx.io.stdin)).trim();
    if (!key) throw new UsageError('the key read from stdin is empty');
  }
  const core = ctx.core();
  const { account, check } = await addAccountChecked(
    core,
    {
      provider: values.provider,
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
}

/** `accounts link <account> <other>`: the account's key spends from the other's balance (a shared balance). */
function link(ctx: CliContext, argv: string[]): number {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, 2);
  const [ref, other] = positionals;
  if (!ref || !other)
    throw new UsageError('accounts link needs two accounts: <account> <account whose balance it spends>');
  const core = ctx.core();
  const account = core.accounts.update(resolveAccount(core, ref).id, { sharesBalanceWith: other });
  if (values.json) ctx.printJson(account);
  else ctx.print(`${account.label} now spends from ${account.sharesBalanceWith}'s balance; totals count it once`);
  return 0;
}

/** `accounts unlink <account>`: it has its own balance again. */
function unlink(ctx: CliContext, argv: string[]): number {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, 1);
  const ref = positionals[0];
  if (!ref) throw new UsageError('accounts unlink needs an account id or label');
  const core = ctx.core();
  const account = core.accounts.update(resolveAccount(core, ref).id, { sharesBalanceWith: null });
  if (values.json) ctx.printJson(account);
  else ctx.print(`${account.label} has its own balance again`);
  return 0;
}

/** `accounts site <id|label> [--refresh] [--json]`: what the account's site publishes about its units. */
async function site(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { refresh: { type: 'boolean' }, json: { type: 'boolean' } }, 1);
  const who = positionals[0];
  if (!who) throw new UsageError('accounts site needs an account id or label');
  const core = ctx.core();
  const account = resolveAccount(core, who);
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
}

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

function list(ctx: CliContext, argv: string[]): number {
  const { values } = parse(argv, { json: { type: 'boolean' } });
  const accounts = ctx.core().accounts.list();
  if (values.json) {
    ctx.printJson(accounts);
    return 0;
  }
  if (accounts.length === 0)
    ctx.print('no accounts yet: burnrate accounts add --provider <id> --label <name> --key-stdin');
  for (const a of accounts) ctx.print(describe(a));
  return 0;
}

function describe(a: Account): string {
  const key = a.keyUpdatedAt ? 'key stored' : 'no key';
  const shared = a.sharesBalanceWith ? `, spends from ${a.sharesBalanceWith}'s balance` : '';
  return `${a.id}  ${a.provider.padEnd(11)}  ${a.label}  (${key}${a.enabled ? '' : ', paused'}${shared})`;
}

async function remove(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { purge: { type: 'boolean' }, json: { type: 'boolean' } }, 1);
  const id = positionals[0];
  if (!id) throw new UsageError('accounts remove needs an account id');
  await ctx.core().accounts.remove(id, values.purge ?? false);
  if (values.json) ctx.printJson({ id, removed: true, purged: values.purge ?? false });
  else ctx.print(values.purge ? `removed ${id} and deleted its history` : `removed ${id}; its history is kept`);
  return 0;
}
