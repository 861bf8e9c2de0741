import { price, quantity } from '../../../market/units.js';
import { openDatabase } from '../../../storage/open-database.js';
import { makeTempDir } from '../../../storage/testing/temp-dir.js';
import { ManualClock } from '../../../time/manual-clock.js';
import { OrderManager } from '../order-manager.js';
import { makeRequest } from './order-fixtures.js';
import { FixedMarket, allowAll, flatPortfolio } from './scripted-gate.js';
import { SpyBroker } from './spy-broker.js';

/** An order manager on a temporary database, with a spy broker, a gate that allows all and AAA marked at 100. */
export interface BracketDesk {
  readonly clock: ManualClock;
  readonly broker: SpyBroker;
  readonly manager: OrderManager;
  /** Submits a limit buy of AAA at 100 bracketed by `stopLoss` and `takeProfit`, and fills it whole at 100. */
  enterLong(clientOrderId: string, qty: number, stopLoss: number, takeProfit: number): void;
  /** Closes the manager and the database, and removes the temporary directory. */
  close(): void;
}

export function openBracketDesk(tmpPrefix: string): BracketDesk {
  const tmp = makeTempDir(tmpPrefix);
  const db = openDatabase(tmp.file('desk.db'));
  const clock = new ManualClock(1_704_200_000_000);
  const broker = new SpyBroker(clock);
  const market = new FixedMarket();
  market.prices.set('AAA', 100);
  const manager = new OrderManager({ db, broker, gate: allowAll(), clock, market, portfolio: () => flatPortfolio, onDenied: () => undefined });
  return {
    clock,
    broker,
    manager,
    enterLong(clientOrderId, qty, stopLoss, takeProfit) {
      manager.submit(makeRequest({ clientOrderId, type: 'limit', limitPrice: price(100), quantity: quantity(qty), bracket: { stopLoss: price(stopLoss), takeProfit: price(takeProfit) } }));
      broker.fill(clientOrderId, qty, 100);
    },
    close() {
      manager.close();
      db.close();
      tmp.remove();
    },
  };
}
