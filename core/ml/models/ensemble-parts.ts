import type { LogisticCalibrator } from './calibrator.js';
import type { Standardizer } from './ensemble-types.js';
import type { MlpWeights } from './mlp-forward.js';
import type { RffSvm } from './rff-svm.js';

/** Everything a served ensemble is made of: what the artifact files hold. */
export interface EnsembleParts {
  readonly standardizer: Standardizer;
  readonly mlp: MlpWeights;
  readonly svm: RffSvm;
  /** Stacking calibrator on [nn logit, svm decision]. */
  readonly stack: LogisticCalibrator;
  /** Platt scaling of each member alone, for member agreement and per-member reporting. */
  readonly nnPlatt: LogisticCalibrator;
  readonly svmPlatt: LogisticCalibrator;
  /** How it was trained (backend, seed, epochs, fold sizes): recorded, not needed to serve. */
  readonly training: Readonly<Record<string, string | number>>;
}

/** Bumped when the files' layout changes; a loader refuses other versions. */
export const ARTIFACT_FORMAT = 1;
