import fs from 'node:fs';
import path from 'node:path';
import type { Core } from './core.ts';
import { openCore } from './core.ts';
import type { SecretStore } from './secrets/index.ts';
import { KeychainUnavailableError } from './secrets/index.ts';
import { startFakeServer } from './providers/fake/server.ts';
import type { FakeServer } from './providers/fake/server.ts';
import type { FakeAccount } from './providers/fake/types.ts';
import { createPoller } from './poller/index.ts';
import type { Poller } from './poller/index.ts';
import type { ReadingRecord } from './store/readings-repo.ts';
import { fromMicros, microsToNumber, toMicros } from '../shared/decimal.ts';
import type { Currency, Unit } from '../shared/units.ts';
import { isCurrency } from '../shared/units.ts';
import { newId } from './ids.ts';
import { seededRandom } from './seeded-random.ts';
import { rememberPriceCheck } from './pricing/catalog.ts';

/**
 * Demo mode: made-up accounts polled for real, over HTTP, from the fake provider server
 * running on 127.0.0.1, with their own database in a separate home. Balances move with
 * every poll; one key is close to its daily cap (its key is fine, its health is a warning),
 * one pack is about to expire with credits left (the runway is cut where it expires), one
 * wallet is empty (402), and one account is postpaid (credit left of a limit, kept out of the
 * totals). Nothing touches the user's data or keychain.
 */

/** Marks a folder as the demo's own, so starting the demo again may wipe it. */
const DEMO_MARKER = '.burnrate-demo';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The demo's stand-in for the keychain. It exists only so demo accounts can be polled with
 * keys the fake server knows; it lives in memory, holds nothing but those fake keys, and
 * refuses any other secret, so a real key typed into a form while the demo runs is never
 * stored anywhere. The real app keeps keys only in the OS keychain.
 */
export class DemoSecrets implements SecretStore {
  private readonly allowed: ReadonlySet<string>;
  private readonly keys = new Map<string, string>();
  constructor(allowed: Iterable<string>) {
    this.allowed = new Set(allowed);
  }
  async get(id: string): Promise<string | null> {
    return this.keys.get(id) ?? null;
  }
  async set(id: string, secret: string): Promise<void> {
    if (!this.allowed.has(secret)) {
      throw new KeychainUnavailableError(
        'The demo keeps no real keys: leave the demo to add your own accounts',
        'demo',
      );
    }
    this.keys.set(id, secret);
  }
  async delete(id: string): Promise<boolean> {
    return this.keys.delete(id);
  }
  async check(): Promise<void> {}
}

interface DemoPack {
  credits: string;
  price: string;
  currency: Currency;
  /** Days before now it was bought; its credits arrive then as a top-up. */
  boughtDaysAgo: number;
  validity: string;
  note: string;
}

interface DemoAccountPlan {
  provider: string;
  label: string;
  unit: Unit;
  key: string;
  /** The balance 30 days ago, before the history below. */
  startBalance: string;
  /** Typical spend per hour (the demo varies it by time of day and day to day). */
  perHour: string;
  packs?: DemoPack[];
  /** Extra top-ups that are not packs: [days ago, amount]. */
  topUps?: Array<[number, string]>;
  fake: Partial<FakeAccount>;
  options?: Record<string, string | number>;
  /** Set a daily cap (option dailyCap) so that today's window has used this share of it. */
  capUsed?: number;
  /** The last hours of history are this failure instead of readings with a balance. */
  failingHours?: { hours: number; state: ReadingRecord['state']; httpStatus: number; message: string };
  /** Price checks as if asked earlier (CheapAI): model, parameters, credits per generation. */
  priceChecks?: Array<[string, Record<string, string>, string]>;
  /** Billed by invoice against a credit limit (what its first poll will say too). */
  billing?: 'postpaid';
}

const DEMO_DAYS = 30;

