import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { err, ok, type Result } from '../../util/result.js';
import { fileName } from '../artifact/manifest.js';
import { verifyRiskArtifact } from './artifact/risk-artifact.js';
import { decodeQWeights } from './dqn/q-network.js';
import { DqnRiskSizer } from './dqn-risk-sizer.js';
import { actionGridHash, DEFAULT_ACTION_GRID } from './env/risk-actions.js';
import { RISK_INPUTS_HASH } from './env/risk-observation.js';
import type { RiskSizer } from './risk-sizer.js';

/**
 * The folder of shipped risk model versions (`models/risk` at the project root), found from this file like the
 * breakout models, so the desk serves and `desk train risk` writes the same folder whatever the working directory.
 */
export const SHIPPED_RISK_MODELS: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'models', 'risk');

/** Pointer file naming the version served by default. */
export const RISK_CURRENT_FILE = 'current.json';

/** Name of the network description inside a model folder. */
export const NETWORK_FILE = 'network.json';
export const WEIGHTS_FILE = 'weights.bin';

const networkSchema = z.object({ layers: z.array(z.object({ inputs: z.number().int().positive(), units: z.number().int().positive() })).min(1) });

/**
 * The risk model the desk serves: `<modelsRoot>/current.json` names a version, its folder is verified
 * (manifest, inputs and action-grid hashes, size + sha256 of every file) and the network decoded. Any failure
 * is a reason starting with `missing`, `invalid` or `tampered` that a trader can act on; the caller then
 * sizes with a baseline.
 */
export function loadRiskModel(modelsRoot: string): Result<RiskSizer, string> {
  let version: string;
  try {
    const pointer = z.object({ version: fileName }).safeParse(JSON.parse(readFileSync(path.join(modelsRoot, RISK_CURRENT_FILE), 'utf8')));
    if (!pointer.success) return err(`invalid: ${path.join(modelsRoot, RISK_CURRENT_FILE)} does not name a model version`);
    version = pointer.data.version;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return err(code === 'ENOENT' ? `missing: no ${RISK_CURRENT_FILE} in ${modelsRoot} (train one with desk train risk)` : `invalid: ${path.join(modelsRoot, RISK_CURRENT_FILE)} cannot be read (${(e as Error).message})`);
  }
  return loadRiskModelDir(path.join(modelsRoot, version));
}

/** Loads one model folder (see {@link loadRiskModel}). */
export function loadRiskModelDir(dir: string): Result<DqnRiskSizer, string> {
  const verified = verifyRiskArtifact(dir, { inputsHash: RISK_INPUTS_HASH, actionGridHash: actionGridHash(DEFAULT_ACTION_GRID) });
  if (!verified.ok) return err(`${verified.error.kind}: ${verified.error.reason}`);
  const { manifest, files } = verified.value;
  const networkBytes = files.get(NETWORK_FILE);
  const weightBytes = files.get(WEIGHTS_FILE);
  if (networkBytes === undefined || weightBytes === undefined) return err(`invalid: risk model ${dir}: the manifest lists no ${networkBytes === undefined ? NETWORK_FILE : WEIGHTS_FILE}`);
  let shapeJson: unknown;
  try {
    shapeJson = JSON.parse(new TextDecoder().decode(networkBytes));
  } catch (e) {
    return err(`invalid: risk model ${dir}: ${NETWORK_FILE} is not JSON (${(e as Error).message})`);
  }
  const shape = networkSchema.safeParse(shapeJson);
  if (!shape.success) return err(`invalid: risk model ${dir}: ${NETWORK_FILE} has no layer shapes`);
  const weights = decodeQWeights(shape.data, weightBytes);
  if (weights === undefined) return err(`invalid: risk model ${dir}: ${WEIGHTS_FILE} does not fit the layer shapes in ${NETWORK_FILE}`);
  try {
    return ok(new DqnRiskSizer(manifest.version, weights, manifest.actionGrid));
  } catch (e) {
    return err(`invalid: risk model ${dir}: ${(e as Error).message}`);
  }
}
