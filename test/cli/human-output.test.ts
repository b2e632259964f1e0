// Fixed before anything formats a time: the snapshots are in Berlin time.
process.env.TZ = 'Europe/Berlin';

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../helpers/cli-inproc.ts';
import { issueAccountsHome, NOW_ISO } from '../helpers/issue-accounts.ts';
import { alertLine, pollLine, watchBanner, watchLayout } from '../../src/cli/commands/watch.ts';
import { painter } from '../../src/cli/ui/terminal.ts';
import type { PollEvent } from '../../src/core/poller/events.ts';
import type { AlertEvent } from '../../src/shared/alerts.ts';

/**
 * Snapshots of what a person sees, on the issue's accounts (test/helpers/issue-accounts.ts:
 * a runway cut by an expiring pack, a key at 97 % of its cap, a postpaid account, two keys
 * on one balance) at a fixed clock (BURNRATE_NOW) and zone: at 80 and 120 columns, on a
 * colour terminal and with NO_COLOR. The files under __snapshots__/human are the screens
 * themselves (`cat` one in a terminal to see the colours). Ids are random per run and are
 * replaced by stable ones of the same length, so columns stay aligned.
 */
const NOW = NOW_ISO;
let home: string;
const later = (seconds: number) => new Date(Date.parse(NOW) + seconds * 1000).toISOString();

// One home for every screen (tempDir() would be emptied after the first test).
beforeAll(async () => {
  home = (await issueAccountsHome(fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-screens-')))).home;
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

function stableIds(text: string): string {
  const seen = new Map<string, string>();
  return text.replace(/\b(acc|pack)_[a-z0-9]{12}\b/g, (id, kind: string) => {
    if (!seen.has(id)) seen.set(id, `${kind}_${String(seen.size + 1).padStart(12, '0')}`);
    return seen.get(id)!;
  });
}

const SCREENS: Array<[string, string[]]> = [
  ['status', ['status']],
  ['status-account', ['status', 'studio']],
  ['status-account-cap', ['status', 'router']],
  ['accounts-list', ['accounts', 'list']],
  ['packs-list', ['packs', 'list']],
  ['alerts', ['alerts']],
];

describe.each([80, 120])('at %i columns', (columns) => {
  describe.each([
    ['color', {}],
    ['no-color', { NO_COLOR: '1' }],
  ])('%s', (look, env) => {
    it.each(SCREENS)('%s', async (name, args) => {
      const r = await cliInProcess(args, { home, tty: { columns }, env: { BURNRATE_NOW: NOW, ...env } });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const screen = stableIds(r.stdout);
      // eslint-disable-next-line no-control-regex
      const plainLines = screen.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
      for (const line of plainLines) expect([...line].length, line).toBeLessThanOrEqual(columns);
      if (look === 'no-color') expect(screen).not.toContain('\u001b[');
      else expect(screen).toContain('\u001b[');
      await expect(screen).toMatchFileSnapshot(`./__snapshots__/human/${name}-${columns}-${look}.txt`);
    });

    it('watch', async () => {
      const term = { tty: true, width: columns, color: look === 'color' };
      const out = { term, paint: painter(term) };
      const layout = watchLayout(out, ['studio', 'router', 'relay']);
      const poll = (e: Partial<PollEvent>): PollEvent => ({
        type: 'poll',
        accountId: 'acc_000000000001',
        provider: 'cheapai',
        state: 'ok',
        balance: null,
        httpStatus: 200,
        retryAfterSeconds: null,
        message: null,
        at: NOW,
        ...e,
      });
      const alert: AlertEvent = {
        id: 1,
        accountId: 'acc_000000000003',
        kind: 'zero_balance',
        severity: 'critical',
        message: 'Cheapa API · relay — Out of balance: the provider refuses requests until you top up',
        title: 'Cheapa API · relay',
        body: 'Out of balance: the provider refuses requests until you top up',
        at: later(5),
        silenced: null,
      };
      const lines = [
        watchBanner(3, null, out),
        pollLine(poll({ balance: { amount: '1234567.5', unit: 'credits' } }), 'studio', layout),
        pollLine(
          poll({ provider: 'openrouter', balance: { amount: '12.5', unit: 'USD' }, at: later(1) }),
          'router',
          layout,
        ),
        pollLine(
          poll({
            provider: 'cheapa',
            state: 'insufficient_balance',
            httpStatus: 402,
            message: 'Insufficient balance',
            at: later(5),
          }),
          'relay',
          layout,
        ),
        alertLine(alert, 'relay', layout),
        pollLine(
          poll({
            state: 'rate_limited',
            httpStatus: 429,
            retryAfterSeconds: 30,
            message: 'Too many requests',
            at: later(60),
          }),
          'studio',
          layout,
        ),
      ];
      const screen = `${lines.join('\n')}\n`;
      // eslint-disable-next-line no-control-regex
      for (const line of lines) expect([...line.replace(/\u001b\[[0-9;]*m/g, '')].length).toBeLessThanOrEqual(columns);
      await expect(screen).toMatchFileSnapshot(`./__snapshots__/human/watch-${columns}-${look}.txt`);
    });
  });
});
