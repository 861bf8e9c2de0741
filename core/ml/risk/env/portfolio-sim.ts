import type { Bar } from '../../../market/bar.js';
import { closeOffsetMs } from '../../../market/interval.js';
import { epochMs, price, type Price } from '../../../market/units.js';
import type { DailyBarSource } from '../../../trading/portfolio/correlation-risk.js';
import type { PortfolioView, PositionView } from '../../../trading/portfolio-view.js';
import type { PaperBrokerConfig } from '../../../trading/paper/paper-broker-config.js';
import type { Result } from '../../../util/result.js';
import type { HistoryQuery } from '../../../feeds/feed.js';
import type { RiskDecision, RiskInput } from '../risk-sizer.js';
import { riskStateFrom } from '../state/risk-state-from.js';
import { lastAtOrBefore, type EntrySignal, type RiskMarket, type SymbolSeries } from './risk-market.js';
import { simulateTrade, type SimulatedTrade } from './trade-sim.js';

/** One replay of a book over a window: which entries, which broker, how long a trade may run. */
export interface PortfolioRun {
  readonly market: RiskMarket;
  readonly symbols: ReadonlySet<string>;
  /** Entries with signal bar open time in [from, to) are offered; the equity curve covers the same dates. */
  readonly from: number;
  readonly to: number;
  readonly broker: PaperBrokerConfig;
  readonly maxHoldBars: number;
  readonly initialEquity: number;
}

/** What happened to one entry. */
export interface EntryOutcome {
  readonly step: number;
  readonly signal: EntrySignal;
  readonly input: RiskInput;
  /** Undefined when the sizer refused (its reason is in `refusal`) or skipped. */
  readonly trade: SimulatedTrade | undefined;
  readonly refusal?: string;
  /** Equity at the decision (cash + positions at that close). */
  readonly equity: number;
  /** The trade's whole P&L (also the part after the window) over the equity at the decision. */
  readonly tradeReturn: number;
}

/** The book's daily path: equity at each close of the window's calendar, and every entry's outcome. */
export interface PortfolioPath {
  readonly times: Float64Array;
  readonly equity: Float64Array;
  readonly outcomes: readonly EntryOutcome[];
}

/** Decides one entry; `step` counts the entries of the run from 0. */
export type EntryDecider = (input: RiskInput, step: number) => Result<RiskDecision, string>;

interface OpenTrade {
  readonly symbol: string;
  readonly position: number;
  readonly entryPrice: number;
  readonly entryTime: number;
  readonly entryDay: number;
  readonly exitDay: number;
}

/**
 * Replays the window's entries in time order against one book: at each entry the `RiskState` is built by the
 * desk's own `riskStateFrom` from this book (equity = start + every earlier trade's marked P&L up to that
 * close, positions = trades open at that close), the decider sizes it, and the paper broker trades it.
 * Trades decided the same day see the same equity. The equity curve marks every trade at each close, so its
 * daily returns are the portfolio's, with overlapping positions adding up.
 */
export function runPortfolio(run: PortfolioRun, decide: EntryDecider): PortfolioPath {
  const { market, symbols } = run;
  const calendar = windowCalendar(market, symbols, run.from, run.to);
  const dayOf = new Map<number, number>();
  calendar.forEach((t, i) => dayOf.set(t, i));
  const pnl = new Float64Array(calendar.length);
  const open: OpenTrade[] = [];
  const outcomes: EntryOutcome[] = [];
  const dailyBars = seriesSource(market);
  let step = 0;
  for (const signal of market.signals) {
    if (signal.time < run.from || signal.time >= run.to || !symbols.has(signal.symbol)) continue;
    const series = market.series.get(signal.symbol);
    const day = dayOf.get(signal.time);
    if (series === undefined || day === undefined) continue;
    const marks = (s: string): Price | undefined => markAt(market.series.get(s), signal.time);
    let realised = 0;
    for (let d = 0; d <= day; d++) realised += pnl[d] ?? 0;
    const held = open.filter((t) => t.entryDay <= day && day < t.exitDay);
    const portfolio = bookView(run.initialEquity + realised, held, marks);
    const bars = series.bars.slice(Math.max(0, signal.barIndex - 59), signal.barIndex + 1);
    const state = riskStateFrom({ portfolio, mark: marks, symbol: signal.symbol, bars, atr: signal.atr, dailyBars });
    if (!state.ok) continue;
    const input: RiskInput = { state: state.value, direction: signal.direction, entry: signal.entry, atr: signal.atr };
    const equity = state.value.portfolioMetrics.totalValue;
    const decision = decide(input, step);
    const base = { step, signal, input, equity };
    step++;
    if (!decision.ok || decision.value.quantity <= 0) {
      outcomes.push({ ...base, trade: undefined, tradeReturn: 0, ...(decision.ok ? {} : { refusal: decision.error }) });
      continue;
    }
    const d = decision.value;
    const trade = simulateTrade(series, signal.barIndex, { direction: signal.direction, quantity: d.quantity, stopLoss: d.stopLoss, takeProfit: d.takeProfit }, run.broker, run.maxHoldBars);
    outcomes.push({ ...base, trade, tradeReturn: trade.pnl / equity });
    if (trade.position === 0) continue;
    for (let k = 0; k < trade.barPnl.length; k++) {
      const t = series.bars[trade.entryBar + k]?.time;
      const dd = t === undefined ? undefined : dayOf.get(t);
      if (dd !== undefined) pnl[dd] = (pnl[dd] ?? 0) + (trade.barPnl[k] ?? 0);
    }
    const entryBar = series.bars[trade.entryBar];
    const exitTime = series.bars[trade.exitBar]?.time;
    open.push({
      symbol: signal.symbol, position: trade.position, entryPrice: trade.entryPrice, entryTime: entryBar?.time ?? signal.time,
      entryDay: dayOf.get(entryBar?.time ?? -1) ?? Number.POSITIVE_INFINITY,
      exitDay: exitTime === undefined ? Number.POSITIVE_INFINITY : dayOf.get(exitTime) ?? Number.POSITIVE_INFINITY,
    });
  }
  const equity = new Float64Array(calendar.length);
  let e = run.initialEquity;
  for (let d = 0; d < calendar.length; d++) {
    e += pnl[d] ?? 0;
    equity[d] = e;
  }
  return { times: calendar, equity, outcomes };
}

