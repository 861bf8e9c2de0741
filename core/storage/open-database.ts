import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseOpenError } from './database-open-error.js';
import { assertSupportedVersion, runMigrations } from './migration-runner.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Migration } from './migration.js';

export { DatabaseOpenError } from './database-open-error.js';
export { DatabaseTooNewError } from './database-too-new-error.js';
export { MigrationFailedError } from './migration-failed-error.js';

/** An open desk database. */
export type Db = Database.Database;

/** How long a writer waits for another connection's lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating if needed, parent folder included) the SQLite file, sets WAL etc., runs pending
 * migrations; throws a DatabaseTooNewError with a readable message if the file's schema is newer than
 * this code, a DatabaseOpenError if the file cannot be opened or is not SQLite. The connection is closed
 * again if anything after opening fails.
 * @param migrations override for tests of the runner; the app always uses the built-in list.
 */
export function openDatabase(file: string, migrations: readonly Migration[] = MIGRATIONS): Db {
  const db = openFile(file);
  try {
    // Checked before anything writes (switching to WAL rewrites the header), so a too-new file stays untouched.
    assertSupportedVersion(db, migrations.at(-1)?.version ?? 0);
    // WAL lets the UI read while the engine writes. With WAL, synchronous=NORMAL syncs only at checkpoints:
    // a committed transaction survives a crash or kill -9 of the process (the WAL is in the OS page cache),
    // and only a power loss / OS crash can drop the last few commits, never corrupt the file. FULL would add
    // an fsync per commit, which ingest of many small batches cannot afford.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    runMigrations(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function openFile(file: string): Db {
  let db: Db | undefined;
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // The first read of the header: a file that is not SQLite fails here, with advice, not deep in a migration.
    db.pragma('schema_version');
    return db;
  } catch (cause) {
    db?.close();
    throw new DatabaseOpenError(file, cause);
  }
}
