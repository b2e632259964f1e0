/** `accounts:*` and `providers:list`. Every change reloads the poller and tells the window. */
import type { accountsChannels } from '../../../shared/ipc/accounts.ts';
import { toReading } from '../../store/readings-repo.ts';
import { recordManualBalance } from '../../manual.ts';
import { addAccountChecked } from '../../key-check.ts';
import { refreshSiteSettings } from '../../site-settings.ts';
import { providerInfos } from '../../window/providers.ts';
import { testConnection } from '../../window/connection-test.ts';
import type { HandlerContext, HandlerGroup } from '../context.ts';
import { accountsChanged } from '../context.ts';

export function accountsHandlers(h: HandlerContext): HandlerGroup<keyof typeof accountsChannels> {
  const { keychain } = h;
  return {
    'providers:list': () => providerInfos(),
    'accounts:list': () => h.session().core.accounts.list(),
    'accounts:add': async ({ check, ...input }) => {
      const { core } = h.session();
      const added = await addAccountChecked(core, input, { check: check ?? false });
      const account = check ? { ...added.account, check: added.check } : added.account;
      if (input.key) keychain.worked();
      // A self-hosted site's units (new-api's /api/status), read now without holding up the reply.
      void refreshSiteSettings(core, core.accounts.require(account.id), { force: true }).catch(() => null);
      accountsChanged(h);
      return account;
    },
    'accounts:update': ({ id, ...changes }) => {
      const account = h.session().core.accounts.update(id, changes);
      accountsChanged(h);
      return account;
    },
    'accounts:remove': async ({ id, purge }) => {
      await h.session().core.accounts.remove(id, purge ?? false);
      accountsChanged(h);
      return { removed: true as const };
    },
    'accounts:setKey': async ({ id, key }) => {
      const account = await h.session().core.accounts.setKey(id, key);
      keychain.worked();
      accountsChanged(h);
      return account;
    },
    'accounts:test': ({ id }) => testConnection(h.session().core, id),
    'accounts:recordBalance': ({ id, amount }) => {
      const { core } = h.session();
      const account = core.accounts.require(id);
      return toReading(recordManualBalance(core, account, amount, core.now()), account.id);
    },
  };
}
