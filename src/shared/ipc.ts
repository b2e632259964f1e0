/**
 * The one IPC contract between the renderer and main. Only `src/main/ipc.ts` and
 * `src/preload` touch ipcMain/ipcRenderer; both are typed from this file.
 *
 * - `invokeChannels`: request → response channels. Each request has a zod schema; main
 *   parses every payload with it (the renderer is untrusted) before calling core.
 * - `InvokeResponses`: what each channel answers (main is trusted, so types only).
 * - `eventChannels`: main → renderer notifications.
 *
 * Every reply travels in an envelope, so errors arrive as data with a stable code instead
 * of Electron's "Error invoking remote method …" strings.
 */
import { z } from 'zod';
import type { Account, ProviderInfo } from './domain.ts';
import { accountOptionsSchema, MAX_LABEL_LENGTH, MIN_POLL_INTERVAL_SECONDS } from './domain.ts';
import type { EventChannel, InvokeChannel } from './channels.ts';
export { INVOKE_CHANNELS, EVENT_CHANNELS, isInvokeChannel, isEventChannel } from './channels.ts';
export type { InvokeChannel, EventChannel } from './channels.ts';

const MAX_KEY_LENGTH = 4096;
const MAX_URL_LENGTH = 2048;

export const optionNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,40}$/, 'option names are letters, digits and _');
export const boundedOptionsSchema = accountOptionsSchema.refine(
  (o) => Object.keys(o).length <= 40 && Object.entries(o).every(([k, v]) => optionNameSchema.safeParse(k).success && String(v).length <= MAX_URL_LENGTH),
  'options must be at most 40 name=value pairs with short values',
);

export const accountIdSchema = z.string().regex(/^acc_[a-z0-9]{6,32}$/, 'not an account id');

export const accountAddInputSchema = z.strictObject({
  provider: z.string().min(1).max(64),
  label: z.string().trim().min(1, 'label is empty').max(MAX_LABEL_LENGTH),
  baseUrl: z.string().max(MAX_URL_LENGTH).nullable().optional(),
  options: boundedOptionsSchema.optional(),
  key: z.string().max(MAX_KEY_LENGTH).optional(),
  pollIntervalSeconds: z.number().int().min(MIN_POLL_INTERVAL_SECONDS).max(7 * 24 * 3600).optional(),
});
export type AccountAddInput = z.infer<typeof accountAddInputSchema>;

export const accountRemoveInputSchema = z.strictObject({
  id: accountIdSchema,
  purge: z.boolean().optional(),
});

export const invokeChannels = {
  'app:info': z.undefined(),
  'providers:list': z.undefined(),
  'accounts:list': z.undefined(),
  'accounts:add': accountAddInputSchema,
  'accounts:remove': accountRemoveInputSchema,
} as const satisfies Record<InvokeChannel, z.ZodType>;
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]>;

export interface AppInfo {
  version: string;
  platform: string;
  home: string;
  demo: boolean;
}

export interface InvokeResponses {
  'app:info': AppInfo;
  'providers:list': ProviderInfo[];
  'accounts:list': Account[];
  'accounts:add': Account;
  'accounts:remove': { removed: true };
}

export interface EventPayloads {
  'accounts:changed': null;
}

export interface IpcError {
  /** Stable code: `validation`, `not_found`, `keychain_unavailable`, `conflict`, `internal`, … */
  code: string;
  message: string;
}
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** What preload exposes as `window.api`; nothing else crosses the bridge. */
export interface BurnrateApi {
  invoke<C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>): Promise<IpcResult<InvokeResponses[C]>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}
