import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import { runCli } from '../helpers/cli.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { tempDir, tempRoot } from '../helpers/tmp.ts';
import { cliInProcess } from '../helpers/cli-inproc.ts';

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

/** The CLI in this process with an in-memory keychain (what is tested is the command, not the keyring). */
const cli = (args: string[], home: string, secrets: MemorySecrets, stdin = '') =>
  cliInProcess(args, { home, secrets, stdin });

describe('burnrate buys (no keychain needed for a hand-kept account)', () => {
  // One home for the refusals, none of which writes anything.
  const shared = tempRoot('burnrate-pricing-cli-');
  const sharedHome = shared.dir;
  afterAll(() => shared.remove());
  beforeAll(async () => {
    await cli(['accounts', 'add', '--provider', 'gptimage2', '--label', 'images'], sharedHome, new MemorySecrets());
  });

  it('says what 488 credits buy, model by model and variant by variant', async () => {
    const home = tempDir();
    const env = { BURNRATE_HOME: home };
    await runCli(['accounts', 'add', '--provider', 'gptimage2', '--label', 'images'], { env });
    expect((await runCli(['balance', 'set', 'images', '488'], { env })).code).toBe(0);
    const out = await runCli(
      ['buys', '--account', 'images', '--model', 'gpt-image-2', '--model', 'nano-banana-pro', '--json'],
      {
        env,
      },
    );
    expect(out.stderr).toBe('');
    const [buys] = JSON.parse(out.stdout) as Array<Record<string, unknown>>;
    expect(buys).toMatchObject({ label: 'images', balance: '488', unit: 'credits' });
    expect(buys!.account).toMatch(/^acc_/);
    // The contract's fields, for each priced variant.
    expect(
      (buys!.models as Array<Record<string, unknown>>).map(({ model, params, costEach, unit, count }) => ({
        model,
        params,
        costEach,
        unit,
        count,
      })),
    ).toEqual([
      { model: 'gpt-image-2', params: {}, costEach: '3', unit: 'credits', count: 162 },
      { model: 'nano-banana-pro', params: { resolution: '2K' }, costEach: '12', unit: 'credits', count: 40 },
      { model: 'nano-banana-pro', params: { resolution: '4K' }, costEach: '20', unit: 'credits', count: 24 },
    ]);
    const human = await runCli(['buys', '--account', 'images', '--model', 'gpt-image-2'], { env });
    expect(human.stdout).toMatch(
      /^images \(gptimage2\) · 488 credits\n {2}gpt-image-2 {2}3 credits\/call {2}162 calls\n$/,
    );
  });

  it.each<[string, string[], number, RegExp]>([
    ['an unknown account', ['buys', '--account', 'ghost'], 1, /no account with id or label "ghost"/],
    ['an unknown flag', ['buys', '--acount', 'x'], 2, /unknown flag '--acount'/],
    ['estimate without a model', ['estimate', '--account', 'images'], 2, /estimate needs --model <id>/],
    [
      'a bad count',
      ['estimate', '--account', 'images', '--model', 'veo3', '--count', '2.5'],
      2,
      /--count expects a whole number/,
    ],
    [
      'a malformed param',
      ['estimate', '--account', 'images', '--model', 'veo3', '--param', 'resolution'],
      2,
      /--param expects name=value/,
    ],
    [
      'a missing variant parameter',
      ['estimate', '--account', 'images', '--model', 'nano-banana-pro'],
      1,
      /priced by resolution: give --param resolution=<2K, 4K>/,
    ],
    [
      'a model with no price',
      ['estimate', '--account', 'images', '--model', 'sd-xl'],
      1,
      /no price is known for sd-xl at images; add one with `burnrate prices set/,
    ],
    ['prices set without a cost', ['prices', 'set', '--provider', 'gptimage2', '--model', 'x'], 2, /needs --cost/],
    [
      'prices set with a bad per',
      ['prices', 'set', '--provider', 'gptimage2', '--model', 'x', '--cost', '1', '--per', 'hour'],
      2,
      /--per: unknown unit of work "hour" \(one of call, generation/,
    ],
    [
      'prices set with a bad cost',
      ['prices', 'set', '--provider', 'gptimage2', '--model', 'x', '--cost', '1,5'],
      1,
      /rule.cost: not a decimal number/,
    ],
    ['removing a price that is not there', ['prices', 'remove', '7'], 1, /no such price of yours/],
    ['importing a file that is not there', ['prices', 'import', '/nonexistent/prices.json'], 1, /cannot read/],
  ])('refuses %s with a clear error', async (_what, args, code, message) => {
    const out = await cli(args, sharedHome, new MemorySecrets());
    expect(out.code).toBe(code);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(message);
    expect(out.stderr.split('\n')).toHaveLength(2); // one line
  });
});

describe('burnrate estimate, prices and packs catalog against the fake providers', () => {
  const CHEAP_KEY = 'sk_cheapai_cli_pricing_0123456789';

  it('estimates a GPT Image 2 job from the catalog: balance, cap and runway', async () => {
    const home = tempDir();
    const secrets = new MemorySecrets();
    await cli(['accounts', 'add', '--provider', 'gptimage2', '--label', 'images'], home, secrets);
    await cli(
      ['balance', 'set', 'images', '500', '--at', new Date(Date.now() - 2 * 86_400_000).toISOString()],
      home,
      secrets,
    );
    await cli(['balance', 'set', 'images', '440'], home, secrets);
    const out = await cli(
      [
        'estimate',
        '--account',
        'images',
        '--model',
        'sora-2-pro-text-to-video',
        '--param',
        'resolution=1080p',
        '--param',
        'durationTier=2',
        '--count',
        '3',
        '--json',
      ],
      home,
      secrets,
    );
    expect(out.stderr).toBe('');
    const r = JSON.parse(out.stdout) as Record<string, unknown>;
    expect(r).toMatchObject({
      model: 'sora-2-pro-text-to-video',
      params: { durationTier: '2', resolution: '1080p' },
      count: 3,
      cost: { amount: '144', unit: 'credits' },
      costEach: { amount: '48', unit: 'credits' },
      source: 'catalog',
      sourceName: 'seed 003: gptimage2api.org/docs/pricing (2026-11-30)',
      fallback: null,
      balance: { amount: '440', unit: 'credits' },
      balanceAfter: { amount: '296', unit: 'credits' },
      coveredByBalance: true,
      cap: null,
    });
    expect((r.runway as { usedDays: number }).usedDays).toBeCloseTo(4.8, 1); // 144 / 30 a day
    const human = await cli(['estimate', '--account', 'images', '--model', 'veo3', '--count', '10'], home, secrets);
    expect(human.stdout).toMatch(/^10 × veo3 at images: 630 credits \(63 each\)\n/);
    expect(human.stdout).toMatch(/balance: 440 → -190 credits: NOT covered/);
  });

  it('asks CheapAI, falls back to your price when it cannot answer, and never shows the key', async () => {
    const home = tempDir();
    const secrets = new MemorySecrets();
    fake.setAccount('cheapai', { key: CHEAP_KEY, balance: '50000', scenario: 'ok' });
    const added = await cli(
      [
        'accounts',
        'add',
        '--provider',
        'cheapai',
        '--label',
        'cheap',
        '--base-url',
        fake.baseUrl('cheapai'),
        '--key-stdin',
      ],
      home,
      secrets,
      CHEAP_KEY,
    );
    expect(added.code).toBe(0);
    expect((await cli(['poll', '--json'], home, secrets)).code).toBe(0);
    const asked = await cli(['estimate', '--account', 'cheap', '--model', 'nano-banana-pro', '--json'], home, secrets);
    expect(JSON.parse(asked.stdout)).toMatchObject({ source: 'provider', cost: { amount: '396', unit: 'credits' } });

    const set = await cli(
      [
        'prices',
        'set',
        '--account',
        'cheap',
        '--model',
        'suno-v5',
        '--cost',
        '800',
        '--note',
        'from the dashboard',
        '--json',
      ],
      home,
      secrets,
    );
    expect(JSON.parse(set.stdout)).toMatchObject({
      model: 'suno-v5',
      unit: 'credits',
      rule: { kind: 'flat', cost: '800' },
    });
    fake.updateAccount('cheapai', CHEAP_KEY, { scenario: 'echo_key' });
    const fallback = await cli(['estimate', '--account', 'cheap', '--model', 'suno-v5', '--count', '2'], home, secrets);
    expect(fallback.code).toBe(0);
    expect(fallback.stdout).toMatch(/^2 × suno-v5 at cheap: 1600 credits/);
    expect(fallback.stdout).toMatch(
      /note: CheapAI was not asked or could not answer \(HTTP 401.*estimated from the price list/,
    );
    expect(fallback.stdout + fallback.stderr).not.toContain(CHEAP_KEY.slice(3, 19));

    // The price check's answer is kept: "what it buys" lists it next to your own price.
    const buys = JSON.parse((await cli(['buys', '--account', 'cheap', '--offline', '--json'], home, secrets)).stdout);
    expect(
      buys[0].models.map((m: { model: string; origin: string; count: number }) => [m.model, m.origin, m.count]),
    ).toEqual([
      ['nano-banana-pro', 'price_check', 126],
      ['suno-v5', 'override', 62],
    ]);

    // prices list --mine --json reads back with prices import
    const mine = await cli(['prices', 'list', '--mine', '--json'], home, secrets);
    const file = path.join(home, 'prices.json');
    fs.writeFileSync(file, mine.stdout);
    const imported = await cli(['prices', 'import', file, '--json'], home, secrets);
    expect(JSON.parse(imported.stdout)).toEqual({ imported: 1, replaced: 1 });
    const removed = await cli(['prices', 'remove', '--account', 'cheap', '--model', 'suno-v5'], home, secrets);
    expect(removed).toMatchObject({ code: 0, stdout: 'removed\n' });
  });

  it('packs catalog reads CheapAI’s live list through the account, then says when it falls back', async () => {
    const home = tempDir();
    const secrets = new MemorySecrets();
    const key = `${CHEAP_KEY}-packs`;
    fake.setAccount('cheapai', { key, balance: '1', scenario: 'ok' });
    await cli(
      [
        'accounts',
        'add',
        '--provider',
        'cheapai',
        '--label',
        'packs',
        '--base-url',
        fake.baseUrl('cheapai'),
        '--key-stdin',
      ],
      home,
      secrets,
      key,
    );
    const live = JSON.parse((await cli(['packs', 'catalog', '--provider', 'cheapai', '--json'], home, secrets)).stdout);
    expect(live).toHaveLength(5);
    expect(live[0]).toMatchObject({ name: 'starter', credits: '1000000', source: 'live', reason: null });
    const human = await cli(['packs', 'catalog', '--provider', 'cheapai', '--offline'], home, secrets);
    expect(human.stdout.split('\n')[0]).toMatch(
      /^cheapai starter: 1000000 credits — 30d 25 USD, 90d 30 USD, lifetime 37.5 USD \[cached list of \d{4}-\d{2}-\d{2}\]$/,
    );
    const cheapa = JSON.parse(
      (await cli(['packs', 'catalog', '--provider', 'cheapa', '--json'], home, secrets)).stdout,
    );
    expect(cheapa[0]).toMatchObject({ provider: 'cheapa', name: 'Starter', source: 'static', reason: null });
    expect((await cli(['packs', 'catalog', '--provider', 'nope'], home, secrets)).stderr).toMatch(
      /unknown provider "nope"/,
    );
  });

  it('new-api: the site’s list, the group ratio setting, and prices list for the account', async () => {
    const home = tempDir();
    const secrets = new MemorySecrets();
    const key = 'sk-newapi-cli-pricing-0123456789';
    fake.setAccount('newapi', { key, balance: '2000000', scenario: 'ok', cap: { limit: null, used: '0' } });
    await cli(
      ['accounts', 'add', '--provider', 'newapi', '--label', 'gw', '--base-url', fake.baseUrl('newapi'), '--key-stdin'],
      home,
      secrets,
      key,
    );
    await cli(['poll'], home, secrets);
    const set = await cli(['prices', 'set', '--account', 'gw', '--group-ratio', '1.8', '--json'], home, secrets);
    expect(JSON.parse(set.stdout)).toMatchObject({ groupRatio: '1.8' });
    const buys = JSON.parse(
      (await cli(['buys', '--account', 'gw', '--model', 'veo-3.1', '--json'], home, secrets)).stdout,
    );
    expect(buys[0]).toMatchObject({
      balance: '2000000',
      unit: 'quota',
      multipliers: [{ name: 'group ratio', factor: '1.8', source: 'your setting' }],
      models: [
        { model: 'veo-3.1', costEach: '450000', count: 4, listPrice: { amount: '0.5', unit: 'USD' }, origin: 'live' },
      ],
    });
    const listed = JSON.parse(
      (await cli(['prices', 'list', '--account', 'gw', '--offline', '--json'], home, secrets)).stdout,
    );
    expect(listed.map((p: { model: string }) => p.model)).toEqual([
      'gpt-4o-mini',
      'claude-sonnet-4',
      'dall-e-3',
      'veo-3.1',
    ]);
    expect(listed[0]).toMatchObject({ rule: { kind: 'per_token', input: '0.15', output: '0.6' }, origin: 'live' });
    const bad = await cli(['prices', 'set', '--account', 'gw', '--group-ratio', 'lots'], home, secrets);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringMatching(/groupRatio must be a number/) });
  });
});
