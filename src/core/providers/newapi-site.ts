import { z } from 'zod';
import { fromMicros, toMicros } from '../../shared/decimal.ts';
import type { AccountOptions } from '../../shared/domain.ts';
import { DEFAULT_CNY_PER_USD, QUOTA_PER_USD } from '../../shared/units.ts';
import { HttpFailure } from '../net/http.ts';
import type { HttpResponse } from '../net/http.ts';
import { errorMessageOf, looksLikeHtml, tryParseJson } from './classify.ts';
import { amountLike, defaultErrorFlag } from './respond.ts';
import type { SiteRead, SiteRequest } from './site.ts';
import type { SiteDisplayType, SiteUnits } from '../../shared/site.ts';
import { SITE_DISPLAY_TYPES } from '../../shared/site.ts';

/*
 * A new-api or one-api site's own units (see newapi.ts for the endpoints): read with no key
 * from GET /api/status, and resolved with the account's options into what one quota is worth.
 */

type BillingUnit = 'USD' | 'CNY' | 'tokens';

/**
 * The units one account's figures are read and valued with, and where each came from. An
 * option set on the account wins (the person knows their site), then what the site published
 * on /api/status, then the defaults: new-api's 500,000 quota per USD, a USD display, and for
 * a CNY display whose rate is unknown the cnyPerUsd setting (the one CNY rate Burnrate is
 * configured with). `exchangeRate` only undoes the site's own CNY display; money is always
 * valued with the cnyPerUsd setting.
 */
export interface QuotaUnits {
  /** Quota per US dollar (decimal string). */
  quotaPerUnit: { value: string; source: 'option' | 'site' | 'default' };
  /** The unit the billing endpoints (/v1/dashboard/billing/*) report in. */
  billingUnit: { value: BillingUnit; source: 'option' | 'site' | 'default' };
  /** CNY per USD the site uses for a CNY display (decimal string). */
  exchangeRate: { value: string; source: 'option' | 'site' | 'setting' };
}

const decimalOf = (value: unknown): string | null => {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  try {
    const micros = toMicros(value);
    return micros > 0 ? fromMicros(micros) : null;
  } catch {
    return null;
  }
};

/** What the billing endpoints speak for each display type (controller/billing.go: CUSTOM falls to USD). */
const BILLING_UNIT_OF: Record<SiteDisplayType, BillingUnit> = {
  USD: 'USD',
  CUSTOM: 'USD',
  CNY: 'CNY',
  TOKENS: 'tokens',
};

export function resolveQuotaUnits(options: AccountOptions, site: SiteUnits | null, cnyPerUsd: string): QuotaUnits {
  const optionPerUnit = decimalOf(options.quotaPerUnit);
  const optionRate = decimalOf(options.exchangeRate);
  const optionUnit = ['USD', 'CNY', 'tokens'].includes(String(options.currency))
    ? (options.currency as BillingUnit)
    : null;
  return {
    quotaPerUnit: optionPerUnit
      ? { value: optionPerUnit, source: 'option' }
      : site?.quotaPerUnit
        ? { value: site.quotaPerUnit, source: 'site' }
        : { value: String(QUOTA_PER_USD), source: 'default' },
    billingUnit: optionUnit
      ? { value: optionUnit, source: 'option' }
      : site?.displayType
        ? { value: BILLING_UNIT_OF[site.displayType], source: 'site' }
        : { value: 'USD', source: 'default' },
    exchangeRate: optionRate
      ? { value: optionRate, source: 'option' }
      : site?.usdExchangeRate
        ? { value: site.usdExchangeRate, source: 'site' }
        : { value: decimalOf(cnyPerUsd) ?? DEFAULT_CNY_PER_USD, source: 'setting' },
  };
}

const statusReply = z.object({
  data: z.object({
    quota_per_unit: amountLike.nullish(),
    quota_display_type: z.string().nullish(),
    display_in_currency: z.boolean().nullish(),
    usd_exchange_rate: amountLike.nullish(),
  }),
});

/** " (the page's title)", or nothing. */
function titleOf(html: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
  return title ? ` (${title.slice(0, 80)})` : '';
}

/**
 * Read the site's units from GET /api/status. No key goes with it: the route is public, and
 * the site's settings are the same for everyone. Never throws for what the site or the
 * network did; a failure comes back with a named reason.
 */
export async function readNewApiSite(req: SiteRequest): Promise<SiteRead> {
  let res: HttpResponse;
  try {
    res = await req.http.request({ url: `${req.baseUrl}/api/status`, headers: { accept: 'application/json' } });
  } catch (error) {
    if (!(error instanceof HttpFailure)) throw error;
    const reason = error.kind === 'timeout' || error.kind === 'network' ? 'unreachable' : 'http_status';
    return { ok: false, reason, message: error.message };
  }
  if (res.status < 200 || res.status >= 300) {
    const said = errorMessageOf(res.text);
    return { ok: false, reason: 'http_status', message: `HTTP ${res.status}${said ? `: ${said}` : ''}` };
  }
  const json = tryParseJson(res.text);
  if (json === undefined) {
    const why = !res.text.trim()
      ? 'empty reply'
      : looksLikeHtml(res.text)
        ? `HTML page instead of JSON${titleOf(res.text)}`
        : 'reply is not valid JSON';
    return { ok: false, reason: 'not_json', message: why };
  }
  const flagged = defaultErrorFlag(json);
  if (flagged !== null) return { ok: false, reason: 'refused', message: flagged };
  const parsed = statusReply.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, reason: 'malformed', message: `unexpected reply${where}: ${issue?.message ?? 'wrong shape'}` };
  }
  const d = parsed.data.data;
  const quotaPerUnit = d.quota_per_unit === null || d.quota_per_unit === undefined ? null : decimalOf(d.quota_per_unit);
  if (d.quota_per_unit !== null && d.quota_per_unit !== undefined && quotaPerUnit === null)
    return {
      ok: false,
      reason: 'malformed',
      message: `quota_per_unit is not a positive number: ${JSON.stringify(d.quota_per_unit).slice(0, 40)}`,
    };
  const rate =
    d.usd_exchange_rate === null || d.usd_exchange_rate === undefined ? null : decimalOf(d.usd_exchange_rate);
  if (d.usd_exchange_rate !== null && d.usd_exchange_rate !== undefined && rate === null)
    return {
      ok: false,
      reason: 'malformed',
      message: `usd_exchange_rate is not a positive number: ${JSON.stringify(d.usd_exchange_rate).slice(0, 40)}`,
    };
  const named = d.quota_display_type?.toUpperCase() ?? null;
  const displayType: SiteDisplayType | null =
    named !== null && (SITE_DISPLAY_TYPES as readonly string[]).includes(named)
      ? (named as SiteDisplayType)
      : d.display_in_currency === true
        ? 'USD'
        : d.display_in_currency === false
          ? 'TOKENS'
          : null;
  return { ok: true, units: { quotaPerUnit, displayType, usdExchangeRate: rate } };
}
