import { describe, expect, it } from 'vitest';
import { epochMs, price, type Price } from '../../market/units.js';
import { InMemoryLedger } from './ledger.js';
import { Portfolio } from './portfolio.js';
import { rebalanceSuggestions } from './rebalance.js';
import { makeFill } from './testing-fills.js';

const account = (cash: number, ...fills: ReturnType<typeof makeFill>[]): Portfolio =>
  new Portfolio(new InMemoryLedger(fills, [{ time: epochMs(0), amount: cash, note: 'start' }]));

describe('rebalanceSuggestions', () => {
  it('trims a position above the max weight down to it, in whole shares', () => {
    // equity 10,000; A worth 4,000 = 40%
    const p = account(10_000, makeFill('A', 'buy', 40, 100));
    const s = rebalanceSuggestions(p, () => undefined, { maxWeight: 0.25, cashFloor: 0 });
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ kind: 'trim', symbol: 'A', side: 'sell', quantity: 15 });
  });

  it('trims a short by buying back', () => {
    const p = account(10_000, makeFill('A', 'sell', 40, 100));
    const s = rebalanceSuggestions(p, () => undefined, { maxWeight: 0.25, cashFloor: 0 });
    expect(s[0]).toMatchObject({ kind: 'trim', side: 'buy', quantity: 15 });
  });

  it('raises cash to the floor by selling the largest longs first', () => {
    // cash 200 of equity 10,000 (2%), floor 10% → need 800
    const p = account(10_000, makeFill('A', 'buy', 20, 200), makeFill('B', 'buy', 58, 100));
    const marks: Record<string, Price> = { A: price(200), B: price(100) };
    const s = rebalanceSuggestions(p, (sym) => marks[sym], { maxWeight: 1, cashFloor: 0.1 });
    expect(s).toEqual([expect.objectContaining({ kind: 'raise-cash', symbol: 'B', side: 'sell', quantity: 8 })]);
  });

  it('suggests nothing for a book inside the policy or an account without positive equity', () => {
    expect(rebalanceSuggestions(account(10_000, makeFill('A', 'buy', 10, 100)), () => undefined, { maxWeight: 0.25, cashFloor: 0.05 })).toEqual([]);
    expect(rebalanceSuggestions(account(0, makeFill('A', 'buy', 10, 100)), () => price(1))).toEqual([]);
  });
});
