import type { ArgSpec, Completion, FlagSpec, Spec } from './command.ts';
import { isGroup } from './command.ts';

/**
 * Shell completion scripts, written from the commands' own descriptions: commands,
 * subcommands, flags (with what each does, where the shell shows it), the values a flag
 * takes (its choices, provider ids), files, and account or channel names, which the script
 * asks `burnrate completion --values account` for when Tab is pressed (they live in the
 * database, not in the script).
 */

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** What a flag's value or an argument completes with. */
type Values = { words: readonly string[] } | { dynamic: 'account' | 'channel' } | { files: true } | null;

interface Leaf {
  /** "status", "accounts add" */
  key: string;
  flags: Array<{ name: string; short?: string; help: string; takesValue: boolean; values: Values }>;
  arg: Values;
}

export interface CompletionModel {
  commands: Array<{ name: string; summary: string; subcommands: Array<{ name: string; summary: string }> }>;
  leaves: Leaf[];
}

export function completionModel(
  entries: ReadonlyArray<{ name: string; summary: string; spec: Spec }>,
  providerIds: readonly string[],
): CompletionModel {
  const values = (complete: Completion | undefined, choices: readonly string[] | undefined): Values => {
    if (choices) return { words: choices };
    if (complete === 'provider') return { words: providerIds };
    if (complete === 'account' || complete === 'channel') return { dynamic: complete };
    if (complete === 'file') return { files: true };
    return null;
  };
  const leaf = (key: string, flags: Record<string, FlagSpec>, args: readonly ArgSpec[] | undefined): Leaf => ({
    key,
    flags: [
      ...Object.entries(flags)
        .filter(([, f]) => !f.hidden)
        .map(([name, f]) => ({
          name,
          ...(f.short ? { short: f.short } : {}),
          help: f.help,
          takesValue: f.type === 'string',
          values: values(f.complete, f.choices),
        })),
      { name: 'help', short: 'h', help: 'show this help', takesValue: false, values: null },
    ],
    arg: args?.[0] ? values(args[0].complete, undefined) : null,
  });
  const model: CompletionModel = { commands: [], leaves: [] };
  for (const e of entries) {
    if (isGroup(e.spec)) {
      model.commands.push({
        name: e.name,
        summary: e.summary,
        subcommands: e.spec.commands.map((c) => ({ name: c.name, summary: c.summary })),
      });
      for (const c of e.spec.commands) model.leaves.push(leaf(`${e.name} ${c.name}`, c.flags, c.args));
    } else {
      model.commands.push({ name: e.name, summary: e.summary, subcommands: [] });
      model.leaves.push(leaf(e.name, e.spec.flags, e.spec.args));
    }
  }
  // `completion <shell>` completes its shells.
  const completion = model.leaves.find((l) => l.key === 'completion');
  if (completion) completion.arg = { words: SHELLS };
  return model;
}

export function completionScript(shell: Shell, model: CompletionModel): string {
  switch (shell) {
    case 'bash':
      return bash(model);
    case 'zsh':
      return zsh(model);
    case 'fish':
      return fish(model);
  }
}

/** Words safe inside single quotes in every shell here: ids, flags, choices. */
const word = (w: string) => w.replace(/[^A-Za-z0-9_.:@/+-]/g, '');
const sq = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function bashValues(v: Values): string {
  if (v === null) return 'return 0';
  if ('words' in v) return `COMPREPLY=($(compgen -W ${sq(v.words.map(word).join(' '))} -- "$cur")); return 0`;
  if ('files' in v) return 'COMPREPLY=($(compgen -f -- "$cur")); return 0';
  return `COMPREPLY=($(compgen -W "$(_burnrate_values ${v.dynamic})" -- "$cur")); return 0`;
}

function bash(m: CompletionModel): string {
  const groups = m.commands.filter((c) => c.subcommands.length > 0);
  const flagValueCases = m.leaves.flatMap((l) =>
    l.flags.filter((f) => f.takesValue).map((f) => `    ${sq(`${l.key} --${f.name}`)}) ${bashValues(f.values)} ;;`),
  );
  return `# bash completion for burnrate
# Install: burnrate completion bash > ~/.local/share/bash-completion/completions/burnrate
# (or add 'source <(burnrate completion bash)' to ~/.bashrc).

_burnrate_values() {
  command -v burnrate >/dev/null 2>&1 && burnrate completion --values "$1" 2>/dev/null
}

_burnrate() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local cmd="\${COMP_WORDS[1]}" key
  COMPREPLY=()
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W ${sq(`${m.commands.map((c) => c.name).join(' ')} help`)} -- "$cur"))
    return 0
  fi
  case "$cmd" in
${groups
  .map(
    (g) => `    ${g.name})
      if [[ $COMP_CWORD -eq 2 ]]; then
        COMPREPLY=($(compgen -W ${sq(g.subcommands.map((s) => s.name).join(' '))} -- "$cur")); return 0
      fi
      key="$cmd \${COMP_WORDS[2]}" ;;`,
  )
  .join('\n')}
    help)
      COMPREPLY=($(compgen -W ${sq(m.commands.map((c) => c.name).join(' '))} -- "$cur")); return 0 ;;
    *) key="$cmd" ;;
  esac
  # The value of the flag before the cursor.
  case "$key $prev" in
${flagValueCases.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    case "$key" in
${m.leaves.map((l) => `      ${sq(l.key)}) COMPREPLY=($(compgen -W ${sq(l.flags.map((f) => `--${f.name}`).join(' '))} -- "$cur")) ;;`).join('\n')}
    esac
    return 0
  fi
  case "$key" in
${m.leaves
  .filter((l) => l.arg !== null)
  .map((l) => `    ${sq(l.key)}) ${bashValues(l.arg)} ;;`)
  .join('\n')}
  esac
  return 0
}
complete -F _burnrate burnrate
`;
}

