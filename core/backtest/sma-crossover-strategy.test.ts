import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bar } from '../market/bar.js';
import { epochMs, price, quantity } from '../market/units.js';
import { openDatabase, type Db } from '../storage/open-database.js';
import { makeTempDir } from '../storage/testing/temp-dir.js';
import { ManualClock } from '../time/manual-clock.js';
import { seededUniform } from '../util/seeded-random.js';
import { TradingEngine } from '../trading/session/trading-engine.js';
import { SmaCrossoverStrategy } from './sma-crossover-strategy.js';

const DAY = 86_400_000;
const bar = (i: number, close: number, symbol = 'AAA'): Bar => ({
  symbol, interval: '1d', time: epochMs(Date.UTC(2021, 0, 4) + i * DAY), open: price(close), high: price(close + 1), low: price(close - 1), close: price(close), volume: quantity(1e6),
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

  /** An engine on the test's database whose order manager hands each request to `record` before submitting it. */
  const recordingEngine = (startingCash: number, record: (request: unknown) => void): TradingEngine => {
    const opened = TradingEngine.open({ db, clock: new ManualClock(Date.UTC(2021, 0, 1)), startingCash });
    if (!opened.ok) throw new Error(opened.error);
    const engine = opened.value;
    const submit = engine.orders.submit.bind(engine.orders);
    vi.spyOn(engine.orders, 'submit').mockImplementation((request) => {
      record(request);
      return submit(request);
    });
    return engine;
  };

  /** recordingEngine that keeps each request as 'SYMBOL side', in the order they were sent. */
  const sideRecordingEngine = (startingCash: number): { engine: TradingEngine; sent: string[] } => {
    const sent: string[] = [];
    const engine = recordingEngine(startingCash, (request) => {
      const r = Object(request) as { symbol: string; side: string };
      sent.push(`${r.symbol} ${r.side}`);
    });
    return { engine, sent };
  };

  it('sends a market buy at the golden cross and a reduce-only sell at the death cross, keys in the order the order path was given before', () => {
    const sent: unknown[] = [];
    const engine = recordingEngine(100_000, (request) => sent.push(request));
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

  it('keeps each symbol its own averages when the symbols come in a changing order (one skips bars, one starts late)', () => {
    const { engine, sent } = sideRecordingEngine(1_000_000);
    engine.use(new SmaCrossoverStrategy(engine, { fast: 2, slow: 3, quantity: 1 }));
    // NaN: no bar of the symbol that day (BBB skips day 5, CCC starts on day 2).
    const series: Record<string, number[]> = {
      AAA: [10, 10, 10, 12, 14, 16, 12, 8, 6, 6, 7, 9], BBB: [20, 20, 20, 18, 16, NaN, 22, 26, 30, 30, 24, 20], CCC: [NaN, NaN, 5, 5, 5, 5, 5, 7, 9, 11, 8, 4],
    };
    // The plain crossover per symbol over its own bars: the sides each symbol must send, in order.
    const expected: Record<string, string[]> = {};
    for (const [symbol, all] of Object.entries(series)) {
      const closes = all.filter((c) => !Number.isNaN(c));
      let long = false;
      expected[symbol] = [];
      for (let i = 2; i < closes.length; i++) {
        const [a, b, c] = [closes[i - 2] ?? 0, closes[i - 1] ?? 0, closes[i] ?? 0];
        const up = (b + c) / 2 > (a + b + c) / 3;
        if (up !== long) expected[symbol]?.push(`${symbol} ${up ? 'buy' : 'sell'}`);
        long = up;
      }
    }
    for (let i = 0; i < 12; i++) {
      const order = i % 3 === 0 ? ['AAA', 'BBB', 'CCC'] : i % 3 === 1 ? ['CCC', 'AAA', 'BBB'] : ['BBB', 'AAA', 'CCC'];
      for (const symbol of order) {
        const close = series[symbol]?.[i] ?? NaN;
        if (!Number.isNaN(close)) engine.step(bar(i, close, symbol));
      }
    }
    for (const symbol of Object.keys(series)) expect(sent.filter((s) => s.startsWith(symbol))).toEqual(expected[symbol]);
    expect(sent.length).toBeGreaterThan(3);
    engine.close();
  });

  it('sends the orders that running sums subtracting only once each window is full would send, while the windows fill and after (seeded closes, exact ties)', () => {
    const { engine, sent } = sideRecordingEngine(10_000_000);
    const fast = 3;
    const slow = 7;
    engine.use(new SmaCrossoverStrategy(engine, { fast, slow, quantity: 1 }));
    const uniform = seededUniform(27);
    // Eighths on a random walk, so the two sums often tie exactly; BBB starts 20 bars late.
    const series: Record<string, number[]> = { AAA: [], BBB: [] };
    for (const symbol of ['AAA', 'BBB']) {
      let c = 100;
      for (let i = 0; i < 120; i++) {
        c += Math.round((uniform() - 0.5) * 16) / 8;
        series[symbol]?.push(symbol === 'BBB' && i < 20 ? NaN : c);
      }
    }
    // The sums as the crossover kept them before it subtracted unconditionally: a close leaves a window only
    // once that window is full.
    const expected: string[] = [];
    const reference = new Map<string, { closes: number[]; fastSum: number; slowSum: number; long: boolean }>();
    for (let i = 0; i < 120; i++) {
      for (const symbol of ['AAA', 'BBB']) {
        const close = series[symbol]?.[i] ?? NaN;
        if (Number.isNaN(close)) continue;
        engine.step(bar(i, close, symbol));
        const r = reference.get(symbol) ?? { closes: [], fastSum: 0, slowSum: 0, long: false };
        reference.set(symbol, r);
        const n = r.closes.length;
        if (n >= slow) r.slowSum -= r.closes[n - slow] ?? 0;
        if (n >= fast) r.fastSum -= r.closes[n - fast] ?? 0;
        r.closes.push(close);
        r.slowSum += close;
        r.fastSum += close;
        if (r.closes.length < slow) continue;
        const up = r.fastSum * slow > r.slowSum * fast;
        if (up !== r.long) expected.push(`${symbol} ${up ? 'buy' : 'sell'}`);
        r.long = up;
      }
    }
    expect(sent).toEqual(expected);
    expect(sent.filter((s) => s.startsWith('BBB')).length).toBeGreaterThan(3);
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
