import type { Migration } from './types.ts';
import { migration001 } from './001_initial.ts';
import { migration002 } from './002_rollups.ts';
import { migration003 } from './003_aimlapi_usd.ts';
import { migration004 } from './004_history_horizon.ts';
import { migration010 } from './010_import_runs.ts';

/** Every schema step, in order. Add new ones at the end; never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration010];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
export type { Migration } from './types.ts';
