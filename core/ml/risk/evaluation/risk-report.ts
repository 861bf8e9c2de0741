import { bootstrap, type Estimate } from '../../evaluation/bootstrap.js';
import type { PortfolioMetrics } from './portfolio-metrics.js';
import type { EvaluationCell } from './walk-forward-eval.js';

export const METRIC_NAMES = ['annualVolatility', 'maxDrawdown', 'sharpe', 'sortino', 'totalReturn'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** Spread of a model's figure across training seeds (each seed's mean over the windows). */
export interface SeedSpread {
  readonly perSeed: readonly { readonly seed: number; readonly value: number }[];
  readonly min: number;
  readonly max: number;
  readonly sd: number;
}

/** One sizer group's figures in one universe: mean over windows (seeds averaged first) with a bootstrap CI over windows. */
export interface GroupSummary {
  readonly universe: string;
  readonly group: string;
  readonly seeds: number;
  readonly windows: number;
  readonly trades: number;
  readonly meanPosition: number;
  readonly metrics: Record<MetricName, Estimate & { readonly seedSpread?: SeedSpread }>;
}

/** The model against one baseline, window by window (paired: same entries, same window). */
export interface Comparison {
  readonly universe: string;
  readonly model: string;
  readonly baseline: string;
  /** Mean of vol_model / vol_baseline − 1 (negative = the model's book was calmer). */
  readonly volatilityChange: Estimate & { readonly seedSpread: SeedSpread };
  /** Mean of Sharpe_model − Sharpe_baseline. */
  readonly sharpeDifference: Estimate & { readonly seedSpread: SeedSpread };
  readonly sortinoDifference: Estimate;
  /** The ticket's bar: volatility at least 15 % lower, Sharpe no worse (point estimates). */
  readonly meetsTicket: boolean;
  readonly verdict: string;
}

export interface RiskEvaluationReport {
  readonly years: readonly number[];
  readonly universes: readonly { readonly name: string; readonly symbols: readonly string[] }[];
  readonly summaries: readonly GroupSummary[];
  readonly comparisons: readonly Comparison[];
  readonly cells: readonly EvaluationCell[];
}

const finiteMean = (xs: readonly number[]): number => {
  const f = xs.filter(Number.isFinite);
  return f.length === 0 ? Number.NaN : f.reduce((s, v) => s + v, 0) / f.length;
};

/** Mean with a percentile-bootstrap CI over the values (windows), NaNs left out. */
function estimateOver(values: readonly number[], seed: number): Estimate {
  return bootstrap(values.length, (idx) => finiteMean(Array.from(idx, (i) => values[i] ?? Number.NaN)), { seed, resamples: 2000 });
}

function spread(perSeed: { seed: number; value: number }[]): SeedSpread {
  const v = perSeed.map((p) => p.value).filter(Number.isFinite);
  const m = finiteMean(v);
  const sd = v.length > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1)) : 0;
  return { perSeed, min: v.length ? Math.min(...v) : Number.NaN, max: v.length ? Math.max(...v) : Number.NaN, sd };
}

/**
 * Summarises walk-forward cells: per universe and sizer group, each metric's mean over windows (a model's
 * seeds averaged within each window first) with a 95 % bootstrap interval over windows, and its spread over
 * seeds; then the model against each baseline, paired window by window.
 */
export function summariseEvaluation(cells: readonly EvaluationCell[], modelGroup: string, seed: number): Omit<RiskEvaluationReport, 'universes'> {
  const universes = [...new Set(cells.map((c) => c.universe))];
  const years = [...new Set(cells.map((c) => c.year))].sort((a, b) => a - b);
  const groups = [...new Set(cells.map((c) => c.group))];
  const summaries: GroupSummary[] = [];
  const comparisons: Comparison[] = [];
  const metricOf = (c: EvaluationCell, m: MetricName): number => c.metrics[m as keyof PortfolioMetrics];
  for (const u of universes) {
    const inU = cells.filter((c) => c.universe === u);
    const windowMean = (group: string, f: (c: EvaluationCell) => number): number[] => years.map((y) => finiteMean(inU.filter((c) => c.group === group && c.year === y).map(f)));
    for (const g of groups) {
      const gc = inU.filter((c) => c.group === g);
      const seeds = [...new Set(gc.map((c) => c.seed))];
      const metrics = {} as Record<MetricName, Estimate & { seedSpread?: SeedSpread }>;
      METRIC_NAMES.forEach((m, k) => {
        const est = estimateOver(windowMean(g, (c) => metricOf(c, m)), seed + k);
        metrics[m] = seeds.length > 1 ? { ...est, seedSpread: spread(seeds.map((s) => ({ seed: s ?? 0, value: finiteMean(gc.filter((c) => c.seed === s).map((c) => metricOf(c, m))) }))) } : est;
      });
      summaries.push({
        universe: u, group: g, seeds: seeds.length, windows: years.length, trades: gc.reduce((s, c) => s + c.trades, 0) / seeds.length,
        meanPosition: finiteMean(gc.map((c) => c.meanPosition)), metrics,
      });
    }
    const model = inU.filter((c) => c.group === modelGroup);
    const modelSeeds = [...new Set(model.map((c) => c.seed ?? 0))];
    for (const b of groups.filter((g) => g !== modelGroup)) {
      const base = new Map(inU.filter((c) => c.group === b).map((c) => [c.year, c]));
      const paired = (f: (m: EvaluationCell, bc: EvaluationCell) => number, s?: number): number[] => years.map((y) => {
        const bc = base.get(y);
        return bc === undefined ? Number.NaN : finiteMean(model.filter((c) => c.year === y && (s === undefined || c.seed === s)).map((c) => f(c, bc)));
      });
      const volF = (m: EvaluationCell, bc: EvaluationCell): number => m.metrics.annualVolatility / bc.metrics.annualVolatility - 1;
      const shF = (m: EvaluationCell, bc: EvaluationCell): number => m.metrics.sharpe - bc.metrics.sharpe;
      const volatilityChange = { ...estimateOver(paired(volF), seed + 11), seedSpread: spread(modelSeeds.map((s) => ({ seed: s, value: finiteMean(paired(volF, s)) }))) };
      const sharpeDifference = { ...estimateOver(paired(shF), seed + 12), seedSpread: spread(modelSeeds.map((s) => ({ seed: s, value: finiteMean(paired(shF, s)) }))) };
      const sortinoDifference = estimateOver(paired((m, bc) => m.metrics.sortino - bc.metrics.sortino), seed + 13);
      const meetsTicket = volatilityChange.value <= -0.15 && sharpeDifference.value >= 0;
      comparisons.push({ universe: u, model: modelGroup, baseline: b, volatilityChange, sharpeDifference, sortinoDifference, meetsTicket, verdict: verdictText(volatilityChange, sharpeDifference, meetsTicket) });
    }
  }
  return { years, summaries, comparisons, cells };
}

