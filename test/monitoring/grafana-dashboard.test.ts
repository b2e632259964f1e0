import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.ts';
import { METRICS } from '../../src/core/metrics/index.ts';

/**
 * Grafana is not packaged for Debian, so the dashboard is checked against Grafana's own
 * dashboard schema instead: the TypeScript types that Grafana's Foundation SDK
 * (@grafana/grafana-foundation-sdk, from the npm registry) generates from the CUE kinds in the
 * Grafana repository. The dashboard, each panel's options and field config (per panel type)
 * and each Prometheus query are type-checked as object literals, so a misspelt field, a wrong
 * type or an unknown enum value fails; test/monitoring/prometheus-scrape.test.ts runs every
 * query against a real Prometheus.
 */
const DASHBOARD = path.join(REPO_ROOT, 'resources/monitoring/grafana-dashboard.json');

interface Target {
  expr: string;
  refId: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  type: string;
  id: number;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type?: string; uid?: string };
  targets: Target[];
  options: unknown;
  fieldConfig: { defaults: { custom?: unknown } };
}
interface Dashboard {
  uid: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; multi?: boolean; includeAll?: boolean; query?: unknown }> };
}

const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as Dashboard;

/** The panel types the dashboard uses, with the SDK module that types their options and field config. */
const PANEL_TYPES: Record<string, { options: string; custom: string | null }> = {
  timeseries: { options: 'timeseries.Options', custom: 'timeseries.FieldConfig' },
  stat: { options: 'stat.Options', custom: null },
  table: { options: 'table.Options', custom: 'table.FieldConfig' },
};

/**
 * Type-check `checks` (each `[label, TypeScript type, value]`) as `value satisfies Type` in
 * one in-memory program against the SDK's declarations; returns the diagnostics, each
 * prefixed with the label of the check it belongs to.
 */
