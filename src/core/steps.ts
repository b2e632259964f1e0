/**
 * Work written as steps (a generator that yields between them) runs two ways from one
 * definition: to the end at once, or spread over the event loop, giving it back whenever a
 * slice has run for `sliceMs`. Electron's main answers the window the second way, so a
 * status of many accounts, or a first one on a cold cache, never holds it long.
 */
export type Steps<T> = Generator<void, T, void>;

/** Run every step now. */
export function runSteps<T>(steps: Steps<T>): T {
  let next = steps.next();
  while (!next.done) next = steps.next();
  return next.value;
}

/** Run the steps, letting the event loop run (setImmediate) after each slice of about `sliceMs`. */
export async function runStepsYielding<T>(steps: Steps<T>, sliceMs = 8): Promise<T> {
  let sliceStart = performance.now();
  let next = steps.next();
  while (!next.done) {
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    next = steps.next();
  }
  return next.value;
}
