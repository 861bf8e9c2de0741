import type { BreakoutFeatures } from '../../features/breakout-features.js';
import { DEFAULT_FEATURE_PARAMS, type FeatureParams } from '../../features/feature-params.js';
import type { Bar } from '../../market/bar.js';
import { closeOffsetMs, type Interval } from '../../market/interval.js';
import { epochMs, price, type EpochMs, type Price } from '../../market/units.js';

/** A breakout call with the levels to trade it and the reasons a trader reads. */
export interface BreakoutSignal {
  /** `${modelId}:${symbol}:${interval}:${time}`: the same bar never yields two signals, even on replay. */
  readonly id: string;
  readonly modelId: string;
  readonly symbol: string;
  readonly interval: Interval;
  /** Open time of the bar the signal fired on. */
  readonly barTime: EpochMs;
  /** The bar's close instant: when the signal was known. */
  readonly at: EpochMs;
  readonly direction: 'up' | 'down';
  /** The signal bar's close: the reference for the stop and target. */
  readonly entry: Price;
  readonly stop: Price;
  readonly target: Price;
  /** The volatility distance (price units) the stop and target are measured in. */
  readonly volatility: number;
  /** Estimated probability the target is reached before the stop. */
  readonly confidence: number;
  /** Most important first. */
  readonly reasons: readonly string[];
}

/** The baseline's thresholds. */
export interface BaselineParams {
  /** Bar volume / mean of the previous bars' volume must be at least this. */
  readonly minRelativeVolume: number;
  /** Stop distance from the entry, in volatility units. */
  readonly stopMultiple: number;
  /** Target distance from the entry, in volatility units. */
  readonly targetMultiple: number;
  /**
   * The fixed success estimate. The baseline has no model of its own odds; 0.35 is roughly the base rate
   * of a 2:1 target/stop barrier on a random walk (1/3) plus the small edge a volume-confirmed breakout is
   * credited with. The ML model replaces it with a calibrated probability.
   */
  readonly successEstimate: number;
  /** The feature parameters the features were computed with (Bollinger width, level and volume windows). */
  readonly features: FeatureParams;
}

export const BASELINE_MODEL_ID = 'baseline-breakout-v1';

export const DEFAULT_BASELINE_PARAMS: BaselineParams = {
  minRelativeVolume: 1.5,
  stopMultiple: 1.5,
  targetMultiple: 3,
  successEstimate: 0.35,
  features: DEFAULT_FEATURE_PARAMS,
};

const fmt = (x: number): string => (Math.abs(x) >= 1000 ? x.toFixed(0) : x.toPrecision(5).replace(/\.?0+$/, ''));

/**
 * The rule-based breakout signal the desk used by hand before the ML model: a close above the N-bar
 * resistance on at least `minRelativeVolume`× normal volume is UP, a close below support on such volume
 * is DOWN. The features carry no ATR, so the volatility unit is the standard deviation of closes
 * recovered from the Bollinger band: (upper − lower) / (2 × width) — the same 20-bar window as the levels,
 * known at the bar's close. Stop = entry ∓ stopMultiple·σ, target = entry ± targetMultiple·σ.
 * @returns undefined when there is no breakout, or the features are not defined yet (warm-up).
 */
export function baselineSignal(bar: Bar, f: BreakoutFeatures, params: BaselineParams = DEFAULT_BASELINE_PARAMS): BreakoutSignal | undefined {
  const { resistance, support } = f.priceAction;
  const { relativeVolume } = f.volumePatterns;
  const { upper, lower } = f.technicalIndicators.bollingerBands;
  const sigma = (upper - lower) / (2 * params.features.bollingerWidth);
  if (!(Number.isFinite(resistance) && Number.isFinite(support) && Number.isFinite(relativeVolume) && sigma > 0)) return undefined;
  if (!(relativeVolume >= params.minRelativeVolume)) return undefined;
  const close = bar.close;
  const direction = close > resistance ? 'up' : close < support ? 'down' : undefined;
  if (direction === undefined) return undefined;
  const sign = direction === 'up' ? 1 : -1;
  const stop = close - sign * params.stopMultiple * sigma;
  const target = close + sign * params.targetMultiple * sigma;
  // A stop at or below zero cannot be placed: no signal rather than a broken bracket.
  if (!(stop > 0 && target > 0)) return undefined;
  const level = direction === 'up' ? resistance : support;
  const n = params.features.levelPeriod;
  const reasons = [
    `close ${fmt(close)} ${direction === 'up' ? 'above' : 'below'} ${n}-bar ${direction === 'up' ? 'resistance' : 'support'} ${fmt(level)} (${((100 * (close - level)) / level).toFixed(2)}%)`,
    `volume ${relativeVolume.toFixed(1)}× its ${params.features.volumePeriod}-bar mean`,
    `stop ${params.stopMultiple}σ and target ${params.targetMultiple}σ of the ${params.features.bollingerPeriod}-bar close σ ${fmt(sigma)}`,
  ];
  return {
    id: `${BASELINE_MODEL_ID}:${bar.symbol}:${bar.interval}:${bar.time}`,
    modelId: BASELINE_MODEL_ID,
    symbol: bar.symbol,
    interval: bar.interval,
    barTime: bar.time,
    at: epochMs(bar.time + closeOffsetMs(bar.interval)),
    direction,
    entry: close,
    stop: price(stop),
    target: price(target),
    volatility: sigma,
    confidence: params.successEstimate,
    reasons,
  };
}
