import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bar } from '../../market/bar.js';
import { closeOffsetMs } from '../../market/interval.js';
import { epochMs, price, quantity } from '../../market/units.js';
import { openDatabase, type Db } from '../../storage/open-database.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { ManualClock } from '../../time/manual-clock.js';
import { TradingEngine } from './trading-engine.js';

const DAY = 86_400_000;
const bar = (symbol: string, i: number, close: number): Bar => ({
  symbol, interval: '1d', time: epochMs(Date.UTC(2021, 0, 4) + i * DAY), open: price(close), high: price(close + 1), low: price(close - 1), close: price(close), volume: quantity(1e6),
});

describe('trading engine', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  beforeEach(() => {
    tmp = makeTempDir('desk-engine-');
    db = openDatabase(tmp.file('engine.db'));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  const open = (): TradingEngine => {
    const r = TradingEngine.open({ db, clock: new ManualClock(Date.UTC(2021, 0, 1)), startingCash: 10_000 });
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };

  it('stays synchronous for a synchronous strategy, and keeps one equity point per distinct close past its first buffer', () => {
    const engine = open();
    const seen: string[] = [];
    engine.use({ onBar: (b) => void seen.push(b.symbol) });
    for (let i = 0; i < 1500; i++) {
      expect(engine.step(bar('AAA', i, 100))).toBeUndefined();
      expect(engine.step(bar('BBB', i, 50))).toBeUndefined();
    }
    const curve = engine.equityCurve();
    expect(curve).toHaveLength(1500);
    expect(curve[1499]).toEqual({ time: Date.UTC(2021, 0, 4) + 1499 * DAY + closeOffsetMs('1d'), cash: 10_000, equity: 10_000 });
    expect(engine.bars).toBe(3000);
    expect(seen).toHaveLength(3000);
    expect(engine.clock.now()).toBe(curve[1499]?.time);
    engine.close();
  });

  it('waits for a strategy that returns a promise; its order fills on the next bar and the portfolio sees it without a query per bar', async () => {
    const engine = open();
    let sent = false;
    engine.use({
      onBar: async (b) => {
        if (sent) return;
        sent = true;
        await Promise.resolve();
        engine.orders.submit({ clientOrderId: 'o1', symbol: b.symbol, side: 'buy', type: 'market', quantity: quantity(10), timeInForce: 'gtc', origin: { kind: 'manual' } });
      },
    });
    engine.warmUp(bar('AAA', 0, 100));
    expect(engine.mark('AAA')).toBe(100);
    const pending = engine.step(bar('AAA', 1, 100));
    expect(pending).toBeInstanceOf(Promise);
    await pending;
    await engine.step(bar('AAA', 2, 110));
    expect(engine.portfolio.position('AAA')).toBe(10);
    const last = engine.equityCurve().at(-1);
    expect(last?.equity).toBeCloseTo((last?.cash ?? 0) + 10 * 110, 9);
    expect(engine.denials).toEqual([]);
    engine.close();
  });

  it('trips the daily-loss switch at the close where the loss passes the limit, having stored each day start', () => {
    const engine = open();
    engine.use({
      onBar: (b) => {
        if (b.symbol === 'BBB' && engine.orders.ledger.fills().length === 0 && engine.orders.openOrders().length === 0) {
          engine.orders.submit({ clientOrderId: 'b1', symbol: 'BBB', side: 'buy', type: 'market', quantity: quantity(50), timeInForce: 'gtc', origin: { kind: 'manual' } });
        }
      },
    });
    const dayStart = (): unknown => JSON.parse(db.prepare<[], string>("SELECT value FROM settings WHERE key = 'risk-day-start'").pluck().get() ?? 'null');
    for (let i = 0; i < 2; i++) {
      engine.step(bar('AAA', i, 100));
      engine.step(bar('BBB', i, 100));
    }
    expect(engine.portfolio.position('BBB')).toBe(50);
    engine.step(bar('AAA', 2, 100));
    // The first close of a day fixes its start; the same close's other symbols leave it alone.
    expect(dayStart()).toEqual({ day: '2021-01-06', equity: engine.portfolio.equity(engine.mark) });
    engine.step(bar('BBB', 2, 98));
    expect(engine.gate.isKillSwitchOn()).toBe(false);
    engine.step(bar('AAA', 3, 100));
    const start = engine.portfolio.equity(engine.mark);
    expect(dayStart()).toEqual({ day: '2021-01-07', equity: start });
    engine.step(bar('BBB', 3, 93));
    expect(start - engine.portfolio.equity(engine.mark)).toBeGreaterThan(0.02 * start);
    expect(engine.gate.activeKillSwitches()).toEqual(['global']);
    expect(engine.gate.events.list(epochMs(0), epochMs(Date.UTC(2030, 0, 1))).map((e) => [e.kind, e.actor, e.time])).toEqual([
      ['kill-switch-on', 'system:daily-loss-limit', Date.UTC(2021, 0, 7) + closeOffsetMs('1d')],
    ]);
    engine.close();
  });

  it('records at every close exactly the cash and equity a full valuation gives, held marks moving or not', () => {
    const engine = open();
    engine.use({
      onBar: (b) => {
        // Buys AAA and CCC early, sells AAA later: fills, held and unheld symbols, a closed position.
        const i = Math.round((b.time - Date.UTC(2021, 0, 4)) / DAY);
        const side = i === 1 && b.symbol !== 'BBB' ? 'buy' : i === 6 && b.symbol === 'AAA' ? 'sell' : undefined;
        if (side !== undefined) engine.orders.submit({ clientOrderId: `o${i}${b.symbol}`, symbol: b.symbol, side, type: 'market', quantity: quantity(7), timeInForce: 'gtc', origin: { kind: 'manual' } });
      },
    });
    const closes = [100, 101.3, 99.7, 99.7, 103.1, 98.2, 97.5, 97.5, 102.9, 104.4];
    for (let i = 0; i < closes.length; i++) {
      for (const [k, symbol] of ['AAA', 'BBB', 'CCC'].entries()) {
        engine.step(bar(symbol, i, (closes[(i + k) % closes.length] ?? 100) + k));
        const point = engine.equityCurve().at(-1);
        expect(point?.cash).toBe(engine.portfolio.cash());
        expect(point?.equity).toBe(engine.portfolio.equity(engine.mark));
      }
    }
    expect(engine.portfolio.position('AAA')).toBe(0);
    expect(engine.portfolio.position('CCC')).toBe(7);
    engine.close();
  });

  it('refuses an invalid broker configuration with the reason', () => {
    const r = TradingEngine.open({ db, clock: new ManualClock(0), startingCash: 1, broker: { slippageBps: -1 } });
    expect(r.ok ? '' : r.error).toContain('paper broker');
  });
});
