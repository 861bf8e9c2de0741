import { intervalMs, type Interval } from '../market/interval.js';
import type { BreakoutDirection } from './labels/breakout-event.js';
import type { LabelSpec } from './labels/label-spec.js';
import type { EnsembleOutput } from './models/ensemble-types.js';

/** The ticket's (S27) output contract for one breakout. Field names are public: the API and the UI use them. */
export interface BreakoutPrediction {
  /**
   * Calibrated P(success): the probability that the label spec's target (close ± targetAtr·ATR in the
   * breakout direction) is reached before its stop (stopAtr·ATR against it) within horizonBars bars. From the
   * stacking calibrator fitted on a fold neither ensemble member trained on; 0..1.
   */
  probability: number;
  /** The breakout event's direction: UP = close above resistance, DOWN = close below support. */
  direction: 'UP' | 'DOWN';
  /**
   * 0..1, the product of three factors, each 0..1:
   * - member agreement: 1 − |p_nn − p_svm|, with each member Platt-calibrated on the calibration fold;
   * - decisiveness: |2·probability − 1|, the distance from a coin flip (0.5) scaled to 0..1;
   * - sample support: exp(−max(0, r − 1)/2), r the mean squared z-score of the row under the training
   *   standardizer (≈1 inside the training cloud, falling as the row leaves it).
   */
  confidence: number;
  /** The label spec's target: event close + targetAtr·ATR for UP, − for DOWN. */
  targetPrice: number;
  /**
   * The label's horizon in hours: horizonBars × hours per bar. A daily bar counts as one 6.5-hour US
   * regular session (trading hours, not calendar hours); an intraday bar counts its own length.
   */
  timeHorizon: number;
  /**
   * 0..1: f / (f + 0.02) with f = stopAtr·ATR / close, the fraction of the entry lost if the stop is hit.
   * The stop is a fixed number of ATRs, so this measures the volatility regime in price terms: a 2% stop
   * (typical of a large cap on daily bars) scores 0.5, 6% scores 0.75, 0.5% scores 0.2.
   */
  riskScore: number;
}

/** The event the prediction is about, as known at its bar's close. */
export interface PredictionEvent {
  readonly direction: BreakoutDirection;
  readonly close: number;
  /** Wilder ATR at the event close (the label spec's atrPeriod). */
  readonly atr: number;
  readonly interval: Interval;
}

/** Hours one bar stands for: a regular US session for daily bars, the bar's length otherwise. */
export const DAILY_TRADING_HOURS = 6.5;
export function hoursPerBar(interval: Interval): number {
  return interval === '1d' ? DAILY_TRADING_HOURS : intervalMs(interval) / 3_600_000;
}

const unit = (v: number): boolean => v >= 0 && v <= 1;

/** Builds the ticket's prediction from the ensemble's output for one event. @throws RangeError on bad input. */
export function toPrediction(out: EnsembleOutput, event: PredictionEvent, spec: LabelSpec): BreakoutPrediction {
  if (!(event.close > 0 && Number.isFinite(event.close))) throw new RangeError(`event close must be a finite price > 0, got ${event.close}`);
  if (!(event.atr > 0 && Number.isFinite(event.atr))) throw new RangeError(`event ATR must be finite and > 0, got ${event.atr}`);
  for (const key of ['probability', 'nnProbability', 'svmProbability', 'support'] as const) {
    if (!unit(out[key])) throw new RangeError(`ensemble ${key} must be within 0..1, got ${out[key]}`);
  }
  const sign = event.direction === 'up' ? 1 : -1;
  const stopFraction = (spec.stopAtr * event.atr) / event.close;
  return {
    probability: out.probability,
    direction: event.direction === 'up' ? 'UP' : 'DOWN',
    confidence: (1 - Math.abs(out.nnProbability - out.svmProbability)) * Math.abs(2 * out.probability - 1) * out.support,
    targetPrice: event.close + sign * spec.targetAtr * event.atr,
    timeHorizon: spec.horizonBars * hoursPerBar(event.interval),
    riskScore: stopFraction / (stopFraction + 0.02),
  };
}
