import { scrubSecrets } from '../secrets/scrub.ts';

/**
 * The one place the log scrubs text: every message, field and stack goes through here
 * before it reaches a log file, with the secrets the caller knew of (a payload's values, an
 * account's key) plus whatever looks like a key. It calls the engine's one scrubber
 * (secrets/scrub.ts), so what is redacted from stored messages and replies is redacted from
 * the log the same way.
 */
export function scrubLogText(text: string, secrets: ReadonlyArray<string | null | undefined> = []): string {
  return scrubSecrets(text, secrets);
}
