import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const GATE = path.join(REPO_ROOT, 'scripts/security-gate.ts');

function gate(input: string, suppressions: object) {
  const file = path.join(tempDir(), 'suppressions.json');
  fs.writeFileSync(file, JSON.stringify(suppressions));
  return spawnSync(process.execPath, [GATE, '--input', input, '--suppressions', file], {
    encoding: 'utf8',
    timeout: 120_000,
  });
}

function fixture(source: string): string {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'main'));
  fs.writeFileSync(path.join(dir, 'main/window.ts'), source);
  return dir;
}

const insecureWindow = `import { BrowserWindow } from 'electron';
export const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });
`;

describe('the electronegativity gate', { timeout: 120_000 }, () => {
  it('fails on HIGH/MEDIUM findings even though electronegativity itself exits 0', () => {
    const result = gate(fixture(insecureWindow), { suppressions: [] });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/NODE_INTEGRATION_JS_CHECK|CONTEXT_ISOLATION_JS_CHECK/);
    expect(result.stderr).toMatch(/without a suppression/);
  });

  it('refuses a suppression without a reason', () => {
    const result = gate(fixture('export {};\n'), {
      suppressions: [{ check: 'PRELOAD_JS_CHECK', file: 'main/window.ts', reason: '' }],
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/one-line reason/);
  });
});
