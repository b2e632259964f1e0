import type { CliContext } from '../context.ts';
import { UsageError, readStdin } from '../context.ts';
import { parse, runSubcommand } from '../args.ts';
import type { Channel } from '../../shared/alert-channels.ts';
import { CHANNEL_KINDS, CHANNEL_KIND_NAMES } from '../../shared/alert-channels.ts';
import { ALERT_SEVERITIES } from '../../shared/alerts.ts';

/**
 * `channels add|list|remove|test`: where alerts go beyond the desktop. URLs and secrets go
 * to the keychain; nothing printed here shows more of a URL than its origin.
 */
export function channelsCommand(ctx: CliContext, argv: string[]): number | Promise<number> {
  return runSubcommand('channels', ctx, argv, { add, list, remove, test });
}

async function add(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    kind: { type: 'string' },
    url: { type: 'string' },
    'url-stdin': { type: 'boolean' },
    'secret-stdin': { type: 'boolean' },
    'min-severity': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (!values.kind) throw new UsageError(`channels add needs --kind <${CHANNEL_KINDS.join('|')}>`);
  if (!(CHANNEL_KINDS as readonly string[]).includes(values.kind))
    throw new UsageError(`unknown channel kind ${JSON.stringify(values.kind)} (${CHANNEL_KINDS.join(', ')})`);
  const severity = values['min-severity'];
  if (severity !== undefined && !(ALERT_SEVERITIES as readonly string[]).includes(severity))
    throw new UsageError(`--min-severity expects ${ALERT_SEVERITIES.join(', ')}, got ${JSON.stringify(severity)}`);
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
  const channel = await ctx.core().channels.add({ kind: values.kind, url, secret, minSeverity: severity });
  if (values.json) ctx.printJson(channel);
  else
    ctx.print(
      `added ${channel.id} (${CHANNEL_KIND_NAMES[channel.kind]} → ${channel.target}, ${channel.minSeverity} and above)`,
    );
  return 0;
}

function list(ctx: CliContext, argv: string[]): number {
  const { values } = parse(argv, { json: { type: 'boolean' } });
  const channels = ctx.core().channels.list();
  if (values.json) {
    ctx.printJson(channels);
    return 0;
  }
  if (channels.length === 0) ctx.print('no channels yet: burnrate channels add --kind <kind> --url <url>');
  for (const c of channels) ctx.print(describe(c));
  return 0;
}

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

async function remove(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, 1);
  const id = positionals[0];
  if (!id) throw new UsageError('channels remove needs a channel id');
  await ctx.core().channels.remove(id);
  if (values.json) ctx.printJson({ id, removed: true });
  else ctx.print(`removed ${id} and its keychain entry`);
  return 0;
}

async function test(ctx: CliContext, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, 1);
  const id = positionals[0];
  if (!id) throw new UsageError('channels test needs a channel id');
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
}
