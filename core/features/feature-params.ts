/**
 * Every tunable number behind the breakout features. They are part of the feature schema (and so of
 * its hash): a model trained under one set must never be fed vectors computed under another.
 */
export interface FeatureParams {
  /** Wilder RSI look-back, in bars. */
  readonly rsiPeriod: number;
  /** Fast EMA (the `ema12` field and MACD's fast leg), in bars. */
  readonly emaFast: number;
  /** Slow EMA (the `ema26` field and MACD's slow leg), in bars. */
  readonly emaSlow: number;
  /** Short SMA (the `sma20` field), in bars. */
  readonly smaShort: number;
  /** Long SMA (the `sma50` field), in bars. */
  readonly smaLong: number;
  /** Bollinger window, in bars. */
  readonly bollingerPeriod: number;
  /** Bollinger band half-width, in population standard deviations. */
  readonly bollingerWidth: number;
  /** Volume baseline: the bars BEFORE the current one that volume is compared with. */
  readonly volumePeriod: number;
  /** Support/resistance: lowest low / highest high of this many bars before the current one. */
  readonly levelPeriod: number;
  /** Wilder ADX look-back (trend strength), in bars. */
  readonly adxPeriod: number;
  /** Rate-of-change look-back (momentum), in bars. */
  readonly rocPeriod: number;
  /** Half-life of a news item's weight, in clock milliseconds (not bars). */
  readonly newsHalfLifeMs: number;
  /** `newsCount` counts items in this trailing clock window, in milliseconds. */
  readonly newsWindowMs: number;
}

const HOUR_MS = 3_600_000;

/** The parameters the shipped schema uses. */
export const DEFAULT_FEATURE_PARAMS: FeatureParams = Object.freeze({
  rsiPeriod: 14,
  emaFast: 12,
  emaSlow: 26,
  smaShort: 20,
  smaLong: 50,
  bollingerPeriod: 20,
  bollingerWidth: 2,
  volumePeriod: 20,
  levelPeriod: 20,
  adxPeriod: 14,
  rocPeriod: 12,
  // A headline's effect mostly plays out within a session: after one day a 12 h half-life leaves 25 % of
  // the weight, after a trading week 0.1 %, so last week's news no longer reads as today's mood.
  newsHalfLifeMs: 12 * HOUR_MS,
  newsWindowMs: 24 * HOUR_MS,
});

const PERIOD_KEYS = [
  'rsiPeriod', 'emaFast', 'emaSlow', 'smaShort', 'smaLong', 'bollingerPeriod', 'volumePeriod', 'levelPeriod', 'adxPeriod', 'rocPeriod',
] as const;

/**
 * Checks a parameter set and says what is wrong with it.
 * @returns the list of problems; empty when the set is usable.
 */
export function paramProblems(params: FeatureParams): string[] {
  const problems: string[] = [];
  for (const key of PERIOD_KEYS) {
    const v = params[key];
    if (!Number.isSafeInteger(v) || v < 1) problems.push(`${key} must be a whole number of bars ≥ 1, got ${String(v)}`);
  }
  if (!(params.emaFast < params.emaSlow)) problems.push(`emaFast (${params.emaFast}) must be shorter than emaSlow (${params.emaSlow})`);
  for (const key of ['bollingerWidth', 'newsHalfLifeMs', 'newsWindowMs'] as const) {
    const v = params[key];
    if (!Number.isFinite(v) || v <= 0) problems.push(`${key} must be a positive finite number, got ${String(v)}`);
  }
  return problems;
}

/** @throws Error listing every problem, so a bad configuration is fixed in one go. */
export function assertValidParams(params: FeatureParams): void {
  const problems = paramProblems(params);
  if (problems.length > 0) throw new Error(`invalid feature parameters: ${problems.join('; ')}`);
}

/**
 * Bars needed before every technical field is defined: the longest look-back among the fields. Counts
 * bars, so the first warm bar has index `warmUpBars - 1`.
 */
export function warmUpBars(p: FeatureParams): number {
  return Math.max(
    p.rsiPeriod + 1, // n price changes need n + 1 closes
    p.emaSlow,
    p.smaShort,
    p.smaLong,
    p.bollingerPeriod,
    p.volumePeriod + 1, // the baseline excludes the current bar
    p.levelPeriod + 1,
    2 * p.adxPeriod, // n moves for the first DX, then n DX values for the first ADX
    p.rocPeriod + 1,
  );
}
