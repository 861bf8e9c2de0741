import { describe, expect, it } from 'vitest';
import { price } from '../../market/units.js';
import { seededUniform } from '../../util/seeded-random.js';
import { MarkBoard } from './mark-board.js';
import { PositionBook } from './position-book.js';
import { makeFill } from './testing-fills.js';

describe('MarkBoard', () => {
  it('answers lastPrice as a map of closes would: undefined before the first close, then the latest', () => {
    const board = new MarkBoard();
    const slot = board.slot('AAA');
    expect(board.lastPrice('AAA')).toBeUndefined();
    expect(board.lastPrice('ZZZ')).toBeUndefined();
    expect(board.set(slot, price(10))).toBe(true);
    expect(board.lastPrice('AAA')).toBe(10);
    expect(board.slot('AAA')).toBe(slot);
  });

  it('says a close moved the mark only when it differs from the previous one (NaN equals NaN, -0 is not 0)', () => {
    const board = new MarkBoard();
    const slot = board.slot('AAA');
    expect(board.set(slot, price(0))).toBe(true);
    expect(board.set(slot, price(0))).toBe(false);
    expect(board.set(slot, price(-0))).toBe(true);
    expect(board.set(slot, price(Number.NaN))).toBe(true);
    expect(board.set(slot, price(Number.NaN))).toBe(false);
  });
});

describe('PositionBook.marketValueAt', () => {
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

describe('MarkBoard.next', () => {
  it('finds the same slot as slot() whatever the order symbols come in, and keeps closes past its first 64 symbols', () => {
    const board = new MarkBoard();
    const symbols = Array.from({ length: 100 }, (_, i) => `S${i}`);
    const rnd = seededUniform(7);
    const last = new Map<string, number>();
    for (let round = 0; round < 5; round++) {
      // Mostly the same cycle, with symbols skipped and the order shuffled in one round.
      const order = round === 3 ? [...symbols].sort(() => rnd() - 0.5) : symbols.filter(() => rnd() < 0.9);
      for (const s of order) {
        const slot = board.next(s);
        expect(slot).toBe(board.slot(s));
        expect(slot.symbol).toBe(s);
        board.set(slot, price(round * 1000 + Number(s.slice(1))));
        last.set(s, round * 1000 + Number(s.slice(1)));
      }
    }
    for (const s of symbols) expect(board.lastPrice(s)).toBe(last.get(s));
    expect(new Set(symbols.map((s) => board.slot(s).index)).size).toBe(100);
  });
});
