import type { Db } from '../storage/open-database.js';

/**
 * A backtest's run file committed once per chunk of bars instead of once per journal write. The journal makes
 * each order durable before the broker sees it because a live broker outlives a crash of the desk; a backtest's
 * paper broker dies with the run, so there is nothing to reconcile after a crash and a partial run is re-run,
 * not recovered. Every write still happens, in the same order and through the same code, as a savepoint inside
 * the chunk's transaction; a kill leaves the file at the last committed chunk, consistent.
 */
export class ChunkCommits {
  readonly #db: Db;
  readonly #beforeCommit: (() => void)[] = [];

  constructor(db: Db) {
    this.#db = db;
  }

  /**
   * Runs `write` inside each chunk just before it commits: for state a run keeps in memory between commits (the
   * gate's start-of-day equity), so every committed chunk still holds what a write per change would have left.
   */
  beforeCommit(write: () => void): void {
    this.#beforeCommit.push(write);
  }

  /** Opens the chunk's transaction (no-op while one is open). */
  begin(): void {
    if (!this.#db.inTransaction) this.#db.exec('BEGIN');
  }

  /** Commits the chunk so far (no-op when none is open). */
  commit(): void {
    if (!this.#db.inTransaction) return;
    for (const write of this.#beforeCommit) write();
    this.#db.exec('COMMIT');
  }

  /** Drops the uncommitted chunk: a failed run keeps only whole chunks. */
  rollback(): void {
    if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
  }
}
