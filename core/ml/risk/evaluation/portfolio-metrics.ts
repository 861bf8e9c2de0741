/** Trading days per year, for annualising daily figures. */
export const TRADING_DAYS = 252;

/** The ticket's portfolio figures for one equity path. */
export interface PortfolioMetrics {
  /** Standard deviation of daily returns × √252. */
  readonly annualVolatility: number;
  /** Largest fall from a running peak of equity, as a fraction of that peak (0..1). */
  readonly maxDrawdown: number;
  /** Mean daily return / its standard deviation × √252, no risk-free rate; NaN when equity never moved. */
  readonly sharpe: number;
  /** Mean daily return / downside deviation (root mean square of the negative days) × √252; NaN without a losing day. */
  readonly sortino: number;
  /** Equity at the end over the start, minus 1. */
  readonly totalReturn: number;
  readonly days: number;
}

/** Figures of an equity path (value at each close) that started at `initial`. */
export function portfolioMetrics(equity: ArrayLike<number>, initial: number): PortfolioMetrics {
  const n = equity.length;
  let prev = initial;
  let peak = initial;
  let maxDd = 0;
  let sum = 0;
  let sumSq = 0;
  let downSq = 0;
  for (let i = 0; i < n; i++) {
    const e = equity[i] ?? prev;
    const r = prev > 0 ? e / prev - 1 : 0;
    sum += r;
    sumSq += r * r;
    if (r < 0) downSq += r * r;
    peak = Math.max(peak, e);
    if (peak > 0) maxDd = Math.max(maxDd, (peak - e) / peak);
    prev = e;
  }
  const mean = n > 0 ? sum / n : Number.NaN;
  const variance = n > 1 ? (sumSq - n * mean * mean) / (n - 1) : Number.NaN;
  const sd = Math.sqrt(Math.max(0, variance));
  const downside = n > 0 ? Math.sqrt(downSq / n) : Number.NaN;
  const annual = Math.sqrt(TRADING_DAYS);
  return {
    annualVolatility: sd * annual,
    maxDrawdown: maxDd,
    sharpe: sd > 0 ? (mean / sd) * annual : Number.NaN,
    sortino: downside > 0 ? (mean / downside) * annual : Number.NaN,
    totalReturn: (n > 0 ? (equity[n - 1] ?? initial) : initial) / initial - 1,
    days: n,
  };
}
