import { FeatureEngine } from '../../features/feature-engine.js';
import type { Bar } from '../../market/bar.js';
import type { Interval } from '../../market/interval.js';
import type { EpochMs } from '../../market/units.js';
import { err, ok, type Result } from '../../util/result.js';
import { baselineBreakout, DEFAULT_BASELINE, type BreakoutBaseline } from '../baseline/baseline-rule.js';
import { toPrediction, type BreakoutPrediction } from '../breakout-prediction.js';
import type { BreakoutServing } from './breakout-serving.js';
import { INPUT_COUNT, writeBreakoutInputs } from '../inputs/breakout-inputs.js';
import { WilderAtr } from '../labels/wilder-atr.js';
import { loadEnsemble } from '../models/ensemble-types.js';
import { currentModelDir, loadModel, type EnsembleLoader, type LoadedModel } from './model-source.js';

/** What is serving predictions: a verified model, or the baseline and why. */
export type ServingSource =
  | { readonly kind: 'model'; readonly version: string; readonly dir: string }
  | { readonly kind: 'baseline'; readonly reason: string };

/** The answer for one symbol at its latest bar. */
export type SymbolPrediction =
  | {
    readonly status: 'breakout';
    readonly symbol: string;
    /** Open time of the bar the prediction is for. */
    readonly time: EpochMs;
    /** Model version, or 'baseline'. */
    readonly model: string;
    readonly prediction: BreakoutPrediction;
  }
  /** 'quiet': the latest bar is no breakout event; 'warming': not enough bars for features and ATR yet. */
  | { readonly status: 'quiet' | 'warming' | 'unknown-symbol'; readonly symbol: string };

export interface PredictorOptions {
  /** Default `loadEnsemble`. */
  readonly loader?: EnsembleLoader;
  /** Serves when no model verifies; default `DEFAULT_BASELINE` (its spec is the event rule either way). */
  readonly baseline?: BreakoutBaseline;
  readonly interval?: Interval;
}

interface SymbolState {
  readonly engine: FeatureEngine;
  readonly atr: WilderAtr;
  close: number;
  time: EpochMs;
}

/**
 * Breakout predictions from streamed bars. Feed each symbol's closed bars (`onBar`); `predictBreakout(symbol)`
 * then applies the label spec's event rule to the symbol's current FeatureEngine vector and ATR and, on an
 * event, the verified ensemble (or the baseline when none verified: `source` says why). One input row is
 * reused per call, so a prediction allocates only its result.
 */
export class BreakoutPredictor implements BreakoutServing {
  readonly source: ServingSource;
  readonly baseline: BreakoutBaseline;
  readonly interval: Interval;
  readonly #model: LoadedModel | undefined;
  readonly #symbols = new Map<string, SymbolState>();
  readonly #row = new Float64Array(INPUT_COUNT);

  private constructor(model: Result<LoadedModel & { dir: string }, string>, options: PredictorOptions) {
    this.baseline = options.baseline ?? DEFAULT_BASELINE;
    this.interval = options.interval ?? '1d';
    this.#model = model.ok ? model.value : undefined;
    this.source = model.ok ? { kind: 'model', version: model.value.version, dir: model.value.dir } : { kind: 'baseline', reason: model.error };
  }

  /** Serves the model in `dir` if it verifies, else the baseline (with the refusal as `source.reason`). */
  static fromDir(dir: string, options: PredictorOptions = {}): BreakoutPredictor {
    const baseline = options.baseline ?? DEFAULT_BASELINE;
    const loaded = loadModel(dir, baseline.spec, options.loader ?? loadEnsemble);
    return new BreakoutPredictor(loaded.ok ? ok({ ...loaded.value, dir }) : loaded, options);
  }

  /** Serves the version `<root>/current.json` names (e.g. models/breakout), else the baseline. */
  static fromModelsRoot(root: string, options: PredictorOptions = {}): BreakoutPredictor {
    const dir = currentModelDir(root);
    return dir.ok ? BreakoutPredictor.fromDir(dir.value, options) : BreakoutPredictor.baselineOnly(dir.error, options);
  }

  /** The baseline alone, saying why. */
  static baselineOnly(reason: string, options: PredictorOptions = {}): BreakoutPredictor {
    return new BreakoutPredictor(err(reason), options);
  }

  /** Feeds one closed bar of `bar.symbol` (bars of other intervals are refused). */
  onBar(bar: Bar): Result<void, string> {
    if (bar.interval !== this.interval) return err(`predictor serves ${this.interval} bars, got ${bar.interval} for ${bar.symbol}`);
    let s = this.#symbols.get(bar.symbol);
    if (s === undefined) {
      s = { engine: new FeatureEngine({ symbol: bar.symbol, interval: bar.interval }), atr: new WilderAtr(this.baseline.spec.atrPeriod), close: Number.NaN, time: bar.time };
      this.#symbols.set(bar.symbol, s);
    }
    const accepted = s.engine.onBar(bar);
    if (!accepted.ok) return accepted;
    s.atr.push(bar.high, bar.low, bar.close);
    s.close = bar.close;
    s.time = bar.time;
    return ok(undefined);
  }

  /** The prediction for `symbol` at its latest bar. */
  predictBreakout(symbol: string): SymbolPrediction {
    const s = this.#symbols.get(symbol);
    if (s === undefined) return { status: 'unknown-symbol', symbol };
    const atr = s.atr.value;
    if (!s.engine.warm || !(atr > 0)) return { status: 'warming', symbol };
    const prediction = this.predictEvent(s.engine.values, s.close, atr);
    if (prediction === undefined) return { status: 'quiet', symbol };
    return { status: 'breakout', symbol, time: s.time, model: this.source.kind === 'model' ? this.source.version : 'baseline', prediction };
  }

  /** `predictBreakout` for many symbols, in the order given. */
  predictBatch(symbols: readonly string[]): SymbolPrediction[] {
    return symbols.map((s) => this.predictBreakout(s));
  }

  /**
   * The prediction for a bar close with its feature vector and ATR, or undefined when the bar is no breakout
   * event. The hot path: event rule → input row (reused) → calibrated ensemble → the ticket's fields.
   */
  predictEvent(features: ArrayLike<number>, close: number, atr: number): BreakoutPrediction | undefined {
    const signal = baselineBreakout(close, features, atr, this.baseline);
    if (signal === undefined) return undefined;
    const event = { direction: signal.direction, close, atr, interval: this.interval };
    if (this.#model === undefined) {
      const p = this.baseline.successEstimate;
      // The baseline has no view on which breakout works, so it claims no confidence.
      return { ...toPrediction({ probability: p, nnProbability: p, svmProbability: p, support: 1 }, event, this.baseline.spec), confidence: 0 };
    }
    writeBreakoutInputs(features, close, atr, signal.direction, this.#row, 0);
    return toPrediction(this.#model.ensemble.explain(this.#row), event, this.baseline.spec);
  }
}
