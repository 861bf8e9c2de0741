import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { epochMs, price, quantity } from '../market/units.js';
import { openDatabase, type Db } from '../storage/open-database.js';
import { makeTempDir } from '../storage/testing/temp-dir.js';
import { MemoryOrderJournal } from '../trading/orders/memory-order-journal.js';
import { makeOrder } from '../trading/orders/testing/order-fixtures.js';
import { MemoryProposalStore } from '../trading/proposals/memory-proposal-store.js';
import { keepTrail } from './keep-trail.js';

function proposalFor(store: MemoryProposalStore, id: string, orderId: string): void {
  const made = store.insert({
    id, kind: 'signal', createdAt: epochMs(1_000), expiresAt: epochMs(2_000), symbol: 'AAA', side: 'buy', quantity: 10, entryType: 'market',
    reduceOnly: false, stopLoss: price(9), takeProfit: price(12), signalId: `s-${id}`, modelId: 'm1', prediction: {}, reasons: [], sizing: {},
  });
  if (!made.ok) throw new Error(made.error);
  store.decide(id, { status: 'confirmed', at: epochMs(1_500), by: 'automation', clientOrderId: orderId });
}

describe("a kept run file gets the run's whole trail or none of it", () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  beforeEach(() => {
    tmp = makeTempDir('desk-keep-trail-');
    db = openDatabase(tmp.file('run.db'));
    db.pragma('foreign_keys = OFF');
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('writes orders and the proposals that name them', () => {
    const journal = new MemoryOrderJournal();
    journal.insert([makeOrder({ clientOrderId: 'o1', quantity: quantity(10) })]);
    const proposals = new MemoryProposalStore();
    proposalFor(proposals, 'p1', 'o1');
    expect(keepTrail(db, journal, proposals, 'paper')).toEqual({ ok: true, value: undefined });
    expect(db.prepare("SELECT client_order_id FROM proposals WHERE proposal_id = 'p1'").pluck().get()).toBe('o1');
    expect(db.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(1);
  });

  it('writes nothing when a proposal names an order the run never journalled, and says which table and key', () => {
    const journal = new MemoryOrderJournal();
    journal.insert([makeOrder({ clientOrderId: 'o1' })]);
    const proposals = new MemoryProposalStore();
    proposalFor(proposals, 'p1', 'ghost');
    const kept = keepTrail(db, journal, proposals, 'paper');
    expect(kept).toEqual({ ok: false, error: "the run's trail has 1 rows naming a missing orders row (first in proposals)" });
    expect(db.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM proposals').pluck().get()).toBe(0);
  });
});
