import { describe, expect, it } from 'vitest';
import { price } from '../../market/units.js';
import { PositionBook } from './position-book.js';
import { makeFill } from './testing-fills.js';

const book = (...fills: ReturnType<typeof makeFill>[]): PositionBook => {
  const b = new PositionBook();
  for (const f of fills) b.apply(f);
  return b;
};

describe('PositionBook (average cost)', () => {
  it('averages the price of fills that add to a position', () => {
    const b = book(makeFill('A', 'buy', 10, 100, 1), makeFill('A', 'buy', 30, 104, 2));
    expect(b.positions()).toEqual([{ symbol: 'A', quantity: 40, avgPrice: 103, openedAt: 1 }]);
    expect(b.tradingCash).toBe(-(1000 + 3120));
  });

  it('books (price − average) on a partial close and keeps the average and opening time', () => {
    const b = book(makeFill('A', 'buy', 40, 103, 1), makeFill('A', 'sell', 10, 110, 5, 1.5));
    expect(b.positions()).toEqual([{ symbol: 'A', quantity: 30, avgPrice: 103, openedAt: 1 }]);
    expect(b.realised().at(-1)).toEqual({ time: 5, symbol: 'A', amount: 70 - 1.5, closing: true });
    expect(b.commissions).toBe(1.5);
  });

  it('flips long to short: closes the long, opens the remainder short at the fill price and time', () => {
    const b = book(makeFill('A', 'buy', 10, 50, 1), makeFill('A', 'sell', 25, 60, 7));
    expect(b.positions()).toEqual([{ symbol: 'A', quantity: -15, avgPrice: 60, openedAt: 7 }]);
    expect(b.realised().at(-1)?.amount).toBe(100);
  });

  it('flips short to long and realises the short’s gain when covered lower', () => {
    const b = book(makeFill('A', 'sell', 10, 60, 1), makeFill('A', 'buy', 12, 55, 3));
    expect(b.quantity('A')).toBe(2);
    expect(b.realised().at(-1)?.amount).toBe(50);
    expect(b.positions()[0]?.avgPrice).toBe(55);
  });

  it('treats float dust left by fractional fills as flat', () => {
    const b = book(makeFill('BTC', 'buy', 0.1, 10, 1), makeFill('BTC', 'buy', 0.2, 10, 2), makeFill('BTC', 'sell', 0.3, 11, 3));
    expect(b.positions()).toEqual([]);
  });

  it('removes a position closed exactly and reopens it fresh', () => {
    const b = book(makeFill('A', 'buy', 10, 50, 1), makeFill('A', 'sell', 10, 40, 2), makeFill('A', 'buy', 5, 45, 9));
    expect(b.positions()).toEqual([{ symbol: 'A', quantity: 5, avgPrice: 45, openedAt: 9 }]);
    expect(b.realised().map((r) => r.amount)).toEqual([0, -100, 0]);
  });

  it('marks open positions for unrealised P&L and market value, falling back to the average price', () => {
    const b = book(makeFill('A', 'buy', 10, 50), makeFill('B', 'sell', 4, 20));
    const mark = (s: string) => (s === 'A' ? price(55) : undefined);
    expect(b.unrealised(mark)).toBe(50);
    expect(b.marketValue(mark)).toBe(550 - 80);
  });
});
