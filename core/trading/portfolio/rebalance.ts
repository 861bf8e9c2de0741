import type { Price } from '../../market/units.js';
import type { OrderSide } from '../order.js';
import type { PortfolioView } from '../portfolio-view.js';

/** Limits the book is kept inside by suggestion, not by force: each suggestion becomes a proposal. */
export interface RebalancePolicy {
  /** Largest |position value| as a fraction of equity, e.g. 0.2. */
  readonly maxWeight: number;
  /** Smallest cash as a fraction of equity, e.g. 0.05. */
  readonly cashFloor: number;
}

export const DEFAULT_REBALANCE_POLICY: RebalancePolicy = { maxWeight: 0.25, cashFloor: 0.05 };

/** One reduce-only trade that brings the book back inside the policy. */
export interface RebalanceSuggestion {
  readonly kind: 'trim' | 'raise-cash';
  readonly symbol: string;
  readonly side: OrderSide;
  /** Whole shares, never more than the position. */
  readonly quantity: number;
  readonly mark: Price;
  readonly reason: string;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/**
 * Suggestions, in order: trim every position above `maxWeight` of equity down to it (whole shares), then,
 * if cash would still be under `cashFloor`, sell longs — largest first — until it is not. Every suggestion
 * only shrinks a position, so it stays allowed while a kill switch is on. Nothing when equity is not
 * positive: percentages of a negative account mean nothing, and the kill switch handles that case.
 */
export function rebalanceSuggestions(
  portfolio: PortfolioView,
  mark: (symbol: string) => Price | undefined,
  policy: RebalancePolicy = DEFAULT_REBALANCE_POLICY,
): RebalanceSuggestion[] {
  const equity = portfolio.equity(mark);
  if (!(equity > 0)) return [];
  const out: RebalanceSuggestion[] = [];
  let cash = portfolio.cash();
  const left = new Map<string, { quantity: number; mark: Price }>();
  for (const p of portfolio.positions()) {
    const m = mark(p.symbol) ?? p.avgPrice;
    const weight = Math.abs(p.quantity * m) / equity;
    let quantity = p.quantity;
    if (weight > policy.maxWeight) {
      const keep = Math.floor((policy.maxWeight * equity) / m);
      const trim = Math.min(Math.abs(p.quantity), Math.ceil(Math.abs(p.quantity) - keep - 1e-9));
      if (trim > 0) {
        const side: OrderSide = p.quantity > 0 ? 'sell' : 'buy';
        out.push({
          kind: 'trim', symbol: p.symbol, side, quantity: trim, mark: m,
          reason: `${p.symbol} is ${pct(weight)} of equity, above the ${pct(policy.maxWeight)} limit: ${side} ${trim} to bring it to ${pct(Math.abs(p.quantity - Math.sign(p.quantity) * trim) * m / equity)}`,
        });
        quantity -= Math.sign(p.quantity) * trim;
        cash += Math.sign(p.quantity) * trim * m;
      }
    }
    if (quantity > 0) left.set(p.symbol, { quantity, mark: m });
  }
  let need = policy.cashFloor * equity - cash;
  if (need <= 0) return out;
  const longs = [...left.entries()].sort(([, a], [, b]) => b.quantity * b.mark - a.quantity * a.mark);
  for (const [symbol, held] of longs) {
    if (need <= 0) break;
    const quantity = Math.min(Math.floor(held.quantity), Math.ceil(need / held.mark));
    if (quantity <= 0) continue;
    out.push({
      kind: 'raise-cash', symbol, side: 'sell', quantity, mark: held.mark,
      reason: `cash ${pct(cash / equity)} of equity is below the ${pct(policy.cashFloor)} floor: sell ${quantity} ${symbol} to raise ${(quantity * held.mark).toFixed(2)}`,
    });
    need -= quantity * held.mark;
    cash += quantity * held.mark;
  }
  return out;
}
