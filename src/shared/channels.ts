/**
 * Channel names only, with no schema library, so the sandboxed preload can check names
 * without bundling zod. The schemas for each channel live in ipc.ts.
 */
export const INVOKE_CHANNELS = [
  'app:info',
  'providers:list',
  'accounts:list',
  'accounts:add',
  'accounts:update',
  'accounts:remove',
  'accounts:setKey',
  'accounts:test',
  'accounts:recordBalance',
  'status:get',
  'overview:get',
  'account:detail',
  'series:balance',
  'series:dailySpend',
  'series:states',
  'history:range',
  'export:run',
  'import:run',
  'packs:list',
  'packs:add',
  'packs:remove',
  'alerts:list',
  'alerts:active',
  'alerts:snooze',
  'alerts:unsnooze',
  'alerts:dismiss',
  'alerts:mute',
  'alerts:accountSettings',
  'alerts:setAccountSettings',
  'settings:get',
  'settings:set',
  'poller:refresh',
  'poller:status',
  'demo:start',
  'demo:stop',
  'app:openDocs',
  'app:openBilling',
  'channels:list',
  'channels:add',
  'channels:remove',
  'channels:test',
  'pricing:buys',
  'pricing:estimate',
  'prices:set',
  'prices:remove',
  'packs:catalog',
  'jobs:cancel',
  'app:openLogFolder',
] as const;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];

export const EVENT_CHANNELS = [
  'accounts:changed',
  'readings:changed',
  'poller:status',
  'alerts:new',
  'alerts:changed',
  'settings:changed',
  'demo:changed',
  'app:showAccount',
  'jobs:progress',
] as const;
export type EventChannel = (typeof EVENT_CHANNELS)[number];

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value);
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && (EVENT_CHANNELS as readonly string[]).includes(value);
}
