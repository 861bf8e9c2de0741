import { describe, expect, it } from 'vitest';
import { price } from '../../market/units.js';
import { seededUniform } from '../../util/seeded-random.js';
import { MarkBoard } from './mark-board.js';
import { PositionBook } from './position-book.js';
import { makeFill } from './testing-fills.js';

const book = (...fills: ReturnType<typeof makeFill>[]): PositionBook => {
  const b = new PositionBook();
  for (const f of fills) b.apply(f);
  return b;
};

describe('PositionBook (average cost)', () => {
  it('starts with no positions and no realised entries, and lists exactly the fills applied (its lists are made non-empty then emptied)', () => {
    const b = new PositionBook();
    expect(b.positions()).toEqual([]);
    expect(b.realised()).toEqual([]);
    expect(b.holds('')).toBe(false);
    expect(b.marketValue(() => price(1))).toBe(0);
    b.apply(makeFill('A', 'buy', 10, 100, 1));
    expect(b.positions()).toEqual([{ symbol: 'A', quantity: 10, avgPrice: 100, openedAt: 1 }]);
    expect(b.realised()).toEqual([{ time: 1, symbol: 'A', amount: 0, closing: false }]);
    expect(b.marketValue(() => price(101))).toBe(1010);
  });

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

describe('PositionBook.marketValueAt', () => {
  it('values every position as its flat arrays grow from empty past 16 positions, and as positions close', () => {
    const book = new PositionBook();
    const board = new MarkBoard();
    expect(book.marketValueAt(board)).toBe(0);
    const symbols = Array.from({ length: 40 }, (_, i) => `S${i}`);
    let expected = 0;
    symbols.forEach((symbol, i) => {
      book.apply(makeFill(symbol, 'buy', i + 1, 10 + i, i));
      board.set(board.slot(symbol), price(11 + i));
      expected += (i + 1) * (11 + i);
      // Valued after every third fill, so the arrays also grow by more than one position at a time. Integers well
      // inside 2^53: every order of summing gives these exact values.
      if (i % 3 === 2 || i < 3) expect(book.marketValueAt(board)).toBe(expected);
    });
    for (const [i, symbol] of symbols.entries()) {
      if (i % 2 === 1) continue;
      book.apply(makeFill(symbol, 'sell', i + 1, 12 + i, 100 + i));
      expected -= (i + 1) * (11 + i);
      expect(book.marketValueAt(board)).toBe(expected);
    }
    expect(book.positions()).toHaveLength(20);
  });

  it('gives, fill after fill, the bits of a sum over the positions in the order they were first opened, as marketValue does', () => {
    // Fills that open, add, close, flip and leave dust, on symbols some of which have no mark yet; magnitudes
    // far apart, so a sum in another order would differ in its last bits.
    const symbols = ['A', 'B', 'C', 'D', 'E', 'F'];
    const scale = [1e-3, 1, 7.3, 1e4, 3e7, 0.1];
    const rnd = seededUniform(20261124);
    const book = new PositionBook();
    const board = new MarkBoard();
    const other = new MarkBoard();
    const marks = new Map<string, number>();
    // Map insertion order is what the book folded in before: a key keeps its place until it is deleted.
    const opened = new Map<string, true>();
    for (let i = 0; i < 600; i++) {
      const k = Math.floor(rnd() * symbols.length);
      const symbol = symbols[k] ?? 'A';
      const dust = rnd() < 0.05;
      const qty = dust ? 1e-12 : Math.round(rnd() * 20 + 1) * (scale[k] ?? 1);
      book.apply(makeFill(symbol, rnd() < 0.5 ? 'buy' : 'sell', qty, (scale[k] ?? 1) * (1 + rnd()), i));
      const held = new Set(book.positions().map((p) => p.symbol));
      for (const s of [...opened.keys()]) if (!held.has(s)) opened.delete(s);
      if (held.has(symbol)) opened.set(symbol, true);
      if (rnd() < 0.7 && symbol !== 'F') {
        const close = (scale[k] ?? 1) * (1 + rnd());
        marks.set(symbol, close);
        board.set(board.slot(symbol), price(close));
        other.set(other.slot(symbol), price(close * 2));
      }
      const sum = (factor: number): number => {
        let total = 0;
        for (const s of opened.keys()) {
          const p = book.position(s);
          const m = marks.get(s);
          total += (p?.quantity ?? Number.NaN) * (m === undefined ? (p?.avgPrice ?? Number.NaN) : m * factor);
        }
        return total;
      };
      const expected = sum(1);
      expect(Object.is(book.marketValueAt(board), expected)).toBe(true);
      expect(Object.is(book.marketValue((s) => (marks.has(s) ? price(marks.get(s) ?? 0) : undefined)), expected)).toBe(true);
      // A position reads the board it is given, not the one whose cell it kept from the last valuation.
      expect(Object.is(book.marketValueAt(other), sum(2))).toBe(true);
    }
    expect(opened.size).toBeGreaterThan(2);
  });
});
