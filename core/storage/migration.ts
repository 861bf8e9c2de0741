import type Database from 'better-sqlite3';

/** One numbered schema step. `version` is what PRAGMA user_version reads after `up` has run. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Applies the step; the runner wraps it in a transaction, so it must not open one itself. */
  up(db: Database.Database): void;
}
