import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMigrations } from '../migration-runner.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { MIGRATIONS } from './index.js';

describe('migration 0010 fills by order', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  beforeEach(() => {
    tmp = makeTempDir();
    db = new Database(tmp.file('desk.db'));
    runMigrations(db, MIGRATIONS.filter((m) => m.version <= 10));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it("reads an order's fills through the new index instead of scanning the table", () => {
    const plan = db.prepare<[], { detail: string }>("EXPLAIN QUERY PLAN SELECT fill_id FROM fills WHERE client_order_id = 'x'").all();
    expect(plan.map((p) => p.detail).join(' ')).toContain('USING INDEX fills_order');
  });
});
