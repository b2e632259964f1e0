import { onTestFinished } from 'vitest';
import { createApi } from '../../src/core/api.ts';
import type { ApiContext, Invoke } from '../../src/core/api.ts';
import { openCore } from '../../src/core/core.ts';
import type { Core, CoreOptions } from '../../src/core/core.ts';
import { MemorySecrets } from './memory-secrets.ts';
import { tempDir } from './tmp.ts';

export interface TestApiOptions extends Partial<Omit<ApiContext, 'core' | 'emit'>> {
  /** A core the test opened itself (seeded, on its own clock); by default one is opened here. */
  core?: Core;
  /** The core's other options when it is opened here: home (a temp dir by default), secrets, now, fetch… */
  coreOptions?: Partial<CoreOptions>;
  /** Told of each event as it is emitted (after it is recorded in `events`): a window to deliver it to. */
  onEvent?: (event: string, payload: unknown) => void;
}

export interface TestApi {
  /** The dispatcher, as the window reaches it through IPC. */
  invoke: Invoke;
  core: Core;
  /** Everything the dispatcher announced, in order. */
  events: Array<{ event: string; payload: unknown }>;
  /** Close the dispatcher, stop the poller if one was given, close the core. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * The IPC dispatcher over a real core, the way the app wires it: a core in a temp home with
 * a memory keychain unless the test brings its own, version 't' on linux, no demo, and every
 * emitted event recorded. Called inside a test, it is closed when the test finishes; call
 * `close()` earlier to check what happens after.
 */
export function testApi(options: TestApiOptions = {}): TestApi {
  const { core: given, coreOptions = {}, onEvent, ...context } = options;
  const core = given ?? openCore({ home: tempDir(), secrets: new MemorySecrets(), ...coreOptions } as CoreOptions);
  const events: TestApi['events'] = [];
  const invoke = createApi({
    version: 't',
    platform: 'linux',
    demo: false,
    ...context,
    core,
    emit: (event, payload) => {
      events.push({ event, payload });
      onEvent?.(event, payload);
    },
  });
  let closed: Promise<void> | null = null;
  const close = () =>
    (closed ??= (async () => {
      await invoke.close();
      await context.poller?.stop();
      core.close();
    })());
  try {
    onTestFinished(close);
  } catch {
    // Outside a test (a beforeAll): the caller closes it.
  }
  return { invoke, core, events, close };
}
