import type { Spec } from '../command.ts';

/**
 * Every top-level command: its name, its one line for `burnrate --help`, and how to load it.
 * A command's module (usage, flags, examples, handler) is imported only when that command
 * is run or its help is asked for: each call of `burnrate` is a new process, and loading
 * every command's engine code to print one of them costs more than the command itself.
 *
 * To add a command: write its module with `defineCommand` (or `defineGroup` for one with
 * subcommands) and add one line here.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  section: Section;
  load(): Promise<Spec>;
}

export type Section = 'look' | 'read' | 'price' | 'data' | 'setup';

export const SECTIONS: Record<Section, string> = {
  look: 'See where you stand',
  read: 'Take readings',
  price: 'What the money buys',
  data: 'Move data in and out',
  setup: 'Set up',
};

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'status',
    summary: 'health, balance, burn, runway, cap and packs of every account (or one)',
    section: 'look',
    load: async () => (await import('./status.ts')).statusCommand,
  },
  {
    name: 'accounts',
    summary: 'add, list, remove accounts; what a self-hosted site publishes',
    section: 'look',
    load: async () => (await import('./accounts.ts')).accountsCommand,
  },
  {
    name: 'packs',
    summary: 'prepaid packs: what remains, what will expire unused',
    section: 'look',
    load: async () => (await import('./packs.ts')).packsCommand,
  },
  {
    name: 'alerts',
    summary: 'the alert history, oldest first',
    section: 'look',
    load: async () => (await import('./alerts.ts')).alertsCommand,
  },
  {
    name: 'history',
    summary: "one account's readings, as a table, CSV or JSON",
    section: 'look',
    load: async () => (await import('./history.ts')).historyCommand,
  },
  {
    name: 'poll',
    summary: 'poll now and store the readings',
    section: 'read',
    load: async () => (await import('./poll.ts')).pollCommand,
  },
  {
    name: 'watch',
    summary: 'poll on schedule until Ctrl-C, printing each result and alert',
    section: 'read',
    load: async () => (await import('./watch.ts')).watchCommand,
  },
  {
    name: 'serve',
    summary: 'the engine without a window, with /metrics for Prometheus and OTLP push',
    section: 'read',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  {
    name: 'balance',
    summary: 'record a hand-kept balance',
    section: 'read',
    load: async () => (await import('./balance.ts')).balanceCommand,
  },
  {
    name: 'tasks',
    summary: "look up a task's charge and book it once",
    section: 'read',
    load: async () => (await import('./tasks.ts')).tasksCommand,
  },
  {
    name: 'buys',
    summary: 'what each balance and a day of burn buy, per model',
    section: 'price',
    load: async () => (await import('./buys.ts')).buysCommand,
  },
  {
    name: 'estimate',
    summary: 'what a job costs, and whether the balance, cap and runway cover it',
    section: 'price',
    load: async () => (await import('./estimate.ts')).estimateCommand,
  },
  {
    name: 'prices',
    summary: 'list, set, remove and import the prices Burnrate counts with',
    section: 'price',
    load: async () => (await import('./prices.ts')).pricesCommand,
  },
  {
    name: 'export',
    summary: 'every account (no keys), pack, setting and reading, as CSV or JSON',
    section: 'data',
    load: async () => (await import('./export.ts')).exportCommand,
  },
  {
    name: 'import',
    summary: 'a file from export or history; all or nothing, no duplicates',
    section: 'data',
    load: async () => (await import('./import.ts')).importCommand,
  },
  {
    name: 'check',
    summary: 'read the whole database for damage now',
    section: 'data',
    load: async () => (await import('./check.ts')).checkCommand,
  },
  {
    name: 'prune',
    summary: 'delete old readings, keeping their hourly and daily totals',
    section: 'data',
    load: async () => (await import('./prune.ts')).pruneCommand,
  },
  {
    name: 'providers',
    summary: 'the providers Burnrate can read',
    section: 'setup',
    load: async () => (await import('./providers.ts')).providersCommand,
  },
  {
    name: 'settings',
    summary: 'money settings and alert rules, globally or per account',
    section: 'setup',
    load: async () => (await import('./settings.ts')).settingsCommand,
  },
  {
    name: 'channels',
    summary: 'send alerts to webhooks, ntfy, Gotify, Bark, Telegram, Slack, Discord',
    section: 'setup',
    load: async () => (await import('./channels.ts')).channelsCommand,
  },
  {
    name: 'logs',
    summary: 'the log: errors with their stacks, poller decisions, migrations (keys redacted)',
    section: 'setup',
    load: async () => (await import('./logs.ts')).logsCommand,
  },
  {
    name: 'completion',
    summary: 'shell completion for bash, zsh or fish',
    section: 'setup',
    load: async () => (await import('./completion.ts')).completionCommand,
  },
];
