import { openCore } from '../../../src/core/core.ts';
import type { Core } from '../../../src/core/core.ts';
import { outcome } from '../../../src/core/providers/adapter.ts';
import type { PollOutcome } from '../../../src/core/providers/adapter.ts';
import type { FigureSources, StatusFigures, TopUpFigure } from '../../../src/core/alerts/gather.ts';
import type { StoredAccount } from '../../../src/core/store/accounts-repo.ts';
import type { AlertEvent, AlertKind } from '../../../src/shared/alerts.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { FakeClock } from '../../helpers/clock.ts';

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
/** A Tuesday, 12:00 UTC. */
export const T0 = Date.parse('2026-05-12T12:00:00Z');

/** Figures analytics would give, settable per test. */
export function emptyStatus(): StatusFigures {
  return { balance: null, runway: { days: null }, cap: null, packs: [] };
}

/**
 * A core on a temp home with a fake clock and synthetic analytics figures, and one CheapAI
 * account. Reopenable on the same home to check that episodes survive restarts.
 */
export class AlertHarness {
  readonly home: string;
  /** The harness's fake clock; `clock` reads its instant. */
  readonly time = new FakeClock(T0);
  get clock(): number {
    return this.time.now;
  }
  status: StatusFigures = emptyStatus();
  topUp: TopUpFigure | null = null;
  core!: Core;
  account!: StoredAccount;
  /** Alerts heard through core.alerts.on since the core was (re)opened. */
  heard: AlertEvent[] = [];

  private constructor(home: string) {
    this.home = home;
  }

  static async create(options: { pollIntervalSeconds?: number } = {}): Promise<AlertHarness> {
    const h = new AlertHarness(tempDir());
    h.open();
    const added = await h.core.accounts.add({
      provider: 'cheapai',
      label: 'main',
      key: 'sk_test',
      pollIntervalSeconds: options.pollIntervalSeconds ?? 300,
    });
    h.account = h.core.accounts.require(added.id);
    return h;
  }

  readonly sources: FigureSources = {
    status: () => this.status,
    lastTopUp: () => this.topUp,
  };

  open(): void {
    this.core = openCore({
      home: this.home,
      secrets: new MemorySecrets(),
      now: () => this.time.now,
      alerts: {
        sources: this.sources,
        onError: (e) => {
          throw e;
        },
      },
    });
    this.heard = [];
    this.core.alerts.on((e) => this.heard.push(e));
    if (this.account) this.account = this.core.accounts.require(this.account.id);
  }

  /** Close and reopen the core on the same database, as a new process would. */
  restart(): void {
    this.core.close();
    this.open();
  }

  advance(ms: number): void {
    this.time.now += ms;
  }

  /** Store a reading now (which evaluates the account's alerts). */
  record(partial: Partial<PollOutcome> & Pick<PollOutcome, 'state'>): void {
    this.advance(1000);
    this.core.recordReading(this.account, outcome(partial), this.clock);
  }

  ok(balance: string | number, extra: Partial<PollOutcome> = {}): void {
    this.record({
      state: 'ok',
      httpStatus: 200,
      balance: { micros: Math.round(Number(balance) * 1e6), unit: 'credits' },
      ...extra,
    });
  }

  evaluate(): AlertEvent[] {
    return this.core.alerts.evaluate(this.account.id);
  }

  history(kind?: AlertKind): AlertEvent[] {
    return this.core.alerts
      .history({ accountId: this.account.id })
      .filter((e) => kind === undefined || e.kind === kind);
  }

  activeKinds(): AlertKind[] {
    return this.core.alerts.active({ accountId: this.account.id }).map((a) => a.kind);
  }

  close(): void {
    this.core.close();
  }
}
