import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMigrations, schemaVersion } from '../migration-runner.js';
import { insertRow } from '../testing/insert-row.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { MIGRATIONS } from './index.js';

const upTo = (v: number) => MIGRATIONS.filter((m) => m.version <= v);
const order = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  client_order_id: id, broker: 'paper', leg: 'single', symbol: 'AAA', side: 'buy', type: 'market', quantity: 10,
  time_in_force: 'day', status: 'new', origin_kind: 'manual', created_at: 1, updated_at: 1, ...extra,
});
const insertOrder = (db: Database.Database, row: Record<string, unknown>): void => insertRow(db, 'orders', row);

describe('migration 0003 orders', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  beforeEach(() => {
    tmp = makeTempDir();
    db = new Database(tmp.file('desk.db'));
    db.pragma('foreign_keys = ON');
    runMigrations(db, upTo(3));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('applies after 0002 as version 3 with the journal tables', () => {
    expect(schemaVersion(db)).toBe(3);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['orders', 'order_events', 'fills', 'cash_movements']));
  });

  it('refuses a reused client order id, an unknown status and a fill above the quantity', () => {
    insertOrder(db, order('o1'));
    expect(() => insertOrder(db, order('o1'))).toThrow(/UNIQUE/);
    expect(() => insertOrder(db, order('o2', { status: 'sent' }))).toThrow(/CHECK/);
    expect(() => insertOrder(db, order('o3', { filled_quantity: 11 }))).toThrow(/CHECK/);
    expect(() => insertOrder(db, order('o4', { bracket_stop_loss: 0, bracket_take_profit: 12 }))).toThrow(/CHECK/);
  });

  it('keys fills by execution id and refuses a fill for an unknown order', () => {
    insertOrder(db, order('o1'));
    const fill = db.prepare('INSERT INTO fills (fill_id, client_order_id, symbol, side, quantity, price, time) VALUES (?, ?, ?, ?, ?, ?, ?)');
    fill.run('x1', 'o1', 'AAA', 'buy', 5, 10, 2);
    expect(() => fill.run('x1', 'o1', 'AAA', 'buy', 5, 10, 2)).toThrow(/UNIQUE/);
    expect(() => fill.run('x2', 'nope', 'AAA', 'buy', 5, 10, 2)).toThrow(/FOREIGN KEY/);
    expect(() => fill.run('x3', 'o1', 'AAA', 'buy', 5, 0, 2)).toThrow(/CHECK/);
  });
});
