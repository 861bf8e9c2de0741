import type Database from 'better-sqlite3';

/** Inserts `row` into `table`, one named parameter per key: how migration tests try a constraint with one row. */
export function insertRow(db: Database.Database, table: string, row: Record<string, unknown>): void {
  const cols = Object.keys(row);
  db.prepare(`INSERT INTO ${table} (${cols.join(',')}) VALUES (${cols.map((c) => `@${c}`).join(',')})`).run(row);
}
