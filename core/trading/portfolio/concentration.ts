import type { Price } from '../../market/units.js';
import type { PositionView } from '../portfolio-view.js';

/** A holding's share of the gross book: |quantity × mark| / Σ |quantity × mark|. */
export interface HoldingWeight {
  readonly symbol: string;
  readonly weight: number;
  /** Signed market value at the mark. */
  readonly value: number;
}

/** Absolute weights of the open positions in the gross book; empty when nothing is held. */
export function holdingWeights(positions: readonly PositionView[], mark: (symbol: string) => Price | undefined): HoldingWeight[] {
  // Plain loops, one object per holding: the same values and the same sum, oldest term first, as map and reduce.
  const values = new Array<number>(positions.length);
  let gross = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i];
    const value = p === undefined ? 0 : p.quantity * (mark(p.symbol) ?? p.avgPrice);
    values[i] = value;
    gross += Math.abs(value);
  }
  if (!(gross > 0)) return [];
  const weights: HoldingWeight[] = [];
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i];
    const value = values[i] ?? 0;
    if (p !== undefined) weights.push({ symbol: p.symbol, value, weight: Math.abs(value) / gross });
  }
  return weights;
}

/** Concentration of the book: the Herfindahl index and its reciprocal, the effective number of holdings. */
export interface Concentration {
  /** Σ w², in [1/n, 1]; 0 when flat. Shorts count by their absolute size: they are risk too. */
  readonly herfindahl: number;
  /** 1 / herfindahl: how many equal holdings would be as concentrated; 0 when flat. */
  readonly effectiveHoldings: number;
  readonly largest?: HoldingWeight;
}

export function concentration(weights: readonly HoldingWeight[]): Concentration {
  if (weights.length === 0) return { herfindahl: 0, effectiveHoldings: 0 };
  const herfindahl = weights.reduce((sum, w) => sum + w.weight * w.weight, 0);
  const largest = weights.reduce((a, b) => (b.weight > a.weight ? b : a));
  return { herfindahl, effectiveHoldings: 1 / herfindahl, largest };
}
