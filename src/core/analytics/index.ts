/**
 * What the UI, IPC and the CLI call for figures and history. Every function takes the core
 * and reads the database through indexes and rollups (never a scan of all readings).
 */
export { computeStatus } from './status.ts';
export type { StatusReport, AccountStatus, PackStatus, ComputeStatusOptions } from './status.ts';
export { balanceSeries, dailySpendSeries, DEFAULT_MAX_POINTS } from './series.ts';
export type { BalanceSeries, DailySpendSeries, SeriesRange } from './series.ts';
export { queryHistory } from './history.ts';
export type { HistoryQuery, HistoryPage, HistoryRow } from './history.ts';
export { exportHistory, exportHistoryToFile } from './export.ts';
export type { ExportOptions, ExportSummary } from './export.ts';
export { importHistory, importHistoryFile, ImportError } from './import.ts';
export type { ImportReport, ImportProblem } from './import.ts';
export { addPack, listPacks, removePack, packSuggestions } from './packs.ts';
export type { AddPackInput, PackView } from './packs.ts';
export { readMoneySettings, setMoneySetting, MONEY_SETTING_NAMES } from './settings.ts';
export type { MoneySettings } from './settings.ts';
export { activeAlerts } from './status-alerts.ts';
export type { StatusAlert, StatusAlertSource } from './status-alerts.ts';
export { capWindow } from './cap-window.ts';
