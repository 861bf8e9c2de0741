import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bar } from '../../market/bar.js';
import { epochMs, price, quantity } from '../../market/units.js';
import { openDatabase, type Db } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { ManualClock } from '../../time/manual-clock.js';
import type { Broker, BrokerOrderState, BrokerPosition, ExecutionReport, SimulatedBroker } from '../broker.js';
import type { Order } from '../order.js';
import { PaperBroker } from '../paper/paper-broker.js';
import { TradingEngine } from './trading-engine.js';

const DAY = 86_400_000;
const bar = (i: number, close: number): Bar => ({
  symbol: 'AAA', interval: '1d', time: epochMs(Date.UTC(2021, 0, 4) + i * DAY), open: price(close), high: price(close + 1), low: price(close - 1), close: price(close), volume: quantity(1e6),
});

/** A venue that fills on its own (as Alpaca does): records what it was sent, fills when the test says. */
class VenueBroker implements Broker {
  readonly name = 'venue';
  readonly sent: Order[] = [];
  readonly #listeners = new Set<(r: ExecutionReport) => void>();
  submit(order: Order): void {
    this.sent.push(order);
  }
  cancel(): void {}
  onReport(listener: (r: ExecutionReport) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  openOrders(): Promise<readonly BrokerOrderState[]> {
    return Promise.resolve([]);
  }
  positions(): Promise<readonly BrokerPosition[]> {
    return Promise.resolve([]);
  }
  emit(report: ExecutionReport): void {
    for (const l of this.#listeners) l(report);
  }
}

describe('trading engine with an injected broker', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  beforeEach(() => {
    tmp = makeTempDir('desk-engine-broker-');
    db = openDatabase(tmp.file('engine.db'));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  const buy = (engine: TradingEngine, id: string): void => {
    const r = engine.orders.submit({ clientOrderId: id, symbol: 'AAA', side: 'buy', type: 'market', quantity: quantity(5), timeInForce: 'gtc', origin: { kind: 'manual' } });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
  };

  it('sends orders to the injected venue, feeds it no bars, and books the fills it reports', () => {
    const venue = new VenueBroker();
    const opened = TradingEngine.open({ db, clock: new ManualClock(Date.UTC(2021, 0, 1)), startingCash: 10_000, orderBroker: venue, broker: { slippageBps: -1 } });
    if (!opened.ok) throw new Error(opened.error);
    const engine = opened.value;
    expect(engine.broker).toBe(venue);
    engine.step(bar(0, 100));
    buy(engine, 'v1');
    expect(venue.sent.map((o) => o.clientOrderId)).toEqual(['v1']);
    // Bars alone fill nothing: no local matching happens for a venue.
    engine.step(bar(1, 100));
    engine.step(bar(2, 100));
    expect(engine.portfolio.position('AAA')).toBe(0);
    const time = engine.clock.now();
    venue.emit({ kind: 'accepted', clientOrderId: 'v1', time });
    venue.emit({ kind: 'fill', clientOrderId: 'v1', time, fill: { id: 'x:5', clientOrderId: 'v1', symbol: 'AAA', side: 'buy', quantity: quantity(5), price: price(101), commission: 0, time } });
    engine.step(bar(3, 110));
    expect(engine.portfolio.position('AAA')).toBe(5);
    expect(engine.portfolio.cash()).toBeCloseTo(10_000 - 5 * 101, 9);
    expect(engine.equityCurve().at(-1)?.equity).toBeCloseTo(10_000 - 5 * 101 + 5 * 110, 9);
    engine.close();
  });

  it('feeds bars to an injected simulated broker, which fills the order on the next bar', () => {
    const clock = new ManualClock(Date.UTC(2021, 0, 1));
    const paper = PaperBroker.create({ clock });
    if (!paper.ok) throw new Error(paper.error);
    let barsSeen = 0;
    const inner = paper.value;
    const counting: SimulatedBroker = {
      name: inner.name,
      submit: (o) => inner.submit(o),
      cancel: (id) => inner.cancel(id),
      onReport: (l) => inner.onReport(l),
      openOrders: () => inner.openOrders(),
      positions: () => inner.positions(),
      onBar: (b) => {
        barsSeen++;
        inner.onBar(b);
      },
    };
    const opened = TradingEngine.open({ db, clock, startingCash: 10_000, orderBroker: counting });
    if (!opened.ok) throw new Error(opened.error);
    const engine = opened.value;
    engine.step(bar(0, 100));
    buy(engine, 's1');
    engine.step(bar(1, 100));
    expect(barsSeen).toBe(2);
    expect(engine.portfolio.position('AAA')).toBe(5);
    engine.close();
  });
});
