/** `settings:*`: the app's settings, read whole and changed by patch. */
import { z } from 'zod';
import { LANGUAGE_CHOICES } from '../languages.ts';
import type { LanguageChoice } from '../languages.ts';
import { MAX_RETENTION_DAYS } from '../domain.ts';
import type { Currency } from '../units.ts';
import { currencySchema } from '../units.ts';
import type { AlertSettings } from '../alerts.ts';
import { alertSettingsPatchSchema } from '../alerts.ts';
import type { InvokeChannel } from '../channels.ts';
import { pollIntervalSchema } from './fields.ts';

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

export const settingsChannels = {
  'settings:get': z.undefined(),
  'settings:set': settingsPatchSchema,
} as const satisfies { [C in InvokeChannel]?: z.ZodType };

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

export interface SettingsResponses {
  'settings:get': Settings;
  'settings:set': Settings;
}
