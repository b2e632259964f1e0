/**
 * The one IPC contract between the renderer and main. Only `src/main/ipc.ts` and
 * `src/preload` touch ipcMain/ipcRenderer; both are typed from this file.
 *
 * - `invokeChannels`: request → response channels. Each request has a zod schema; main
 *   parses every payload with it (the renderer is untrusted) before calling core.
 * - `InvokeResponses`: what each channel answers (main is trusted, so types only).
 * - `EventPayloads`: main → renderer notifications.
 *
 * Every reply travels in an envelope, so errors arrive as data with a stable code instead
 * of Electron's "Error invoking remote method …" strings. Keys only ever travel renderer →
 * main (accounts:add, accounts:setKey); no reply type has a field that could carry one.
 */
import { LANGUAGE_CHOICES } from './languages.ts';
import type { LanguageChoice } from './languages.ts';
import { z } from 'zod';
import type { Account, Amount, Pack, ProviderInfo, Reading } from './domain.ts';
import {
  accountOptionsSchema,
  decimalStringSchema,
  MAX_LABEL_LENGTH,
  MIN_POLL_INTERVAL_SECONDS,
  MAX_POLL_INTERVAL_SECONDS,
  MAX_RETENTION_DAYS,
  validitySchema,
} from './domain.ts';
import type { KeyState } from './states.ts';
import { keyStateSchema } from './states.ts';
import type { Currency } from './units.ts';
import { currencySchema, unitSchema } from './units.ts';
import type {
  ActiveAlert,
  AlertEvent,
  AlertSettings,
  AlertSettingsPatch,
  DismissResult,
  MuteResult,
  SnoozeResult,
} from './alerts.ts';
import type { AccountStatus, PackView, StatusReport } from './status.ts';
import type { BalanceSeries, DailySpendSeries, HistoryPage, ImportReport } from './history.ts';
import type { BuysAccount, BuysModel, EstimateReport, PackOffer } from './pricing.ts';
import {
  alertDismissInputSchema,
  alertKindSchema,
  alertMuteInputSchema,
  alertSettingsPatchSchema,
  alertSettingsSchema,
  alertSnoozeForInputSchema,
} from './alerts.ts';
import type { Channel, ChannelTestResult } from './alert-channels.ts';
import { channelAddInputSchema, channelIdSchema } from './alert-channels.ts';
import type { EventChannel, InvokeChannel } from './channels.ts';
import type { JobProgress } from './jobs.ts';
export { isInvokeChannel } from './channels.ts';
export type { InvokeChannel, EventChannel } from './channels.ts';
export type { AccountStatus, PackView, StatusReport } from './status.ts';
export type { BalanceSeries, DailySpendSeries, HistoryPage, HistoryRow, ImportReport } from './history.ts';
export type { BuysAccount, BuysModel, EstimateReport, PackOffer } from './pricing.ts';
export type { JobProgress } from './jobs.ts';

const MAX_KEY_LENGTH = 4096;
const MAX_URL_LENGTH = 2048;
/** Unix milliseconds between 1970 and 2100: anything else is not a time a person meant. */
const MAX_TIME_MS = 4_102_444_800_000;

export const optionNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,40}$/, 'option names are letters, digits and _');
export const boundedOptionsSchema = accountOptionsSchema.refine(
  (o) =>
    Object.keys(o).length <= 40 &&
    Object.entries(o).every(([k, v]) => optionNameSchema.safeParse(k).success && String(v).length <= MAX_URL_LENGTH),
  'options must be at most 40 name=value pairs with short values',
);

export const accountIdSchema = z.string().regex(/^acc_[a-z0-9]{6,32}$/, 'not an account id');
export const packIdSchema = z.string().regex(/^pack_[a-z0-9]{6,32}$/, 'not a pack id');
const timeMsSchema = z
  .number()
  .int('times are whole milliseconds')
  .min(0)
  .max(MAX_TIME_MS, 'that time is out of range');
