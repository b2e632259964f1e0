import { UsageError, readStdin } from '../context.ts';
import { defineCommand, defineGroup, JSON_FLAG } from '../command.ts';
import type { Channel } from '../../shared/alert-channels.ts';
import { CHANNEL_KINDS, CHANNEL_KIND_NAMES } from '../../shared/alert-channels.ts';
import { DEFAULT_CHANNEL_MIN_SEVERITY } from '../../shared/alert-channel-kinds.ts';
import { ALERT_SEVERITIES } from '../../shared/alerts.ts';

/**
 * `channels add|list|remove|test`: where alerts go beyond the desktop. URLs and secrets go
 * to the keychain; nothing printed here shows more of a URL than its origin.
 */
const add = defineCommand({
  name: 'add',
  summary: 'send alerts to a webhook, ntfy, Gotify, Bark, Telegram, Slack or Discord',
  description:
    'The URL (and a secret such as a token) go to the OS keychain; lists show only its origin. With --url-stdin the URL is the first line of stdin, so a token in it stays out of shell history; with --secret-stdin the secret is the next line.',
  flags: {
    kind: {
      type: 'string',
      value: '<kind>',
      required: true,
      choices: CHANNEL_KINDS,
      noun: 'channel kind',
      help: 'what receives the alerts',
    },
    url: { type: 'string', value: '<url>', help: "the receiver's URL (or --url-stdin)" },
    'url-stdin': { type: 'boolean', help: 'read the URL from the first line of stdin' },
    'secret-stdin': { type: 'boolean', help: 'read a secret (token, password) from stdin, after the URL' },
    'min-severity': {
      type: 'string',
      value: '<severity>',
      choices: ALERT_SEVERITIES,
      noun: 'severity',
      help: 'send alerts this severe and worse',
      default: DEFAULT_CHANNEL_MIN_SEVERITY,
    },
    json: JSON_FLAG,
  },
  examples: [
    { run: 'channels add --kind ntfy --url https://ntfy.sh/my-burnrate', does: 'push alerts to an ntfy topic' },
    { run: 'channels add --kind slack --url-stdin < slack-webhook.txt', does: 'a Slack webhook, its URL kept secret' },
  ],
  async run(ctx, { values }) {
    if (values.url !== undefined && values['url-stdin']) throw new UsageError('give --url or --url-stdin, not both');
    if (values.url === undefined && !values['url-stdin'])
      throw new UsageError('channels add needs --url <url> (or --url-stdin)');
    let url = values.url;
    let secret: string | undefined;
    if (values['url-stdin'] || values['secret-stdin']) {
      // One line each, in this order: the URL (with --url-stdin), then the secret (with --secret-stdin).
      const lines = (await readStdin(ctx.io.stdin)).split(/\r?\n/);
      if (values['url-stdin']) {
        url = lines.shift()?.trim() ?? '';
        if (!url) throw new UsageError('the URL read from stdin is empty');
      }
      if (values['secret-stdin']) {
        secret = (values['url-stdin'] ? (lines[0] ?? '') : lines.join('\n')).trim();
        if (!secret) throw new UsageError('the secret read from stdin is empty');
      }
    }
    const channel = await ctx
      .core()
      .channels.add({ kind: values.kind, url, secret, minSeverity: values['min-severity'] });
    if (values.json) ctx.printJson(channel);
    else
      ctx.print(
        `added ${channel.id} (${CHANNEL_KIND_NAMES[channel.kind]} → ${channel.target}, ${channel.minSeverity} and above)`,
      );
    return 0;
  },
});

const list = defineCommand({
  name: 'list',
  summary: 'every channel, with its last delivery',
  flags: { json: JSON_FLAG },
  examples: [{ run: 'channels list', does: 'where alerts go' }],
  run(ctx, { values }) {
    const channels = ctx.core().channels.list();
    if (values.json) {
      ctx.printJson(channels);
      return 0;
    }
    if (channels.length === 0) ctx.print('no channels yet: burnrate channels add --kind <kind> --url <url>');
    for (const c of channels) ctx.print(describe(c));
    return 0;
  },
});

function describe(c: Channel): string {
  const last =
    c.lastFailureAt !== null && (c.lastSuccessAt === null || c.lastFailureAt > c.lastSuccessAt)
      ? `last delivery failed ${c.lastFailureAt}: ${c.lastError ?? ''}`
      : c.lastSuccessAt !== null
        ? `last delivered ${c.lastSuccessAt}`
        : 'nothing sent yet';
  const secret = c.hasSecret ? ', secret stored' : '';
  return `${c.id}  ${c.kind.padEnd(8)}  ${c.target}  (${c.minSeverity} and above${secret}${c.enabled ? '' : ', off'}; ${last})`;
}

const CHANNEL_ARG = [
  { name: 'channel', noun: 'a channel id', help: 'the id channels list shows', required: true, complete: 'channel' },
] as const;

const remove = defineCommand({
  name: 'remove',
  summary: 'stop sending there; its URL and secret leave the keychain',
  args: CHANNEL_ARG,
  flags: { json: JSON_FLAG },
  examples: [{ run: 'channels remove ch_1a2b3c', does: 'remove it' }],
  async run(ctx, { values, positionals }) {
    const id = positionals[0]!;
    await ctx.core().channels.remove(id);
    if (values.json) ctx.printJson({ id, removed: true });
    else ctx.print(`removed ${id} and its keychain entry`);
    return 0;
  },
});

const test = defineCommand({
  name: 'test',
  summary: 'send a test alert now (exit 1 when it is not delivered)',
  args: CHANNEL_ARG,
  flags: { json: JSON_FLAG },
  examples: [{ run: 'channels test ch_1a2b3c', does: 'check the receiver gets it' }],
  async run(ctx, { values, positionals }) {
    const id = positionals[0]!;
    const result = await ctx.core().channels.test(id);
    if (values.json) ctx.printJson(result);
    else
      ctx.print(
        result.ok
          ? `${id}: ${result.message}`
          : `${id}: not delivered after ${result.attempts} attempt(s): ${result.message}`,
      );
    // A failed test is the answer asked for, not a usage mistake: exit 1 so scripts can tell.
    return result.ok ? 0 : 1;
  },
});

export const channelsCommand = defineGroup({
  name: 'channels',
  summary: 'send alerts to webhooks, ntfy, Gotify, Bark, Telegram, Slack, Discord',
  commands: [add, list, remove, test],
  examples: [
    { run: 'channels add --kind ntfy --url https://ntfy.sh/my-burnrate', does: 'push alerts to an ntfy topic' },
    { run: 'channels test ch_1a2b3c', does: 'send a test alert' },
  ],
});
