import { z } from 'zod';
import { fromMicros, mulDivMicros, toMicros } from '../../shared/decimal.ts';
import type { HttpResponse } from '../net/http.ts';
import type { PollOutcome } from './adapter.ts';
import { outcome } from './adapter.ts';
import { tryParseJson } from './classify.ts';
import { amountLike, failedReply, readJson } from './respond.ts';
import type { ProviderDefinition } from './types.ts';

/*
 * Facts, checked against Novita's docs (novita.ai/docs/api-reference/basic-get-user-balance):
 * - GET /openapi/v1/billing/balance/detail (Bearer) → {"availableBalance":"1000000",
 *   "cashBalance":"800000","creditLimit":"200000","pendingCharges":"0","outstandingInvoices":"0"},
 *   every amount a string in units of 1/10,000 USD ("10000 = $1.00"). availableBalance is
 *   the spendable total: the top-up left (cashBalance) plus the credit limit.
 * - Errors: 401 missing or wrong key, 403 permissions (novita.ai/docs/guides/error); an empty
 *   account is 403 NOT_ENOUGH_BALANCE. The body shape {"code","reason","message","metadata"}
 *   and the reason names (FAILED_TO_AUTH, INVALID_API_KEY, NOT_ENOUGH_BALANCE,
 *   RATE_LIMIT_EXCEEDED) come from Novita's sister platform's error table
 *   (docs.jiekou.ai/en/docs/models/reference-error-code) — not confirmed on Novita's own pages.
 */

/** Novita amounts are integers of 1/10,000 USD: $1 = 10,000 units. */
export const NOVITA_UNITS_PER_USD = 10_000;

/**
 * Exact: units of 1/10,000 USD → USD micros. A plain decimal has its point moved four places
 * in the text itself, so the range is that of USD amounts (not of the 10,000× larger count);
 * anything else (1e6) goes through integer mulDivMicros. Never float division.
 */
export function novitaUsdMicros(value: string | number): number {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) return toMicros(`${text}e-4`);
  return mulDivMicros(toMicros(value), 1, NOVITA_UNITS_PER_USD);
}

/** An amount in Novita's unit that converts to USD micros. */
const novitaAmount = amountLike.superRefine((value, ctx) => {
  try {
    novitaUsdMicros(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'expected an amount' });
  }
});

const balanceReply = z.object({
  availableBalance: novitaAmount,
  cashBalance: novitaAmount.nullish(),
  creditLimit: novitaAmount.nullish(),
  pendingCharges: novitaAmount.nullish(),
  outstandingInvoices: novitaAmount.nullish(),
});

const errorBody = z
  .object({ code: z.number().optional(), reason: z.string(), message: z.string().optional() })
  .passthrough();

function failure(res: HttpResponse, now: number): PollOutcome {
  const base = failedReply(res, now);
  const parsed = errorBody.safeParse(tryParseJson(res.text));
  const reason = parsed.success ? parsed.data.reason.toUpperCase() : '';
  const message = parsed.success ? (parsed.data.message ?? parsed.data.reason) : base.message;
  if (reason === 'NOT_ENOUGH_BALANCE') return { ...base, state: 'insufficient_balance', message };
  if ((reason === 'FAILED_TO_AUTH' || reason === 'INVALID_API_KEY') && base.state !== 'expired_key')
    return { ...base, state: 'invalid_key', message };
  return base;
}

/** A {"code","reason"} error inside a 200, classified as the code it carries. */
function embeddedError(res: HttpResponse, now: number): PollOutcome | null {
  const parsed = errorBody.safeParse(tryParseJson(res.text));
  if (!parsed.success) return null;
  const code =
    parsed.data.code !== undefined && parsed.data.code >= 400 && parsed.data.code <= 599 ? parsed.data.code : 400;
  return { ...failure({ ...res, status: code }, now), httpStatus: res.status };
}

const usd = (micros: number) => (micros < 0 ? `-$${fromMicros(-micros)}` : `$${fromMicros(micros)}`);

/** Novita: balances in units of 1/10,000 USD. */
export const novita: ProviderDefinition = {
  id: 'novita',
  name: 'Novita AI',
  unit: 'USD',
  capabilities: ['balance', 'postpaid'],
  defaultBaseUrl: 'https://api.novita.ai',
  keyRequired: true,
  keyHint: 'API key',
  options: [],
  docsUrl: 'https://novita.ai/docs/api-reference/basic-get-user-balance',
  balanceEndpoint: '/openapi/v1/billing/balance/detail',
  async poll(ctx) {
    const now = ctx.now();
    const res = await ctx.http.request({
      url: `${ctx.baseUrl}/openapi/v1/billing/balance/detail`,
      headers: { authorization: `Bearer ${ctx.key ?? ''}` },
    });
    if (res.status < 200 || res.status >= 300) return failure(res, now);
    const flagged = embeddedError(res, now);
    if (flagged) return flagged;
    const read = readJson(res, balanceReply, now);
    if (!read.ok) return read.outcome;
    const d = read.data;
    const available = novitaUsdMicros(d.availableBalance);
    const cash = d.cashBalance === null || d.cashBalance === undefined ? null : novitaUsdMicros(d.cashBalance);
    const credit = d.creditLimit === null || d.creditLimit === undefined ? 0 : novitaUsdMicros(d.creditLimit);
    const invoices =
      d.outstandingInvoices === null || d.outstandingInvoices === undefined
        ? 0
        : novitaUsdMicros(d.outstandingInvoices);
    const notes: string[] = [];
    if (available <= 0) notes.push('no available balance: top up to keep calling the API');
    if (credit > 0) notes.push(`includes a credit limit of ${usd(credit)}`);
    if (cash !== null && cash < 0) notes.push(`cash balance ${usd(cash)} (owed)`);
    if (invoices > 0) notes.push(`outstanding invoices ${usd(invoices)}`);
    return outcome({
      state: available <= 0 ? 'insufficient_balance' : 'ok',
      httpStatus: res.status,
      balance: { micros: available, unit: 'USD' },
      message: notes.length ? notes.join('; ') : null,
    });
  },
};
