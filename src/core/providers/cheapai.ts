import { z } from 'zod';
import { DecimalError, normalizeDecimal, toMicros } from '../../shared/decimal.ts';
import { CURRENCIES } from '../../shared/units.ts';
import type { Currency } from '../../shared/units.ts';
import type { HttpClient } from '../net/http.ts';
import type { ProviderDefinition } from './types.ts';
import { outcome } from './adapter.ts';
import { tryParseJson } from './classify.ts';
import { amountLike, readJson } from './respond.ts';
import { CHEAPAI_PACKS } from './catalogs.ts';
import type { CatalogPack, CatalogPrice, CatalogValidity } from './catalogs.ts';

// GET /v1/credits → {"success":true,"credits":123456}
const creditsReply = z.object({ success: z.literal(true).optional(), credits: amountLike });

/** CheapAI (seed 000): one shared credit balance; credit packs with 30-day, 90-day or
 * lifetime validity; per-key daily spend caps answered with 429. */
export const cheapai: ProviderDefinition = {
  id: 'cheapai',
  name: 'CheapAI',
  unit: 'credits',
  capabilities: ['balance', 'packs', 'daily_cap'],
  defaultBaseUrl: 'https://api.cheapaiapi.com',
  keyRequired: true,
  keyHint: 'API key (sk_…)',
  options: [],
  docsUrl: 'https://cheapaiapi.com',
  balanceEndpoint: '/v1/credits',
  async poll(ctx) {
    const res = await ctx.http.request({
      url: `${ctx.baseUrl}/v1/credits`,
      headers: { authorization: `Bearer ${ctx.key ?? ''}` },
    });
    // 401 for an expired key (even with credits left) and a 429 that names the key's daily
    // spend limit are told apart from their wording by the shared classifier.
    const read = readJson(res, creditsReply, ctx.now());
    if (!read.ok) return read.outcome;
    return outcome({
      state: 'ok',
      httpStatus: res.status,
      balance: { micros: toMicros(read.data.credits), unit: 'credits' },
    });
  },
};

/* ------------------------------------------------------------------ packages */

export interface PackageCatalog {
  /** "live" when /v1/packages was understood, "static" when the seed table stands in. */
  source: 'live' | 'static';
  packs: CatalogPack[];
  /** Why the static table was used; null for a live catalog. */
  reason: string | null;
}

/**
 * CheapAI's pack catalog from GET /v1/packages (the endpoint behind the dashboard's pack
 * selector). Its reply shape is not documented, so this reads it leniently — a list, or a
 * list under `packages`/`data`; each pack with a name (or id), `credits`, and prices as a
 * `prices` list or map, or as flat `price_30d`/`price_90d`/`price_lifetime`-style fields —
 * and falls back to the seed's static table whenever the reply is not understood. Never
 * throws for what the network or the provider did.
 */
export async function fetchPackages(req: {
  baseUrl: string;
  key: string | null;
  http: HttpClient;
}): Promise<PackageCatalog> {
  const fallback = (reason: string): PackageCatalog => ({
    source: 'static',
    packs: CHEAPAI_PACKS.map(clonePack),
    reason,
  });
  let text: string;
  try {
    const res = await req.http.request({
      url: `${req.baseUrl}/v1/packages`,
      headers: req.key ? { authorization: `Bearer ${req.key}` } : {},
    });
    if (res.status < 200 || res.status >= 300) return fallback(`the packages endpoint answered HTTP ${res.status}`);
    text = res.text;
  } catch (error) {
    return fallback(`the packages endpoint could not be read (${error instanceof Error ? error.message : 'failed'})`);
  }
  const packs = readPackages(tryParseJson(text));
  return packs ? { source: 'live', packs, reason: null } : fallback('the packages reply was not understood');
}

