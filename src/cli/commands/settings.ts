import type { CliContext } from '../context.ts';
import { UsageError } from '../context.ts';
import { defineCommand, defineGroup, JSON_FLAG } from '../command.ts';
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
import { findAccount } from '../../core/account-ref.ts';
import type { AlertSettings } from '../../shared/alerts.ts';
import { didYouMean } from '../../shared/suggest.ts';

/**
 * `settings get [name] [--account <id|label>] [--json]` and `settings set name=value...
 * [--account <id|label>] [--json]`: the money settings (displayCurrency, cnyPerUsd,
 * usdPer1kCharacters) and every alert rule setting (src/core/alerts/setting-text.ts), the
 * latter also per account. `name=` restores the default (for an account: the global value).
 */
const DESCRIPTION =
  'The settings money figures depend on: displayCurrency (USD or CNY; default USD), cnyPerUsd (the one exchange rate; default 7.3) and usdPer1kCharacters (what 1,000 characters cost; unset, characters have no money value). And every alert rule: lowBalanceRunwayDays, lowBalanceAmount, capApproachingPercents, keyExpiringDays, packExpiringDays, staleHours, staleIntervals, disabledKinds, mutedKinds, notify, quietHours; those also for one account (--account), where name= goes back to the global value.';

const KNOWN: readonly string[] = [...MONEY_SETTING_NAMES, ...ALERT_SETTING_NAMES];

const ACCOUNT_FLAG = {
  type: 'string',
  value: '<id|label>',
  complete: 'account',
  help: "one account's alert settings (its own values and what it inherits)",
} as const;

function unknownSetting(name: string): UsageError {
  return new UsageError(
    `unknown setting ${JSON.stringify(name.slice(0, 40))}${didYouMean(name, KNOWN) || ` (known: ${KNOWN.join(', ')})`}`,
  );
}

function sameForEveryAccount(name: string): UsageError {
  return new UsageError(`${name} is the same for every account; drop --account`);
}

function pick<T extends Partial<AlertSettings>>(settings: T, names: readonly AlertSettingName[]): Partial<T> {
  return Object.fromEntries(names.filter((n) => n in settings).map((n) => [n, settings[n]])) as Partial<T>;
}

/** Print the settings (one, or all) as they stand: globally, or for one account. */
function show(ctx: CliContext, name: string | undefined, accountRef: string | undefined, json: boolean): number {
  const core = ctx.core();
  if (accountRef !== undefined) {
    if (name !== undefined && !isAlertSettingName(name)) throw sameForEveryAccount(name);
    const account = findAccount(core.repos.accounts, accountRef);
    const { overrides, effective } = core.alerts.getAccountSettings(account.id);
    const names = name === undefined ? ALERT_SETTING_NAMES : [name];
    if (json)
      ctx.printJson({ accountId: account.id, overrides: pick(overrides, names), effective: pick(effective, names) });
    else
      for (const n of names)
        ctx.print(`${n}=${alertSettingText(effective, n)}${n in overrides ? '  (this account)' : ''}`);
    return 0;
  }
  const money = readMoneySettings(core.repos.settings);
  const alerts = core.alerts.getDefaults();
  if (json) {
    if (name === undefined) ctx.printJson({ ...money, alerts: pick(alerts, ALERT_SETTING_NAMES) });
    else ctx.printJson({ [name]: isMoneySettingName(name) ? money[name] : alerts[name as AlertSettingName] });
    return 0;
  }
  for (const n of name === undefined ? KNOWN : [name])
    ctx.print(
      isMoneySettingName(n) ? `${n}=${money[n] ?? ''}` : `${n}=${alertSettingText(alerts, n as AlertSettingName)}`,
    );
  return 0;
}

const get = defineCommand({
  name: 'get',
  summary: 'print the settings (or one), globally or for an account',
  description: DESCRIPTION,
  args: [{ name: 'name', noun: 'a setting name', help: KNOWN.join(', ') }],
  flags: { account: ACCOUNT_FLAG, json: JSON_FLAG },
  examples: [
    { run: 'settings get', does: 'every setting' },
    { run: 'settings get cnyPerUsd', does: 'one' },
    { run: 'settings get --account main', does: "main's alert settings, its own marked" },
  ],
  run(ctx, { values, positionals }) {
    const name = positionals[0];
    if (name !== undefined && !isMoneySettingName(name) && !isAlertSettingName(name)) throw unknownSetting(name);
    return show(ctx, name, values.account, values.json === true);
  },
});

const set = defineCommand({
  name: 'set',
  summary: 'change settings, all or nothing; name= restores the default',
  description: DESCRIPTION,
  args: [
    {
      name: 'name=value',
      noun: 'name=value (e.g. cnyPerUsd=7.2)',
      help: 'a setting and its new value',
      required: true,
      variadic: true,
    },
  ],
  flags: { account: ACCOUNT_FLAG, json: JSON_FLAG },
  examples: [
    { run: 'settings set cnyPerUsd=7.2', does: 'the exchange rate' },
    { run: 'settings set displayCurrency=CNY usdPer1kCharacters=0.3', does: 'two at once' },
    { run: 'settings set lowBalanceRunwayDays=5 --account main', does: 'one account warns earlier' },
  ],
  run(ctx, { values, positionals }) {
    if (positionals.length > KNOWN.length)
      throw new UsageError(`settings set takes at most ${KNOWN.length} name=value pairs`);
    const pairs = positionals.map((p) => {
      const eq = p.indexOf('=');
      if (eq <= 0) throw new UsageError(`settings set expects name=value, got ${JSON.stringify(p.slice(0, 40))}`);
      const name = p.slice(0, eq).trim();
      if (!isMoneySettingName(name) && !isAlertSettingName(name)) throw unknownSetting(name);
      if (values.account !== undefined && !isAlertSettingName(name)) throw sameForEveryAccount(name);
      return [name, p.slice(eq + 1)] as const;
    });
    const core = ctx.core();
    const account = values.account === undefined ? null : findAccount(core.repos.accounts, values.account);
    // All or nothing: a refused value leaves every setting as it was.
    core.repos.transaction(() => {
      for (const [name, value] of pairs) {
        if (isMoneySettingName(name)) {
          setMoneySetting(core.repos.settings, name, value);
          continue;
        }
        const change = parseAlertSettingText(name as AlertSettingName, value);
        if (account) {
          if ('inherit' in change) core.alerts.setAccountSettings(account.id, {}, [change.inherit]);
          else core.alerts.setAccountSettings(account.id, change.patch);
        } else if ('inherit' in change) core.alerts.setDefaults({}, [change.inherit]);
        else core.alerts.setDefaults(change.patch);
      }
    });
    // Then every setting as it now stands, as `settings get` prints it.
    return show(ctx, undefined, account?.id, values.json === true);
  },
});

export const settingsCommand = defineGroup({
  name: 'settings',
  summary: 'money settings and alert rules, globally or per account',
  description: DESCRIPTION,
  commands: [get, set],
  examples: [
    { run: 'settings get', does: 'every setting' },
    { run: 'settings set cnyPerUsd=7.2', does: 'change one' },
  ],
});
