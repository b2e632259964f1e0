import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.ts';
import { testService } from '../helpers/keyring.ts';
import { eventually, startServe } from '../helpers/serve.ts';
import type { ServeProcess } from '../helpers/serve.ts';
import { PROMETHEUS, PROMETHEUS_SKIP_REASON, prometheusAvailable, startPrometheus } from '../helpers/prometheus.ts';
import type { RunningPrometheus } from '../helpers/prometheus.ts';
import { bal, DAY, MIN } from '../core/analytics/fixtures.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import { openCore } from '../../src/core/core.ts';
import { addPack } from '../../src/core/analytics/packs.ts';
import { KEY_STATES } from '../../src/shared/states.ts';

const RULES = path.join(REPO_ROOT, 'resources/monitoring/prometheus-rules.yml');
const KEYS = {
  main: 'sk_prom_main_0123456789abcdef',
  team: 'sk_prom_team_0123456789abcdef',
  revoked: 'sk_prom_revoked_0123456789abc',
};
/** BURNRATE_SCREENSHOTS=docs: keep scraping for a while and photograph Prometheus' graph page. */
const SCREENSHOTS = process.env.BURNRATE_SCREENSHOTS === 'docs';

let fake: FakeServer;
let serve: ServeProcess | null = null;
let prometheus: RunningPrometheus | null = null;
let ids: Record<keyof typeof KEYS, string>;
let scratch = '';

/**
 * A home with a week of history (so burn and runway are known) for two burning accounts and
 * one whose key the provider now refuses; `burnrate serve` polls them with keys from files,
 * and a real Prometheus scrapes it every second.
 */
async function setUp(): Promise<void> {
  fake = await startFakeServer();
  // Kept for the whole file (tempDir() is emptied after each test, while serve still runs).
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-prometheus-test-'));
  const home = path.join(scratch, 'home');
  const now = Date.now();
  const core = openCore({ home, secrets: new MemorySecrets(), now: () => now });
  const keyDir = path.join(scratch, 'keys');
  fs.mkdirSync(keyDir, { mode: 0o700 });
  const args: string[] = [];
  const burns = { main: 24_000, team: 60_000, revoked: 5_000 };
  const out: Partial<Record<keyof typeof KEYS, string>> = {};
  for (const name of Object.keys(KEYS) as Array<keyof typeof KEYS>) {
    const baseUrl = fake.baseUrl('cheapai');
    const added = await core.accounts.add({ provider: 'cheapai', label: name, key: KEYS[name], baseUrl });
    const account = core.accounts.require(added.id);
    const start = now - 8 * DAY;
    let last = 0;
    for (let t = start; t < now - 5 * MIN; t += 30 * MIN) {
      last = 2_000_000 - (burns[name] * (t - start)) / DAY;
      bal(core, account, t, last);
    }
    fake.setAccount('cheapai', {
      key: KEYS[name],
      balance: String(Math.round(last - 100)),
      scenario: name === 'revoked' ? 'invalid_key' : 'ok',
      // For the screenshot the balances fall fast enough to slope visibly within its 90 s.
      stepPerRequest: String((SCREENSHOTS ? -1000 : -10) * { main: 1, team: 4, revoked: 0 }[name]),
    });
    // A pack prices main's credits, so it has a dollar value, and a pack to project: it expires
    // in 22 days with about 280,000 of its credits unused, which takes main's runway from about
    // 75 days to about 64 — still longer than team's 25.
    if (name === 'main')
      addPack(core, {
        accountId: added.id,
        credits: '1000000',
        price: '25',
        purchasedAt: new Date(start).toISOString(),
        validity: '30d',
      });
    const file = path.join(keyDir, `${name}.key`);
    fs.writeFileSync(file, KEYS[name], { mode: 0o600 });
    args.push('--key-file', `${name}=${file}`);
    out[name] = added.id;
  }
  core.close();
  ids = out as Record<keyof typeof KEYS, string>;
  serve = await startServe(['--listen', '127.0.0.1:0', '--interval-seconds', '1', ...args], {
    BURNRATE_HOME: home,
    BURNRATE_KEYCHAIN_SERVICE: testService(),
    BURNRATE_MIN_INTERVAL_SECONDS: '1',
  });
  prometheus = await startPrometheus({ target: new URL(serve.url).host, ruleFiles: [RULES] });
}

