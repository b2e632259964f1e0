import { UserError } from './errors.ts';
import { getProvider } from './providers/registry.ts';

/**
 * The only web pages Burnrate opens in the person's browser: the providers' API
 * documentation. The window never names a URL (it is untrusted): it names a provider, core
 * looks the link up in the registry and checks it against this list before main hands it
 * to `shell.openExternal`. The list is written out rather than derived from the registry,
 * so a new host is a deliberate change here (test/security/external-links.test.ts checks
 * that every registry link is on it).
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
]);

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
