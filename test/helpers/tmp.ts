import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished, TestRunner } from 'vitest';

/**
 * A fresh temporary directory for the running test, removed when that test finishes
 * (pass or fail) through the test's own `onTestFinished` hook: nothing is registered by
 * importing this module. Outside a test (a `beforeAll`, a describe body) it throws; make
 * the directory with `tempRoot()` there and remove it in the matching `afterAll`.
 */
export function tempDir(prefix = 'burnrate-test-'): string {
  if (!TestRunner.getCurrentTest()) {
    throw new Error(
      'tempDir() is removed when its test finishes, so it is for inside a test; use tempRoot() in beforeAll',
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A temporary directory that outlives one test: the caller removes it with `remove()` (in its afterAll). */
export function tempRoot(prefix = 'burnrate-test-'): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under a directory, recursively (for "the key appears nowhere" checks). */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out;
}

/** Whether any file under dir contains the needle as bytes. */
export function findInFiles(dir: string, needle: string): string[] {
  const bytes = Buffer.from(needle, 'utf8');
  return filesUnder(dir).filter((file) => fs.readFileSync(file).includes(bytes));
}
