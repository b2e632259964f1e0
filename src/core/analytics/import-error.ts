import { UserError } from '../errors.ts';

export interface ImportProblem {
  /** 1-based line (CSV), or null for JSON (see `where`). */
  line: number | null;
  /** "line 12" or "readings[10].balance". */
  where: string;
  message: string;
}

/** The file was refused as a whole; nothing from it was stored. */
export class ImportError extends UserError {
  override name = 'ImportError';
  readonly problems: ImportProblem[];
  /** All problems found; `problems` keeps the first few. */
  readonly problemCount: number;
  constructor(problems: ImportProblem[], total: number) {
    const first = problems[0]!;
    const more = total > 1 ? ` (and ${total - 1} more problem${total > 2 ? 's' : ''})` : '';
    super('validation', `${first.where}: ${first.message}${more}; nothing was imported`);
    this.problems = problems;
    this.problemCount = total;
  }
}
