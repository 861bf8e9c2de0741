import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE, sha256Hex, stableJson } from '../../artifact/write-artifact.js';
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
  const entries = [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.some(([name]) => name === MANIFEST_FILE)) throw new RangeError(`a model file may not be named ${MANIFEST_FILE}`);
  const manifest: RiskManifest = { format: RISK_MANIFEST_FORMAT, ...meta, files: entries.map(([name, bytes]) => ({ name, bytes: bytes.byteLength, sha256: sha256Hex(bytes) })) };
  const checked = riskManifestSchema.safeParse(manifest);
  if (!checked.success) throw new RangeError(`risk manifest is invalid: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const dir = path.join(root, meta.version);
  const staging = path.join(root, `.${meta.version}.partial`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const [name, bytes] of entries) writeFileSync(path.join(staging, name), bytes);
  writeFileSync(path.join(staging, MANIFEST_FILE), stableJson(manifest));
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return { dir, manifest };
}

/** What this build computes, which a model must have been trained on. */
export interface RiskExpectations {
  readonly inputsHash: string;
  readonly actionGridHash: string;
}

/** Why a model folder was refused: the loader's three outcomes besides success. */
export type RiskArtifactProblem = 'missing' | 'invalid' | 'tampered';

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
  const files = new Map<string, Uint8Array>();
  for (const f of manifest.files) {
    const file = path.join(dir, f.name);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return err({ kind: 'missing', reason: `${where}: ${f.name} is missing` });
    }
    if (size !== f.bytes) return err({ kind: 'tampered', reason: `${where}: ${f.name} is ${size} bytes, the manifest says ${f.bytes}` });
    const bytes = readFileSync(file);
    const digest = sha256Hex(bytes);
    if (digest !== f.sha256) return err({ kind: 'tampered', reason: `${where}: ${f.name} sha256 ${digest.slice(0, 12)} does not match the manifest's ${f.sha256.slice(0, 12)}: the file is corrupt or was changed` });
    files.set(f.name, bytes);
  }
  return ok({ manifest, files });
}
