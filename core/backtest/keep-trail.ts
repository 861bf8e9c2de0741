import type { Db } from '../storage/open-database.js';
import type { MemoryOrderJournal } from '../trading/orders/memory-order-journal.js';
import type { MemoryProposalStore } from '../trading/proposals/memory-proposal-store.js';
import { err, ok, type Result } from '../util/result.js';

/**
 * Writes a run's orders and proposals into its kept file, then checks every key: all of it or, with the reason,
 * none of it. A file with orders and no proposals, or with a proposal naming a missing order, is never left.
 * The run's connection has foreign keys off (proposals name orders that reach the file only here), so this check
 * is where they are enforced.
 */
export function keepTrail(db: Db, journal: MemoryOrderJournal, proposals: MemoryProposalStore, broker: string): Result<void, string> {
  try {
    db.transaction(() => {
      const written = journal.persistTo(db, broker);
      if (!written.ok) throw new Error(written.error);
      const proposed = proposals.persistTo(db);
      if (!proposed.ok) throw new Error(proposed.error);
      const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
      if (broken.length > 0) throw new Error(`the run's trail has ${broken.length} rows naming a missing ${broken[0]?.parent ?? ''} row (first in ${broken[0]?.table ?? ''})`);
    })();
    return ok(undefined);
  } catch (cause) {
    return err(cause instanceof Error ? cause.message : String(cause));
  }
}