const pollIntervalSchema = z
  .number()
  .int('the poll interval is a whole number of seconds')
  .min(MIN_POLL_INTERVAL_SECONDS, `the poll interval must be at least ${MIN_POLL_INTERVAL_SECONDS} seconds`)
  .max(MAX_POLL_INTERVAL_SECONDS, 'the poll interval must be at most 7 days');

export const accountAddInputSchema = z.strictObject({
  provider: z.string().min(1).max(64),
  label: z.string().trim().min(1, 'label is empty').max(MAX_LABEL_LENGTH),
  baseUrl: z.string().max(MAX_URL_LENGTH).nullable().optional(),
  options: boundedOptionsSchema.optional(),
  key: z.string().max(MAX_KEY_LENGTH).optional(),
  pollIntervalSeconds: pollIntervalSchema.optional(),
  /**
   * Ask the provider once with the key before saving (the form does): a key it refuses is
   * not saved (error `key_rejected`); the answer comes back as `check`.
   */
  check: z.boolean().optional(),
  /** The account whose balance this one spends from (a shared balance). */
  sharesBalanceWith: accountIdSchema.nullable().optional(),
});

export const accountUpdateInputSchema = z.strictObject({
  id: accountIdSchema,
  label: z.string().trim().min(1, 'label is empty').max(MAX_LABEL_LENGTH).optional(),
  baseUrl: z.string().max(MAX_URL_LENGTH).nullable().optional(),
  options: boundedOptionsSchema.optional(),
  pollIntervalSeconds: pollIntervalSchema.optional(),
  enabled: z.boolean().optional(),
  /** The account whose balance this one spends from; null: its own again. */
  sharesBalanceWith: accountIdSchema.nullable().optional(),
});

export const accountRemoveInputSchema = z.strictObject({
  id: accountIdSchema,
  purge: z.boolean().optional(),
});

const accountRefSchema = z.strictObject({ id: accountIdSchema });

export const rangeInputSchema = z
  .strictObject({ accountId: accountIdSchema, from: timeMsSchema, to: timeMsSchema })
  .refine((r) => r.from < r.to, 'the range must end after it starts');

export const balanceSeriesInputSchema = z
  .strictObject({
    accountId: accountIdSchema,
    from: timeMsSchema,
    to: timeMsSchema,
    /** About one point per pixel of the chart; core downsamples to it. */
    maxPoints: z.number().int().min(2).max(10_000),
  })
  .refine((r) => r.from < r.to, 'the range must end after it starts');

export const historyFilterSchema = z.strictObject({
  accountIds: z.array(accountIdSchema).max(500).optional(),
  states: z.array(keyStateSchema).max(20).optional(),
  from: timeMsSchema.optional(),
  to: timeMsSchema.optional(),
});
export type HistoryFilter = z.infer<typeof historyFilterSchema>;

export const historyRangeInputSchema = historyFilterSchema.extend({
  limit: z.number().int().min(1).max(1000),
  offset: z.number().int().min(0).max(100_000_000),
});

export const exportInputSchema = historyFilterSchema.extend({ format: z.enum(['csv', 'json']) });

export const packAddInputSchema = z.strictObject({
  accountId: accountIdSchema,
  credits: decimalStringSchema.max(40),
  price: decimalStringSchema.max(40),
  currency: currencySchema,
  /** ISO 8601 date or date-time. */
  purchasedAt: z
    .string()
    .max(40)
    .refine((s) => !Number.isNaN(Date.parse(s)), 'purchase date is not a date'),
  validity: validitySchema,
  note: z.string().max(200).nullable().optional(),
});

export const alertsListInputSchema = z.strictObject({
  accountId: accountIdSchema.optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});

/** An account's alert overrides: fields to set, and fields to give back to the defaults. */
export const alertAccountSettingsInputSchema = z.strictObject({
  accountId: accountIdSchema,
  patch: alertSettingsPatchSchema,
  inherit: z.array(alertSettingsSchema.keyof()).max(20).optional(),
});

