import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { REPO_ROOT } from '../helpers/cli.ts';
import { METRICS } from '../../src/core/metrics/index.ts';

/**
 * Grafana is not packaged for Debian, so the dashboard is checked against Grafana's own
 * dashboard schema instead: the JSON Schema that Grafana's Foundation SDK generates from the
 * CUE kinds in the Grafana repository (vendored in grafana-schema/, see its README). The
 * dashboard, each panel's options and field config (per panel type) and each Prometheus
 * query are validated; test/monitoring/prometheus-scrape.test.ts runs every query against a
 * real Prometheus.
 */
const DASHBOARD = path.join(REPO_ROOT, 'resources/monitoring/grafana-dashboard.json');
const SCHEMAS = path.join(REPO_ROOT, 'test/monitoring/grafana-schema');

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
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const schema = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(SCHEMAS, `${name}.jsonschema.json`), 'utf8')) as Record<string, unknown>;
/** One definition of a vendored schema, with the file's other definitions to resolve its $refs. */
function definition(file: string, name: string): ValidateFunction {
  const s = schema(file);
  return ajv.compile({ ...s, $ref: `#/definitions/${name}`, $id: `${file}#${name}` });
}
const explain = (v: ValidateFunction) =>
  (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n');

/** The PromQL of every query, in order. */
const dashboardQueries = (): Array<{ panel: string; expr: string }> =>
  dashboard.panels.flatMap((p) => p.targets.map((t) => ({ panel: p.title, expr: t.expr })));

describe('the Grafana dashboard', () => {
  it("is valid against Grafana's dashboard schema", () => {
    const validate = definition('dashboard', 'Dashboard');
    expect(validate(dashboard), explain(validate)).toBe(true);
    // The check is strict: a misspelt field, a panel too wide or a bad variable type fail it.
    const broken = structuredClone(dashboard) as unknown as Record<string, unknown> & Dashboard;
    broken.refreh = '1m';
    broken.panels[0]!.gridPos.w = 30;
    (broken.templating.list[1] as { type: string }).type = 'dropdown';
    expect(validate(broken)).toBe(false);
    const messages = explain(validate);
    expect(messages).toMatch(/additional properties.*refreh/);
    expect(messages).toMatch(/gridPos\/w must be <= 24/);
    expect(messages).toMatch(/templating\/list\/1\/type must be equal to one of the allowed values/);
  });

  it("gives every panel options and field config valid for its panel type, and Prometheus queries valid for Grafana's Prometheus data source", () => {
    const perType: Record<string, { options: ValidateFunction; custom: ValidateFunction | null }> = {
      timeseries: { options: definition('timeseries', 'Options'), custom: definition('timeseries', 'FieldConfig') },
      stat: { options: definition('stat', 'Options'), custom: null },
      table: { options: definition('table', 'Options'), custom: definition('table', 'FieldConfig') },
    };
    const query = definition('prometheus', 'Dataquery');
    expect(dashboard.panels.length).toBeGreaterThan(8);
    for (const panel of dashboard.panels) {
      const v = perType[panel.type];
      expect(v, `panel type ${panel.type} has a schema here`).toBeDefined();
      expect(v!.options(panel.options), `${panel.title} options:\n${explain(v!.options)}`).toBe(true);
      if (v!.custom)
        expect(
          v!.custom(panel.fieldConfig.defaults.custom),
          `${panel.title} field config:\n${explain(v!.custom)}`,
        ).toBe(true);
      for (const t of panel.targets) expect(query(t), `${panel.title} query:\n${explain(query)}`).toBe(true);
    }
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
