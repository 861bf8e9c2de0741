import path from 'node:path';
import { err, ok, type Result } from '../../util/result.js';
import type { ArtifactFiles } from '../models/ensemble-types.js';
import { MANIFEST_FILE, readBytes, verifyListedFiles } from './artifact-files.js';
import { manifestSchema, type Manifest } from './manifest.js';

/** What the serving code expects the model to have been trained on. */
export interface ArtifactExpectations {
  readonly featureSchemaHash: string;
  readonly inputsHash: string;
}

/** A verified artifact: its manifest and the bytes of every listed file. */
export interface VerifiedArtifact {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly files: ArtifactFiles;
}

/**
 * Checks an artifact folder before anything in it is served: the manifest parses and has the expected
 * format; it was trained on the feature schema and input columns this build computes; every listed file
 * exists with the listed size and sha256. Sizes are compared before hashing so a truncated file is named as
 * such. Any failure is a reason a trader can act on, and the caller serves the baseline instead.
 */
export function verifyArtifact(dir: string, expect: ArtifactExpectations): Result<VerifiedArtifact, string> {
  const where = `model ${dir}`;
  const raw = readBytes(path.join(dir, MANIFEST_FILE));
  if (!raw.ok) return err(`${where}: ${MANIFEST_FILE} ${raw.error}`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(raw.value));
  } catch (error) {
    return err(`${where}: ${MANIFEST_FILE} is not valid JSON (${(error as Error).message})`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    return err(`${where}: ${MANIFEST_FILE} is not a breakout model manifest: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const manifest = parsed.data;
  if (manifest.featureSchemaHash !== expect.featureSchemaHash) {
    return err(`${where}: trained on feature schema ${manifest.featureSchemaHash.slice(0, 12)} but this build computes ${expect.featureSchemaHash.slice(0, 12)}; retrain (npm run train)`);
  }
  if (manifest.inputsHash !== expect.inputsHash) {
    return err(`${where}: trained on model inputs ${manifest.inputsHash.slice(0, 12)} but this build computes ${expect.inputsHash.slice(0, 12)}; retrain (npm run train)`);
  }
  const files = verifyListedFiles(dir, manifest.files, where);
  if (!files.ok) return err(files.error.reason);
  return ok({ dir, manifest, files: files.value });
}
