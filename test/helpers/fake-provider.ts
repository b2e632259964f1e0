import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeAccount, FakeScenario } from '../../src/core/providers/fake/types.ts';
import type { PollOutcome } from '../../src/core/providers/adapter.ts';
import type { HttpClientOptions } from '../../src/core/net/http.ts';
import type { AccountOptions } from '../../src/shared/domain.ts';
import { pollOnce } from './poll.ts';

/**
 * What every adapter test against the fake provider server sets up: the server, started once
 * for the test file, and one account of one provider polled as the poller would. A test file
 * keeps only what is its provider's own: the key, the account's defaults, the scenario table.
 */
export interface FakeProvider {
  /** The running server (its recorded `requests`, other providers' accounts). */
  readonly server: FakeServer;
  readonly key: string;
  baseUrl(): string;
  /** Put the account in a scenario, over the file's defaults. */
  account(scenario: FakeScenario, extra?: Partial<FakeAccount>): void;
  /** Poll the account once; options and clock default to the file's. */
  poll(options?: AccountOptions, http?: HttpClientOptions): Promise<PollOutcome>;
}

export function useFakeProvider(
  provider: string,
  defaults: Omit<FakeAccount, 'scenario'>,
  pollDefaults: { options?: AccountOptions; now?: () => number } = {},
): FakeProvider {
  let server: FakeServer | null = null;
  beforeAll(async () => {
    server = await startFakeServer();
  });
  afterAll(() => server?.close());
  const running = (): FakeServer => {
    if (!server) throw new Error('the fake server starts in beforeAll');
    return server;
  };
  return {
    get server() {
      return running();
    },
    key: defaults.key,
    baseUrl: () => running().baseUrl(provider),
    account: (scenario, extra = {}) => running().setAccount(provider, { ...defaults, scenario, ...extra }),
    poll: (options = pollDefaults.options ?? {}, http = {}) =>
      pollOnce(provider, running().baseUrl(provider), defaults.key, options, http, pollDefaults.now),
  };
}

/** One row of a provider's failure table: the fake scenario, the state, HTTP status and message it must give. */
export type ScenarioCase = [scenario: FakeScenario, state: string, httpStatus: number | null, message: RegExp];

export interface ScenarioOptions {
  /** Set on the account for every case (a Retry-After the provider sends). */
  account?: Partial<FakeAccount>;
  /** A provider's own check of each outcome (what it does with Retry-After). */
  also?: (scenario: FakeScenario, out: PollOutcome) => void;
}

/**
 * The failure table: each scenario is classified into its state with its HTTP status and a
 * message saying why, stored without a balance, and the key never appears in the message.
 */
export function itClassifiesScenarios(
  p: FakeProvider,
  cases: readonly ScenarioCase[],
  options: ScenarioOptions = {},
): void {
  it.each<ScenarioCase>(cases)('%s → %s', async (scenario, state, status, message) => {
    p.account(scenario, options.account);
    const out = await p.poll();
    expect(out.state).toBe(state);
    expect(out.httpStatus).toBe(status);
    expect(out.message).toMatch(message);
    expect(out.balance).toBeNull();
    expect(out.message).not.toContain(p.key);
    options.also?.(scenario, out);
  });
}

/** The HTTP client's deadlines and size cap, through this adapter: slow, dripping and 10 MB replies. */
export function itEnforcesTransportLimits(p: FakeProvider): void {
  it('times out a slow or dripping reply and refuses a 10 MB body', async () => {
    p.account('slow', { delayMs: 1000 });
    expect(await p.poll(undefined, { timeoutMs: 200 })).toMatchObject({ state: 'timeout', balance: null });
    p.account('drip', { delayMs: 50 });
    expect(await p.poll(undefined, { timeoutMs: 300 })).toMatchObject({ state: 'timeout', balance: null });
    p.account('huge_body');
    expect(await p.poll(undefined, { timeoutMs: 5000 })).toMatchObject({
      state: 'bad_response',
      message: expect.stringMatching(/limit/),
    });
  });
}
