import { describe, expect, it } from 'vitest';
import { price } from '../../market/units.js';
import { seededUniform } from '../../util/seeded-random.js';
import { MarkBoard } from './mark-board.js';

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
