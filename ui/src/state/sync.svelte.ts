// The CalDAV accounts, as far as the header's sync button needs them: the
// button says when a sync failed or left conflicts, so the officer does not
// have to open the panel to find out. The panel reads the rest itself.
import { api } from "../lib/api";
import type { Account } from "../lib/types.gen";

class Sync {
  accounts = $state<Account[]>([]);

  label = $derived.by(() => {
    if (this.accounts.length === 0) return "Sync";
    const toResolve = this.accounts.reduce((n, a) => n + a.conflicts, 0);
    if (toResolve > 0) return `Sync: ${toResolve} to resolve`;
    if (this.accounts.some((a) => a.last_error)) return "Sync failed";
    return "Sync";
  });

  read() {
    api.syncAccounts().then((a) => (this.accounts = a), () => {});
  }
}

export const sync = new Sync();
