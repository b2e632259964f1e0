import { UsageError } from '../context.ts';
import { defineCommand, defineGroup, JSON_FLAG } from '../command.ts';
import { addPack, listPacks, packSuggestions, removePack } from '../../core/analytics/packs.ts';
import { resolveAccount } from '../../core/analytics/context.ts';
import { listProviders } from '../../core/providers/registry.ts';
import { UserError } from '../../core/errors.ts';
import { didYouMean } from '../../shared/suggest.ts';
import { getProvider } from '../../core/providers/registry.ts';
import type { PackView } from '../../shared/status.ts';
import type { Unit } from '../../shared/units.ts';
import { formatAmountOfText, formatAmountText } from '../../shared/format/numbers.ts';
import { renderTable } from '../ui/table.ts';
import type { Cell } from '../ui/table.ts';
import { CLI_LOCALE, usdText, whenText } from '../ui/format.ts';

const ACCOUNT_FLAG = {
  type: 'string',
  value: '<id|label>',
  complete: 'account',
  help: "only this account's",
} as const;

/**
 * `packs add --account <id> --credits <n> --price <amount> [--currency USD] --purchased <ISO>
 * --validity <30d|90d|lifetime|Nd> [--note <text>] [--pack <name>]`. With --pack, credits and
 * price come from the provider's catalog for that validity (flags given win).
 */
const add = defineCommand({
  name: 'add',
  summary: 'record a pack you bought, so runway and expiry count it',
  description:
    "A pack's credits expire at the end of its validity; what is left then is lost, and the runway counts that. With --pack, credits and price come from the provider's catalog (burnrate packs catalog) for that validity; flags given win.",
  flags: {
    account: { ...ACCOUNT_FLAG, required: true, help: 'the account the credits went to' },
    credits: { type: 'string', value: '<n>', help: 'credits in the pack (or --pack)' },
    price: { type: 'string', value: '<amount>', help: 'what it cost (or --pack)' },
    currency: { type: 'string', value: '<USD|CNY>', help: 'the currency of --price', default: 'USD' },
    purchased: { type: 'string', value: '<ISO date>', required: true, help: 'when it was bought' },
    validity: {
      type: 'string',
      value: '<30d|90d|lifetime|Nd>',
      required: true,
      help: 'how long the credits last from purchase',
    },
    pack: { type: 'string', value: '<name>', help: "a pack from the provider's catalog" },
    note: { type: 'string', value: '<text>', help: 'anything to remember it by' },
    json: JSON_FLAG,
  },
  examples: [
    {
      run: 'packs add --account main --credits 5000000 --price 50 --purchased 2026-03-01 --validity 30d',
      does: 'a 30-day pack of 5 M credits for $50',
    },
    { run: 'packs add --account main --pack Pro --validity 90d --purchased 2026-03-01', does: 'from the catalog' },
  ],
  async run(ctx, { values }) {
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
  },
});

const list = defineCommand({
  name: 'list',
  summary: 'packs with what remains, when they expire and what will expire unused',
  flags: { account: ACCOUNT_FLAG, json: JSON_FLAG },
  examples: [
    { run: 'packs list', does: "every account's packs" },
    { run: 'packs list --account main --json', does: "one account's, for scripts" },
  ],
  run(ctx, { values }) {
    const core = ctx.core();
    const accounts = values.account ? [resolveAccount(core, values.account, true)] : core.repos.accounts.list();
    const packs = accounts.flatMap((a) => listPacks(core, a.id));
    if (values.json) {
      ctx.printJson(packs);
      return 0;
    }
    if (packs.length === 0) {
      ctx.print('no packs recorded (burnrate packs add --account <id|label> …)');
      return 0;
    }
    const now = ctx.now();
    const byId = new Map(accounts.map((a) => [a.id, a]));
    ctx.show(
      renderTable(
        [
          { header: 'ACCOUNT', flex: true, min: 8 },
          { header: 'PACK', keep: 20 },
          { header: 'REMAINING', align: 'right' },
          { header: 'EXPIRES', flex: true, min: 10 },
          { header: 'AT EXPIRY', flex: true, min: 12, keep: 50 },
        ],
        packs.map((p) => {
          const account = byId.get(p.accountId);
          const unit = (account && getProvider(account.provider)?.unit) ?? 'credits';
          return [
            account?.label ?? p.accountId,
            p.id,
            p.remaining === null
              ? `? of ${formatAmountText(p.credits, unit, { locale: CLI_LOCALE })}`
              : formatAmountOfText(p.remaining, p.credits, unit, { locale: CLI_LOCALE }),
            p.expiresAt === null ? { text: 'never (lifetime)', look: 'dim' } : whenText(p.expiresAt, now),
            packFate(p, unit, now),
          ];
        }),
        ctx,
      ),
    );
    return 0;
  },
});

