import { err, type Result } from '../../util/result.js';
import type { ArtifactFiles, TrainedEnsemble, TrainOptions } from './ensemble-types.js';

/**
 * Trains the NN and the SVM on the train fold, stops the NN on the early-stop fold, fits the stacking
 * calibrator on the calibration fold. `x` holds `n` raw rows of `dims` columns, `y` 1 = success.
 */
export function trainEnsemble(_x: Float64Array, _y: Uint8Array, _n: number, _dims: number, _opts: TrainOptions): Promise<TrainedEnsemble> {
  return Promise.reject(new Error('trainEnsemble: not implemented yet'));
}

/** Rebuilds a served ensemble from its files; no TensorFlow.js needed. */
export function loadEnsemble(_files: ArtifactFiles): Result<TrainedEnsemble, string> {
  return err('loadEnsemble: not implemented yet');
}