export const settingsPatchSchema = z.strictObject({
  displayCurrency: currencySchema.optional(),
  cnyPerUsd: z
    .string()
    .max(20)
    .regex(/^\d+(\.\d+)?$/, 'the CNY rate must be a number such as 7.3')
    .refine((s) => Number(s) > 0 && Number(s) <= 1000, 'the CNY rate must be between 0 and 1000')
    .optional(),
  defaultPollIntervalSeconds: pollIntervalSchema.optional(),
  launchAtLogin: z.boolean().optional(),
  /** Days of readings to keep; null keeps everything. */
  retentionDays: z
    .number()
    .int('retention is a whole number of days')
    .min(30, 'keep at least 30 days of history')
    .max(MAX_RETENTION_DAYS, `keep at most ${MAX_RETENTION_DAYS} days`)
    .nullable()
    .optional(),
  alerts: alertSettingsPatchSchema.optional(),
  /** The window's colours: the system's, or always light or dark. */
  theme: z.enum(['system', 'light', 'dark']).optional(),
  /** The language of the window, the tray, notifications and alerts: the system's, or one chosen. */
  language: z.enum(LANGUAGE_CHOICES).optional(),
  /** Serve /metrics for Prometheus on 127.0.0.1 (off by default). */
  metricsEnabled: z.boolean().optional(),
  metricsPort: z
    .number()
    .int('the port is a whole number')
    .min(1024, 'choose a port from 1024 to 65535')
    .max(65_535, 'choose a port from 1024 to 65535')
    .optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/* ------------------------------------------------------------------ prices */

const priceModelSchema = z
  .string()
  .trim()
  .min(1, 'the model is empty')
  .max(120)
  .refine((m) => !/[\s\p{Cc}]/u.test(m), 'a model id has no spaces');
const priceParamsSchema = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,30}$/, 'parameter names are letters, digits and _'),
    z.string().trim().min(1, 'a parameter value is empty').max(40),
  )
  .refine((p) => Object.keys(p).length <= 8, 'at most 8 parameters');
const priceAmountSchema = z
  .string()
  .trim()
  .max(40)
  .regex(/^\d+(\.\d+)?$/, 'a price is a number such as 0.21');

export const priceSetInputSchema = z.strictObject({
  accountId: accountIdSchema,
  /** The price holds for every account of the provider, not just this one. */
  forProvider: z.boolean().optional(),
  model: priceModelSchema,
  params: priceParamsSchema.optional(),
  rule: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.enum(['flat', 'per_generation', 'per_request', 'per_second', 'per_megapixel', 'per_image']),
      cost: priceAmountSchema,
    }),
    z.strictObject({
      kind: z.literal('per_token'),
      input: priceAmountSchema,
      output: priceAmountSchema,
      perTokens: z.union([z.literal(1000), z.literal(1_000_000)]),
    }),
  ]),
  unit: unitSchema,
  note: z.string().max(200).nullable().optional(),
});
export type PriceSetInput = z.infer<typeof priceSetInputSchema>;

export const estimateInputSchema = z.strictObject({
  accountId: accountIdSchema,
  model: priceModelSchema,
  params: priceParamsSchema.optional(),
  count: z.number().int('the count is a whole number').min(1).max(100_000).optional(),
});

