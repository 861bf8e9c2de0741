import { rocAuc } from './auc.js';
import { bootstrap, type Estimate } from './bootstrap.js';
import { accuracyAt, brierScore, expectedCalibrationError } from './calibration-metrics.js';
import { maskIndices, successRateOf, thresholdMask, topKMask } from './taken-signals.js';

/** Precision of a set of taken signals, with how many were taken. */
export interface TakenSignals {
  /** `top-k` (matched count) or `p>=t` (fixed threshold). */
  readonly rule: string;
  readonly signals: number;
  /** Success rate among the taken signals (NaN when none). */
  readonly precision: Estimate;
}

/** Everything the report says of one scorer on one test set. */
export interface ScoreMetrics {
  readonly samples: number;
  readonly successes: number;
  readonly auc: Estimate;
  /** Only for calibrated probabilities: a raw member score is not a probability (undefined then). */
  readonly brier?: Estimate;
  readonly ece?: Estimate;
  /** Share of thresholded calls (p ≥ 0.5) equal to the outcome; only for probabilities. */
  readonly accuracy?: number;
  readonly taken: readonly TakenSignals[];
}

export interface ScoreMetricsOptions {
  readonly seed: number;
  readonly resamples?: number;
  /** Signal counts to match: take the top-k by score for each. */
  readonly matchedCounts?: readonly number[];
  /** Fixed probability thresholds (ignored for rank-only scores). */
  readonly thresholds?: readonly number[];
  /** True when the scores are not calibrated probabilities: only rank metrics are reported. */
  readonly rankOnly?: boolean;
}

const taken = (rule: string, labels: Uint8Array, mask: Uint8Array, seed: number, resamples: number): TakenSignals => {
  const picked = maskIndices(mask);
  // The CI resamples the taken signals themselves: the selection is a decision made once on the test set.
  const precision = bootstrap(picked.length, (ix) => {
    let wins = 0;
    for (let i = 0; i < ix.length; i++) wins += labels[picked[ix[i] as number] as number] as number;
    return ix.length === 0 ? Number.NaN : wins / ix.length;
  }, { seed, resamples });
  return { rule, signals: picked.length, precision };
};

/**
 * AUC, Brier, ECE and the precision of taken signals (top-k at matched counts, and at fixed thresholds) of
 * `scores` against 0/1 `labels`, each with a seeded 1,000-resample percentile bootstrap CI.
 */
export function scoreMetrics(scores: Float64Array, labels: Uint8Array, options: ScoreMetricsOptions): ScoreMetrics {
  if (scores.length !== labels.length) throw new RangeError(`${scores.length} scores for ${labels.length} labels`);
  const resamples = options.resamples ?? 1000;
  const b = { seed: options.seed, resamples };
  const auc = bootstrap(scores.length, (ix) => rocAuc(scores, labels, ix), b);
  const list: TakenSignals[] = [];
  for (const k of options.matchedCounts ?? []) list.push(taken(`top-${k}`, labels, topKMask(scores, k), options.seed, resamples));
  const base = { samples: labels.length, successes: Math.round(successRateOf(labels) * labels.length) || 0, auc };
  if (options.rankOnly === true) return { ...base, taken: list };
  for (const t of options.thresholds ?? []) list.push(taken(`p>=${t}`, labels, thresholdMask(scores, t), options.seed, resamples));
  return {
    ...base,
    brier: bootstrap(scores.length, (ix) => brierScore(scores, labels, ix), b),
    ece: bootstrap(scores.length, (ix) => expectedCalibrationError(scores, labels, ix), b),
    accuracy: accuracyAt(scores, labels),
    taken: list,
  };
}
