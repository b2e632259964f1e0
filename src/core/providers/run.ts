import { ZodError } from 'zod';
import { DecimalError } from '../../shared/decimal.ts';
import { HttpFailure, withSecrets } from '../net/http.ts';
import type { PollContext, PollOutcome } from './adapter.ts';
import { outcome } from './adapter.ts';
import { scrubSecrets } from '../secrets/scrub.ts';
import type { ProviderDefinition } from './types.ts';

/**
 * Run one provider's poll and always come back with an outcome: transport failures become
 * network_error / timeout, a body that fails its schema or carries an impossible amount
 * becomes bad_response, and every message is scrubbed of the key (in every form
 * scrubSecrets knows) before anyone stores it.
 */
export async function runPoll(def: ProviderDefinition, ctx: PollContext): Promise<PollOutcome> {
  if (!def.poll)
    return outcome({
      state: 'bad_response',
      message: `${def.name} has no balance endpoint; record the balance by hand`,
    });
  let result: PollOutcome;
  try {
    // Every request of this poll knows the key, so no redirect can carry it to another origin.
    result = await def.poll({ ...ctx, http: withSecrets(ctx.http, [ctx.key]) });
  } catch (error) {
    result = failureOutcome(error);
  }
  return result.message === null ? result : { ...result, message: scrubSecrets(result.message, [ctx.key]) };
}

function failureOutcome(error: unknown): PollOutcome {
  if (error instanceof HttpFailure) {
    switch (error.kind) {
      case 'timeout':
        return outcome({ state: 'timeout', message: error.message });
      case 'network':
        return outcome({ state: 'network_error', message: error.message });
      case 'too_large':
      case 'redirect':
      case 'policy':
        return outcome({ state: 'bad_response', message: error.message });
    }
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : '';
    return outcome({ state: 'bad_response', message: `unexpected reply${where}: ${issue?.message ?? 'wrong shape'}` });
  }
  if (error instanceof DecimalError)
    return outcome({ state: 'bad_response', message: `unusable amount in reply: ${error.message}` });
  // A bug in an adapter must not stop the poller; it is recorded as what it looks like.
  const message = error instanceof Error ? error.message : String(error);
  return outcome({ state: 'bad_response', message: `could not read the reply: ${message.split('\n')[0]}` });
}
