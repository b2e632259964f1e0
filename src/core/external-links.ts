import { UserError } from './errors.ts';
import { getProvider } from './providers/registry.ts';

/**
 * The only web pages Burnrate opens in the person's browser: the providers' API
 * documentation and, for "Top up", their billing pages. The window never names a URL (it is
 * untrusted): it names a provider, core looks the link up (the registry's docsUrl, or
 * BILLING_PAGES below) and checks it against this list before main hands it to
 * `shell.openExternal`. The list is written out rather than derived, so a new host is a
 * deliberate change here (test/security/external-links.test.ts checks that every link is on
 * it and that nothing else is).
 */
export const EXTERNAL_LINK_HOSTS: ReadonlySet<string> = new Set([
  'cheapaiapi.com',
  'cheapaapi.com',
  'docs.lumenfall.ai',
  'gptimage2api.org',
  'github.com',
  'openrouter.ai',
  'api-docs.deepseek.com',
  'platform.moonshot.ai',
  'docs.siliconflow.cn',
  'novita.ai',
  'docs.aimlapi.com',
  'docs.kie.ai',
  'docs.fal.ai',
  'elevenlabs.io',
  'docs.litellm.ai',
  // Billing pages (BILLING_PAGES)
  'platform.deepseek.com',
  'aimlapi.com',
  'kie.ai',
  'fal.ai',
]);

/**
 * Where each provider's balance is topped up, checked against the providers' own pages and
 * links (see docs/provider-notes.md, "Billing pages"). Providers missing here have no page
 * Burnrate could confirm (the seed providers; Moonshot and SiliconFlow, whose consoles
 * need a login before any page), or are self-hosted (new-api, Sub2API, LiteLLM, custom:
 * their host is the person's, and not on this allowlist).
 */
export const BILLING_PAGES: Readonly<Record<string, string>> = {
  openrouter: 'https://openrouter.ai/settings/credits',
  deepseek: 'https://platform.deepseek.com/top_up',
  novita: 'https://novita.ai/billing',
  aimlapi: 'https://aimlapi.com/app/billing',
  kieai: 'https://kie.ai/billing',
  fal: 'https://fal.ai/dashboard/billing',
  elevenlabs: 'https://elevenlabs.io/app/subscription',
};

const MAX_URL_LENGTH = 2048;

/**
 * The URL, normalised, when it may be opened outside the app: https on the default port,
 * an allowlisted host (exactly, no subdomains), no user name or password. Throws a
 * validation UserError otherwise.
 */
export function checkExternalUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UserError('validation', 'that is not a web address Burnrate opens');
  }
  if (url.protocol !== 'https:') throw new UserError('validation', 'Burnrate opens only https pages');
  if (url.username || url.password)
    throw new UserError('validation', 'Burnrate does not open addresses with a user name or password');
  if (url.port !== '') throw new UserError('validation', 'Burnrate opens only pages on the standard https port');
  if (!EXTERNAL_LINK_HOSTS.has(url.hostname))
    throw new UserError('validation', `Burnrate does not open pages on ${url.hostname}`);
  if (url.href.length > MAX_URL_LENGTH) throw new UserError('validation', 'that address is too long');
  return url.href;
}

/** A provider's documentation link from the registry, checked against the allowlist. */
export function providerDocsUrl(providerId: string): string {
  const def = getProvider(providerId);
  if (!def) throw new UserError('not_found', 'no such provider');
  if (!def.docsUrl) throw new UserError('not_found', `${def.name} has no documentation link`);
  return checkExternalUrl(def.docsUrl);
}

/** A provider's billing page ("Top up"), checked against the allowlist; null when there is none. */
export function billingPageFor(providerId: string): string | null {
  const url = Object.hasOwn(BILLING_PAGES, providerId) ? BILLING_PAGES[providerId]! : null;
  return url === null ? null : checkExternalUrl(url);
}

/** A provider's billing page for `app:openBilling`: a named error when it has none. */
export function providerBillingUrl(providerId: string): string {
  const def = getProvider(providerId);
  if (!def) throw new UserError('not_found', 'no such provider');
  const url = billingPageFor(def.id);
  if (url === null) throw new UserError('not_found', `${def.name} has no billing page Burnrate knows`);
  return url;
}
