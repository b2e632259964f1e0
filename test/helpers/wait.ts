export interface WaitOptions {
  /** Give up after this long (default 5 s): the failure names `what` and the last error seen. */
  timeoutMs?: number;
  /** How often to look again (default 20 ms). */
  intervalMs?: number;
  /** What is awaited, for the failure message; a function is read when it fails (to show output so far). */
  what?: string | (() => string);
}

/**
 * Wait for a condition instead of sleeping a fixed time: `condition` is called until it
 * returns a truthy value (which is returned), retrying when it returns falsy or throws, and
 * failing with a named error after `timeoutMs`. A test that waits this way is as quick as
 * the machine allows and still fails, with a reason, when the thing never happens.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  options: WaitOptions = {},
): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const { timeoutMs = 5000, intervalMs = 20 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let last: unknown = null;
    try {
      const value = await condition();
      if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const what = typeof options.what === 'function' ? options.what() : (options.what ?? 'a condition');
      const why = last ? `: ${last instanceof Error ? last.message : String(last)}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
