import { detectBreakout, type BreakoutSignal } from '../labels/breakout-event.js';
import { DEFAULT_LABEL_SPEC, labelSpecHash, type LabelSpec } from '../labels/label-spec.js';

/**
 * The rule-based breakout model: the desk's "existing manual logic" and the fallback whenever no valid
 * trained model is loaded. It fires on exactly the label spec's breakout event (close beyond the N-bar
 * high/low by `minBreakoutAtr` ATR on `minRelativeVolume`× average volume, see `detectBreakout`), so the
 * baseline and the models are judged on the same events, and it has no opinion about which breakout works:
 * every signal gets the same FIXED success estimate, the success rate of the events it was fitted on.
 *
 * This is the ONE breakout rule: the trading layer's proposal signal (core/trading/proposals/breakout-signal.ts)
 * calls `baselineBreakout`, so trading signals and training labels fire on the same events.
 */
export interface BreakoutBaseline {
  readonly spec: LabelSpec;
  /** P(success) the baseline gives every signal: the training events' base rate. */
  readonly successEstimate: number;
  /** Where the estimate comes from (data, range, events), for the report and the UI. */
  readonly source: string;
}

/**
 * The shipped default, used when no model artifact verifies. The estimate is the success rate of the default
 * spec's 9,385 events on the shared daily data (34 symbols, 1962–2017): 27.8%.
 */
export const DEFAULT_BASELINE: BreakoutBaseline = {
  spec: DEFAULT_LABEL_SPEC,
  successEstimate: 0.278,
  source: 'base rate of the default label spec on the shared daily data (34 symbols, 1962-2017, 9,385 events)',
};

/** A baseline fitted to training labels: the estimate is their success rate. @throws RangeError for no labels. */
export function fitBaseline(labels: ArrayLike<number>, spec: LabelSpec, source: string): BreakoutBaseline {
  if (labels.length === 0) throw new RangeError('cannot fit the baseline on no training events');
  let wins = 0;
  for (let i = 0; i < labels.length; i++) wins += labels[i] === 1 ? 1 : 0;
  return { spec, successEstimate: wins / labels.length, source };
}

/** The baseline's signal at a bar close: the label spec's event, or undefined. */
export function baselineBreakout(close: number, features: ArrayLike<number>, atr: number, baseline: BreakoutBaseline = DEFAULT_BASELINE): BreakoutSignal | undefined {
  return detectBreakout(close, features, atr, baseline.spec);
}

/** The baseline's scores for `n` events: the same estimate for each (so its AUC is 0.5 by construction). */
export function baselineScores(n: number, baseline: BreakoutBaseline): Float64Array {
  return new Float64Array(n).fill(baseline.successEstimate);
}

/** The baseline as the JSON file stored inside a model artifact (`baseline.json`). */
export function baselineJson(baseline: BreakoutBaseline): string {
  return `${JSON.stringify({ labelSpecHash: labelSpecHash(baseline.spec), successEstimate: baseline.successEstimate, source: baseline.source }, null, 2)}\n`;
}
