import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { price, quantity } from '../../market/units.js';
import { openDatabase, type Db } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { ManualClock } from '../../time/manual-clock.js';
import { OrderManager } from './order-manager.js';
import { FixedMarket, allowAll, flatPortfolio } from './testing/scripted-gate.js';
import { SpyBroker } from './testing/spy-broker.js';
import { makeRequest } from './testing/order-fixtures.js';

describe('OrderManager.workingBracket over entries closed out one after the other', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let clock: ManualClock;
  let broker: SpyBroker;
  let manager: OrderManager;

  beforeEach(() => {
    tmp = makeTempDir('desk-working-bracket-');
    db = openDatabase(tmp.file('desk.db'));
    clock = new ManualClock(1_704_200_000_000);
    broker = new SpyBroker(clock);
    const market = new FixedMarket();
    market.prices.set('AAA', 100);
    manager = new OrderManager({ db, broker, gate: allowAll(), clock, market, portfolio: () => flatPortfolio, onDenied: () => undefined });
    manager.submit(makeRequest({ clientOrderId: 'e1', type: 'limit', limitPrice: price(100), quantity: quantity(10), bracket: { stopLoss: price(95), takeProfit: price(110) } }));
    broker.fill('e1', 10, 100);
    clock.advanceTo(clock.now() + 60_000);
    manager.submit(makeRequest({ clientOrderId: 'e2', type: 'limit', limitPrice: price(100), quantity: quantity(5), bracket: { stopLoss: price(90), takeProfit: price(120) } }));
    broker.fill('e2', 5, 100);
  });
  afterEach(() => {
    manager.close();
    db.close();
    tmp.remove();
  });

  it('is the newest open entry, then the older one once the newest is closed out, then none', () => {
    expect(manager.workingBracket('AAA', 'buy')).toEqual({ stopLoss: 90, takeProfit: 120 });
    broker.fill('e2.tp.1', 5, 120);
    expect(manager.workingBracket('AAA', 'buy')).toEqual({ stopLoss: 95, takeProfit: 110 });
    // Asked again: the closed entry is skipped from memory and the answer is the same.
    expect(manager.workingBracket('AAA', 'buy')).toEqual({ stopLoss: 95, takeProfit: 110 });
    broker.fill('e1.sl.1', 4, 95);
    expect(manager.workingBracket('AAA', 'buy')).toEqual({ stopLoss: 95, takeProfit: 110 });
    broker.fill('e1.sl.1', 6, 95);
    expect(manager.workingBracket('AAA', 'buy')).toBeUndefined();
    expect(manager.workingBracket('AAA', 'sell')).toBeUndefined();
  });
});
