import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
export const RENDERER_OUT = path.join(REPO_ROOT, 'out/renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * The tests run the built renderer, as the app ships it. Build it when out/renderer is
 * missing or older than its sources (npm test has just built it, so this is usually a no-op).
 */
export function ensureRendererBuilt(): string {
  const index = path.join(RENDERER_OUT, 'index.html');
  const sources = Math.max(
    newestMtime(path.join(REPO_ROOT, 'src/renderer')),
    newestMtime(path.join(REPO_ROOT, 'src/shared')),
  );
  if (!fs.existsSync(index) || fs.statSync(index).mtimeMs < sources) {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    });
  }
  return RENDERER_OUT;
}
