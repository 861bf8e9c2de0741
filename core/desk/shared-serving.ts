import type { BreakoutPrediction } from '../ml/breakout-prediction.js';
import type { ServingSource } from '../ml/inference/breakout-predictor.js';
import type { BreakoutServing, PredictionContext } from '../ml/inference/breakout-serving.js';

interface Answer {
  readonly key: string;
  readonly prediction: BreakoutPrediction | undefined;
  readonly source: ServingSource;
}

/**
 * One serving answer per bar for the two readers of a live bar: the desk's ML view (the prediction stream and
 * `ml.breakout`) and the paper session (proposals). Both ask about the same bar with the same features, one
 * after the other; the router must answer — and log, and count towards drift and breakers — once, so the
 * second ask gets the first answer. History bars (warm-up) and asks without a bar go to `history`, which logs
 * nothing: warm-up is the chart's past, not a request the model served.
 */
export class SharedServing implements BreakoutServing {
  readonly #live: BreakoutServing;
  readonly #history: BreakoutServing;
  #warming = false;
  #last: Answer | undefined;

  constructor(live: BreakoutServing, history: BreakoutServing) {
    if (live.interval !== history.interval) throw new RangeError(`live serving is for ${live.interval} bars but history serving for ${history.interval}`);
    this.#live = live;
    this.#history = history;
  }

  get baseline(): BreakoutServing['baseline'] {
    return this.#live.baseline;
  }

  get interval(): BreakoutServing['interval'] {
    return this.#live.interval;
  }

  /** What answered the latest live request (before any: what would answer now). */
  get source(): ServingSource {
    return this.#last?.source ?? this.#live.source;
  }

  /** While true, every ask is a history bar's. */
  set warming(on: boolean) {
    this.#warming = on;
  }

  predictEvent(features: ArrayLike<number>, close: number, atr: number, context?: PredictionContext): BreakoutPrediction | undefined {
    if (this.#warming || context === undefined) return this.#history.predictEvent(features, close, atr);
    const key = `${context.symbol}|${context.interval}|${context.barTime}`;
    if (this.#last?.key === key) return this.#last.prediction;
    const prediction = this.#live.predictEvent(features, close, atr, context);
    this.#last = { key, prediction, source: this.#live.source };
    return prediction;
  }
}
