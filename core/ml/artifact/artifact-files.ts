import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { err, ok, type Result } from '../../util/result.js';

// The file-level rules every model artifact shares (breakout and risk): one place decides how files are
// listed, written and checked, so the two manifests cannot drift apart on what "verified" means.

/** sha256 hex of bytes. */
export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Name of the manifest inside every artifact folder. */
export const MANIFEST_FILE = 'manifest.json';

/** One file as a manifest lists it. */
export interface ListedFile {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Sorts an artifact's files by name and lists each with its size and sha256, so the manifest (and thus the
 * artifact) is byte-stable whatever order the files were produced in.
 */
export function listFiles(files: ReadonlyMap<string, Uint8Array>): ListedFile[] {
  const entries = [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.map(([name, bytes]) => ({ name, bytes: bytes.byteLength, sha256: sha256Hex(bytes) }));
}

/**
 * Writes `<root>/<version>/`: every file, then `manifest.json`. The folder is assembled under
 * `.<version>.partial` and renamed into place, so a crash never leaves a half-written model where a loader
 * would look; an existing folder of the same version is replaced whole.
 * @returns the folder written.
 * @throws RangeError when a file is named manifest.json (it would be overwritten by the manifest).
 */
export function writeArtifactFolder(root: string, version: string, files: ReadonlyMap<string, Uint8Array>, manifestBytes: string | Uint8Array): string {
  if ([...files.keys()].some((name) => name === MANIFEST_FILE)) throw new RangeError(`a model file may not be named ${MANIFEST_FILE}`);
  const dir = path.join(root, version);
  const staging = path.join(root, `.${version}.partial`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const [name, bytes] of files) writeFileSync(path.join(staging, name), bytes);
  writeFileSync(path.join(staging, MANIFEST_FILE), manifestBytes);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return dir;
}

/** Reads a file, naming why it could not be read in words that follow the file's name. */
export const readBytes = (file: string): Result<Uint8Array, string> => {
  try {
    return ok(readFileSync(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return err(code === 'ENOENT' ? 'is missing' : `cannot be read (${code ?? String(error)})`);
  }
};

/** Which check a listed file failed: absent, present but unreadable, wrong size, or wrong sha256. */
export type ListedFileProblem = 'missing' | 'unreadable' | 'size' | 'digest';

/**
 * Checks every listed file in `dir` has its listed size and sha256, and returns their bytes. Sizes are
 * compared before hashing so a truncated file is named as such. The reason starts with `where`.
 */
export function verifyListedFiles(dir: string, listed: readonly ListedFile[], where: string): Result<Map<string, Uint8Array>, { problem: ListedFileProblem; reason: string }> {
  const files = new Map<string, Uint8Array>();
  for (const f of listed) {
    const file = path.join(dir, f.name);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return err({ problem: 'missing', reason: `${where}: ${f.name} is missing` });
    }
    if (size !== f.bytes) return err({ problem: 'size', reason: `${where}: ${f.name} is ${size} bytes, the manifest says ${f.bytes}` });
    const bytes = readBytes(file);
    if (!bytes.ok) return err({ problem: 'unreadable', reason: `${where}: ${f.name} ${bytes.error}` });
    const digest = sha256Hex(bytes.value);
    if (digest !== f.sha256) return err({ problem: 'digest', reason: `${where}: ${f.name} sha256 ${digest.slice(0, 12)} does not match the manifest's ${f.sha256.slice(0, 12)}: the file is corrupt or was changed` });
    files.set(f.name, bytes.value);
  }
  return ok(files);
}
