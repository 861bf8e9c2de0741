import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listFiles, MANIFEST_FILE, verifyListedFiles, writeArtifactFolder, type ListedFileProblem } from '../../artifact/artifact-files.js';
import { stableJson } from '../../artifact/write-artifact.js';
import { err, ok, type Result } from '../../../util/result.js';
import { RISK_MANIFEST_FORMAT, riskManifestSchema, type RiskManifest, type RiskManifestMeta } from './risk-manifest.js';

/** The files of a risk model folder by name. */
export type RiskArtifactFiles = ReadonlyMap<string, Uint8Array>;

/**
 * Writes `<root>/<version>/`: every file, then `manifest.json` with each file's size and sha256. Staged under a
 * temporary name and renamed into place, so a crash never leaves a half-written model where a loader looks.
 * @throws RangeError when the manifest would not validate or a file is named manifest.json.
 */
export function writeRiskArtifact(root: string, files: RiskArtifactFiles, meta: RiskManifestMeta): { dir: string; manifest: RiskManifest } {
  const manifest: RiskManifest = { format: RISK_MANIFEST_FORMAT, ...meta, files: listFiles(files) };
  const checked = riskManifestSchema.safeParse(manifest);
  if (!checked.success) throw new RangeError(`risk manifest is invalid: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const dir = writeArtifactFolder(root, meta.version, files, stableJson(manifest));
  return { dir, manifest };
}

/** What this build computes, which a model must have been trained on. */
export interface RiskExpectations {
  readonly inputsHash: string;
  readonly actionGridHash: string;
}

/** Why a model folder was refused: the loader's three outcomes besides success. */
export type RiskArtifactProblem = 'missing' | 'invalid' | 'tampered';

// An unreadable file (e.g. a directory where a file is listed) is served as absent: there are no bytes to trust.
const RISK_PROBLEM: Readonly<Record<ListedFileProblem, RiskArtifactProblem>> = { missing: 'missing', unreadable: 'missing', size: 'tampered', digest: 'tampered' };

/**
 * Verifies a risk model folder before anything in it is served: the manifest parses with the risk format,
 * was trained on this build's inputs and action grid, and every listed file has its listed size and sha256.
 * The error says which kind of problem (`missing`, `invalid`, `tampered`) and where.
 */
export function verifyRiskArtifact(dir: string, expect: RiskExpectations): Result<{ manifest: RiskManifest; files: RiskArtifactFiles }, { kind: RiskArtifactProblem; reason: string }> {
  const where = `risk model ${dir}`;
  let raw: string;
  try {
    raw = readFileSync(path.join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    return err({ kind: 'missing', reason: `${where}: ${MANIFEST_FILE} is missing` });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    return err({ kind: 'invalid', reason: `${where}: ${MANIFEST_FILE} is not valid JSON (${(e as Error).message})` });
  }
  const parsed = riskManifestSchema.safeParse(json);
  if (!parsed.success) {
    return err({ kind: 'invalid', reason: `${where}: ${MANIFEST_FILE} is not a risk model manifest: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}` });
  }
  const manifest = parsed.data;
  if (manifest.inputsHash !== expect.inputsHash) return err({ kind: 'invalid', reason: `${where}: trained on inputs ${manifest.inputsHash.slice(0, 12)} but this build encodes ${expect.inputsHash.slice(0, 12)}; retrain (desk train risk)` });
  if (manifest.actionGridHash !== expect.actionGridHash) return err({ kind: 'invalid', reason: `${where}: trained on action grid ${manifest.actionGridHash.slice(0, 12)} but this build has ${expect.actionGridHash.slice(0, 12)}; retrain (desk train risk)` });
  const files = verifyListedFiles(dir, manifest.files, where);
  if (!files.ok) return err({ kind: RISK_PROBLEM[files.error.problem], reason: files.error.reason });
  return ok({ manifest, files: files.value });
}
