import { describe, expect, it } from 'vitest';
import {
  BILLING_PAGES,
  checkExternalUrl,
  EXTERNAL_LINK_HOSTS,
  providerBillingUrl,
  providerDocsUrl,
} from '../../src/core/external-links.ts';
import { PROVIDERS } from '../../src/core/providers/registry.ts';
import { testApi } from '../helpers/api.ts';

/**
 * The one way the window can get a page opened in the browser: `app:openDocs` names a
 * provider; core takes that provider's documentation link from the registry and checks it
 * against an allowlist before main's shell.openExternal sees it.
 */
describe('the external link allowlist', () => {
  it('holds every provider documentation link in the registry', () => {
    for (const def of PROVIDERS.filter((p) => p.docsUrl))
      expect(providerDocsUrl(def.id), def.id).toBe(new URL(def.docsUrl!).href);
  });

  it('holds every billing page, each for a provider in the registry', () => {
    for (const [id, url] of Object.entries(BILLING_PAGES)) {
      expect(
        PROVIDERS.some((p) => p.id === id),
        id,
      ).toBe(true);
      expect(providerBillingUrl(id), id).toBe(new URL(url).href);
    }
    expect(() => providerBillingUrl('cheapai')).toThrow(/CheapAI has no billing page Burnrate knows/);
    expect(() => providerBillingUrl('nope')).toThrow(/no such provider/);
  });

  it('holds nothing but those links’ hosts (no stale entries to abuse later)', () => {
    const used = new Set([
      ...PROVIDERS.filter((p) => p.docsUrl).map((p) => new URL(p.docsUrl!).hostname),
      ...Object.values(BILLING_PAGES).map((url) => new URL(url).hostname),
    ]);
    expect([...EXTERNAL_LINK_HOSTS].sort()).toEqual([...used].sort());
  });

  it.each([
    ['http://openrouter.ai/docs', /only https/],
    ['https://evil.example/', /does not open pages on evil.example/],
    ['https://openrouter.ai.evil.example/docs', /does not open pages/],
    ['https://evil-openrouter.ai/', /does not open pages/],
    ['https://docs.evil.fal.ai/', /does not open pages/],
    ['https://user:pass@openrouter.ai/', /user name or password/],
    ['https://openrouter.ai@evil.example/', /user name or password/],
    ['https://openrouter.ai:8443/', /standard https port/],
    ['file:///etc/passwd', /only https/],
    ['javascript:alert(1)', /only https/],
    ['data:text/html,<script>alert(1)</script>', /only https/],
    ['ms-settings:', /only https/],
    ['smb://openrouter.ai/share', /only https/],
    ['//openrouter.ai/docs', /not a web address/],
    [`https://openrouter.ai/${'a'.repeat(3000)}`, /too long/],
  ])('refuses %s', (url, why) => {
    expect(() => checkExternalUrl(url)).toThrow(why);
  });

  it('accepts an allowlisted https page, normalised', () => {
    expect(checkExternalUrl('HTTPS://OpenRouter.ai/docs/api-reference/limits')).toBe(
      'https://openrouter.ai/docs/api-reference/limits',
    );
  });
});

describe('app:openDocs through the dispatcher', () => {
  function setup(openExternal?: (url: string) => void) {
    return testApi(openExternal ? { openExternal } : {});
  }

  it('opens the registry link of the provider named, and only that', async () => {
    const opened: string[] = [];
    const { core, invoke } = setup((url) => void opened.push(url));
    expect(await invoke('app:openDocs', { provider: 'deepseek' })).toEqual({
      ok: true,
      value: { opened: 'https://api-docs.deepseek.com/api/get-user-balance' },
    });
    for (const payload of [
      { provider: 'deepseek', url: 'https://evil.example/' },
      { provider: 'https://evil.example' },
      { provider: 'DeepSeek' },
      { provider: '' },
      {},
      null,
    ]) {
      expect(await invoke('app:openDocs', payload)).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    expect(await invoke('app:openDocs', { provider: 'custom' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await invoke('app:openDocs', { provider: 'constructor' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(opened).toEqual(['https://api-docs.deepseek.com/api/get-user-balance']);
    core.close();
  });

  it('app:openBilling opens the billing page of the provider named ("Top up"), and only that', async () => {
    const opened: string[] = [];
    const { core, invoke } = setup((url) => void opened.push(url));
    expect(await invoke('app:openBilling', { provider: 'openrouter' })).toEqual({
      ok: true,
      value: { opened: 'https://openrouter.ai/settings/credits' },
    });
    for (const payload of [{ provider: 'openrouter', url: 'https://evil.example/' }, { provider: 'OpenRouter' }, null])
      expect(await invoke('app:openBilling', payload)).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await invoke('app:openBilling', { provider: 'newapi' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(opened).toEqual(['https://openrouter.ai/settings/credits']);
    core.close();
  });

  it('says so where nothing can open pages (the CLI, the browser tests)', async () => {
    const { core, invoke } = setup();
    expect(await invoke('app:openDocs', { provider: 'deepseek' })).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });
    core.close();
  });
});