/** What happens to a pack at the current burn: expires with credits left, used up first, or gone. */
function packFate(p: PackView, unit: Unit, now: number): Cell {
  if (p.expired) return { text: 'expired', look: 'dim' };
  if (p.projectedUnused !== null && Number(p.projectedUnused) > 0) {
    const value = p.projectedUnusedUsd !== null ? ` (${usdText(p.projectedUnusedUsd)})` : '';
    return {
      text: `${formatAmountText(p.projectedUnused, unit, { locale: CLI_LOCALE })}${value} unused`,
      look: 'yellow',
    };
  }
  if (p.endsAt !== null && p.endReason === 'used_up') return { text: `used up ${whenText(p.endsAt, now)}` };
  if (p.expiresAt === null) return { text: '' };
  return { text: p.remaining === null ? 'unknown until the first balance' : 'unknown burn', look: 'dim' };
}

const remove = defineCommand({
  name: 'remove',
  summary: 'forget a pack recorded by mistake',
  args: [{ name: 'pack', noun: 'a pack id', help: 'the id packs list shows', required: true }],
  flags: { json: JSON_FLAG },
  examples: [{ run: 'packs remove pack_9d8e7f', does: 'remove it' }],
  run(ctx, { values, positionals }) {
    const id = positionals[0]!;
    removePack(ctx.core(), id);
    if (values.json) ctx.printJson({ id, removed: true });
    else ctx.print(`removed ${id}`);
    return 0;
  },
});

/** Top-ups seen in the balance that no recorded pack explains, with the catalog's choices. */
const suggest = defineCommand({
  name: 'suggest',
  summary: 'top-ups in the balance that no recorded pack explains, with packs to record',
  flags: { account: ACCOUNT_FLAG, json: JSON_FLAG },
  examples: [{ run: 'packs suggest', does: 'the last 90 days of unexplained top-ups' }],
  run(ctx, { values }) {
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
  },
});

/**
 * `packs catalog [--provider <id>] [--account <id|label>] [--offline] [--json]`: the packs on
 * sale. CheapAI's come from its live list (GET /v1/packages, read through your CheapAI
 * account and kept for a day), else the seed's table; each entry says which, and why.
 */
const catalog = defineCommand({
  name: 'catalog',
  summary: 'the packs on sale, with prices per validity',
  description:
    "CheapAI's come from its live list (read through your CheapAI account and kept for a day), the others from the seed's table; each entry says which, and why.",
  flags: {
    provider: { type: 'string', value: '<id>', complete: 'provider', help: "only this provider's" },
    account: { ...ACCOUNT_FLAG, help: "read the live list through this account's key" },
    offline: { type: 'boolean', help: 'use the cached or seed lists only; ask no provider' },
    json: JSON_FLAG,
  },
  examples: [
    { run: 'packs catalog --provider cheapai', does: "CheapAI's packs and prices" },
    { run: 'packs catalog --offline --json', does: 'every known pack, without asking a provider' },
  ],
  async run(ctx, { values }) {
    if (values.provider && !listProviders().some((p) => p.id === values.provider))
      throw new UsageError(
        `unknown provider ${JSON.stringify(values.provider)}${
          didYouMean(
            values.provider,
            listProviders().map((p) => p.id),
          ) || ' (see: burnrate providers)'
        }`,
      );
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
  },
});

export const packsCommand = defineGroup({
  name: 'packs',
  summary: 'prepaid packs: what remains, when they expire, what will expire unused',
  commands: [add, list, remove, suggest, catalog],
  examples: [
    { run: 'packs list', does: 'every pack with what remains and what will expire unused' },
    {
      run: 'packs add --account main --credits 5000000 --price 50 --purchased 2026-03-01 --validity 30d',
      does: 'record a pack you bought',
    },
  ],
});
