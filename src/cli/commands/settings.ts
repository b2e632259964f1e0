import type { CliContext } from '../context.ts';
import { UsageError } from '../context.ts';
import { parse, runSubcommand } from '../args.ts';
import {
  isMoneySettingName,
  MONEY_SETTING_NAMES,
  readMoneySettings,
  setMoneySetting,
} from '../../core/analytics/settings.ts';

/**
 * `settings get [name] [--json]` and `settings set name=value... [--json]` for the settings
 * money figures depend on: displayCurrency (USD|CNY), cnyPerUsd (default 7.3) and
 * usdPer1kCharacters (unset: characters have no money value). `name=` restores the default.
 */
export function settingsCommand(ctx: CliContext, argv: string[]): number | Promise<number> {
  return runSubcommand('settings', ctx, argv, { get, set });
}

function get(ctx: CliContext, argv: string[]): number {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, 1);
  const name = positionals[0];
  if (name !== undefined && !isMoneySettingName(name))
    throw new UsageError(`unknown setting ${JSON.stringify(name)} (known: ${MONEY_SETTING_NAMES.join(', ')})`);
  const all = readMoneySettings(ctx.core().repos.settings);
  const shown = name === undefined ? all : { [name]: all[name] };
  if (values.json) ctx.printJson(shown);
  else for (const [k, v] of Object.entries(shown)) ctx.print(`${k}=${v ?? ''}`);
  return 0;
}

function set(ctx: CliContext, argv: string[]): number {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, MONEY_SETTING_NAMES.length);
  if (positionals.length === 0) throw new UsageError('settings set needs name=value (e.g. cnyPerUsd=7.2)');
  const pairs = positionals.map((p) => {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`settings set expects name=value, got ${JSON.stringify(p)}`);
    return [p.slice(0, eq).trim(), p.slice(eq + 1)] as const;
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
}
