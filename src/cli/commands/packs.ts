import type { CliContext } from '../context.ts';
import { UsageError } from '../context.ts';
import { parse, runSubcommand } from '../args.ts';
import { addPack, listPacks, packSuggestions, removePack } from '../../core/analytics/packs.ts';
import { resolveAccount } from '../../core/analytics/context.ts';
import { listProviders } from '../../core/providers/registry.ts';
import { UserError } from '../../core/errors.ts';

/** `packs add|list|remove|suggest|catalog`: the prepaid packs behind an account's credits. */
export function packsCommand(ctx: CliContext, argv: string[]): number | Promise<number> {
  return runSubcommand('packs', ctx, argv, { add, list, remove, suggest, catalog });
}

/**
 * `packs add --account <id> --credits <n> --price <amount> [--currency USD] --purchased <ISO>
 * --validity <30d|90d|lifetime|Nd> [--note <text>] [--pack <name>]`. With --pack, credits and
 * price come from the provider's catalog for that validity (flags given win).
 */
async function add(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    account: { type: 'string' },
    credits: { type: 'string' },
    price: { type: 'string' },
    currency: { type: 'string' },
    purchased: { type: 'string' },
    validity: { type: 'string' },
    note: { type: 'string' },
    pack: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.account) throw new UsageError('packs add needs --account <id>');
  if (!values.validity) throw new UsageError('packs add needs --validity <30d|90d|lifetime|Nd>');
  if (!values.purchased) throw new UsageError('packs add needs --purchased <ISO date>');
  const core = ctx.core();
  let { credits, price, currency } = values;
  if (values.pack !== undefined) {
    const account = resolveAccount(core, values.account);
    const { packOffersOffline } = await import('../../core/pricing/pack-offers.ts');
    const offers = packOffersOffline(core, account);
    const entry = offers.find((c) => c.name.toLowerCase() === values.pack!.toLowerCase());
    if (!entry) {
      const names = offers.map((c) => c.name);
      throw new UserError(
        'validation',
        names.length
          ? `no pack ${JSON.stringify(values.pack)} for ${account.provider} (known: ${names.join(', ')})`
          : `no pack catalog is known for ${account.provider}`,
      );
    }
    const offer = entry.prices.find((p) => p.validity === values.validity);
    if (!offer && price === undefined)
      throw new UserError(
        'validation',
        `${entry.name} is sold as ${entry.prices.map((p) => p.validity).join(', ')}; give --price for ${values.validity}`,
      );
    credits ??= entry.credits;
    price ??= offer?.price;
    currency ??= offer?.currency;
  }
  if (credits === undefined) throw new UsageError('packs add needs --credits <n> (or --pack <name>)');
  if (price === undefined) throw new UsageError('packs add needs --price <amount> (or --pack <name>)');
  const pack = addPack(core, {
    accountId: values.account,
    credits,
    price,
    currency,
    purchasedAt: values.purchased,
    validity: values.validity,
    note: values.note ?? null,
  });
  if (values.json) ctx.printJson(pack);
  else
    ctx.print(
      `added ${pack.id}: ${pack.credits} credits for ${pack.price} ${pack.currency}, ${pack.validity}${pack.expiresAt ? ` (expires ${pack.expiresAt})` : ''}`,
    );
  return 0;
}

function list(ctx: CliContext, argv: string[]): number {
  const { values } = parse(argv, { account: { type: 'string' }, json: { type: 'boolean' } });
  const core = ctx.core();
  const accounts = values.account ? [resolveAccount(core, values.account, true)] : core.repos.accounts.list();
  const packs = accounts.flatMap((a) => listPacks(core, a.id));
  if (values.json) {
    ctx.printJson(packs);
    return 0;
  }
  if (packs.length === 0) ctx.print('no packs recorded (burnrate packs add --account <id> …)');
  for (const p of packs) {
    const fate = p.expired
      ? 'expired'
      : p.projectedUnused && p.projectedUnused !== '0'
        ? `${p.projectedUnused} projected to expire unused${p.projectedUnusedUsd ? ` ($${p.projectedUnusedUsd})` : ''}`
        : p.endsAt
          ? `used up around ${p.endsAt.slice(0, 10)}`
          : '';
    ctx.print(
      `${p.id}  ${p.remaining ?? '?'} of ${p.credits} left  ${p.validity}${p.expiresAt ? ` until ${p.expiresAt.slice(0, 10)}` : ''}  ${fate}`.trimEnd(),
    );
  }
  return 0;
}

function remove(ctx: CliContext, argv: string[]): number {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, 1);
  const id = positionals[0];
  if (!id) throw new UsageError('packs remove needs a pack id');
  removePack(ctx.core(), id);
  if (values.json) ctx.printJson({ id, removed: true });
  else ctx.print(`removed ${id}`);
  return 0;
}

/** Top-ups seen in the balance that no recorded pack explains, with the catalog's choices. */
function suggest(ctx: CliContext, argv: string[]): number {
  const { values } = parse(argv, { account: { type: 'string' }, json: { type: 'boolean' } });
  const suggestions = packSuggestions(ctx.core(), values.account ? { accountId: values.account } : {});
  if (values.json) {
    ctx.printJson(suggestions);
    return 0;
  }
  if (suggestions.length === 0) ctx.print('no unrecorded top-ups in the last 90 days');
  for (const s of suggestions) {
    ctx.print(`${s.accountId}: +${s.amount} ${s.unit} at ${s.at}`);
    for (const c of s.choices) {
      ctx.print(
        `  burnrate packs add --account ${s.accountId} --pack ${c.name} --validity ${c.validity} --purchased ${s.at}   # ${c.credits} for ${c.price} ${c.currency}`,
      );
    }
  }
  return 0;
}

/**
 * `packs catalog [--provider <id>] [--account <id|label>] [--offline] [--json]`: the packs on
 * sale. CheapAI's come from its live list (GET /v1/packages, read through your CheapAI
 * account and kept for a day), else the seed's table; each entry says which, and why.
 */
async function catalog(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    provider: { type: 'string' },
    account: { type: 'string' },
    offline: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.provider && !listProviders().some((p) => p.id === values.provider))
    throw new UsageError(`unknown provider ${JSON.stringify(values.provider)}`);
  const { packOffers } = await import('../../core/pricing/pack-offers.ts');
  const entries = await packOffers(ctx.core(), {
    ...(values.provider ? { provider: values.provider } : {}),
    ...(values.account ? { account: values.account } : {}),
    network: values.offline ? 'never' : 'auto',
  });
  if (values.json) {
    ctx.printJson(entries);
    return 0;
  }
  const said = new Set<string>();
  for (const e of entries) {
    const where =
      e.source === 'static'
        ? 'seed table'
        : `${e.source === 'live' ? 'live list' : 'cached list'} of ${e.fetchedAt?.slice(0, 10)}`;
    const why = e.reason && !said.has(e.reason) ? ` (${e.reason})` : '';
    if (e.reason) said.add(e.reason);
    ctx.print(
      `${e.provider} ${e.name}: ${e.credits} ${e.unit} — ${e.prices.map((p) => `${p.validity} ${p.price} ${p.currency}`).join(', ')} [${where}]${why}`,
    );
  }
  return 0;
}
