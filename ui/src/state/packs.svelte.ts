// Changes a regulation pack made to deadlines the officer had edited: the
// officer's version is kept until they decide, so these wait in a banner and
// in the deadline's details. Read again with the list.
import { api } from "../lib/api";
import type { PackConflict } from "../lib/types.gen";

class Packs {
  conflicts = $state<PackConflict[]>([]);

  read() {
    api.packConflicts().then((c) => (this.conflicts = c), () => {});
  }

  conflictOf(id: string): PackConflict | undefined {
    return this.conflicts.find((c) => c.deadline_id === id);
  }
}

export const packs = new Packs();