export const invokeChannels = {
  'app:info': z.undefined(),
  'providers:list': z.undefined(),
  'accounts:list': z.undefined(),
  'accounts:add': accountAddInputSchema,
  'accounts:update': accountUpdateInputSchema,
  'accounts:remove': accountRemoveInputSchema,
  'accounts:setKey': z.strictObject({
    id: accountIdSchema,
    key: z.string().min(1, 'the key is empty').max(MAX_KEY_LENGTH),
  }),
  'accounts:test': accountRefSchema,
  /** A balance typed by hand, for providers without a balance endpoint (GPT Image 2 API). */
  'accounts:recordBalance': z.strictObject({
    id: accountIdSchema,
    amount: z.string().trim().min(1, 'the balance is empty').max(40),
  }),
  'status:get': z.undefined(),
  'overview:get': z.undefined(),
  'account:detail': accountRefSchema,
  'series:balance': balanceSeriesInputSchema,
  'series:dailySpend': rangeInputSchema,
  'series:states': rangeInputSchema,
  'history:range': historyRangeInputSchema,
  'export:run': exportInputSchema,
  'import:run': z.undefined(),
  'packs:list': z.strictObject({ accountId: accountIdSchema }),
  'packs:add': packAddInputSchema,
  'packs:remove': z.strictObject({ id: packIdSchema }),
  'alerts:list': alertsListInputSchema,
  /** Alerts whose episode is on, with their id (for dismiss) and what holds them. */
  'alerts:active': z.strictObject({ accountId: accountIdSchema.optional() }),
  'alerts:snooze': alertSnoozeForInputSchema.extend({ accountId: accountIdSchema }),
  'alerts:unsnooze': z.strictObject({ accountId: accountIdSchema, kind: alertKindSchema.optional() }),
  'alerts:dismiss': alertDismissInputSchema,
  'alerts:mute': alertMuteInputSchema.extend({ accountId: accountIdSchema }),
  'alerts:accountSettings': z.strictObject({ accountId: accountIdSchema }),
  'alerts:setAccountSettings': alertAccountSettingsInputSchema,
  'settings:get': z.undefined(),
  'settings:set': settingsPatchSchema,
  'poller:refresh': z.strictObject({ accountId: accountIdSchema.optional() }),
  'poller:status': z.undefined(),
  'demo:start': z.undefined(),
  'demo:stop': z.undefined(),
  /** Open a provider's API documentation in the browser: the window names the provider, never a URL. */
  'app:openDocs': z.strictObject({ provider: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'not a provider id') }),
  /** Open a provider's billing page ("Top up"): the window names the provider, never a URL. */
  'app:openBilling': z.strictObject({
    provider: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'not a provider id'),
  }),
  /** What the account's balance and a day of its burn buy, per priced model. */
  'pricing:buys': accountRefSchema,
  /** What a job costs, asking the provider where it can. */
  'pricing:estimate': estimateInputSchema,
  'prices:set': priceSetInputSchema,
  'prices:remove': z.strictObject({ id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
  /** The packs the account's provider sells, for the pack form (CheapAI's live list, else the seed's). */
  'packs:catalog': z.strictObject({ accountId: accountIdSchema }),
  /** Alert channels. The URL and secret travel renderer → main only, like keys; replies show the origin. */
  'channels:list': z.undefined(),
  'channels:add': channelAddInputSchema,
  'channels:remove': z.strictObject({ id: channelIdSchema }),
  'channels:test': z.strictObject({ id: channelIdSchema }),
  /** Cancel a running export or import (its id comes with its `jobs:progress` events). */
  'jobs:cancel': z.strictObject({ id: z.string().regex(/^job_[0-9a-f]{12}$/, 'not a job id') }),
  /** Show the folder of the log in the file manager (Settings → "Open log folder"). */
  'app:openLogFolder': z.undefined(),
} as const satisfies Record<InvokeChannel, z.ZodType>;
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]>;

/* ------------------------------------------------------------------ replies */

export interface AppInfo {
  version: string;
  platform: string;
  home: string;
  /** True while the window shows the demo's made-up accounts instead of the user's. */
  demo: boolean;
  /**
   * Set when the database could not be used at start-up (damaged, or from a newer Burnrate)
   * and was moved aside, never deleted: the window tells the person where it went.
   */
  movedAside: { from: string; to: string; reason: string } | null;
}