const pc = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
const f2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');

function verdictText(vol: Estimate, sharpe: Estimate, meets: boolean): string {
  const volPart = vol.value <= -0.15 ? `volatility ${pc(-vol.value)} lower` : vol.value < 0 ? `volatility only ${pc(-vol.value)} lower (short of 15%)` : `volatility ${pc(vol.value)} HIGHER`;
  const shPart = sharpe.value >= 0 ? `Sharpe ${f2(sharpe.value)} better` : `Sharpe ${f2(-sharpe.value)} worse`;
  const ciPart = Number.isFinite(sharpe.low) && sharpe.low < 0 && sharpe.high > 0 ? ' (Sharpe CI spans 0: no significant difference)' : '';
  return `${meets ? 'MEETS' : 'DOES NOT MEET'} the ticket's bar: ${volPart}, ${shPart}${ciPart}`;
}

const est = (e: Estimate, fmt: (x: number) => string): string => `${fmt(e.value)} [${fmt(e.low)}, ${fmt(e.high)}]`;

/** The evaluation as markdown: one table per universe, the comparisons, and the spread over seeds. */
export function evaluationMarkdown(r: RiskEvaluationReport, header: readonly string[]): string {
  const lines: string[] = [...header, ''];
  lines.push('## Verdict', '', 'The ticket asks for 15–30% lower portfolio volatility at no worse risk-adjusted return (here: Sharpe point estimate no lower).', '');
  for (const c of r.comparisons) lines.push(`- ${c.universe}, vs ${c.baseline}: ${c.verdict}.`);
  lines.push('');
  lines.push(`Walk-forward windows: calendar years ${r.years[0] ?? '?'}–${r.years[r.years.length - 1] ?? '?'} (each book starts flat). Figures: mean over windows, 95% bootstrap CI over windows in brackets; a model's seeds are averaged within each window first.`, '');
  for (const u of r.universes) {
    lines.push(`### ${u.name} (${u.symbols.length} symbols: ${u.symbols.join(', ')})`, '');
    lines.push('| sizer | seeds | trades/yr | mean size | ann. volatility | max drawdown | Sharpe | Sortino | return |', '|---|---|---|---|---|---|---|---|---|');
    for (const s of r.summaries.filter((x) => x.universe === u.name)) {
      const m = s.metrics;
      lines.push(`| ${s.group} | ${s.seeds} | ${(s.trades / Math.max(1, s.windows)).toFixed(0)} | ${s.meanPosition.toFixed(1)}% | ${est(m.annualVolatility, pc)} | ${est(m.maxDrawdown, pc)} | ${est(m.sharpe, f2)} | ${est(m.sortino, f2)} | ${est(m.totalReturn, pc)} |`);
    }
    lines.push('');
    for (const c of r.comparisons.filter((x) => x.universe === u.name)) {
      lines.push(`- vs ${c.baseline}: volatility change ${est(c.volatilityChange, pc)}, Sharpe difference ${est(c.sharpeDifference, f2)}, Sortino difference ${est(c.sortinoDifference, f2)}. **${c.verdict}.**`);
      lines.push(`  Across seeds: volatility change ${c.volatilityChange.seedSpread.perSeed.map((p) => `${p.seed}: ${pc(p.value)}`).join(', ')}; Sharpe difference ${c.sharpeDifference.seedSpread.perSeed.map((p) => `${p.seed}: ${f2(p.value)}`).join(', ')} (sd ${f2(c.sharpeDifference.seedSpread.sd)}).`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
