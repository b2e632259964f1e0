import { UsageError } from '../context.ts';
import { defineCommand, defineGroup, JSON_FLAG } from '../command.ts';
import {
  isMoneySettingName,
  MONEY_SETTING_NAMES,
  readMoneySettings,
  setMoneySetting,
} from '../../core/analytics/settings.ts';
import { didYouMean } from '../../shared/suggest.ts';

/**
 * `settings get [name] [--json]` and `settings set name=value... [--json]` for the settings
 * money figures depend on: displayCurrency (USD|CNY), cnyPerUsd (default 7.3) and
 * usdPer1kCharacters (unset: characters have no money value). `name=` restores the default.
 */
const DESCRIPTION =
  'The settings money figures depend on: displayCurrency (USD or CNY; default USD), cnyPerUsd (the one exchange rate; default 7.3) and usdPer1kCharacters (what 1,000 characters cost; unset, characters have no money value).';

const get = defineCommand({
  name: 'get',
  summary: 'print the money settings (or one)',
  description: DESCRIPTION,
  args: [{ name: 'name', noun: 'a setting name', help: MONEY_SETTING_NAMES.join(', ') }],
  flags: { json: JSON_FLAG },
  examples: [
    { run: 'settings get', does: 'every money setting' },
    { run: 'settings get cnyPerUsd', does: 'one' },
  ],
  run(ctx, { values, positionals }) {
    const name = positionals[0];
    if (name !== undefined && !isMoneySettingName(name)) throw unknownSetting(name);
    const all = readMoneySettings(ctx.core().repos.settings);
    const shown = name === undefined ? all : { [name]: all[name] };
    if (values.json) ctx.printJson(shown);
    else for (const [k, v] of Object.entries(shown)) ctx.print(`${k}=${v ?? ''}`);
    return 0;
  },
});

function unknownSetting(name: string): UsageError {
  return new UsageError(
    `unknown setting ${JSON.stringify(name.slice(0, 40))}${didYouMean(name, MONEY_SETTING_NAMES) || ` (known: ${MONEY_SETTING_NAMES.join(', ')})`}`,
  );
}

const set = defineCommand({
  name: 'set',
  summary: 'change money settings, all or nothing; name= restores the default',
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
  flags: { json: JSON_FLAG },
  examples: [
    { run: 'settings set cnyPerUsd=7.2', does: 'the exchange rate' },
    { run: 'settings set displayCurrency=CNY usdPer1kCharacters=0.3', does: 'two at once' },
  ],
  run(ctx, { values, positionals }) {
    if (positionals.length > MONEY_SETTING_NAMES.length)
      throw new UsageError(`settings set takes at most ${MONEY_SETTING_NAMES.length} name=value pairs`);
    const pairs = positionals.map((p) => {
      const eq = p.indexOf('=');
      if (eq <= 0) throw new UsageError(`settings set expects name=value, got ${JSON.stringify(p)}`);
      const name = p.slice(0, eq).trim();
      if (!isMoneySettingName(name)) throw unknownSetting(name);
      return [name, p.slice(eq + 1)] as const;
    });
    const core = ctx.core();
    // All or nothing: a refused value leaves every setting as it was.
    const result = core.db.transaction(() => {
      let out = readMoneySettings(core.repos.settings);
      for (const [name, value] of pairs) out = setMoneySetting(core.repos.settings, name, value);
      return out;
    })();
    if (values.json) ctx.printJson(result);
    else for (const [k, v] of Object.entries(result)) ctx.print(`${k}=${v ?? ''}`);
    return 0;
  },
});

export const settingsCommand = defineGroup({
  name: 'settings',
  summary: 'the money settings: display currency, exchange rate, character price',
  description: DESCRIPTION,
  commands: [get, set],
  examples: [
    { run: 'settings get', does: 'every money setting' },
    { run: 'settings set cnyPerUsd=7.2', does: 'change one' },
  ],
});
