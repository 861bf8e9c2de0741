import type { SplitSample } from '../evaluation/splits.js';
import { FOLD } from '../models/ensemble-types.js';

/** Marks a training row the ensemble must not use (its outcome overlaps the next inner fold). */
export const PURGED = 255;

/**
 * Inner folds for `trainEnsemble` over the training rows (given in time order): the oldest 70% train the
 * members, the next 10% stop the NN early, the newest 20% fit the calibrator. A row whose outcome reaches the
 * start of a later fold is purged (PURGED), for the same reason as in the outer walk-forward split.
 */
export function innerFolds(samples: readonly SplitSample[], earlyStopShare = 0.1, calibrationShare = 0.2): Uint8Array {
  const n = samples.length;
  const folds = new Uint8Array(n);
  const calStart = Math.floor(n * (1 - calibrationShare));
  const stopStart = Math.floor(n * (1 - calibrationShare - earlyStopShare));
  const startTime = (i: number): number => samples[Math.min(i, n - 1)]?.time ?? Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const s = samples[i] as SplitSample;
    if (i >= calStart) {
      folds[i] = FOLD.calibration;
    } else if (i >= stopStart) {
      folds[i] = s.exitTime >= startTime(calStart) ? PURGED : FOLD.earlyStop;
    } else {
      folds[i] = s.exitTime >= startTime(stopStart) ? PURGED : FOLD.train;
    }
  }
  return folds;
}
