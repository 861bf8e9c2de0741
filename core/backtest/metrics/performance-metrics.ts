import type { Fill } from '../../trading/order.js';
import type { BacktestTrade, PerformanceMetrics } from '../backtest-types.js';
import { drawdownStats, periodReturns, periodsPerYear, ratio, sharpe, sortino, stdev, YEAR_MS } from './return-stats.js';

/** An equity point with the cash part, so exposure (equity ≠ cash) can be read from it. */
export interface MetricsPoint {
  readonly time: number;
  readonly cash: number;
  readonly equity: number;
}

export interface MetricsInput {
  /** One point per period, oldest first; the first point is the starting equity. */
  readonly curve: readonly MetricsPoint[];
  readonly trades: readonly BacktestTrade[];
  readonly fills: readonly Fill[];
}

const EPS = 1e-9;

/**
 * Every figure of a metrics table from an equity curve, its trades and its fills (see PerformanceMetrics for
 * the definitions). Trades still open count in neither win rate nor profit factor.
 */
export function performanceMetrics(input: MetricsInput): PerformanceMetrics {
  const { curve, trades, fills } = input;
  const first = curve[0];
  const last = curve[curve.length - 1];
  const start = first?.equity ?? 0;
  const end = last?.equity ?? start;
  const totalReturn = start > 0 ? end / start - 1 : 0;
  const years = first === undefined || last === undefined ? 0 : (last.time - first.time) / YEAR_MS;
  const returns = periodReturns(curve);
  const perYear = periodsPerYear(curve);
  const sd = stdev(returns);
  const closed = trades.filter((t) => t.exit !== 'open');
  let gains = 0;
  let losses = 0;
  let wins = 0;
  for (const t of closed) {
    if (t.pnl > 0) {
      gains += t.pnl;
      wins++;
    } else losses -= t.pnl;
  }
  const breakouts = closed.filter((t) => t.breakout);
  let exposed = 0;
  let equitySum = 0;
  for (const p of curve) {
    if (Math.abs(p.equity - p.cash) > EPS) exposed++;
    equitySum += p.equity;
  }
  let traded = 0;
  let commissions = 0;
  for (const f of fills) {
    traded += f.quantity * f.price;
    commissions += f.commission;
  }
  const avgEquity = curve.length === 0 ? 0 : equitySum / curve.length;
  return {
    totalReturn,
    annualisedReturn: years > 0 && end > 0 && start > 0 ? (end / start) ** (1 / years) - 1 : null,
    volatility: Number.isFinite(sd) && perYear !== null ? sd * Math.sqrt(perYear) : null,
    sharpe: sharpe(returns, perYear),
    sortino: sortino(returns, perYear),
    ...((): Pick<PerformanceMetrics, 'maxDrawdown' | 'maxDrawdownDurationMs' | 'maxDrawdownDurationPeriods'> => {
      const d = drawdownStats(curve);
      return { maxDrawdown: d.maxDrawdown, maxDrawdownDurationMs: d.durationMs, maxDrawdownDurationPeriods: d.durationPeriods };
    })(),
    trades: closed.length,
    winRate: closed.length === 0 ? null : wins / closed.length,
    profitFactor: ratio(gains, losses),
    exposure: curve.length === 0 ? 0 : exposed / curve.length,
    turnover: years > 0 && avgEquity > 0 ? traded / avgEquity / years : null,
    breakoutSuccessRate: breakouts.length === 0 ? null : breakouts.filter((t) => t.exit === 'take_profit').length / breakouts.length,
    netPnl: end - start,
    commissions,
  };
}

