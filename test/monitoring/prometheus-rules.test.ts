import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.ts';
import { PROMETHEUS_SKIP_REASON, PROMTOOL, prometheusAvailable } from '../helpers/prometheus.ts';
import { METRICS } from '../../src/core/metrics/index.ts';

const RULES = path.join(REPO_ROOT, 'resources/monitoring/prometheus-rules.yml');
const TESTS = path.join(REPO_ROOT, 'test/monitoring/prometheus-rules.promtool.yml');

describe('the ready-made alerting rules', () => {
  it('name only metrics Burnrate exports (and Prometheus’ own up)', () => {
    const names = new Set(Object.values(METRICS).map((m) => m.name));
    const used = new Set(fs.readFileSync(RULES, 'utf8').match(/\bburnrate_[a-z_]+\b/g));
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(names, `${name} in prometheus-rules.yml`).toContain(name);
  });

  describe.skipIf(!prometheusAvailable)(
    `with promtool (${prometheusAvailable ? PROMTOOL : PROMETHEUS_SKIP_REASON})`,
    () => {
      it('pass promtool check rules', () => {
        const run = spawnSync(PROMTOOL!, ['check', 'rules', RULES], { encoding: 'utf8' });
        expect(run.stdout + run.stderr).toContain('SUCCESS: 8 rules found');
        expect(run.status).toBe(0);
      });

      it('pass promtool test rules: each of Burnrate’s alert kinds fires when it should and only then', () => {
        const run = spawnSync(PROMTOOL!, ['test', 'rules', path.basename(TESTS)], {
          cwd: path.dirname(TESTS),
          encoding: 'utf8',
        });
        expect(run.stdout + run.stderr).toContain('SUCCESS');
        expect(run.status, run.stdout + run.stderr).toBe(0);
      });
    },
  );
});