function plans(now: number): DemoAccountPlan[] {
  // The cap window of the CheapAI key started 20 hours ago, so today's spend sits near it; its
  // reset is a time of day in Shanghai, as the account's settings say.
  const capTimeZone = 'Asia/Shanghai';
  const capResetTime = new Intl.DateTimeFormat('en-GB', {
    timeZone: capTimeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now - 20 * HOUR_MS);
  return [
    {
      provider: 'cheapai',
      label: 'Demo · CheapAI studio',
      unit: 'credits',
      key: 'sk_demo_cheapai_studio',
      startBalance: '1400000',
      perHour: '6000',
      packs: [
        {
          credits: '1000000',
          price: '37.5',
          currency: 'USD',
          boughtDaysAgo: 45,
          validity: 'lifetime',
          note: 'starter, lifetime',
        },
        {
          credits: '5000000',
          price: '90',
          currency: 'USD',
          boughtDaysAgo: 26,
          validity: '30d',
          note: 'standard, 30 days',
        },
      ],
      fake: { scenario: 'ok', stepPerRequest: '-150' },
      options: { capResetTime, capTimeZone },
      capUsed: 0.88,
      // What the fake server's price check answers (src/core/providers/fake/cheapai.ts).
      priceChecks: [
        ['gpt-image-2', {}, '120'],
        ['nano-banana-pro', {}, '396'],
        ['bytedance-seedream-4.5', { resolution: '2K' }, '594'],
        ['bytedance-seedream-4.5', { resolution: '4K' }, '990'],
      ],
    },
    {
      provider: 'openrouter',
      label: 'Demo · OpenRouter',
      unit: 'USD',
      key: 'sk-or-v1-demo-openrouter',
      startBalance: '62',
      perHour: '0.11',
      topUps: [[12, '25']],
      fake: { scenario: 'ok', stepPerRequest: '-0.01', cap: { limit: '5', used: '4.35', reset: 'daily' } },
    },
    {
      provider: 'deepseek',
      label: 'Demo · DeepSeek',
      unit: 'CNY',
      key: 'sk-demo-deepseek',
      startBalance: '180',
      perHour: '0.16',
      fake: { scenario: 'ok', stepPerRequest: '-0.02', fields: { currency: 'CNY' } },
    },
    {
      provider: 'cheapa',
      label: 'Demo · Cheapa relay',
      unit: 'USD',
      key: 'sk-llmaai-demo-relay',
      startBalance: '24',
      perHour: '0.045',
      fake: { scenario: 'insufficient_balance' },
      failingHours: { hours: 7, state: 'insufficient_balance', httpStatus: 402, message: 'Insufficient balance' },
    },
    {
      provider: 'lumenfall',
      label: 'Demo · Lumenfall team',
      unit: 'USD',
      key: 'lmnfl_demo_team',
      startBalance: '250',
      perHour: '0.05',
      fake: { scenario: 'ok', stepPerRequest: '-0.01', fields: { billingType: 'postpaid' } },
      billing: 'postpaid',
    },
  ];
}

/** Busier in working hours, quieter at night and at weekends. */
function rhythm(ts: number): number {
  const d = new Date(ts);
  const hour = d.getUTCHours();
  const day = d.getUTCDay();
  const daytime = 0.45 + 1.1 * Math.exp(-((hour - 14) ** 2) / 18);
  return daytime * (day === 0 || day === 6 ? 0.6 : 1.1);
}

/**
 * Readings every 20 minutes for the last 30 days, ending at the balance the fake server
 * will report next. Returns the readings and that final balance.
 */
function history(
  plan: DemoAccountPlan,
  accountPk: number,
  now: number,
  random: () => number,
): { readings: ReadingRecord[]; balance: number } {
  const step = 20 * 60_000;
  const start = Math.floor((now - DEMO_DAYS * DAY_MS) / step) * step;
  const perStep = toMicros(plan.perHour) / 3;
  const deposits = [
    ...(plan.packs ?? []).map((p) => ({ at: now - p.boughtDaysAgo * DAY_MS, amount: toMicros(p.credits) })),
    ...(plan.topUps ?? []).map(([days, amount]) => ({ at: now - days * DAY_MS, amount: toMicros(amount) })),
  ].filter((d) => d.at > start);
  const failFrom = plan.failingHours ? now - plan.failingHours.hours * HOUR_MS : Infinity;
  const readings: ReadingRecord[] = [];
  let balance = toMicros(plan.startBalance);
  const dayNoise = new Map<number, number>();
  // Every 20 minutes, and a last reading a minute ago so the demo opens fresh.
  const end = now - 60_000;
  const times: number[] = [];
  for (let ts = start; ts < end; ts += step) times.push(ts);
  times.push(end);
  for (const ts of times) {
    const day = Math.floor(ts / DAY_MS);
    if (!dayNoise.has(day)) dayNoise.set(day, 0.6 + random() * 0.8);
    // Providers count credits in whole units and money in small fractions; so does the demo.
    const grain = isCurrency(plan.unit) ? 100 : 1_000_000;
    const spend = Math.round((perStep * rhythm(ts) * dayNoise.get(day)! * (0.7 + random() * 0.6)) / grain) * grain;
    balance = Math.max(0, balance - spend);
    for (const d of deposits) if (d.at > ts - step && d.at <= ts) balance += d.amount;
    if (ts >= failFrom) {
      // The wallet ran dry: the last reading before the 402s showed it empty.
      const lastOk = readings[readings.length - 1];
      if (lastOk && lastOk.balance !== null && lastOk.balance > 0) lastOk.balance = 0;
      balance = 0;
      const f = plan.failingHours!;
      readings.push(record(accountPk, ts, { state: f.state, httpStatus: f.httpStatus, message: f.message }));
      continue;
    }
    readings.push(record(accountPk, ts, { state: 'ok', httpStatus: 200, balance, unit: plan.unit }));
  }
  return { readings, balance };
}

/** Balance decreases after `since` (top-ups are not spend), in micros. */
function spendSince(readings: ReadingRecord[], since: number): number {
  let spent = 0;
  let prev: number | null = null;
  for (const r of readings) {
    if (r.balance === null) continue;
    if (prev !== null && r.ts >= since && r.balance < prev) spent += prev - r.balance;
    prev = r.balance;
  }
  return spent;
}

function record(
  accountPk: number,
  ts: number,
  r: Partial<ReadingRecord> & Pick<ReadingRecord, 'state'>,
): ReadingRecord {
  return {
    accountPk,
    ts,
    balance: null,
    unit: null,
    httpStatus: null,
    retryAfterSeconds: null,
    cap: null,
    keyExpiresAt: null,
    message: null,
    ...r,
  };
}

export interface DemoOptions {
  /** The demo's own data folder (never the user's). Wiped and rebuilt on every start. */
  home: string;
  /** Seconds between polls of each demo account (at least 30). */
  pollIntervalSeconds?: number;
  /** Start the poller (tests that drive polls themselves turn it off). */
  poll?: boolean;
}

export interface DemoSession {
  core: Core;
  poller: Poller;
  server: FakeServer;
  /** Stop polling, close the database and the fake server. */
  close(): Promise<void>;
}

/** Build the demo's accounts and history, start its fake server and its poller. */
export async function startDemo(options: DemoOptions): Promise<DemoSession> {
  prepareHome(options.home);
  const now = Date.now();
  const demoPlans = plans(now);
  const secrets = new DemoSecrets(demoPlans.map((p) => p.key));
  const server = await startFakeServer();
  let core: Core | null = null;
  try {
    core = openCore({ home: options.home, secrets });
    const packs = core.repos.packs;
    const random = seededRandom(20_260_301); // the demo looks the same every time
    for (const plan of demoPlans) {
      const account = await core.accounts.add({
        provider: plan.provider,
        label: plan.label,
        baseUrl: server.baseUrl(plan.provider),
        key: plan.key,
        options: plan.options ?? {},
        pollIntervalSeconds: Math.max(30, options.pollIntervalSeconds ?? 60),
      });
      const stored = core.accounts.require(account.id);
      const { readings, balance } = history(plan, stored.pk, now, random);
      core.repos.transaction(() => {
        for (const r of readings) core!.repos.readings.insert(r);
      });
      if (plan.capUsed) {
        // Size the cap from what the history spent since the window opened (20 hours ago).
        const spent = spendSince(readings, now - 20 * HOUR_MS);
        const dailyCap = Math.ceil(microsToNumber(spent) / plan.capUsed / 1000) * 1000;
        core.accounts.update(account.id, { options: { ...(plan.options ?? {}), dailyCap } });
      }
      for (const p of plan.packs ?? []) {
        const purchasedAt = now - p.boughtDaysAgo * DAY_MS;
        const days = p.validity === 'lifetime' ? null : Number(p.validity.slice(0, -1));
        packs.insert({
          id: newId('pack'),
          accountPk: stored.pk,
          credits: toMicros(p.credits),
          price: toMicros(p.price),
          currency: p.currency,
          purchasedAt,
          validity: p.validity,
          expiresAt: days === null ? null : purchasedAt + days * DAY_MS,
          note: p.note,
          createdAt: now,
        });
      }
      for (const [model, params, cost] of plan.priceChecks ?? [])
        rememberPriceCheck(core, stored, { model, params, cost, at: now - 2 * DAY_MS });
      if (plan.billing) core.repos.accounts.setBilling(stored.pk, plan.billing);
      server.setAccount(plan.provider, { key: plan.key, balance: fromMicros(balance), scenario: 'ok', ...plan.fake });
    }
    // The rules read the made-up history now, so the first screen shows each account's health.
    for (const account of core.repos.accounts.list()) core.alerts.evaluate(account.id);
    const poller = createPoller(core);
    if (options.poll ?? true) {
      poller.start();
      // Read every demo account right away, so the first screen is live rather than history.
      void poller.refresh().catch(() => undefined);
    }
    const opened = core;
    return {
      core: opened,
      poller,
      server,
      async close() {
        await poller.stop();
        opened.close();
        await server.close();
      },
    };
  } catch (error) {
    core?.close();
    await server.close();
    throw error;
  }
}

/** Empty the demo folder, but only if it is missing, empty, or already the demo's. */
function prepareHome(home: string): void {
  if (fs.existsSync(home)) {
    const entries = fs.readdirSync(home);
    if (entries.length > 0 && !entries.includes(DEMO_MARKER)) {
      throw new Error(`refusing to use ${home} for the demo: it holds files that are not the demo's`);
    }
    fs.rmSync(home, { recursive: true, force: true });
  }
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(home, DEMO_MARKER), 'Burnrate demo data: made up, safe to delete.\n');
}
