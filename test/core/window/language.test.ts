import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../../src/core/core.ts';
import { createApi } from '../../../src/core/api.ts';
import { activeLocale, languageOf } from '../../../src/shared/languages.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';
import { tempDir } from '../../helpers/tmp.ts';

function setup(systemLocale: string | undefined) {
  const home = tempDir();
  const core = openCore({ home, secrets: new MemorySecrets() });
  const told: string[] = [];
  const invoke = createApi({
    core,
    version: '0.0.0-test',
    platform: 'linux',
    demo: false,
    demoHome: path.join(home, 'demo'),
    ...(systemLocale ? { systemLocale } : {}),
    setLocale: (locale) => told.push(locale),
  });
  const call = async (channel: string, payload?: unknown) => {
    const reply = await invoke(channel, payload);
    if (!reply.ok) throw new Error(`${channel}: ${reply.error.code} ${reply.error.message}`);
    return reply.value as { language: string; locale: string };
  };
  return { core, invoke, call, told };
}

describe('the language setting', () => {
  it('follows the system until one is chosen, applies a choice at once and tells main', async () => {
    const { call, told, core } = setup('zh-TW');
    expect(await call('settings:get')).toMatchObject({ language: 'system', locale: 'zh-CN' });
    expect(await call('settings:set', { language: 'en' })).toMatchObject({ language: 'en', locale: 'en-US' });
    expect(told).toEqual(['en-US']);
    // Setting something else does not tell main the language changed.
    await call('settings:set', { theme: 'dark' });
    expect(told).toEqual(['en-US']);
    expect(await call('settings:set', { language: 'system' })).toMatchObject({ locale: 'zh-CN' });
    expect(told).toEqual(['en-US', 'zh-CN']);
    core.close();
  });

  it('refuses a language it does not have, by name, and keeps the one set', async () => {
    const { invoke, call, core } = setup('en-GB');
    const reply = await invoke('settings:set', { language: 'fr' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(!reply.ok && reply.error.message).toMatch(/language/);
    expect(await call('settings:get')).toMatchObject({ language: 'system', locale: 'en-GB' });
    core.close();
  });

  it('reads any Chinese tag as zh-CN, keeps an English system its own tag, and falls back to English', () => {
    expect(['zh', 'zh-CN', 'zh-Hans-SG', 'zh-TW'].map(languageOf)).toEqual(['zh-CN', 'zh-CN', 'zh-CN', 'zh-CN']);
    expect(['en-GB', 'de-DE', '', undefined].map(languageOf)).toEqual(['en', 'en', 'en', 'en']);
    expect(activeLocale('system', 'en-GB')).toBe('en-GB');
    expect(activeLocale('system', 'de-DE')).toBe('de-DE');
    expect(activeLocale('system', undefined)).toBe('en-US');
    expect(activeLocale('en', 'en-GB')).toBe('en-GB');
    expect(activeLocale('en', 'zh-CN')).toBe('en-US');
    expect(activeLocale('zh-CN', 'en-GB')).toBe('zh-CN');
  });
});

describe('the language setting and the demo', () => {
  it('stays the person’s own while the window shows the demo', async () => {
    const { call, invoke, core } = setup('en-US');
    await call('settings:set', { language: 'zh-CN' });
    const started = await invoke('demo:start', undefined);
    expect(started.ok).toBe(true);
    expect(await call('settings:get')).toMatchObject({ language: 'zh-CN', locale: 'zh-CN' });
    await call('settings:set', { language: 'en' });
    await invoke('demo:stop', undefined);
    expect(await call('settings:get')).toMatchObject({ language: 'en', locale: 'en-US' });
    core.close();
  });
});
