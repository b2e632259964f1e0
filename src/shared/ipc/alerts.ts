/** `alerts:*`: the alert history, what is on now, snooze, dismiss, mute and per-account rules. */
import { z } from 'zod';
import type { ActiveAlert, AlertEvent, AlertSettings, AlertSettingsPatch } from '../alerts.ts';
import type { DismissResult, MuteResult, SnoozeResult } from '../alerts.ts';
import {
  alertDismissInputSchema,
  alertKindSchema,
  alertMuteInputSchema,
  alertSettingsPatchSchema,
  alertSettingsSchema,
  alertSnoozeForInputSchema,
} from '../alerts.ts';
import type { InvokeChannel } from '../channels.ts';
import { accountIdSchema } from './fields.ts';

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

export const alertsChannels = {
  'alerts:list': alertsListInputSchema,
  /** Alerts whose episode is on, with their id (for dismiss) and what holds them. */
  'alerts:active': z.strictObject({ accountId: accountIdSchema.optional() }),
  'alerts:snooze': alertSnoozeForInputSchema.extend({ accountId: accountIdSchema }),
  'alerts:unsnooze': z.strictObject({ accountId: accountIdSchema, kind: alertKindSchema.optional() }),
  'alerts:dismiss': alertDismissInputSchema,
  'alerts:mute': alertMuteInputSchema.extend({ accountId: accountIdSchema }),
  'alerts:accountSettings': z.strictObject({ accountId: accountIdSchema }),
  'alerts:setAccountSettings': alertAccountSettingsInputSchema,
} as const satisfies { [C in InvokeChannel]?: z.ZodType };

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

export interface AlertsResponses {
  'alerts:list': AlertsList;
  'alerts:active': ActiveAlerts;
  'alerts:snooze': SnoozeResult;
  'alerts:unsnooze': { unsnoozed: true };
  'alerts:dismiss': DismissResult;
  'alerts:mute': MuteResult;
  'alerts:accountSettings': AccountAlertSettings;
  'alerts:setAccountSettings': AccountAlertSettings;
}
