import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * `alerts snooze|unsnooze|dismiss|mute|unmute` as a person runs them: real processes on one
 * home. The alert comes from a hand-kept balance of zero (no key, no keychain needed), so
 * each command's effect is read back by the next process.
 */
async function json<T>(args: string[], env: NodeJS.ProcessEnv): Promise<T> {
  const r = await runCli([...args, '--json'], { env });
  expect(r.stderr, args.join(' ')).toBe('');
  expect(r.code, args.join(' ')).toBe(0);
  return JSON.parse(r.stdout) as T;
}

async function withZeroBalance() {
  const env = { BURNRATE_HOME: tempDir() };
  const account = await json<{ id: string }>(['accounts', 'add', '--provider', 'gptimage2', '--label', 'img'], env);
  await json(['balance', 'set', 'img', '0'], env);
  const [alert] = await json<Array<{ id: number; kind: string; accountId: string }>>(['alerts'], env);
  expect(alert).toMatchObject({ kind: 'zero_balance', accountId: account.id });
  return { env, id: account.id, alertId: alert!.id };
}

describe('burnrate alerts snooze | dismiss | mute', () => {
  it('snoozes for an hour by default, until tomorrow, or until the episode ends; unsnooze lifts it', async () => {
    const { env, id } = await withZeroBalance();
    const hour = await json<{ until: string; for: string; kind: null; alerts: number }>(
      ['alerts', 'snooze', 'img'],
      env,
    );
    expect(hour).toMatchObject({ accountId: id, kind: null, for: '1h', alerts: 1 });
    expect(Date.parse(hour.until) - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(Date.parse(hour.until) - Date.now()).toBeLessThanOrEqual(3600_000);

    const tomorrow = await json<{ until: string }>(
      ['alerts', 'snooze', id, '--kind', 'zero_balance', '--for', 'until-tomorrow'],
      env,
    );
    const end = new Date(tomorrow.until);
    expect(end.getHours()).toBe(9);
    expect(end.getMinutes()).toBe(0);
    expect(end.getTime()).toBeGreaterThan(Date.now());

    const episode = await json(['alerts', 'snooze', 'img', '--kind', 'zero_balance', '--for', 'episode'], env);
    expect(episode).toEqual({ accountId: id, kind: 'zero_balance', for: 'episode', until: null, alerts: 1 });

    const human = await runCli(['alerts', 'snooze', 'img', '--for', 'episode'], { env });
    expect(human).toMatchObject({ code: 0, stderr: '' });
    expect(human.stdout).toBe('snoozed all alerts of img until the active one ends\n');

    expect(await json(['alerts', 'unsnooze', 'img'], env)).toEqual({ accountId: id, kind: null, unsnoozed: true });
  }, 60_000);

  it('dismisses by the id alerts --json shows; the listing marks it', async () => {
    const { env, alertId } = await withZeroBalance();
    const r = await json<{ id: number; episodeActive: boolean; kind: string }>(
      ['alerts', 'dismiss', String(alertId)],
      env,
    );
    expect(r).toMatchObject({ id: alertId, kind: 'zero_balance', episodeActive: true });
    const listed = await runCli(['alerts'], { env });
    // The table's row for it: its id first, the alert marked at the end.
    expect(listed.stdout).toMatch(new RegExp(`^#${alertId} .*\\(dismissed\\)$`, 'm'));
  }, 60_000);

  it('mutes a kind for one account: the next alert of that kind is listed as muted', async () => {
    const { env, id } = await withZeroBalance();
    expect(await json(['alerts', 'mute', 'img', '--kind', 'zero_balance'], env)).toEqual({
      accountId: id,
      kind: 'zero_balance',
      muted: true,
      mutedKinds: ['zero_balance'],
    });
    await json(['balance', 'set', 'img', '5'], env);
    await json(['balance', 'set', 'img', '0'], env);
    // A top-up alert comes in between; the two zero-balance alerts are before and after muting.
    const lines = (await runCli(['alerts', '--account', 'img'], { env })).stdout
      .trim()
      .split('\n')
      .filter((line) => /balance is 0 credits/i.test(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toMatch(/muted/);
    expect(lines[1]).toMatch(/\(muted, not notified\)$/);
    expect(await json(['alerts', 'unmute', 'img', '--kind', 'zero_balance'], env)).toMatchObject({
      muted: false,
      mutedKinds: [],
    });
  }, 60_000);

  it('refuses bad arguments with one line and a usage exit code', async () => {
    const { env } = await withZeroBalance();
    const cases: Array<[string[], number, string]> = [
      [
        ['alerts', 'snooze'],
        2,
        'burnrate: alerts snooze needs an account id or label (usage: burnrate alerts snooze <account> [flags])\n',
      ],
      [
        ['alerts', 'snooze', 'img', '--for', '2h'],
        2,
        'burnrate: --for: unknown snooze length "2h" (did you mean 1h?)\n',
      ],
      [
        ['alerts', 'snooze', 'img', '--kind', 'nope'],
        2,
        expect.stringMatching(/^burnrate: --kind: unknown alert kind "nope" \(one of low_balance, /),
      ],
      [['alerts', 'snooze', 'nobody'], 1, 'burnrate: no account with id or label "nobody"\n'],
      [
        ['alerts', 'snooze', 'img', '--kind', 'stale', '--for', 'episode'],
        1,
        'burnrate: img has no active stale alert to snooze until it ends\n',
      ],
      [['alerts', 'dismiss', 'twelve'], 2, 'burnrate: an alert id is a whole number, got "twelve"\n'],
      [['alerts', 'dismiss', '999999'], 1, 'burnrate: no alert with id 999999 (see: burnrate alerts --json)\n'],
      [['alerts', 'mute', 'img'], 2, 'burnrate: alerts mute needs --kind <kind>\n'],
    ];
    for (const [args, code, stderr] of cases) {
      const r = await runCli(args, { env });
      expect({ args, code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ args, code, stderr, stdout: '' });
    }
  }, 60_000);
});
