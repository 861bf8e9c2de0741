import type { Interval } from '../../market/interval.js';
import type { EpochMs } from '../../market/units.js';
import type { BreakoutBaseline } from '../baseline/baseline-rule.js';
import type { BreakoutPrediction } from '../breakout-prediction.js';
import type { ServingSource } from './breakout-predictor.js';

/** Which bar a prediction is for: lets a router assign traffic (symbol, day) and log the request. */
export interface PredictionContext {
  readonly symbol: string;
  readonly interval: Interval;
  /** Open time of the event bar. */
  readonly barTime: EpochMs;
}

/**
 * What the trading session needs from whatever answers breakout events: the single `BreakoutPredictor`, or
 * model operations' serving router (champion/challenger/shadow with a fallback). `source` names what
 * answered the LATEST `predictEvent`, so a caller reads it right after the call to label the signal.
 */
export interface BreakoutServing {
  readonly baseline: BreakoutBaseline;
  readonly interval: Interval;
  readonly source: ServingSource;
  /**
   * The prediction for an event bar's features, close and ATR, or undefined when the bar is no breakout
   * event. `context` says which bar it is; a single predictor ignores it.
   */
  predictEvent(features: ArrayLike<number>, close: number, atr: number, context?: PredictionContext): BreakoutPrediction | undefined;
}
