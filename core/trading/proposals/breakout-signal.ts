import { DEFAULT_FEATURE_PARAMS } from '../../features/feature-params.js';
import { F } from '../../features/feature-vector.js';
import type { Bar } from '../../market/bar.js';
import { closeOffsetMs, type Interval } from '../../market/interval.js';
import { epochMs, price, type EpochMs, type Price } from '../../market/units.js';
import { baselineBreakout } from '../../ml/baseline/baseline-rule.js';
import type { BreakoutPrediction } from '../../ml/breakout-prediction.js';
import type { ServingSource } from '../../ml/inference/breakout-predictor.js';
import type { BreakoutServing } from '../../ml/inference/breakout-serving.js';

/** A breakout call with the levels to trade it, the prediction behind it and the reasons a trader reads. */
export interface BreakoutSignal {
  /** `${modelId}:${symbol}:${interval}:${time}`: the same bar never yields two signals, even on replay. */
  readonly id: string;
  /** `breakout:<version>` for a verified model, `baseline` for the rule-based fallback. */
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
  /** entry ∓ stopAtr·ATR (the label spec's stop barrier). */
  readonly stop: Price;
  /** entry ± targetAtr·ATR (the label spec's target barrier, = prediction.targetPrice). */
  readonly target: Price;
  /** The Wilder ATR at the signal close: the volatility unit of the stop, the target and the sizer. */
  readonly volatility: number;
  /** The prediction's confidence: what automation's threshold reads. */
  readonly confidence: number;
  /** The ticket's prediction for this event, from the model or the baseline (`modelId` says which). */
  readonly prediction: BreakoutPrediction;
  /** What served the prediction, and for the baseline why no model did. */
  readonly servedBy: ServingSource;
  /** Most important first. */
  readonly reasons: readonly string[];
}

/** The model id of the rule-based baseline (the fallback when no model verifies). */
export const BASELINE_MODEL_ID = 'baseline';

/** The model id proposals and orders carry for what `source` serves. */
export function servingModelId(source: ServingSource): string {
  return source.kind === 'model' ? `breakout:${source.version}` : BASELINE_MODEL_ID;
}

const fmt = (x: number): string => (Math.abs(x) >= 1000 ? x.toFixed(0) : x.toPrecision(5).replace(/\.?0+$/, ''));

/**
 * The trading signal at a bar close. There is ONE breakout rule, core/ml's label-spec event
 * (`baselineBreakout`): a close beyond the 20-bar resistance/support by `minBreakoutAtr` ATR on
 * `minRelativeVolume`× normal volume. When it fires, `predictor` answers for the event (the verified
 * ensemble, or the baseline's fixed estimate when no model serves), and the bracket is the label's
 * barriers: stop = entry ∓ stopAtr·ATR, target = entry ± targetAtr·ATR — what the prediction's probability
 * is about.
 * @param features the FeatureEngine vector at the bar (default feature parameters: the spec pins the schema)
 * @param atr Wilder ATR with the spec's period at the bar's close
 * @returns undefined when there is no event, the bar is not warm, or the stop or target would not be a positive price.
 */
export function breakoutSignal(bar: Bar, features: ArrayLike<number>, atr: number, predictor: BreakoutServing): BreakoutSignal | undefined {
  const spec = predictor.baseline.spec;
  const event = baselineBreakout(bar.close, features, atr, predictor.baseline);
  if (event === undefined) return undefined;
  const prediction = predictor.predictEvent(features, bar.close, atr, { symbol: bar.symbol, interval: bar.interval, barTime: bar.time });
  // Same rule inside the predictor; a disagreement would mean two rules again.
  if (prediction === undefined) throw new Error(`breakout rule and predictor disagree at ${bar.symbol} ${bar.time}`);
  const sign = event.direction === 'up' ? 1 : -1;
  const stop = bar.close - sign * spec.stopAtr * atr;
  const target = bar.close + sign * spec.targetAtr * atr;
  // A bracket leg at or below zero cannot be placed: no signal rather than a broken bracket.
  if (!(stop > 0 && target > 0)) return undefined;
  const up = event.direction === 'up';
  const relativeVolume = features[F.relativeVolume] ?? Number.NaN;
  const modelId = servingModelId(predictor.source);
  const served = predictor.source.kind === 'model'
    ? `model ${modelId}: P(success) ${prediction.probability.toFixed(3)}, confidence ${prediction.confidence.toFixed(3)}`
    : `baseline fixed estimate ${prediction.probability.toFixed(3)} (no model serving: ${predictor.source.reason})`;
  const reasons = [
    `close ${fmt(bar.close)} ${up ? 'above' : 'below'} ${DEFAULT_FEATURE_PARAMS.levelPeriod}-bar ${up ? 'resistance' : 'support'} ${fmt(event.level)} by ${event.beyondAtr.toFixed(1)} ATR`,
    `volume ${relativeVolume.toFixed(1)}× its ${DEFAULT_FEATURE_PARAMS.volumePeriod}-bar mean`,
    served,
    `stop ${spec.stopAtr} ATR and target ${spec.targetAtr} ATR of the ${spec.atrPeriod}-bar ATR ${fmt(atr)}`,
  ];
  return {
    id: `${modelId}:${bar.symbol}:${bar.interval}:${bar.time}`,
    modelId,
    symbol: bar.symbol,
    interval: bar.interval,
    barTime: bar.time,
    at: epochMs(bar.time + closeOffsetMs(bar.interval)),
    direction: event.direction,
    entry: bar.close,
    stop: price(stop),
    target: price(target),
    volatility: atr,
    confidence: prediction.confidence,
    prediction,
    servedBy: predictor.source,
    reasons,
  };
}
