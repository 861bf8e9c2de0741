import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FEATURE_SCHEMA_HASH } from '../../features/feature-schema.js';
import { err, ok, type Result } from '../../util/result.js';
import type { Manifest } from '../artifact/manifest.js';
import { verifyArtifact } from '../artifact/verify-artifact.js';
import { BREAKOUT_INPUTS_HASH } from '../inputs/breakout-inputs.js';
import { labelSpecHash, type LabelSpec } from '../labels/label-spec.js';
import type { ArtifactFiles, TrainedEnsemble } from '../models/ensemble-types.js';

/** Rebuilds an ensemble from verified files: `loadEnsemble` in the desk, a stand-in in tests. */
export type EnsembleLoader = (files: ArtifactFiles) => Result<TrainedEnsemble, string>;

/** A model ready to serve. */
export interface LoadedModel {
  readonly version: string;
  readonly manifest: Manifest;
  readonly ensemble: TrainedEnsemble;
}

/** The version folder `<root>/current.json` points at. */
export function currentModelDir(root: string): Result<string, string> {
  const pointer = path.join(root, 'current.json');
  if (!existsSync(pointer)) return err(`no model installed: ${pointer} is missing (run npm run train)`);
  try {
    const parsed = JSON.parse(readFileSync(pointer, 'utf8')) as { version?: unknown };
    if (typeof parsed.version !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(parsed.version)) return err(`${pointer} does not name a version`);
    return ok(path.join(root, parsed.version));
  } catch (error) {
    return err(`${pointer} is not valid JSON (${(error as Error).message})`);
  }
}

/**
 * Verifies the artifact in `dir` (manifest, sizes, sha256, feature schema, input columns), checks it was
 * trained on the label spec the desk uses, and rebuilds the ensemble. Any failure is the reason the caller
 * serves the baseline instead.
 */
export function loadModel(dir: string, spec: LabelSpec, loader: EnsembleLoader): Result<LoadedModel, string> {
  const verified = verifyArtifact(dir, { featureSchemaHash: FEATURE_SCHEMA_HASH, inputsHash: BREAKOUT_INPUTS_HASH });
  if (!verified.ok) return verified;
  const { manifest, files } = verified.value;
  const want = labelSpecHash(spec);
  if (manifest.labelSpecHash !== want) {
    return err(`model ${dir}: trained on label spec ${manifest.labelSpecHash.slice(0, 12)} but the desk detects breakouts with ${want.slice(0, 12)}; retrain`);
  }
  const ensemble = loader(files);
  if (!ensemble.ok) return err(`model ${dir}: ${ensemble.error}`);
  if (ensemble.value.dims !== manifest.inputNames.length) {
    return err(`model ${dir}: the ensemble takes ${ensemble.value.dims} inputs but the manifest lists ${manifest.inputNames.length}`);
  }
  return ok({ version: manifest.version, manifest, ensemble: ensemble.value });
}
