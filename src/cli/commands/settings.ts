import type { CliContext } from '../context.ts';
import { UsageError } from '../context.ts';
import { parse, runSubcommand } from '../args.ts';
import {
  isMoneySettingName,
  MONEY_SETTING_NAMES,
  readMoneySettings,
  setMoneySetting,
} from '../../core/analytics/settings.ts';
import {
  ALERT_SETTING_NAMES,
  alertSettingText,
  isAlertSettingName,
  parseAlertSettingText,
} from '../../core/alerts/setting-text.ts';
import type { AlertSettingName } from '../../core/alerts/setting-text.ts';
import { resolveAccount } from '../../core/manual.ts';
import type { AlertSettings } from '../../shared/alerts.ts';

/**
 * `settings get [name] [--account <id|label>] [--json]` and `settings set name=value...
 * [--account <id|label>] [--json]`: the money settings (displayCurrency, cnyPerUsd,
 * usdPer1kCharacters) and every alert rule setting (src/core/alerts/setting-text.ts), the
 * latter also per account. `name=` restores the default (for an account: the global value).
 */
export function settingsCommand(ctx: CliContext, argv: string[]): number | Promise<number> {
  return runSubcommand('settings', ctx, argv, { get, set });
}

const KNOWN = [...MONEY_SETTING_NAMES, ...ALERT_SETTING_NAMES];

function unknown(name: string): UsageError {
  return new UsageError(`unknown setting ${JSON.stringify(name)} (known: ${KNOWN.join(', ')})`);
}

function get(ctx: CliContext, argv: string[]): number {
  const { values, positionals } = parse(argv, { account: { type: 'string' }, json: { type: 'boolean' } }, 1);
  const name = positionals[0];
  if (name !== undefined && !isMoneySettingName(name) && !isAlertSettingName(name)) throw unknown(name);
  const core = ctx.core();
  if (values.account !== undefined) {
    if (name !== undefined && !isAlertSettingName(name))
      throw new UsageError(`${name} is the same for every account; drop --account`);
    const account = resolveAccount(core, values.account);
    const { overrides, effective } = core.alerts.getAccountSettings(account.id);
    const names = name === undefined ? ALERT_SETTING_NAMES : [name];
    if (values.json)
      ctx.printJson({ accountId: account.id, overrides: pick(overrides, names), effective: pick(effective, names) });
    else
      for (const n of names)
        ctx.print(`${n}=${alertSettingText(effective, n)}${n in overrides ? '  (this account)' : ''}`);
    return 0;
  }
  const money = readMoneySettings(core.repos.settings);
  const alerts = core.alerts.getDefaults();
  if (values.json) {
    if (name === undefined) ctx.printJson({ ...money, alerts: pick(alerts, ALERT_SETTING_NAMES) });
    else ctx.printJson({ [name]: isMoneySettingName(name) ? money[name] : alerts[name] });
    return 0;
  }
  for (const n of name === undefined ? KNOWN : [name])
    ctx.print(isMoneySettingName(n) ? `${n}=${money[n] ?? ''}` : `${n}=${alertSettingText(alerts, n)}`);
  return 0;
}

function set(ctx: CliContext, argv: string[]): number {
  const { values, positionals } = parse(argv, { account: { type: 'string' }, json: { type: 'boolean' } }, KNOWN.length);
  if (positionals.length === 0) throw new UsageError('settings set needs name=value (e.g. cnyPerUsd=7.2)');
  const pairs = positionals.map((p) => {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`settings set expects name=value, got ${JSON.stringify(p)}`);
    const name = p.slice(0, eq).trim();
    if (!isMoneySettingName(name) && !isAlertSettingName(name)) throw unknown(name);
    if (values.account !== undefined && !isAlertSettingName(name))
      throw new UsageError(`${name} is the same for every account; drop --account`);
    return [name, p.slice(eq + 1)] as const;
  });
  const core = ctx.core();
  const account = values.account === undefined ? null : resolveAccount(core, values.account);
  // All or nothing: a refused value leaves every setting as it was.
  core.db.transaction(() => {
    for (const [name, value] of pairs) {
      if (isMoneySettingName(name)) {
        setMoneySetting(core.repos.settings, name, value);
        continue;
      }
      const change = parseAlertSettingText(name, value);
      if (account) {
        if ('inherit' in change) core.alerts.setAccountSettings(account.id, {}, [change.inherit]);
        else core.alerts.setAccountSettings(account.id, change.patch);
      } else if ('inherit' in change) core.alerts.setDefaults({}, [change.inherit]);
      else core.alerts.setDefaults(change.patch);
    }
  })();
  // Then every setting as it now stands, as `settings get` prints it.
  return get(ctx, [...(account ? ['--account', account.id] : []), ...(values.json ? ['--json'] : [])]);
}

function pick<T extends Partial<AlertSettings>>(settings: T, names: readonly AlertSettingName[]): Partial<T> {
  return Object.fromEntries(names.filter((n) => n in settings).map((n) => [n, settings[n]])) as Partial<T>;
}
