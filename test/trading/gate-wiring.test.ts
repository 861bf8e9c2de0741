import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { epochMs, price, quantity } from '../../core/market/units.js';
import { openDatabase, type Db } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { ManualClock } from '../../core/time/manual-clock.js';
import type { OrderRequest } from '../../core/trading/order.js';
import { OrderManager } from '../../core/trading/orders/order-manager.js';
import { FixedMarket } from '../../core/trading/orders/testing/scripted-gate.js';
import { SpyBroker } from '../../core/trading/orders/testing/spy-broker.js';
import { Portfolio } from '../../core/trading/portfolio/portfolio.js';
import { SqliteLedger } from '../../core/trading/portfolio/sqlite-ledger.js';
import { PreTradeChecks } from '../../core/trading/risk/pre-trade-checks.js';

// The real gate inside the real order path: what the gate learns from fills and marks must reach it
// without a new order being sent, or a stop-out cooldown and the daily loss limit would never act.
const T0 = Date.UTC(2024, 0, 2, 15); // a Tuesday, during the US session

describe('pre-trade gate wired into the order path', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let clock: ManualClock;
  let broker: SpyBroker;
  let market: FixedMarket;
  let gate: PreTradeChecks;
  let manager: OrderManager;

  beforeEach(() => {
    tmp = makeTempDir('desk-gate-wiring-');
    db = openDatabase(tmp.file('desk.db'));
    clock = new ManualClock(T0);
    broker = new SpyBroker(clock);
    market = new FixedMarket();
    market.prices.set('AAA', 100);
    const ledger = new SqliteLedger(db);
    ledger.recordCash(epochMs(T0), 100_000, 'starting cash');
    const portfolio = new Portfolio(ledger);
    const opened = PreTradeChecks.open(db, clock);
    if (!opened.ok) throw new Error(opened.error);
    gate = opened.value;
    manager = new OrderManager({ db, broker, gate, clock, market, portfolio: () => portfolio, onDenied: (d) => gate.recordDenied(d) });
    gate.onTrip((trip) => manager.onKillSwitchTripped(trip.scope.startsWith('model:') ? trip.scope.slice(6) : undefined));
  });
  afterEach(() => {
    manager.close();
    db.close();
    tmp.remove();
  });

  const buy = (id: string, qty: number, extra: Partial<OrderRequest> = {}): OrderRequest => ({
    clientOrderId: id, symbol: 'AAA', side: 'buy', type: 'market', quantity: quantity(qty), timeInForce: 'day', origin: { kind: 'manual' }, ...extra,
  });

  it('trips the global kill switch at a mark-to-market once the day loss passes the limit, with no order sent', () => {
    expect(manager.submit(buy('o1', 400)).ok).toBe(true);
    broker.fill('o1', 400, 100);
    market.prices.set('AAA', 98); // -800: 0.8% of the day's starting equity, inside the 2% default
    manager.markToMarket();
    expect(gate.activeKillSwitches()).toEqual([]);
    market.prices.set('AAA', 94); // -2,400: 2.4%, past the limit
    clock.advanceBy(60_000);
    manager.markToMarket();
    expect(gate.activeKillSwitches()).toEqual(['global']);
    const next = manager.submit(buy('o2', 10));
    expect(next.ok ? undefined : next.error.kind === 'denied' && next.error.denied.ruleId).toBe('kill-switch');
  });

  it('starts the stop-out cooldown from the stop-loss fill, so a new entry on the symbol is refused', () => {
    const entry = buy('e1', 100, { type: 'limit', limitPrice: price(100), bracket: { stopLoss: price(97), takeProfit: price(106) } });
    expect(manager.submit(entry).ok).toBe(true);
    broker.fill('e1', 100, 100);
    const stop = manager.openOrders().find((o) => o.leg === 'stop_loss');
    if (stop === undefined) throw new Error('the bracket made no stop-loss exit');
    market.prices.set('AAA', 97);
    broker.fill(stop.clientOrderId, 100, 97);
    clock.advanceBy(5 * 60_000);
    const again = manager.submit(buy('o3', 10));
    expect(again.ok ? undefined : again.error.kind === 'denied' && again.error.denied.ruleId).toBe('stop-out-cooldown');
    clock.advanceBy(31 * 60_000);
    expect(manager.submit(buy('o4', 10)).ok).toBe(true);
  });
});
