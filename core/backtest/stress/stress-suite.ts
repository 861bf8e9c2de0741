import { closeOffsetMs } from '../../market/interval.js';
import { epochMs, type EpochMs } from '../../market/units.js';
import type { BacktestConfig, BacktestResult, PerformanceMetrics, RunBacktest } from '../backtest-types.js';
import { shockLabel, type BarShock } from './bar-shocks.js';
import { HISTORICAL_WINDOWS, windowCoverage, type HistoricalWindow, type SeriesExtent } from './historical-windows.js';
import { monteCarloDrawdowns, type MonteCarloResult } from './monte-carlo.js';
import { riskBehaviour, type RiskBehaviour } from './risk-behaviour.js';
import { shockedBarSource } from './shocked-bar-source.js';

const DAY_MS = 86_400_000;
const DEFAULT_LEAD_MS = 365 * DAY_MS;
const DEFAULT_TAIL_MS = 2 * 365 * DAY_MS;

/** One stress run: a historical window or a synthetic shock, through the same runner as the plain backtest. */
export interface StressScenario {
  readonly id: string;
  readonly label: string;
  readonly kind: 'historical' | 'synthetic';
  readonly from: EpochMs;
  readonly to: EpochMs;
  /** Symbols the run traded. */
  readonly symbols: readonly string[];
  /** Symbols asked for that could not take part, and why (historical windows). */
  readonly absent: readonly { readonly symbol: string; readonly reason: string }[];
  /** Why the scenario did not run (no symbol covers the window, or the runner refused); then no figures. */
  readonly skipped?: string;
  readonly metrics?: PerformanceMetrics;
  readonly risk?: RiskBehaviour;
  /** Shocked run's metrics minus the plain run's over the same period (synthetic shocks). */
  readonly versusPlain?: { readonly totalReturn: number; readonly maxDrawdown: number };
}

export interface StressReport {
  readonly scenarios: readonly StressScenario[];
  /** The plain run's closed trades in random order: the drawdowns the order of luck could have given. */
  readonly monteCarlo: MonteCarloResult;
  /** The same trades drawn with replacement: also varies which trades, so the total return varies too. */
  readonly monteCarloBootstrap: MonteCarloResult;
}

export interface StressSuiteOptions {
  readonly run: RunBacktest;
  /** The plain backtest's config; scenarios reuse its bars, strategy, policy, broker and limits. */
  readonly base: BacktestConfig;
  /** The plain run over `base` (its trades feed the Monte Carlo; shocked runs are compared with it). */
  readonly plain: BacktestResult;
  /** Stored extent of each series, to tell which symbols cover a window. */
  readonly extents: readonly SeriesExtent[];
  readonly seed: number;
  readonly windows?: readonly HistoricalWindow[];
  /** Default: `defaultShocks` at the middle of the plain run. */
  readonly shocks?: readonly BarShock[];
  readonly monteCarloRuns?: number;
  /** How long before a shock its runs start (so positions are open when it hits); default one year. */
  readonly shockLeadMs?: number;
  /** How long after a shock its runs go on (at most to the plain run's end); default two years. */
  readonly shockTailMs?: number;
  /** Called before each scenario runs. */
  readonly onScenario?: (label: string, index: number, total: number) => void;
}

/**
 * The ticket's synthetic shocks, placed at `at` (a bar open time): a −10% gap, volatility ×3 for three months,
 * a liquidity drop to 5% of volume for three months, and a two-week feed outage.
 */
export function defaultShocks(at: EpochMs): BarShock[] {
  const quarter = epochMs(at + 91 * DAY_MS);
  return [
    { kind: 'gap', at, fraction: -0.1 },
    { kind: 'volatility', from: at, to: quarter, factor: 3 },
    { kind: 'liquidity', from: at, to: quarter, factor: 0.05 },
    { kind: 'feed-gap', from: at, to: epochMs(at + 14 * DAY_MS) },
  ];
}

const withoutFile = (c: BacktestConfig): BacktestConfig => {
  const { dbFile: _file, keepDb: _keep, onProgress: _progress, ...rest } = c;
  return rest;
};

