/** `poller:*`: poll now, and whether polling runs (and whether keys can be read). */
import { z } from 'zod';
import type { Amount } from '../domain.ts';
import type { KeyState } from '../states.ts';
import type { InvokeChannel } from '../channels.ts';
import { accountIdSchema } from './fields.ts';

export const pollerChannels = {
  'poller:refresh': z.strictObject({ accountId: accountIdSchema.optional() }),
  'poller:status': z.undefined(),
} as const satisfies { [C in InvokeChannel]?: z.ZodType };

export interface PollResult {
  accountId: string;
  at: string;
  state: KeyState;
  balance: Amount | null;
  httpStatus: number | null;
  message: string | null;
}

export interface PollerStatus {
  /** Whether scheduled polling runs in this process. */
  running: boolean;
  paused: boolean;
  lastPollAt: string | null;
  /**
   * Set while keys cannot be read from the OS keychain (locked, or no keyring running):
   * nothing is polled, history stays viewable, and the window says so.
   */
  keychain: { message: string; since: string } | null;
}

export interface PollerResponses {
  'poller:refresh': PollResult[];
  'poller:status': PollerStatus;
}
