import type { CliIO } from './context.ts';
import { createContext, UsageError } from './context.ts';
import type { SecretStore } from '../core/secrets/index.ts';
import { UserError } from '../core/errors.ts';
import { providersCommand } from './commands/providers.ts';
import { accountsCommand } from './commands/accounts.ts';
import { pollCommand } from './commands/poll.ts';
import { watchCommand } from './commands/watch.ts';
import { serveCommand } from './commands/serve.ts';
import { balanceCommand, tasksCommand } from './commands/manual.ts';
import { alertsCommand } from './commands/alerts.ts';
import { statusCommand } from './commands/status.ts';
import { packsCommand } from './commands/packs.ts';
import { historyCommand } from './commands/history.ts';
import { exportCommand, importCommand } from './commands/export.ts';
import { settingsCommand } from './commands/settings.ts';
import { pruneCommand } from './commands/prune.ts';
import { channelsCommand } from './commands/channels.ts';
import { scrubSecrets } from '../core/secrets/scrub.ts';
import { logsCommand } from './commands/logs.ts';
import { Interrupted } from './jobs.ts';
import { resolveHome } from '../core/paths.ts';
import { log } from '../core/log/log.ts';
import { startProcessLog } from '../core/log/process-log.ts';
import { systemReason } from '../core/safe-files.ts';

const HELP = `burnrate — watch what your prepaid AI API accounts cost

usage: burnrate <command> [flags]

  providers [--json]                     list the providers Burnrate can read
  accounts add --provider <id> --label <text> [--base-url <url>] [--key-stdin]
               [--set name=value]... [--interval-seconds <n>] [--shares-balance-with <id|label>] [--no-check] [--json]
                                         polls once first: a key the provider rejects is not saved
  accounts list [--json]
  accounts site <id|label> [--refresh] [--json]
                                         what a self-hosted site (new-api) publishes about its quota
  accounts remove <id> [--purge]         --purge also deletes the account's history
  accounts link <account> <other>        the account's key spends from the other's balance (counted once)
  accounts unlink <account>              it has its own balance again
  poll [--account <id|label>] [--json]   poll now (all enabled accounts, or one) and store the readings
  watch [--interval-seconds <n>]         poll on schedule until Ctrl-C; one JSON line per result
  serve [--listen <host:port>] [--token-file <file>] [--key-file <account>=<file>]...
        [--otlp-endpoint <url>] [--otlp-interval-seconds <n>] [--interval-seconds <n>]
                                         the engine headless, with /metrics for Prometheus (default
                                         127.0.0.1:9464; other addresses need --token-file) and OTLP push
  balance set <account> <amount> [--at <ISO>] [--json]
                                         record a hand-kept balance (accounts without a balance endpoint)
  tasks check <account> <taskId> [--apply] [--json]
                                         look a task's charge up; --apply books it against the balance once
  alerts [--account <id>] [--json]       the alert history, oldest first (each with its id)
  alerts snooze <account> [--kind <kind>] [--for 1h|until-tomorrow|episode] [--json]
                                         hold an account's alerts back (default: an hour)
  alerts unsnooze <account> [--kind <kind>] [--json]
  alerts dismiss <alert-id> [--json]     until that alert's episode ends or gets worse
  alerts mute|unmute <account> --kind <kind> [--json]
                                         list that kind of alert for the account, never notify it
  status [--now <ISO>] [--json]          balance, burn, runway, cap and packs of every account
  packs add --account <id> --credits <n> --price <amount> [--currency USD] --purchased <ISO>
            --validity <30d|90d|lifetime|Nd> [--pack <name>] [--note <text>] [--json]
  packs list [--account <id>] [--json]   packs with what remains and what will expire unused
  packs remove <id> | packs suggest [--account <id>]
  packs catalog [--provider <id>] [--account <id|label>] [--offline] [--json]
                                         packs on sale: CheapAI's live list through your account, else the seed's
  buys [--account <id|label>]... [--model <id>]... [--offline] [--json]
                                         what each balance and a day of burn buy, in units of work per model
  estimate --account <id|label> --model <id> [--param name=value]... [--count <n>] [--json]
                                         what a job costs (asking the provider where it can); balance, cap, runway
  prices list [--account <id|label> | --provider <id> | --mine] [--offline] [--json]
  prices set (--provider <id> | --account <id|label>) --model <id> [--param name=value]...
             (--cost <n> [--per call|generation|request|second|megapixel|image] | --input <n> --output <n>)
             [--per-tokens 1000|1000000] [--unit <unit>] [--note <text>] [--json]
  prices set --account <id|label> [--group-ratio <n>] [--discount <n>]
  prices remove <id> | prices remove (--provider <id> | --account <id|label>) --model <id> [--param name=value]...
  prices import <file> [--json]          a list of prices (prices list --mine --json); all or nothing
  history --account <id> [--from <ISO>] [--to <ISO>] --format csv|json
  export --format csv|json [--out <file>]
                                         every account (no keys), pack, setting and reading
  import <file> [--json]                 a file from export/history; all or nothing, no duplicates
  settings get [name] [--json]           displayCurrency, cnyPerUsd, usdPer1kCharacters
  settings set name=value... [--json]
  prune [--days <n>] [--now <ISO>] [--json]
                                         delete readings older than the retention setting (or n days),
                                         keeping their hourly and daily totals
  channels add --kind <webhook|ntfy|gotify|bark|telegram|slack|discord> --url <url> [--url-stdin]
               [--secret-stdin] [--min-severity info|warning|critical] [--json]
                                         send alerts there too; the URL and secret go to the keychain
  channels list [--json] | channels remove <id> [--json] | channels test <id> [--json]
  logs [--follow] [--lines <n>] [--json] the log (errors, poller decisions, migrations), keys redacted

Data lives in $BURNRATE_HOME (default: the app's data folder). Keys live in the OS keychain.`;