function typeCheck(checks: Array<[string, string, unknown]>): string[] {
  const file = path.join(REPO_ROOT, 'test/monitoring/__dashboard-check__.ts');
  const modules = ['dashboard', 'prometheus', ...Object.keys(PANEL_TYPES)];
  const lines = modules.map((m) => `import type * as ${m} from '@grafana/grafana-foundation-sdk/${m}';`);
  // The SDK declares enumerations as TypeScript string enums, which a JSON string can never be
  // assigned to: compare against their values instead ("query" for VariableType.Query), keeping
  // every other rule, excess-property checks included. Methods are the SDK's variant markers
  // (_implementsDataqueryVariant), never data: left out.
  lines.push(
    'type Loose<T> = 0 extends 1 & T ? T : T extends string ? `${T}` : T extends readonly (infer U)[] ? Loose<U>[]',
    '  : T extends object ? { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: Loose<T[K]> } : T;',
  );
  const labelAt: Array<[number, string]> = [];
  for (const [label, type, value] of checks) {
    labelAt.push([lines.length, label]);
    lines.push(`export const _${labelAt.length} = ${JSON.stringify(value)} satisfies Loose<${type}>;`);
  }
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    path.resolve(name) === file ? ts.createSourceFile(name, source, version) : read(name, version, ...rest);
  host.fileExists = (
    (exists) => (name: string) =>
      path.resolve(name) === file || exists(name)
  )(host.fileExists);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const label = [...labelAt].reverse().find(([at]) => at <= line)?.[1] ?? '(imports)';
    return `${label}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** The PromQL of every query, in order. */
const dashboardQueries = (): Array<{ panel: string; expr: string }> =>
  dashboard.panels.flatMap((p) => p.targets.map((t) => ({ panel: p.title, expr: t.expr })));

describe('the Grafana dashboard', () => {
  it("is valid against Grafana's dashboard schema", () => {
    // Queries are typed per data source (cog.Dataquery is only a marker): checked below as Prometheus queries.
    const withoutTargets = { ...dashboard, panels: dashboard.panels.map(({ targets: _, ...panel }) => panel) };
    expect(typeCheck([['dashboard', 'dashboard.Dashboard', withoutTargets]])).toEqual([]);
    // The check is strict: a misspelt field or a bad variable type fails it.
    const misspelt = { ...structuredClone(withoutTargets), refreh: '1m' };
    const badVariable = structuredClone(withoutTargets);
    (badVariable.templating.list[1] as { type: string }).type = 'dropdown';
    const messages = typeCheck([
      ['misspelt', 'dashboard.Dashboard', misspelt],
      ['bad variable', 'dashboard.Dashboard', badVariable],
    ]).join('\n');
    expect(messages).toMatch(/misspelt: .*refreh/);
    expect(messages).toMatch(/bad variable: .*dropdown/);
  });

  it("gives every panel options and field config valid for its panel type, and Prometheus queries valid for Grafana's Prometheus data source", () => {
    expect(dashboard.panels.length).toBeGreaterThan(8);
    const checks: Array<[string, string, unknown]> = [];
    for (const panel of dashboard.panels) {
      const types = PANEL_TYPES[panel.type];
      expect(types, `panel type ${panel.type} has a schema here`).toBeDefined();
      checks.push([`${panel.title} options`, types!.options, panel.options]);
      if (types!.custom) checks.push([`${panel.title} field config`, types!.custom, panel.fieldConfig.defaults.custom]);
      for (const t of panel.targets) checks.push([`${panel.title} query`, 'prometheus.Dataquery', t]);
    }
    expect(typeCheck(checks)).toEqual([]);
    // A wrong option value for its panel type fails.
    const wrong = structuredClone(dashboard.panels.find((p) => p.type === 'timeseries')!);
    (wrong.options as { legend: { displayMode: string } }).legend = { displayMode: 'sideways' } as never;
    expect(typeCheck([['wrong', 'timeseries.Options', wrong.options]]).join('\n')).toMatch(/sideways|legend/);
  });

  it('is importable into any Grafana: the Prometheus data source is a variable, ids are unique, panels do not overlap', () => {
    const vars = Object.fromEntries(dashboard.templating.list.map((v) => [v.name, v]));
    expect(vars.datasource).toMatchObject({ type: 'datasource', query: 'prometheus' });
    const cells = new Set<string>();
    for (const panel of dashboard.panels) {
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      for (const t of panel.targets) expect(t.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      const { x, y, w, h } = panel.gridPos;
      expect(x + w, panel.title).toBeLessThanOrEqual(24);
      for (let i = x; i < x + w; i++)
        for (let j = y; j < y + h; j++) {
          expect(cells.has(`${i},${j}`), `${panel.title} overlaps another panel at ${i},${j}`).toBe(false);
          cells.add(`${i},${j}`);
        }
    }
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
  });

  it('covers many machines: every query filters by the multi-value instance and account variables', () => {
    const vars = Object.fromEntries(dashboard.templating.list.map((v) => [v.name, v]));
    expect(vars.instance).toMatchObject({ type: 'query', multi: true, includeAll: true });
    expect(vars.account).toMatchObject({ type: 'query', multi: true, includeAll: true });
    for (const { panel, expr } of dashboardQueries()) {
      expect(expr, panel).toContain('instance=~"$instance"');
      expect(expr, panel).toContain('label=~"$account"');
    }
  });

  it('queries only metrics Burnrate exports, and shows balances, burn, runway, caps and key states', () => {
    const names = new Set(Object.values(METRICS).map((m) => m.name));
    const used = new Set(dashboardQueries().flatMap(({ expr }) => expr.match(/\bburnrate_[a-z_]+\b/g) ?? []));
    for (const name of used) expect(names, `${name} in the dashboard`).toContain(name);
    for (const needed of [
      'burnrate_balance',
      'burnrate_balance_usd',
      'burnrate_burn_usd_per_day',
      'burnrate_runway_seconds',
      'burnrate_cap_used_ratio',
      'burnrate_key_state',
    ])
      expect(used, needed).toContain(needed);
  });
});
