import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

/** Every alert rule setting through `burnrate settings`, globally and for one account. */
describe('burnrate settings for alert rules', () => {
  it('sets, shows and resets them globally and per account, all or nothing', async () => {
    const env = { BURNRATE_HOME: tempDir() };
    const run = (args: string[]) => runCli(args, { env });
    const added = await run(['accounts', 'add', '--provider', 'gptimage2', '--label', 'img', '--json']);
    const { id } = JSON.parse(added.stdout) as { id: string };

    const global = await run([
      'settings',
      'set',
      'lowBalanceRunwayDays=5',
      'quietHours=22:00-07:00',
      'mutedKinds=top_up',
      '--json',
    ]);
    expect(global.stderr).toBe('');
    expect(JSON.parse(global.stdout)).toMatchObject({
      displayCurrency: 'USD',
      alerts: {
        lowBalanceRunwayDays: 5,
        quietHours: { start: '22:00', end: '07:00' },
        mutedKinds: ['top_up'],
        capApproachingPercents: [80, 95],
      },
    });

    const mine = await run(['settings', 'set', '--account', 'img', 'lowBalanceAmount=20', 'notify=off', '--json']);
    expect(mine.stderr).toBe('');
    expect(JSON.parse(mine.stdout)).toMatchObject({
      accountId: id,
      overrides: { lowBalanceAmount: '20', notify: false },
      effective: { lowBalanceAmount: '20', notify: false, lowBalanceRunwayDays: 5, mutedKinds: ['top_up'] },
    });

    const shown = await run(['settings', 'get', '--account', 'img']);
    expect(shown.stdout).toContain('lowBalanceAmount=20  (this account)\n');
    expect(shown.stdout).toContain('lowBalanceRunwayDays=5\n');
    expect(shown.stdout).toContain('quietHours=22:00-07:00\n');

    // One refused value: nothing of the command is stored.
    const refused = await run(['settings', 'set', '--account', 'img', 'lowBalanceAmount=', 'staleHours=0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('burnrate: alert settings: staleHours: Too small: expected number to be >=1\n');
    expect((await run(['settings', 'get', 'lowBalanceAmount', '--account', id])).stdout).toBe(
      'lowBalanceAmount=20  (this account)\n',
    );

    // An empty value: the account follows the global value again; the global one its default.
    await run(['settings', 'set', '--account', 'img', 'lowBalanceAmount=']);
    expect((await run(['settings', 'get', 'lowBalanceAmount', '--account', 'img'])).stdout).toBe(
      'lowBalanceAmount=off\n',
    );
    await run(['settings', 'set', 'lowBalanceRunwayDays=']);
    expect(JSON.parse((await run(['settings', 'get', 'lowBalanceRunwayDays', '--json'])).stdout)).toEqual({
      lowBalanceRunwayDays: 3,
    });

    const wrong = await run(['settings', 'set', '--account', 'img', 'cnyPerUsd=7']);
    expect(wrong).toMatchObject({
      code: 2,
      stderr: 'burnrate: cnyPerUsd is the same for every account; drop --account\n',
    });
    const unknown = await run(['settings', 'get', 'speed']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^burnrate: unknown setting "speed" \(known: displayCurrency, .*mutedKinds/);
  }, 90_000);
});
