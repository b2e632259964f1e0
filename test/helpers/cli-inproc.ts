import { Readable, Writable } from 'node:stream';
import { run } from '../../src/cli/run.ts';
import { MemorySecrets } from './memory-secrets.ts';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI in this process (fast: no Node start per call) with an in-memory keychain.
 * `tty` makes stdout look like a terminal of that many columns, as the snapshot tests
 * need; stdin is never a terminal here (the pseudo-terminal tests start a real process).
 */
export async function cliInProcess(
  args: string[],
  options: {
    home?: string;
    secrets?: MemorySecrets;
    stdin?: string;
    env?: NodeJS.ProcessEnv;
    tty?: { columns: number };
  } = {},
): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({ write: (chunk: Buffer, _enc, done) => (append(chunk.toString()), done()) });
  const out = sink((s) => (stdout += s));
  if (options.tty) Object.assign(out, { isTTY: true, columns: options.tty.columns });
  const code = await run(
    args,
    {
      stdout: out,
      stderr: sink((s) => (stderr += s)),
      stdin: Readable.from([options.stdin ?? '']),
      // A test's result must not depend on the developer's terminal settings.
      env: { ...(options.home ? { BURNRATE_HOME: options.home } : {}), ...options.env },
    },
    options.secrets ?? new MemorySecrets(),
  );
  return { code, stdout, stderr };
}