describe.skipIf(!prometheusAvailable)(
  `a real Prometheus scraping burnrate serve (${prometheusAvailable ? PROMETHEUS : PROMETHEUS_SKIP_REASON})`,
  () => {
    beforeAll(setUp, 30_000);
    afterAll(async () => {
      await prometheus?.stop();
      if (serve) expect(await serve.stop()).toBe(0);
      await fake?.close();
      if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    }, 30_000);

    it('reads the balance, runway and key-state series back through the HTTP API', async () => {
      const p = prometheus!;
      const target = new URL(serve!.url).host;
      const balances = await eventually('balances of all three accounts', async () => {
        const r = await p.query('burnrate_balance');
        return r.length === 3 ? r : undefined;
      });
      const main = balances.find((s) => s.metric.account === ids.main)!;
      expect(main.metric).toEqual({
        __name__: 'burnrate_balance',
        account: ids.main,
        label: 'main',
        provider: 'cheapai',
        unit: 'credits',
        job: 'burnrate',
        instance: target,
      });
      expect(main.value).toBeGreaterThan(1_000_000);
      expect(main.value).toBeLessThan(2_000_000);

      // Runway: known from the week of history, in seconds, longer for the slower burner.
      const runway = await eventually('runway series', async () => {
        const r = await p.query('burnrate_runway_seconds');
        return r.length === 3 ? r : undefined;
      });
      const days = (id: string) => runway.find((s) => s.metric.account === id)!.value / 86_400;
      expect(days(ids.main)).toBeGreaterThan(days(ids.team));
      expect(days(ids.team)).toBeGreaterThan(1);

      // Key state: one series per state for each account, the current one at 1.
      const states = await eventually('the revoked key seen', async () => {
        const r = await p.query('burnrate_key_state == 1');
        return r.some((s) => s.metric.account === ids.revoked) ? r : undefined;
      });
      const current = Object.fromEntries(states.map((s) => [s.metric.account, s.metric.state]));
      expect(current).toEqual({ [ids.main]: 'ok', [ids.team]: 'ok', [ids.revoked]: 'invalid_key' });
      const all = await p.query(`burnrate_key_state{account="${ids.revoked}"}`);
      expect(all.map((s) => s.metric.state).sort()).toEqual([...KEY_STATES].sort());

      // Polls counted by result, as a counter Prometheus can rate().
      const polls = await eventually('polls counted', async () => {
        const r = await p.query(`burnrate_polls_total{account="${ids.main}",result="ok"}`);
        return r[0] && r[0].value >= 2 ? r : undefined;
      });
      expect(polls[0]!.metric.result).toBe('ok');

      // The ready-made rules loaded and evaluate cleanly against the real series.
      const rules = await p.api<{ groups: Array<{ name: string; rules: Array<{ name: string; health: string }> }> }>(
        '/api/v1/rules',
      );
      const group = rules.groups.find((g) => g.name === 'burnrate')!;
      expect(group.rules).toHaveLength(8);
      await eventually('every rule evaluated', async () => {
        const g = (await p.api<typeof rules>('/api/v1/rules')).groups.find((x) => x.name === 'burnrate')!;
        return g.rules.every((r) => r.health === 'ok') ? true : undefined;
      });
      // The revoked key is already pending as BurnrateKeyInvalid (it fires after 1 minute).
      await eventually('the key alert pending', async () => {
        const r = await p.query('ALERTS{alertname="BurnrateKeyInvalid"}');
        return r.some((s) => s.metric.account === ids.revoked && s.metric.kind === 'key_invalid') ? true : undefined;
      });
    }, 60_000);

    it("runs every query of the Grafana dashboard, with Grafana's variables filled in, against the real series", async () => {
      const p = prometheus!;
      const target = new URL(serve!.url).host;
      const dashboard = JSON.parse(
        fs.readFileSync(path.join(REPO_ROOT, 'resources/monitoring/grafana-dashboard.json'), 'utf8'),
      ) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
      // What Grafana sends with "All" machines and accounts selected.
      const fill = (expr: string) =>
        expr.replaceAll('$instance', '.*').replaceAll('$account', '.*').replaceAll('$__rate_interval', '1m');
      const empty: string[] = [];
      for (const panel of dashboard.panels)
        for (const t of panel.targets) {
          const result = await p.query(fill(t.expr));
          if (result.length === 0) empty.push(panel.title);
        }
      // Only what this setup cannot have is empty: no account has a cap, and a rate may need another scrape.
      expect(empty.filter((t) => !/Cap used|Polls per minute/.test(t))).toEqual([]);
      // The machine variable's values (label_values(burnrate_key_state, instance)).
      const instances = await p.api<string[]>(
        `/api/v1/label/instance/values?match[]=${encodeURIComponent('burnrate_key_state')}`,
      );
      expect(instances).toEqual([target]);
    }, 30_000);

    it.runIf(SCREENSHOTS)(
      "photographs Prometheus' graph page with Burnrate's series (only with BURNRATE_SCREENSHOTS=docs: it scrapes for 90 s)",
      async () => {
        const { chromium } = await import('playwright-core');
        const { CHROMIUM } = await import('../e2e/support/browser.ts');
        // A minute and a half of scrapes, so the lines have somewhere to go.
        await new Promise((r) => setTimeout(r, 90_000));
        const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
        try {
          const page = await browser.newPage({ viewport: { width: 1280, height: 880 }, deviceScaleFactor: 1 });
          const expr = encodeURIComponent('burnrate_balance');
          await page.goto(
            `${prometheus!.origin}/graph?g0.expr=${expr}&g0.tab=0&g0.range_input=2m&g0.stacked=0&g0.show_exemplars=0`,
          );
          await page.waitForSelector('.graph-legend, canvas, .legend', { timeout: 20_000 });
          await page.waitForTimeout(1500);
          await page.screenshot({ path: path.join(REPO_ROOT, 'docs/screenshots/prometheus-graph.png') });
        } finally {
          await browser.close();
        }
      },
      180_000,
    );
  },
);