/** What a card needs beyond the status: all figures computed in core, exact strings. */
export interface OverviewCard {
  accountId: string;
  /** Spend over the last 24 h in the account's unit (top-ups excluded). */
  spend24h: Amount | null;
  /** The newest reading of any kind (failed polls included). */
  lastReadingAt: string | null;
  lastState: KeyState | null;
  lastMessage: string | null;
  /** No reading for well over the account's poll interval. */
  stale: boolean;
  /** The last 7 days of balance, downsampled for a sparkline (floats: drawing only). */
  sparkline: { t: number[]; v: number[] };
  /** What the balance buys of the account's first priced model, in words ("≈ 162 gpt-image-2 calls"). */
  buys: { text: string; model: BuysModel } | null;
  /**
   * Set when the newest poll failed or the balance is gone: the card is drawn compact and says
   * what to do, with the action one click away (src/core/window/overview.ts, cardAction).
   */
  action: CardAction | null;
}

/**
 * What a failed account needs, decided in core from its key state and health:
 * - `replace_key`: the key was rejected or has expired;
 * - `top_up`: out of balance (`billing`: the provider has a billing page to open);
 * - `retry`: the provider could not be read (rate limit, error, network, timeout, an unreadable
 *   reply) — `at` is when it is tried again (the poller's schedule, or the provider's
 *   Retry-After), null when unknown;
 * - `cap_reset`: today's cap is reached — `at` is when it resets and `source` who says so.
 */
export type CardAction =
  | { kind: 'replace_key'; state: KeyState | null }
  | { kind: 'top_up'; billing: boolean }
  | { kind: 'retry'; state: KeyState; at: string | null }
  | { kind: 'cap_reset'; at: string | null; source: 'provider' | 'account' | 'assumed' | null };

export interface OverviewReport {
  status: StatusReport;
  cards: OverviewCard[];
  /** Set when every account's latest poll failed for network reasons. */
  offline: { since: string } | null;
}

export interface AccountDetail {
  account: Account;
  provider: ProviderInfo | null;
  status: AccountStatus | null;
  card: OverviewCard | null;
  packs: PackView[];
  readingsCount: number;
  firstReadingAt: string | null;
}

export interface StateSegment {
  state: KeyState;
  from: number;
  to: number;
}

export type ExportResult = { status: 'written'; path: string; rows: number } | { status: 'cancelled' };

/** An import's report with the file it came from. */
export interface ImportFileReport extends ImportReport {
  file: string;
}

/** Why a file was refused as a whole (nothing from it was stored). */
export interface ImportRejection {
  file: string;
  message: string;
  /** The first problems found, each with where it is ("line 12", "readings[3].balance"). */
  problems: Array<{ where: string; message: string }>;
}

export type ImportResult =
  | { status: 'imported'; report: ImportFileReport }
  | { status: 'rejected'; rejection: ImportRejection }
  | { status: 'cancelled' };

export interface AlertsList {
  /** Oldest first, as the alert history keeps them. */
  alerts: AlertEvent[];
}

export interface ActiveAlerts {
  /** Oldest first. */
  alerts: ActiveAlert[];
}

/** An account's alert settings: what it overrides, and what applies (its overrides over the defaults). */
export interface AccountAlertSettings {
  accountId: string;
  overrides: AlertSettingsPatch;
  effective: AlertSettings;
}

export interface Settings {
  displayCurrency: Currency;
  cnyPerUsd: string;
  defaultPollIntervalSeconds: number;
  launchAtLogin: boolean;
  retentionDays: number | null;
  /** The global alert rule settings (thresholds, quiet hours, notifications). */
  alerts: AlertSettings;
  theme: ThemeChoice;
  /** The language chosen in Settings ('system': follow the OS). */
  language: LanguageChoice;
  /** The locale everything is shown in now (from `language` and the OS's): "zh-CN", "en-GB". */
  locale: string;
  /** Whether the app serves /metrics for Prometheus, on 127.0.0.1 only. */
  metricsEnabled: boolean;
  metricsPort: number;
}

export type ThemeChoice = 'system' | 'light' | 'dark';

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

