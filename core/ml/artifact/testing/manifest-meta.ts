import { FEATURE_SCHEMA_HASH } from '../../../features/feature-schema.js';
import { BREAKOUT_INPUTS_HASH, INPUT_NAMES } from '../../inputs/breakout-inputs.js';
import { DEFAULT_LABEL_SPEC, labelSpecHash } from '../../labels/label-spec.js';
import type { ManifestMeta } from '../write-artifact.js';

/**
 * Manifest fields for tests that write small artifacts.
 * @internal
 */
export function testManifestMeta(version = 'test-v1'): ManifestMeta {
  return {
    version, createdFromCommit: null, featureSchemaHash: FEATURE_SCHEMA_HASH, inputsHash: BREAKOUT_INPUTS_HASH, inputNames: [...INPUT_NAMES],
    labelSpecHash: labelSpecHash(DEFAULT_LABEL_SPEC), labelSpec: { ...DEFAULT_LABEL_SPEC }, seed: 1,
    training: { from: '2000-01-03', to: '2009-12-31', symbols: ['AAA'], samples: 10, baseRate: 0.3 },
    standardizer: { mean: [0], std: [1] }, metrics: { auc: { value: 0.55, low: 0.5, high: 0.6 } },
  };
}
