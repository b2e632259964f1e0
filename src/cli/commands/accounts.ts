import type { CliContext } from '../context.ts';
import { UsageError, readStdin } from '../context.ts';
import { parse, parseSetPairs, parseIntFlag, runSubcommand } from '../args.ts';
import type { Account } from '../../shared/domain.ts';
import { MAX_POLL_INTERVAL_SECONDS, MIN_POLL_INTERVAL_SECONDS } from '../../shared/domain.ts';

export function accountsCommand(ctx: CliContext, argv: string[]): number | Promise<number> {
  return runSubcommand('accounts', ctx, argv, { add, list, remove });
}

async function add(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    provider: { type: 'string' },
    label: { type: 'string' },
    'base-url': { type: 'string' },
    'key-stdin': { type: 'boolean' },
    set: { type: 'string', multiple: true },
    'interval-seconds': { type: 'string' },
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
  const account = await ctx.core().accounts.add({
    provider: values.provider,
    label: values.label,
    baseUrl: values['base-url'] ?? null,
    options,
    key,
    pollIntervalSeconds,
  });
  if (values.json) ctx.printJson(account);
  else ctx.print(`added ${account.id} (${account.provider} · ${account.label})`);
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
  return `${a.id}  ${a.provider.padEnd(11)}  ${a.label}  (${key}${a.enabled ? '' : ', paused'})`;
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
