import { z } from 'zod';
import { toMicros } from '../../shared/decimal.ts';
import type { HttpResponse } from '../net/http.ts';
import type { PollOutcome } from './adapter.ts';
import { outcome } from './adapter.ts';
import { errorMessageOf, tryParseJson } from './classify.ts';
import { decimalLike, failedReply, readJson } from './respond.ts';
import type { ProviderDefinition } from './types.ts';

/*
 * Facts, checked against kie.ai's docs (docs.kie.ai/common-api/get-account-credits, and the
 * Chinese page docs.kie.ai/cn/common-api/get-account-credits):
 * - GET /api/v1/chat/credit (Bearer) → {"code":200,"msg":"success","data":100}; data is the
 *   remaining credits.
 * - Status codes, which the body's `code` carries too ("error message when code != 200"):
 *   200 ok, 401 unauthorized, 402 insufficient credits, 404 not found, 422 bad parameters,
 *   429 over the limit, 455 service unavailable (maintenance), 500 server error,
 *   505 feature disabled. So a failure can arrive as HTTP 200 with code 402 in the body, or as
 *   the HTTP status itself: both are read.
 */

const creditReply = z.object({ code: z.literal(200), msg: z.string().nullish(), data: decimalLike });

/** A failure with kie.ai's code: the shared table, plus 455 and 505, which are outages. */
function failure(res: HttpResponse, code: number, now: number): PollOutcome {
  const said = errorMessageOf(res.text);
  if (code === 455)
    return outcome({
      state: 'server_error',
      httpStatus: res.status,
      message: `kie.ai is under maintenance (455)${said ? `: ${said}` : ''}`,
    });
  if (code === 505)
    return outcome({
      state: 'server_error',
      httpStatus: res.status,
      message: `kie.ai has disabled this feature (505)${said ? `: ${said}` : ''}`,
    });
  return { ...failedReply({ ...res, status: code }, now), httpStatus: res.status };
}

/** The code that decides: the HTTP status when it is not a 2xx, else the body's `code` when not 200. */
function failureCode(res: HttpResponse): number | null {
  if (res.status < 200 || res.status >= 300) return res.status;
  const code = (tryParseJson(res.text) as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' && code !== 200 ? code : null;
}

/** kie.ai: a credit balance; 402 when out of credits, 455 during maintenance. */
export const kieai: ProviderDefinition = {
  id: 'kieai',
  name: 'kie.ai',
  unit: 'credits',
  capabilities: ['balance'],
  defaultBaseUrl: 'https://api.kie.ai',
  keyRequired: true,
  keyHint: 'API key',
  options: [],
  docsUrl: 'https://docs.kie.ai/common-api/get-account-credits',
  balanceEndpoint: '/api/v1/chat/credit',
  async poll(ctx) {
    const now = ctx.now();
    const res = await ctx.http.request({
      url: `${ctx.baseUrl}/api/v1/chat/credit`,
      headers: { authorization: `Bearer ${ctx.key ?? ''}` },
    });
    const code = failureCode(res);
    if (code !== null) return failure(res, code, now);
    const read = readJson(res, creditReply, now);
    if (!read.ok) return read.outcome;
    const credits = toMicros(read.data.data);
    return outcome({
      state: credits <= 0 ? 'insufficient_balance' : 'ok',
      httpStatus: res.status,
      balance: { micros: credits, unit: 'credits' },
      message: credits <= 0 ? 'no credits left: generation services stop until a top-up' : null,
    });
  },
};