/** zsh's _describe entries: "name:what it does", colons in the name escaped. */
const described = (name: string, text: string) => sq(`${name.replace(/:/g, '\\:')}:${oneLine(text)}`);

function zshValues(v: Values): string {
  if (v === null) return 'return 0';
  if ('words' in v) return `compadd -- ${v.words.map(word).join(' ')}; return`;
  if ('files' in v) return '_files; return';
  return `compadd -- \${(f)"$(_burnrate_values ${v.dynamic})"}; return`;
}

function zsh(m: CompletionModel): string {
  const groups = m.commands.filter((c) => c.subcommands.length > 0);
  return `#compdef burnrate
# zsh completion for burnrate
# Install: burnrate completion zsh > "\${fpath[1]}/_burnrate" (then start a new shell),
# or add 'source <(burnrate completion zsh)' to ~/.zshrc after compinit.

_burnrate_values() {
  (( $+commands[burnrate] )) && burnrate completion --values "$1" 2>/dev/null
}

_burnrate() {
  local cur=\${words[CURRENT]} prev=\${words[CURRENT-1]} cmd=\${words[2]} key
  local -a items
  if (( CURRENT == 2 )); then
    items=(
${m.commands.map((c) => `      ${described(c.name, c.summary)}`).join('\n')}
      'help:help for a command'
    )
    _describe -t commands 'burnrate command' items; return
  fi
  case $cmd in
${groups
  .map(
    (g) => `    ${g.name})
      if (( CURRENT == 3 )); then
        items=(
${g.subcommands.map((s) => `          ${described(s.name, s.summary)}`).join('\n')}
        )
        _describe -t commands '${g.name} subcommand' items; return
      fi
      key="$cmd \${words[3]}" ;;`,
  )
  .join('\n')}
    help) compadd -- ${m.commands.map((c) => c.name).join(' ')}; return ;;
    *) key=$cmd ;;
  esac
  case "$key $prev" in
${m.leaves
  .flatMap((l) =>
    l.flags.filter((f) => f.takesValue).map((f) => `    ${sq(`${l.key} --${f.name}`)}) ${zshValues(f.values)} ;;`),
  )
  .join('\n')}
  esac
  if [[ $cur == -* ]]; then
    case $key in
${m.leaves
  .map(
    (l) => `      ${sq(l.key)})
        items=(${l.flags.map((f) => described(`--${f.name}`, f.help)).join(' ')}) ;;`,
  )
  .join('\n')}
    esac
    _describe -t options 'flag' items; return
  fi
  case $key in
${m.leaves
  .filter((l) => l.arg !== null)
  .map((l) => `    ${sq(l.key)}) ${zshValues(l.arg)} ;;`)
  .join('\n')}
  esac
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _burnrate "$@"
else
  compdef _burnrate burnrate
fi
`;
}

function fishValues(v: Values): string {
  if (v === null) return '';
  if ('words' in v) return ` -a ${sq(v.words.map(word).join(' '))}`;
  if ('files' in v) return ' -F';
  return ` -a '(__burnrate_values ${v.dynamic})'`;
}

/** A flag that takes a value: files (-r -F), or only the values given (-x: nothing else, no files). */
function fishFlagValue(v: Values): string {
  return v !== null && 'files' in v ? ' -r -F' : ` -x${fishValues(v)}`;
}

function fish(m: CompletionModel): string {
  const lines = [
    '# fish completion for burnrate',
    '# Install: burnrate completion fish > ~/.config/fish/completions/burnrate.fish',
    '',
    'function __burnrate_values',
    '    command -q burnrate; and burnrate completion --values $argv[1] 2>/dev/null',
    'end',
    '',
    '# True when the command line starts with these words ("accounts add").',
    'function __burnrate_is',
    '    set -l tokens (commandline -opc)',
    '    set -e tokens[1]',
    '    set -l want (string split " " -- $argv[1])',
    '    set -l n (count $want)',
    '    test (count $tokens) -ge $n; or return 1',
    '    test "$tokens[1..$n]" = "$want"',
    'end',
    '',
    'complete -c burnrate -f',
    ...m.commands.map(
      (c) => `complete -c burnrate -n __fish_use_subcommand -a ${word(c.name)} -d ${sq(oneLine(c.summary))}`,
    ),
    `complete -c burnrate -n __fish_use_subcommand -a help -d 'help for a command'`,
    `complete -c burnrate -n '__burnrate_is help' -a ${sq(m.commands.map((c) => c.name).join(' '))}`,
  ];
  for (const c of m.commands.filter((c) => c.subcommands.length > 0)) {
    const names = c.subcommands.map((s) => s.name).join(' ');
    for (const s of c.subcommands)
      lines.push(
        `complete -c burnrate -n ${sq(`__fish_seen_subcommand_from ${c.name}; and not __fish_seen_subcommand_from ${names}`)} -a ${word(s.name)} -d ${sq(oneLine(s.summary))}`,
      );
  }
  for (const l of m.leaves) {
    const when = `-n ${sq(`__burnrate_is ${sq(l.key).replace(/'/g, '"')}`)}`;
    for (const f of l.flags) {
      const short = f.short ? ` -s ${f.short}` : '';
      const value = f.takesValue ? fishFlagValue(f.values) : '';
      lines.push(`complete -c burnrate ${when} -l ${word(f.name)}${short}${value} -d ${sq(oneLine(f.help))}`);
    }
    if (l.arg !== null) lines.push(`complete -c burnrate ${when}${fishValues(l.arg)}`);
  }
  return `${lines.join('\n')}\n`;
}
