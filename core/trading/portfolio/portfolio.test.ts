import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochMs, price, type Price } from '../../market/units.js';
import type { Fill } from '../order.js';
import { InMemoryLedger } from './ledger.js';
import { MarkBoard } from './mark-board.js';
import { Portfolio } from './portfolio.js';
import { makeFill } from './testing-fills.js';

const SYMBOLS = ['AAA', 'BBB', 'CCC'] as const;

const fillArb = fc.record({
  symbol: fc.constantFrom(...SYMBOLS),
  side: fc.constantFrom('buy' as const, 'sell' as const),
  quantity: fc.integer({ min: 1, max: 500 }),
  cents: fc.integer({ min: 100, max: 50_000 }),
  commissionCents: fc.integer({ min: 0, max: 500 }),
});

describe('Portfolio derived from the fill ledger', () => {
  it('equals a plain recomputation for random fill sequences: positions, cash, equity and P&L conservation', () => {
    fc.assert(
      fc.property(
        fc.array(fillArb, { maxLength: 60 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 100, max: 50_000 }), { minLength: 3, maxLength: 3 }),
        (specs, deposit, markCents) => {
          const fills: Fill[] = specs.map((s, i) => makeFill(s.symbol, s.side, s.quantity, s.cents / 100, i, s.commissionCents / 100));
          const ledger = new InMemoryLedger([], [{ time: epochMs(0), amount: deposit, note: 'starting cash' }]);
          const portfolio = new Portfolio(ledger);
          // Grow the ledger one fill at a time so the incremental fold is what gets checked.
          for (const f of fills) {
            ledger.addFill(f);
            portfolio.cash();
          }
          const marks = new Map<string, Price>(SYMBOLS.map((s, i) => [s, price((markCents[i] ?? 100) / 100)]));
          const mark = (s: string): Price | undefined => marks.get(s);

          const plainQty = new Map<string, number>();
          let plainCash = deposit;
          for (const f of fills) {
            const signed = f.side === 'buy' ? f.quantity : -f.quantity;
            plainQty.set(f.symbol, (plainQty.get(f.symbol) ?? 0) + signed);
            plainCash -= signed * f.price + f.commission;
          }
          for (const s of SYMBOLS) expect(portfolio.position(s)).toBe(plainQty.get(s) ?? 0);
          expect(portfolio.positions().map((p) => p.symbol)).toEqual(SYMBOLS.filter((s) => (plainQty.get(s) ?? 0) !== 0));
          expect(portfolio.cash()).toBeCloseTo(plainCash, 6);
          const marked = SYMBOLS.reduce((sum, s) => sum + (plainQty.get(s) ?? 0) * (marks.get(s) ?? 0), 0);
          expect(portfolio.equity(mark)).toBeCloseTo(plainCash + marked, 6);
          // The engine's valuation: cash plus the market value at a board of mark cells, the same bits as equity().
          const board = new MarkBoard();
          for (const [s, m] of marks) if (s !== 'CCC') board.set(board.slot(s), m);
          expect(Object.is(portfolio.cash() + portfolio.marketValueAt(board), portfolio.equity(board.lastPrice))).toBe(true);
          // What the gate values the account with: the board read directly, or any other market through its lastPrice.
          expect(Object.is(portfolio.equityAt(board), portfolio.equity(board.lastPrice))).toBe(true);
          expect(Object.is(portfolio.equityAt({ lastPrice: mark }), portfolio.equity(mark))).toBe(true);
          // Whatever the accounting method, realised + unrealised must be the whole gain over deposits.
          expect(portfolio.realisedPnl() + portfolio.unrealisedPnl(mark)).toBeCloseTo(portfolio.equity(mark) - deposit, 6);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts realised P&L only from fills at or after `since`, net of commission', () => {
    const ledger = new InMemoryLedger([
      makeFill('A', 'buy', 10, 100, 1),
      makeFill('A', 'sell', 5, 110, 10, 1),
      makeFill('A', 'sell', 5, 90, 20, 1),
    ]);
    const p = new Portfolio(ledger);
    expect(p.realisedPnlSince(epochMs(0))).toBe(49 - 51);
    expect(p.realisedPnlSince(epochMs(11))).toBe(-51);
    expect(p.realisedPnlSince(epochMs(21))).toBe(0);
  });

  it('summarises equity, P&L and winning closing fills at marks', () => {
    const ledger = new InMemoryLedger(
      [makeFill('A', 'buy', 10, 100, 1), makeFill('A', 'sell', 5, 110, 2, 1), makeFill('B', 'buy', 2, 50, 3)],
      [{ time: epochMs(0), amount: 10_000, note: 'start' }],
    );
    const s = new Portfolio(ledger).summary((sym) => (sym === 'A' ? price(120) : undefined));
    expect(s).toEqual({
      cash: 10_000 - 1000 + 550 - 1 - 100,
      marketValue: 600 + 100,
      equity: 10_000 - 1000 + 550 - 1 - 100 + 700,
      realisedPnl: 49,
      unrealisedPnl: 100,
      commissions: 1,
      closingFills: 1,
      winningFills: 1,
    });
  });

  it('starts over when handed a shorter ledger (another account), instead of keeping stale fills', () => {
    let fills: Fill[] = [makeFill('A', 'buy', 10, 100), makeFill('A', 'buy', 10, 100)];
    const p = new Portfolio({ fills: () => fills, cashMovements: () => [] });
    expect(p.position('A')).toBe(20);
    fills = [makeFill('B', 'buy', 1, 10)];
    expect(p.position('A')).toBe(0);
    expect(p.position('B')).toBe(1);
  });

  it('hands out one positions list until the next fill, then a new one with the fill in it', () => {
    const ledger = new InMemoryLedger([makeFill('BBB', 'buy', 5, 20)], [{ time: epochMs(0), amount: 1_000, note: 'starting cash' }]);
    const portfolio = new Portfolio(ledger);
    const first = portfolio.positions();
    expect(portfolio.positions()).toBe(first);
    ledger.addFill(makeFill('AAA', 'buy', 10, 50, 1));
    const second = portfolio.positions();
    expect(second).not.toBe(first);
    expect(first.map((p) => [p.symbol, p.quantity])).toEqual([['BBB', 5]]);
    expect(second.map((p) => [p.symbol, p.quantity])).toEqual([['AAA', 10], ['BBB', 5]]);
    expect(portfolio.equity(() => price(30))).toBe(1_000 - 100 - 500 + 15 * 30);
  });

  it('keeps its positions list equal to a fresh fold while fills open, grow, flip and close positions', () => {
    fc.assert(
      fc.property(fc.array(fillArb, { maxLength: 40 }), (specs) => {
        const ledger = new InMemoryLedger();
        const portfolio = new Portfolio(ledger);
        specs.forEach((s, i) => {
          portfolio.positions();
          ledger.addFill(makeFill(s.symbol, s.side, s.quantity, s.cents / 100, i, s.commissionCents / 100));
          expect(portfolio.positions()).toEqual(new Portfolio(new InMemoryLedger(ledger.fills())).positions());
        });
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});
