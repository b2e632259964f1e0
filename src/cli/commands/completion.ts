import { UsageError } from '../context.ts';
import { defineCommand } from '../command.ts';
import { COMMANDS } from './index.ts';
import { completionModel, completionScript, SHELLS } from '../completion.ts';
import type { Shell } from '../completion.ts';
import { listProviders } from '../../core/providers/registry.ts';
import { didYouMean } from '../../shared/suggest.ts';

export const completionCommand = defineCommand({
  name: 'completion',
  summary: 'print a shell completion script for bash, zsh or fish',
  description:
    'Tab then completes commands, subcommands, flags, their values (provider ids, choices, files) and account labels. Write the script where your shell loads completions from, as the examples show.',
  args: [{ name: 'shell', noun: 'a shell (bash, zsh or fish)', help: 'bash, zsh or fish' }],
  flags: {
    // What the scripts call on Tab for names that live in the database.
    values: { type: 'string', value: '<account|channel>', choices: ['account', 'channel'], hidden: true, help: '' },
  },
  examples: [
    { run: 'completion bash > ~/.local/share/bash-completion/completions/burnrate', does: 'bash' },
    { run: 'completion zsh > "${fpath[1]}/_burnrate"', does: 'zsh (a folder in $fpath)' },
    { run: 'completion fish > ~/.config/fish/completions/burnrate.fish', does: 'fish' },
  ],
  async run(ctx, { values, positionals }) {
    if (values.values !== undefined) {
      const core = ctx.core();
      const names =
        values.values === 'account'
          ? core.repos.accounts.list().flatMap((a) => [a.label, a.id])
          : core.channels.list().map((c) => c.id);
      // One per line; a label with a line break or a space-only label is not worth completing.
      for (const n of names) if (n.trim() && !/[\r\n]/.test(n)) ctx.io.stdout.write(`${n}\n`);
      return 0;
    }
    const shell = positionals[0];
    if (shell === undefined)
      throw new UsageError(`completion needs a shell: ${SHELLS.join(', ')} (burnrate completion bash)`);
    if (!(SHELLS as readonly string[]).includes(shell))
      throw new UsageError(
        `unknown shell ${JSON.stringify(shell.slice(0, 40))}${didYouMean(shell, SHELLS) || ` (${SHELLS.join(', ')})`}`,
      );
    const entries = await Promise.all(
      COMMANDS.map(async (c) => ({ name: c.name, summary: c.summary, spec: await c.load() })),
    );
    const model = completionModel(
      entries,
      listProviders().map((p) => p.id),
    );
    ctx.io.stdout.write(completionScript(shell as Shell, model));
    return 0;
  },
});
