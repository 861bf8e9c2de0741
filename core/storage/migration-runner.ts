import type Database from 'better-sqlite3';
import { DatabaseTooNewError } from './database-too-new-error.js';
import { MigrationFailedError } from './migration-failed-error.js';
import type { Migration } from './migration.js';

/** The schema version recorded in the file (PRAGMA user_version; 0 for a new file). */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Throws {@link DatabaseTooNewError} if the file's schema is newer than `latest`; reads only.
 * @returns the file's schema version.
 */
export function assertSupportedVersion(db: Database.Database, latest: number): number {
  const current = schemaVersion(db);
  if (current > latest) throw new DatabaseTooNewError(db.name, current, latest);
  return current;
}

/**
 * Brings the file up to the newest migration. Each step runs in its own transaction together with its
 * user_version bump, so a failing step leaves the file at the previous version rather than half-migrated.
 * A file newer than the newest known migration is refused before anything is written.
 * @returns the versions applied, oldest first.
 */
export function runMigrations(db: Database.Database, migrations: readonly Migration[]): number[] {
  assertOrdered(migrations);
  const current = assertSupportedVersion(db, migrations.at(-1)?.version ?? 0);
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    const from = schemaVersion(db);
    try {
      db.transaction(() => {
        migration.up(db);
        // PRAGMA takes no bound parameters; the version is an integer checked by assertOrdered.
        db.pragma(`user_version = ${migration.version}`);
      })();
    } catch (cause) {
      throw new MigrationFailedError(db.name, from, migration, cause);
    }
    applied.push(migration.version);
  }
  return applied;
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (!Number.isInteger(m.version) || m.version !== i + 1) {
      throw new Error(`Migration "${m.name}" has version ${m.version}, expected ${i + 1}: migrations must be numbered 1, 2, 3… without gaps.`);
    }
  });
}
