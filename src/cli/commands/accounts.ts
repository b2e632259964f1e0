import type { CliContext } from '../context.ts';
import { UsageError, readStdin } from '../context.ts';
import { parse, parseSetPairs, parseIntFlag, runSubcommand } from '../args.ts';
import type { Account } from '../../shared/domain.ts';
import { resolveAccount } from '../../core/manual.ts';

export function accountsCommand(ctx: CliContext, argv: string[]): number | Promise<number> {
  return runSubcommand('accounts', ctx, argv, { add, list, remove, link, unlink });
}

async function add(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    provider: { type: 'string' },
    label: { type: 'string' },
    'base-url': { type: 'string' },
    'key-stdin': { type: 'boolean' },
    set: { type: 'string', multiple: true },
    'interval-seconds': { type: 'string' },
    'shares-balance-with': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.provider) throw new UsageError('accounts add needs --provider <id>');
  if (values.label === undefined) throw new UsageError('accounts add needs --label <text>');
  const options = parseSetPairs(values.set);
  const pollIntervalSeconds = parseIntFlag('interval-seconds', values['interval-seconds'], 1);
  let key: string | undefined;
  if (values['key-stdin']) {
    key = (await readStdin(ctx.io.stdin)).trim();
    if (!key) throw new UsageError('the key read from stdin is empty');
  }
  const account = await ctx.core().accounts.add({
    provider: values.provider,
    label: values.label,
    baseUrl: values['base-url'] ?? null,
    options,
    key,
    pollIntervalSeconds,
    sharesBalanceWith: values['shares-balance-with'],
  });
  if (values.json) ctx.printJson(account);
  else
    ctx.print(
      `added ${account.id} (${account.provider} · ${account.label})${account.sharesBalanceWith ? `, spending from ${account.sharesBalanceWith}'s balance` : ''}`,
    );
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
