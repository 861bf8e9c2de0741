import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ArtifactFiles } from '../models/ensemble-types.js';
import { MANIFEST_FORMAT, manifestSchema, type Manifest } from './manifest.js';

/** sha256 hex of bytes. */
export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Everything in the manifest except the file list, which is computed from the bytes written. */
export type ManifestMeta = Omit<Manifest, 'format' | 'files'>;

export const MANIFEST_FILE = 'manifest.json';

/** Encodes text files (reports, baseline) next to the model's own files. */
export const textFile = (text: string): Uint8Array => new TextEncoder().encode(text);

/** JSON with sorted-insertion order kept and NaN → null, so reports stay parseable and byte-stable. */
export const stableJson = (value: unknown): string => `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;

/**
 * Writes an artifact folder `<root>/<meta.version>/`: every file, then `manifest.json` listing each file's
 * size and sha256. The folder is assembled under a temporary name and renamed into place, so a crash never
 * leaves a half-written model where a loader would look; an existing folder of the same version is replaced.
 * @returns the folder written.
 * @throws RangeError when a file name is not a plain name or the manifest would not validate.
 */
export function writeArtifact(root: string, files: ArtifactFiles, meta: ManifestMeta): { dir: string; manifest: Manifest } {
  const entries = [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    ...meta,
    files: entries.map(([name, bytes]) => ({ name, bytes: bytes.byteLength, sha256: sha256Hex(bytes) })),
  };
  const checked = manifestSchema.safeParse(manifest);
  if (!checked.success) throw new RangeError(`artifact manifest is invalid: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  if (entries.some(([name]) => name === MANIFEST_FILE)) throw new RangeError(`a model file may not be named ${MANIFEST_FILE}`);
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
