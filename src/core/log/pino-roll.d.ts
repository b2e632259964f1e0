// pino-roll ships no type declarations; this is the part of its API the log uses.
declare module 'pino-roll' {
  // The stream pino-roll opens is pino's own file stream (sonic-boom), typed through pino.
  import type { destination } from 'pino';
  interface PinoRollOptions {
    /** Base path; files are `<file>.<n><extension>`. */
    file: string;
    /** Roll when the file reaches this size ('5m', '200k', or MB as a number). */
    size?: string | number;
    frequency?: string | number;
    extension?: string;
    symlink?: boolean;
    /** Keep this many files besides the current one. */
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    sync?: boolean;
    mode?: number;
  }
  export default function pinoRoll(options: PinoRollOptions): Promise<ReturnType<typeof destination>>;
}
