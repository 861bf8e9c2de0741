import { FEATURE_SCHEMA_HASH } from '../../../features/feature-schema.js';
import { err, ok, type Result } from '../../../util/result.js';
import type { Manifest } from '../../artifact/manifest.js';
import { verifyArtifact } from '../../artifact/verify-artifact.js';
import type { EnsembleLoader } from '../../inference/model-source.js';
import { BREAKOUT_INPUTS_HASH } from '../../inputs/breakout-inputs.js';
import { labelSpecHash, type LabelSpec } from '../../labels/label-spec.js';
import type { TrainedEnsemble } from '../../models/ensemble-types.js';
import { readDriftReference, type DriftReference } from '../drift/drift-reference.js';
import { checkGoldenVectors, readGoldenVectors, type GoldenCheck } from './golden-vectors.js';

/** A version that verified, loaded and reproduced its golden vectors: ready to serve. */
export interface LoadedVersion {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly ensemble: TrainedEnsemble;
  readonly reference: DriftReference;
  readonly golden: GoldenCheck;
}

/** Why a version was refused, and its manifest when that much could be read. */
export interface LoadRefusal {
  readonly reason: string;
  readonly manifest: Manifest | null;
}

/**
 * Everything a version must pass before it may serve, in the order a trader would fix things: the manifest and
 * every file's size and sha256 (tampered or truncated files), the feature schema and input columns (schema
 * mismatch), the label spec, the ensemble rebuilding from its files, its golden vectors reproducing within
 * `tolerance`, and a drift reference being present.
 */
export function loadVersion(dir: string, spec: LabelSpec, loader: EnsembleLoader, tolerance?: number): Result<LoadedVersion, LoadRefusal> {
  const verified = verifyArtifact(dir, { featureSchemaHash: FEATURE_SCHEMA_HASH, inputsHash: BREAKOUT_INPUTS_HASH });
  if (!verified.ok) return err({ reason: verified.error, manifest: null });
  const { manifest, files } = verified.value;
  const refuse = (reason: string): Result<LoadedVersion, LoadRefusal> => err({ reason, manifest });
  const where = `model ${manifest.version}`;
  const want = labelSpecHash(spec);
  if (manifest.labelSpecHash !== want) return refuse(`${where}: trained on label spec ${manifest.labelSpecHash.slice(0, 12)} but the desk detects breakouts with ${want.slice(0, 12)}; retrain`);
  const ensemble = loader(files);
  if (!ensemble.ok) return refuse(`${where}: ${ensemble.error}`);
  if (ensemble.value.dims !== manifest.inputNames.length) return refuse(`${where}: the ensemble takes ${ensemble.value.dims} inputs but the manifest lists ${manifest.inputNames.length}`);
  const golden = readGoldenVectors(files, where);
  if (!golden.ok) return refuse(golden.error);
  const checked = checkGoldenVectors(ensemble.value, golden.value, where, tolerance);
  if (!checked.ok) return refuse(checked.error);
  const reference = readDriftReference(files, where);
  if (!reference.ok) return refuse(reference.error);
  return ok({ dir, manifest, ensemble: ensemble.value, reference: reference.value, golden: checked.value });
}
