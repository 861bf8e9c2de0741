import type { PaperBrokerConfig } from '../../../trading/paper/paper-broker-config.js';
import { runPortfolio } from '../env/portfolio-sim.js';
import type { RiskMarket } from '../env/risk-market.js';
import type { RiskSizer } from '../risk-sizer.js';
import { portfolioMetrics, type PortfolioMetrics } from './portfolio-metrics.js';

/** A set of symbols evaluated as one book (e.g. the held-out symbols). */
export interface Universe {
  readonly name: string;
  readonly symbols: readonly string[];
}

/** A sizer under evaluation; `seed` is set for a trained model (one entry per training seed). */
export interface EvaluatedSizer {
  readonly id: string;
  /** What the report groups by: the model's seeds together, each baseline on its own. */
  readonly group: string;
  readonly seed?: number;
  readonly sizer: RiskSizer;
}

/** One book (universe × year × sizer) replayed out of sample. */
export interface EvaluationCell {
  readonly universe: string;
  readonly year: number;
  readonly group: string;
  readonly sizerId: string;
  readonly seed: number | null;
  readonly metrics: PortfolioMetrics;
  /** Entries offered, and trades the sizer took. */
  readonly entries: number;
  readonly trades: number;
  /** Mean position size taken, % of equity (over trades taken). */
  readonly meanPosition: number;
}

export interface WalkForwardSetup {
  readonly market: RiskMarket;
  readonly universes: readonly Universe[];
  /** Each year is one window: the book starts flat with `initialEquity` on its first day. */
  readonly years: readonly number[];
  readonly sizers: readonly EvaluatedSizer[];
  readonly broker: PaperBrokerConfig;
  readonly maxHoldBars: number;
  readonly initialEquity: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Replays every (universe, year) window with every sizer on the same entries, broker and book rules, and
 * measures each book's daily equity path. Windows are calendar years after the training years, so every
 * figure is out of sample in time; a universe of held-out symbols is out of sample in names too.
 */
export function walkForward(setup: WalkForwardSetup): EvaluationCell[] {
  const cells: EvaluationCell[] = [];
  const total = setup.universes.length * setup.years.length * setup.sizers.length;
  let done = 0;
  for (const u of setup.universes) {
    const symbols = new Set(u.symbols);
    for (const year of setup.years) {
      for (const s of setup.sizers) {
        const path = runPortfolio(
          { market: setup.market, symbols, from: Date.UTC(year, 0, 1), to: Date.UTC(year + 1, 0, 1), broker: setup.broker, maxHoldBars: setup.maxHoldBars, initialEquity: setup.initialEquity },
          (input) => s.sizer.size(input),
        );
        const taken = path.outcomes.filter((o) => o.trade !== undefined && o.trade.position !== 0);
        const meanPosition = taken.length === 0 ? 0 : taken.reduce((sum, o) => sum + (Math.abs((o.trade?.position ?? 0) * (o.trade?.entryPrice ?? 0)) / o.equity) * 100, 0) / taken.length;
        cells.push({
          universe: u.name, year, group: s.group, sizerId: s.id, seed: s.seed ?? null,
          metrics: portfolioMetrics(path.equity, setup.initialEquity),
          entries: path.outcomes.length, trades: taken.length, meanPosition,
        });
        setup.onProgress?.(++done, total);
      }
    }
  }
  return cells;
}
