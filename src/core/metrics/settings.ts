import { z } from 'zod';
import type { SettingsRepo } from '../store/settings-repo.ts';
import { DEFAULT_METRICS_PORT } from './listen.ts';

/** The app's metrics endpoint settings (Settings → General → Prometheus); see app-endpoint.ts. */
export const METRICS_SETTINGS = { enabled: 'app.metricsEnabled', port: 'app.metricsPort' } as const;
export const LOOPBACK = '127.0.0.1';
/** Unprivileged ports only: the app never runs with rights to bind below 1024. */
export const metricsPortSchema = z.number().int().min(1024).max(65_535);

export interface MetricsEndpointSettings {
  enabled: boolean;
  port: number;
}

export function readMetricsSettings(settings: SettingsRepo): MetricsEndpointSettings {
  return {
    enabled: settings.get(METRICS_SETTINGS.enabled, z.boolean(), false),
    port: settings.get(METRICS_SETTINGS.port, metricsPortSchema, DEFAULT_METRICS_PORT),
  };
}
