import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bar } from '../market/bar.js';
import { epochMs, price, quantity } from '../market/units.js';
import { openDatabase, type Db } from '../storage/open-database.js';
import { makeTempDir } from '../storage/testing/temp-dir.js';
import { ManualClock } from '../time/manual-clock.js';
import { TradingEngine } from '../trading/session/trading-engine.js';
import { SmaCrossoverStrategy } from './sma-crossover-strategy.js';

const DAY = 86_400_000;
const bar = (i: number, close: number): Bar => ({
  symbol: 'AAA', interval: '1d', time: epochMs(Date.UTC(2021, 0, 4) + i * DAY), open: price(close), high: price(close + 1), low: price(close - 1), close: price(close), volume: quantity(1e6),
});

describe('SmaCrossoverStrategy', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  beforeEach(() => {
    tmp = makeTempDir('desk-sma-');
    db = openDatabase(tmp.file('sma.db'));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('sends a market buy at the golden cross and a reduce-only sell at the death cross, keys in the order the order path was given before', () => {
    const opened = TradingEngine.open({ db, clock: new ManualClock(Date.UTC(2021, 0, 1)), startingCash: 100_000 });
    if (!opened.ok) throw new Error(opened.error);
    const engine = opened.value;
    const sent: unknown[] = [];
    const submit = engine.orders.submit.bind(engine.orders);
    vi.spyOn(engine.orders, 'submit').mockImplementation((request) => {
      sent.push(request);
      return submit(request);
    });
    engine.use(new SmaCrossoverStrategy(engine, { fast: 2, slow: 3, quantity: 5 }));
    // Flat, then up (golden cross), then down (death cross).
    const closes = [10, 10, 10, 12, 14, 16, 12, 8, 6];
    closes.forEach((c, i) => engine.step(bar(i, c)));
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual({ clientOrderId: expect.any(String) as unknown, symbol: 'AAA', side: 'buy', type: 'market', quantity: 5, timeInForce: 'gtc', origin: { kind: 'system' } });
    expect(Object.keys(Object(sent[0]))).toEqual(['clientOrderId', 'symbol', 'side', 'type', 'quantity', 'timeInForce', 'origin']);
    expect(sent[1]).toEqual({ clientOrderId: expect.any(String) as unknown, symbol: 'AAA', side: 'sell', type: 'market', quantity: 5, timeInForce: 'gtc', reduceOnly: true, origin: { kind: 'system' } });
    expect(Object.keys(Object(sent[1]))).toEqual(['clientOrderId', 'symbol', 'side', 'type', 'quantity', 'timeInForce', 'reduceOnly', 'origin']);
    expect(engine.orders.ledger.fills().map((f) => f.clientOrderId)).toEqual([...new Set(engine.orders.ledger.fills().map((f) => f.clientOrderId))]);
    expect(engine.portfolio.position('AAA')).toBe(0);
    expect(engine.orders.ledger.fills().map((f) => f.side)).toEqual(['buy', 'sell']);
    engine.close();
  });

  it('refuses periods that are not whole with 0 < fast < slow, and a quantity that is not positive', () => {
    const opened = TradingEngine.open({ db, clock: new ManualClock(0), startingCash: 1 });
    if (!opened.ok) throw new Error(opened.error);
    expect(() => new SmaCrossoverStrategy(opened.value, { fast: 3, slow: 3, quantity: 1 })).toThrow(/0 < fast < slow/);
    expect(() => new SmaCrossoverStrategy(opened.value, { fast: 1, slow: 3, quantity: 0 })).toThrow(/quantity must be positive/);
    opened.value.close();
  });
});
