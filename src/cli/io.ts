import type { Readable, Writable } from 'node:stream';

/** The streams and environment a CLI run reads and writes (the process's, or a test's). */
export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  env: NodeJS.ProcessEnv;
}
