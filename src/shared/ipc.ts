/**
 * The one IPC contract between the renderer and main. Only `src/main/ipc.ts` and
 * `src/preload` touch ipcMain/ipcRenderer; both are typed from this file.
 *
 * Each namespace keeps its request schemas and reply types in `ipc/<namespace>.ts`
 * (accounts, overview, history, packs, pricing, alerts, alert-channels, settings, poller,
 * demo, app); this file joins them:
 * - `invokeChannels`: request → response channels. Each request has a zod schema; main
 *   parses every payload with it (the renderer is untrusted) before calling core.
 * - `InvokeResponses`: what each channel answers (main is trusted, so types only).
 * - `EventPayloads`: main → renderer notifications.
 *
 * Every reply travels in an envelope (`ipc/errors.ts`), so errors arrive as data with a code
 * from a closed list instead of Electron's "Error invoking remote method …" strings. Keys
 * only ever travel renderer → main (accounts:add, accounts:setKey); no reply type has a
 * field that could carry one.
 */
import type { z } from 'zod';
import type { AlertEvent } from './alerts.ts';
import type { EventChannel, InvokeChannel } from './channels.ts';
import type { JobProgress } from './jobs.ts';
import type { IpcResult } from './ipc/errors.ts';
import { accountsChannels } from './ipc/accounts.ts';
import type { AccountsResponses } from './ipc/accounts.ts';
import { overviewChannels } from './ipc/overview.ts';
import type { OverviewResponses } from './ipc/overview.ts';
import { historyChannels } from './ipc/history.ts';
import type { HistoryResponses } from './ipc/history.ts';
import { packsChannels } from './ipc/packs.ts';
import type { PacksResponses } from './ipc/packs.ts';
import { pricingChannels } from './ipc/pricing.ts';
import type { PricingResponses } from './ipc/pricing.ts';
import { alertsChannels } from './ipc/alerts.ts';
import type { AlertsResponses } from './ipc/alerts.ts';
import { alertChannelsChannels } from './ipc/alert-channels.ts';
import type { AlertChannelsResponses } from './ipc/alert-channels.ts';
import { settingsChannels } from './ipc/settings.ts';
import type { Settings, SettingsResponses } from './ipc/settings.ts';
import { pollerChannels } from './ipc/poller.ts';
import type { PollerResponses, PollerStatus } from './ipc/poller.ts';
import { demoChannels } from './ipc/demo.ts';
import type { DemoResponses } from './ipc/demo.ts';
import { appChannels } from './ipc/app.ts';
import type { AppInfo, AppResponses } from './ipc/app.ts';

export { isInvokeChannel } from './channels.ts';
export type { InvokeChannel, EventChannel } from './channels.ts';
export type { AccountStatus, PackView, StatusReport } from './status.ts';
export type { HistoryRow } from './history.ts';
export type { BuysAccount, BuysModel, EstimateReport, PackOffer } from './pricing.ts';
export type { JobProgress } from './jobs.ts';
export type { IpcError, IpcErrorCode, IpcResult } from './ipc/errors.ts';
export type { ConnectionTest, KeyCheck } from './ipc/accounts.ts';
export type { AccountDetail, CardAction, OverviewCard, OverviewReport } from './ipc/overview.ts';
export type { HistoryFilter, ImportResult, StateSegment } from './ipc/history.ts';
export type { PriceSetInput } from './ipc/pricing.ts';
export type { Settings, SettingsPatch, ThemeChoice } from './ipc/settings.ts';
export type { PollResult, PollerStatus } from './ipc/poller.ts';
export type { AppInfo } from './ipc/app.ts';

export const invokeChannels = {
  ...appChannels,
  ...accountsChannels,
  ...overviewChannels,
  ...historyChannels,
  ...packsChannels,
  ...pricingChannels,
  ...alertsChannels,
  ...alertChannelsChannels,
  ...settingsChannels,
  ...pollerChannels,
  ...demoChannels,
} as const satisfies Record<InvokeChannel, z.ZodType>;
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]>;

/** What each channel answers: every namespace's replies, one key per channel. */
export interface InvokeResponses
  extends
    AppResponses,
    AccountsResponses,
    OverviewResponses,
    HistoryResponses,
    PacksResponses,
    PricingResponses,
    AlertsResponses,
    AlertChannelsResponses,
    SettingsResponses,
    PollerResponses,
    DemoResponses {}

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

/** What preload exposes as `window.api`; nothing else crosses the bridge. */
export interface BurnrateApi {
  invoke<C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>): Promise<IpcResult<InvokeResponses[C]>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}
