import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { CliIO } from './context.ts';
import { UserError } from '../core/errors.ts';

/** Whether a person could answer a prompt: stdin is a terminal. */
export function canPrompt(io: CliIO): boolean {
  return (io.stdin as { isTTY?: boolean }).isTTY === true;
}

/**
 * Ask for a secret on the terminal without showing it. The question goes to stderr (stdout
 * stays for the command's output, JSON included). readline reads the line in raw mode, so
 * the terminal does not echo; its own echo goes to a sink, so nothing typed is drawn, not
 * even as stars. Enter ends it; Ctrl-C or Ctrl-D (end of input) cancels with nothing
 * stored. What is typed is never in argv, so never in the shell's history.
 */
export function promptSecret(io: CliIO, question: string): Promise<string> {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  io.stderr.write(question);
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: io.stdin, output: sink, terminal: true });
    let answered = false;
    const finish = () => {
      rl.close();
      io.stderr.write('\n');
    };
    rl.on('line', (line) => {
      answered = true;
      finish();
      resolve(line);
    });
    rl.on('SIGINT', () => {
      answered = true;
      finish();
      reject(new UserError('validation', 'cancelled: no key was entered, nothing was stored'));
    });
    rl.on('close', () => {
      if (answered) return;
      io.stderr.write('\n');
      reject(new UserError('validation', 'no key was entered (end of input), nothing was stored'));
    });
  });
}
