export { createAlertService } from './service.ts';
export type { AlertService, AlertServiceOptions, AlertHistoryFilter, AlertListener, AlertContext } from './service.ts';
export type { AlertFigures } from './figures.ts';
export type { FigureSources, StatusFigures, TopUpFigure } from './gather.ts';
export { accountName } from './gather.ts';
export { analyticsSources } from './analytics-sources.ts';
export type { AlertInput } from './input.ts';
export { evaluateRules } from './rules.ts';
