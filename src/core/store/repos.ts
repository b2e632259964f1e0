import type { Database } from 'better-sqlite3';
import { AccountsRepo } from './accounts-repo.ts';
import { AlertsRepo } from './alerts-repo.ts';
import { ChannelsRepo } from './channels-repo.ts';
import { HandBalancesRepo } from './hand-balances-repo.ts';
import { HistoryRepo } from './history-repo.ts';
import { ImportRepo } from './import-repo.ts';
import { PacksRepo } from './packs-repo.ts';
import { PollLeaseRepo } from './poll-lease-repo.ts';
import { PricesRepo } from './prices-repo.ts';
import { PruneRepo } from './prune-repo.ts';
import { ReadingsRepo } from './readings-repo.ts';
import { SettingsRepo } from './settings-repo.ts';
import { SiteSettingsRepo } from './site-settings-repo.ts';

/**
 * Every repository of one database connection: the only way the rest of the engine reaches
 * SQLite. The ones every process uses are prepared when the core opens; the rest on first use
 * (a `status` run never prepares the import's statements).
 */
export interface Repos {
  readonly accounts: AccountsRepo;
  readonly readings: ReadingsRepo;
  readonly settings: SettingsRepo;
  readonly pollLeases: PollLeaseRepo;
  readonly history: HistoryRepo;
  readonly alerts: AlertsRepo;
  readonly channels: ChannelsRepo;
  readonly packs: PacksRepo;
  readonly prices: PricesRepo;
  readonly siteSettings: SiteSettingsRepo;
  readonly handBalances: HandBalancesRepo;
  readonly imports: ImportRepo;
  readonly prune: PruneRepo;
  /**
   * Run `fn` as one transaction (nested: a savepoint). `immediate` takes the write lock
   * first, so two processes reading then writing the same rows cannot both go ahead.
   */
  transaction<T>(fn: () => T, mode?: 'deferred' | 'immediate'): T;
}

export interface RepoOptions {
  /** Whether a provider's balance is a quota it refills (see RollupsRepo). */
  providerResets: (provider: string) => boolean;
}

export function createRepos(db: Database, options: RepoOptions): Repos {
  const readings = new ReadingsRepo(db, options.providerResets);
  const lazy = <T>(make: () => T) => {
    let made: T | undefined;
    return () => (made ??= make());
  };
  const history = lazy(() => new HistoryRepo(db));
  const alerts = lazy(() => new AlertsRepo(db));
  const channels = lazy(() => new ChannelsRepo(db));
  const packs = lazy(() => new PacksRepo(db));
  const prices = lazy(() => new PricesRepo(db));
  const siteSettings = lazy(() => new SiteSettingsRepo(db));
  const handBalances = lazy(() => new HandBalancesRepo(db));
  const imports = lazy(() => new ImportRepo(db, readings.rollups));
  const prune = lazy(() => new PruneRepo(db, readings.rollups));
  return {
    accounts: new AccountsRepo(db),
    readings,
    settings: new SettingsRepo(db),
    pollLeases: new PollLeaseRepo(db),
    get history() {
      return history();
    },
    get alerts() {
      return alerts();
    },
    get channels() {
      return channels();
    },
    get packs() {
      return packs();
    },
    get prices() {
      return prices();
    },
    get siteSettings() {
      return siteSettings();
    },
    get handBalances() {
      return handBalances();
    },
    get imports() {
      return imports();
    },
    get prune() {
      return prune();
    },
    transaction(fn, mode = 'deferred') {
      const tx = db.transaction(fn);
      return mode === 'immediate' ? tx.immediate() : tx();
    },
  };
}