/** The first day of a shock: where it starts to bite. */
const shockStart = (s: BarShock): EpochMs => (s.kind === 'gap' ? s.at : s.from);

/**
 * Runs every historical window the stored data covers and every synthetic shock through `run`, one after the
 * other, then a seeded Monte Carlo of the plain run's trade sequence. A window no symbol covers is listed as
 * skipped with the reason, never silently dropped.
 */
export async function runStressSuite(o: StressSuiteOptions): Promise<StressReport> {
  const base = withoutFile(o.base);
  const warmUpMs = (base.warmUpBars ?? 120) * 1.5 * DAY_MS;
  const coverage = windowCoverage(o.extents, base.symbols, o.windows ?? HISTORICAL_WINDOWS, warmUpMs);
  const middle = epochMs(Math.floor((o.plain.start + o.plain.end) / 2 / DAY_MS) * DAY_MS);
  const shocks = o.shocks ?? defaultShocks(middle);
  const total = coverage.length + shocks.length;
  const scenarios: StressScenario[] = [];
  let index = 0;
  for (const { window, covered, absent } of coverage) {
    o.onScenario?.(window.name, index++, total);
    const head = { id: window.id, label: window.name, kind: 'historical' as const, from: window.from, to: window.to, symbols: covered, absent };
    if (covered.length === 0) {
      scenarios.push({ ...head, skipped: 'no stored series covers this window' });
      continue;
    }
    const r = await o.run({ ...base, symbols: covered, from: window.from, to: window.to });
    scenarios.push(r.ok ? { ...head, metrics: r.value.metrics.portfolio, risk: riskBehaviour(r.value) } : { ...head, skipped: r.error });
  }
  // Shocks over the same period share one plain run to compare with.
  const plainRuns = new Map<string, Awaited<ReturnType<RunBacktest>>>();
  for (const shock of shocks) {
    const at = shockStart(shock);
    const label = `${shockLabel(shock)} on ${new Date(at).toISOString().slice(0, 10)}`;
    o.onScenario?.(label, index++, total);
    // Both runs start a while before the shock, so positions are open when it hits and the difference is the shock's alone.
    const from = epochMs(Math.max(o.plain.start - closeOffsetMs(base.interval), at - (o.shockLeadMs ?? DEFAULT_LEAD_MS)));
    // And end a while after it: what follows years later is the strategy, not the shock.
    const to = epochMs(Math.min(o.plain.end - closeOffsetMs(base.interval), at + (o.shockTailMs ?? DEFAULT_TAIL_MS)));
    const head = { id: `shock-${shock.kind}`, label, kind: 'synthetic' as const, from, to, symbols: base.symbols, absent: [] };
    const r = await o.run({ ...base, bars: shockedBarSource(base.bars, shock), from, to });
    let plainFrom = plainRuns.get(`${from}-${to}`);
    if (plainFrom === undefined) {
      plainFrom = await o.run({ ...base, from, to });
      plainRuns.set(`${from}-${to}`, plainFrom);
    }
    if (!r.ok || !plainFrom.ok) {
      scenarios.push({ ...head, skipped: r.ok ? (plainFrom.ok ? 'unknown' : plainFrom.error) : r.error });
      continue;
    }
    const m = r.value.metrics.portfolio;
    const p = plainFrom.value.metrics.portfolio;
    scenarios.push({ ...head, metrics: m, risk: riskBehaviour(r.value), versusPlain: { totalReturn: m.totalReturn - p.totalReturn, maxDrawdown: m.maxDrawdown - p.maxDrawdown } });
  }
  const closed = o.plain.trades.filter((t) => t.exit !== 'open').sort((a, b) => (a.exitTime ?? 0) - (b.exitTime ?? 0));
  const pnl = closed.map((t) => t.pnl);
  const runs = o.monteCarloRuns === undefined ? {} : { runs: o.monteCarloRuns };
  const monteCarlo = monteCarloDrawdowns(pnl, o.plain.startingCash, { seed: o.seed, method: 'permutation', ...runs });
  const monteCarloBootstrap = monteCarloDrawdowns(pnl, o.plain.startingCash, { seed: o.seed, method: 'bootstrap', ...runs });
  return { scenarios, monteCarlo, monteCarloBootstrap };
}