/** Packs from a /v1/packages body, or null when it does not look like a catalog. */
export function readPackages(body: unknown): CatalogPack[] | null {
  const list = listOf(body);
  if (!list || list.length === 0 || list.length > 100) return null;
  const packs: CatalogPack[] = [];
  for (const item of list) {
    const pack = packOf(item);
    if (!pack) return null; // one pack we cannot read makes the whole reply suspect
    packs.push(pack);
  }
  return packs;
}

function listOf(body: unknown): unknown[] | null {
  if (Array.isArray(body)) return body;
  if (!isRecord(body)) return null;
  for (const field of ['packages', 'data', 'packs', 'items']) {
    const v = body[field];
    if (Array.isArray(v)) return v;
    if (isRecord(v)) {
      const inner = listOf(v);
      if (inner) return inner;
    }
  }
  return null;
}

function packOf(item: unknown): CatalogPack | null {
  if (!isRecord(item)) return null;
  const name = [item.name, item.id, item.slug, item.label].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  const credits = decimal(item.credits ?? item.credit_amount ?? item.amount);
  if (!name || credits === null || toMicros(credits) <= 0) return null;
  const currency = currencyOf(item.currency);
  if (currency === null) return null;
  const prices = pricesOf(item, currency);
  if (prices.length === 0) return null;
  return { provider: 'cheapai', name: name.trim().slice(0, 60), credits, unit: 'credits', prices };
}

function pricesOf(item: Record<string, unknown>, currency: Currency): CatalogPrice[] {
  const found = new Map<CatalogValidity, string>();
  const add = (validity: CatalogValidity | null, value: unknown) => {
    const price = decimal(value);
    if (validity && price !== null && toMicros(price) >= 0 && !found.has(validity)) found.set(validity, price);
  };
  const prices = item.prices ?? item.pricing ?? item.options;
  if (Array.isArray(prices)) {
    for (const p of prices) {
      if (isRecord(p))
        add(validityOf(p.validity ?? p.duration ?? p.period ?? p.term ?? p.days), p.price ?? p.amount ?? p.usd);
    }
  } else if (isRecord(prices)) {
    for (const [k, v] of Object.entries(prices)) add(validityOf(k), isRecord(v) ? (v.price ?? v.amount) : v);
  }
  for (const [k, v] of Object.entries(item)) {
    const m = /^(?:price|cost)[_-]?(.+)$|^(.+?)[_-]?(?:price|cost)$/i.exec(k);
    if (m) add(validityOf(m[1] ?? m[2]), v);
  }
  // A bare `price` is the headline price, which seed 000 lists as the 30-day one.
  if (!found.has('30d') && (item.price !== undefined || item.cost !== undefined)) add('30d', item.price ?? item.cost);
  const order: CatalogValidity[] = ['30d', '90d', 'lifetime'];
  return order.filter((v) => found.has(v)).map((validity) => ({ validity, price: found.get(validity)!, currency }));
}

function validityOf(value: unknown): CatalogValidity | null {
  const text = String(value ?? '')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
  if (/^(30|30d|30days?|30day|month|monthly|1month)$/.test(text)) return '30d';
  if (/^(90|90d|90days?|90day|quarter|quarterly|3months?)$/.test(text)) return '90d';
  if (/^(lifetime|forever|permanent|never|noexpiry|unlimited)$/.test(text)) return 'lifetime';
  return null;
}

function currencyOf(value: unknown): Currency | null {
  if (value === undefined || value === null) return 'USD';
  const upper = String(value).toUpperCase();
  return (CURRENCIES as readonly string[]).includes(upper) ? (upper as Currency) : null;
}

/** A canonical decimal string for a number or a string like "$37.50"; null otherwise. */
function decimal(value: unknown): string | null {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  const text = typeof value === 'string' ? value.trim().replace(/^\$/, '').replace(/,/g, '') : value;
  try {
    return normalizeDecimal(text);
  } catch (error) {
    if (error instanceof DecimalError) return null;
    throw error;
  }
}

function clonePack(p: CatalogPack): CatalogPack {
  return { ...p, prices: p.prices.map((x) => ({ ...x })) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
