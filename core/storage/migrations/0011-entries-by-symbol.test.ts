import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMigrations } from '../migration-runner.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { MIGRATIONS } from './index.js';

describe('migration 0011 entries by symbol', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  beforeEach(() => {
    tmp = makeTempDir();
    db = new Database(tmp.file('desk.db'));
    runMigrations(db, MIGRATIONS.filter((m) => m.version <= 11));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it("reads a symbol's bracket entries through the partial index, not every order of the symbol", () => {
    const plan = db.prepare<[], { detail: string }>("EXPLAIN QUERY PLAN SELECT * FROM orders WHERE symbol = 'X' AND leg = 'entry' ORDER BY created_at").all();
    expect(plan.map((p) => p.detail).join(' ')).toContain('USING INDEX orders_entry_symbol');
  });
});
