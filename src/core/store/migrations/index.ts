import type { Migration } from './types.ts';
import { migration001 } from './001_initial.ts';
import { migration002 } from './002_rollups.ts';
import { migration003 } from './003_aimlapi_usd.ts';
import { migration004 } from './004_history_horizon.ts';
import { migration007 } from './007_poll_lease.ts';

/**
 * Every schema step, in order of version. Add new ones at the end; never edit a shipped one.
 * Versions only increase; a gap is allowed (a step numbered on a branch merged later).
 */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration007];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;
export type { Migration } from './types.ts';