type Command = (ctx: ReturnType<typeof createContext>, argv: string[]) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  providers: providersCommand,
  accounts: accountsCommand,
  poll: pollCommand,
  watch: watchCommand,
  serve: serveCommand,
  balance: balanceCommand,
  tasks: tasksCommand,
  alerts: alertsCommand,
  status: statusCommand,
  packs: packsCommand,
  history: historyCommand,
  export: exportCommand,
  import: importCommand,
  settings: settingsCommand,
  prune: pruneCommand,
  channels: channelsCommand,
  // Loaded when used: every command starts a process, and most never price anything.
  buys: async (ctx, argv) => (await import('./commands/pricing.ts')).buysCommand(ctx, argv),
  estimate: async (ctx, argv) => (await import('./commands/pricing.ts')).estimateCommand(ctx, argv),
  prices: async (ctx, argv) => (await import('./commands/pricing.ts')).pricesCommand(ctx, argv),
  logs: logsCommand,
};

/** Commands that write no log: they touch no data (and `logs` only reads it). */
const UNLOGGED = new Set(['providers', 'logs']);

/** Run one CLI invocation; returns the exit code. Errors become one line on stderr. */
export async function run(argv: string[], io: CliIO, secrets?: SecretStore): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout).write(`${HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  const ctx = createContext(io, secrets);
  // The data folder's log: opened only if this run has something to say (most have nothing).
  const logFile = command && !UNLOGGED.has(name) ? startProcessLog(resolveHome(io.env), 'cli') : null;
  try {
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)} (try: burnrate help)`);
    return await command(ctx, rest);
  } catch (error) {
    return report(io, error, name);
  } finally {
    // Alerts raised by this run go out to the channels before the database closes.
    await ctx.settle();
    ctx.close();
    await logFile?.close();
  }
}

function report(io: CliIO, error: unknown, command: string): number {
  // Errors can quote provider text (a task lookup's reply): scrubbed like every other output.
  const say = (text: string) => io.stderr.write(`burnrate: ${scrubSecrets(text.split('\n')[0] ?? '')}\n`);
  if (error instanceof Interrupted) {
    say('cancelled; nothing was left half-done');
    return 130;
  }
  if (error instanceof UsageError) {
    say(error.message);
    return 2;
  }
  if (error instanceof UserError) {
    say(error.message);
    return 1;
  }
  // The OS refused a file operation (an export to a folder that is not there, not writable,
  // or a folder where a file was meant): the user's to fix, not a bug.
  const system = systemErrorText(error);
  if (system) {
    say(system);
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  log.error(`${command} failed`, { err: error, command });
  say(`internal error: ${message} (details in \`burnrate logs\`)`);
  return 70;
}

/** "cannot open /x/y: permission denied (EACCES)" for a Node system error, else null. */
function systemErrorText(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const { code, syscall, path: file } = error as NodeJS.ErrnoException;
  const reason = systemReason(error);
  if (reason === null || typeof code !== 'string' || typeof syscall !== 'string') return null;
  return `cannot ${syscall}${file ? ` ${file}` : ''}: ${reason}`;
}