export interface ConnectionTest {
  state: KeyState;
  balance: Amount | null;
  httpStatus: number | null;
  retryAfterSeconds: number | null;
  message: string | null;
}

/**
 * What asking the provider once with a new account's key said (src/core/key-check.ts).
 * `accepted`: the key works (even out of balance or capped); `rejected`: invalid or expired,
 * and nothing was saved; `unchecked`: the provider could not be asked (network, timeout,
 * 5xx, rate limit, an unreadable reply) — saved anyway, the key may be fine.
 */
export interface KeyCheck extends ConnectionTest {
  verdict: 'accepted' | 'rejected' | 'unchecked';
  /** One sentence for a person: "the key works: balance $12.50". */
  summary: string;
}

/** A new account, with what the key check said when one was asked for (null: nothing to check). */
export type AddedAccount = Account & { check?: KeyCheck | null };

export interface InvokeResponses {
  'app:info': AppInfo;
  'providers:list': ProviderInfo[];
  'accounts:list': Account[];
  'accounts:add': AddedAccount;
  'accounts:update': Account;
  'accounts:remove': { removed: true };
  'accounts:setKey': Account;
  'accounts:test': ConnectionTest;
  'accounts:recordBalance': Reading;
  'status:get': StatusReport;
  'overview:get': OverviewReport;
  'account:detail': AccountDetail;
  'series:balance': BalanceSeries;
  'series:dailySpend': DailySpendSeries;
  'series:states': StateSegment[];
  'history:range': HistoryPage;
  'export:run': ExportResult;
  'import:run': ImportResult;
  'packs:list': PackView[];
  'packs:add': Pack;
  'packs:remove': { removed: true };
  'alerts:list': AlertsList;
  'alerts:active': ActiveAlerts;
  'alerts:snooze': SnoozeResult;
  'alerts:unsnooze': { unsnoozed: true };
  'alerts:dismiss': DismissResult;
  'alerts:mute': MuteResult;
  'alerts:accountSettings': AccountAlertSettings;
  'alerts:setAccountSettings': AccountAlertSettings;
  'settings:get': Settings;
  'settings:set': Settings;
  'poller:refresh': PollResult[];
  'poller:status': PollerStatus;
  'demo:start': AppInfo;
  'demo:stop': AppInfo;
  'app:openDocs': { opened: string };
  'app:openBilling': { opened: string };
  'pricing:buys': BuysAccount;
  'pricing:estimate': EstimateReport;
  'prices:set': { id: number };
  'prices:remove': { removed: true };
  'packs:catalog': PackOffer[];
  'channels:list': Channel[];
  'channels:add': Channel;
  'channels:remove': { removed: true };
  'channels:test': ChannelTestResult;
  /** `cancelled: false` when no job of that id is running (it had already ended). */
  'jobs:cancel': { cancelled: boolean };
  'app:openLogFolder': { opened: string };
}

export interface EventPayloads {
  'accounts:changed': null;
  /** A reading was stored (by a poll, a refresh or an import). */
  'readings:changed': { accountId: string | null };
  'poller:status': PollerStatus;
  'alerts:new': AlertEvent;
  /** Someone snoozed, dismissed or muted an alert, or changed alert settings (null: the defaults). */
  'alerts:changed': { accountId: string | null };
  'settings:changed': Settings;
  /** The window switched between the demo and the user's own data. */
  'demo:changed': AppInfo;
  /** Main asks the window to show an account (a notification or tray line was clicked). */
  'app:showAccount': { accountId: string };
  /** How far a running export or import has got (a few times a second), and finally how it ended. */
  'jobs:progress': JobProgress;
}

export interface IpcError {
  /** Stable code: `validation`, `not_found`, `keychain_unavailable`, `conflict`, `unsupported`, `internal`, … */
  code: string;
  message: string;
}
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** What preload exposes as `window.api`; nothing else crosses the bridge. */
export interface BurnrateApi {
  invoke<C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>): Promise<IpcResult<InvokeResponses[C]>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}
