/** Per-column mean and standard deviation of the training fold; serving applies the same transform. */
export interface Standardizer {
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

/** Which inner fold each training row belongs to. */
export const FOLD = { train: 0, earlyStop: 1, calibration: 2 } as const;

export interface TrainOptions {
  /** Everything random (initial weights, batch order, Fourier features, SVM sweep order) derives from it. */
  readonly seed: number;
  /**
   * Optional inner split, one entry per row: FOLD.train, FOLD.earlyStop (the NN's early-stopping slice) or
   * FOLD.calibration (the calibrator's fold; never seen by the members). Rows with any other value are
   * ignored (use it to purge overlapping outcomes). Default: rows are taken to be in time order and the
   * last 20% calibrate, the 10% before them stop the NN early, the rest train.
   */
  readonly folds?: Uint8Array;
  /** Random Fourier features of the SVM (default 256): serving cost grows linearly, ranking saturates. */
  readonly svmFeatures?: number;
  readonly onProgress?: (stage: string, done: number, total: number) => void;
}

/** Named files of a trained ensemble (weights.bin, svm.json, calibrator.json, …): the artifact's content. */
export type ArtifactFiles = ReadonlyMap<string, Uint8Array>;

/** Calibrated ensemble output for one row plus what the prediction's confidence is built from. */
export interface EnsembleOutput {
  /** Calibrated P(success) from the stacked members. */
  readonly probability: number;
  /** Each member alone, Platt-calibrated on the same calibration fold (used for member agreement). */
  readonly nnProbability: number;
  readonly svmProbability: number;
  /** 0..1: how well the training data covers this row (see `sampleSupport`). */
  readonly support: number;
}

export interface TrainedEnsemble {
  /** Number of feature columns a row must have. */
  readonly dims: number;
  /**
   * Calibrated P(success) for `n` row-major RAW feature rows (schema order, not standardized: the
   * ensemble applies its own stored standardizer; non-finite values count as the training mean).
   */
  predictProba(rows: Float64Array, n: number): Float64Array;
  /** Each member's raw score (NN logit, SVM decision value) for the same raw rows, for per-member evaluation. */
  memberScores(rows: Float64Array, n: number): { nn: Float64Array; svm: Float64Array };
  /** Probability, member probabilities and support for one raw row: the input of `toPrediction`. */
  explain(row: Float64Array): EnsembleOutput;
  /** Deterministic bytes: the same seed and data give the same files, byte for byte. */
  toArtifact(): ArtifactFiles;
}

export { trainEnsemble, loadEnsemble } from './ensemble.js';