/** Open times of every bar of the symbols inside [from, to), sorted, each once. */
function windowCalendar(market: RiskMarket, symbols: ReadonlySet<string>, from: number, to: number): Float64Array {
  const times = new Set<number>();
  for (const s of symbols) {
    const series = market.series.get(s);
    if (series === undefined) continue;
    for (let i = Math.max(0, lastAtOrBefore(series.times, from - 1) + 1); i < series.times.length; i++) {
      const t = series.times[i] ?? Number.POSITIVE_INFINITY;
      if (t >= to) break;
      times.add(t);
    }
  }
  return Float64Array.from([...times].sort((a, b) => a - b));
}

function markAt(series: SymbolSeries | undefined, time: number): Price | undefined {
  if (series === undefined) return undefined;
  const bar = series.bars[lastAtOrBefore(series.times, time)];
  return bar === undefined ? undefined : price(bar.close);
}

/** The replayed book as the desk's `PortfolioView`, so `riskStateFrom` reads it exactly as it reads the live one. */
function bookView(equity: number, held: readonly OpenTrade[], marks: (s: string) => Price | undefined): PortfolioView {
  const bySymbol = new Map<string, { quantity: number; cost: number; openedAt: number }>();
  for (const t of held) {
    const p = bySymbol.get(t.symbol) ?? { quantity: 0, cost: 0, openedAt: t.entryTime };
    bySymbol.set(t.symbol, { quantity: p.quantity + t.position, cost: p.cost + t.position * t.entryPrice, openedAt: Math.min(p.openedAt, t.entryTime) });
  }
  const positions: PositionView[] = [...bySymbol.entries()].map(([symbol, p]) => ({ symbol, quantity: p.quantity, avgPrice: price(p.cost / p.quantity), openedAt: epochMs(p.openedAt) }));
  const marked = (mark: (s: string) => Price | undefined): number => positions.reduce((sum, p) => sum + p.quantity * (mark(p.symbol) ?? p.avgPrice), 0);
  // Equity is known (start + marked P&L); cash is what is left once the positions are valued at the marks.
  const cash = equity - marked(marks);
  return {
    cash: () => cash,
    position: (symbol) => bySymbol.get(symbol)?.quantity ?? 0,
    positions: () => positions,
    equity: (mark) => cash + marked(mark),
    realisedPnlSince: () => 0,
  };
}

/** Daily bars of the market's series for the correlation figure: only bars closed by `to`. */
function seriesSource(market: RiskMarket): DailyBarSource {
  return {
    query(q: HistoryQuery): Bar[] {
      const series = market.series.get(q.symbol);
      if (series === undefined) return [];
      const to = q.to ?? Number.POSITIVE_INFINITY;
      // A bar belongs to the history at `to` only once it has closed.
      let end = lastAtOrBefore(series.times, to);
      while (end >= 0 && (series.bars[end]?.time ?? 0) + closeOffsetMs('1d') > to) end--;
      const start = Math.max(0, end + 1 - (q.limit ?? end + 1));
      return series.bars.slice(start, end + 1) as Bar[];
    },
  };
}
