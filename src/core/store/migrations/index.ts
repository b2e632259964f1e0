import type { Migration } from './types.ts';
import { migration001 } from './001_initial.ts';
import { migration002 } from './002_rollups.ts';
import { migration003 } from './003_aimlapi_usd.ts';
import { migration004 } from './004_history_horizon.ts';
import { migration005 } from './005_figures.ts';
import { migration006 } from './006_site_settings.ts';
import { migration007 } from './007_poll_lease.ts';
import { migration008 } from './008_channels.ts';
import { migration009 } from './009_prices.ts';
import { migration010 } from './010_import_runs.ts';

/** Every schema step, in order. Add new ones at the end; never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
];

/**
 * The newest version: the last step's number. Steps are numbered in the order they were
 * planned, so a release can ship with a number not yet taken by another branch (a gap is
 * skipped; versions only ever grow).
 */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;
export type { Migration } from './types.ts';
