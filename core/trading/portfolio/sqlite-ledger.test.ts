import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { epochMs, price } from '../../market/units.js';
import { openDatabase, type Db } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { Portfolio } from './portfolio.js';
import { SqliteLedger } from './sqlite-ledger.js';

describe('SqliteLedger', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  const addFill = (id: string, side: 'buy' | 'sell', qty: number, px: number, time: number): void => {
    db.prepare(`INSERT OR IGNORE INTO orders (client_order_id, broker, leg, symbol, side, type, quantity, time_in_force, status, origin_kind, created_at, updated_at)
      VALUES (?, 'paper', 'single', 'AAA', ?, 'market', ?, 'gtc', 'filled', 'manual', 0, 0)`).run(`o-${id}`, side, qty);
    db.prepare('INSERT INTO fills (fill_id, client_order_id, symbol, side, quantity, price, commission, time) VALUES (?, ?, ?, ?, ?, ?, 1, ?)')
      .run(id, `o-${id}`, 'AAA', side, qty, px, time);
  };
  beforeEach(() => {
    tmp = makeTempDir('desk-ledger-');
    db = openDatabase(tmp.file('desk.db'));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('reads fills and cash in insert order, picking up rows added later, and survives a reopen', () => {
    const ledger = new SqliteLedger(db);
    ledger.recordCash(epochMs(0), 10_000, 'starting cash');
    addFill('z-first', 'buy', 10, 100, 5);
    const portfolio = new Portfolio(ledger);
    expect(portfolio.position('AAA')).toBe(10);
    addFill('a-second', 'sell', 4, 110, 6);
    expect(portfolio.position('AAA')).toBe(6);
    expect(ledger.fills().map((f) => f.id)).toEqual(['z-first', 'a-second']);
    expect(portfolio.cash()).toBe(10_000 - 1000 - 1 + 440 - 1);
    db.close();
    db = openDatabase(tmp.file('desk.db'));
    const reopened = new Portfolio(new SqliteLedger(db));
    expect(reopened.equity(() => price(120))).toBe(10_000 - 1000 - 1 + 440 - 1 + 6 * 120);
    expect(reopened.realisedPnlSince(epochMs(0))).toBe(-1 + 40 - 1);
  });

  it('refuses a zero or non-finite cash movement and one without a note', () => {
    const ledger = new SqliteLedger(db);
    expect(() => ledger.recordCash(epochMs(0), 0, 'x')).toThrow(RangeError);
    expect(() => ledger.recordCash(epochMs(0), Number.NaN, 'x')).toThrow(RangeError);
    expect(() => ledger.recordCash(epochMs(0), 5, ' ')).toThrow(/note/);
    expect(ledger.cashMovements()).toEqual([]);
  });
});
