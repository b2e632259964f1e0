import { isUserErrorCode, UserError } from '../errors.ts';
import { ImportError } from '../analytics/import.ts';
import type { ImportProblem } from '../analytics/import.ts';
import { JobCancelled } from './control.ts';

/** An error as it crosses from a worker: enough to rebuild the same kind on the other side. */
export interface SerializedError {
  name: string;
  message: string;
  stack: string | undefined;
  code?: string;
  problems?: ImportProblem[];
  problemCount?: number;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), stack: undefined };
  const out: SerializedError = { name: error.name, message: error.message, stack: error.stack };
  if (error instanceof UserError) out.code = error.code;
  if (error instanceof ImportError) {
    out.problems = error.problems;
    out.problemCount = error.problemCount;
  }
  return out;
}

/**
 * The same kind of error in this thread: UserError and ImportError keep their codes and
 * problems. A code that is not one of UserError's comes back as a plain Error (internal).
 */
export function reviveError(e: SerializedError): Error {
  if (e.name === 'JobCancelled') return new JobCancelled();
  let error: Error;
  if (e.problems) {
    error = new ImportError(e.problems, e.problemCount ?? e.problems.length);
  } else if (isUserErrorCode(e.code)) {
    error = new UserError(e.code, e.message);
    error.name = e.name;
  } else {
    error = new Error(e.message);
    error.name = e.name;
  }
  if (e.stack) error.stack = e.stack;
  return error;
}
