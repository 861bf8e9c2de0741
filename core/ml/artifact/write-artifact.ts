import type { ArtifactFiles } from '../models/ensemble-types.js';
import { listFiles, writeArtifactFolder } from './artifact-files.js';
import { MANIFEST_FORMAT, manifestSchema, type Manifest } from './manifest.js';

export { MANIFEST_FILE, sha256Hex } from './artifact-files.js';

/** Everything in the manifest except the file list, which is computed from the bytes written. */
export type ManifestMeta = Omit<Manifest, 'format' | 'files'>;

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
  const manifest: Manifest = { format: MANIFEST_FORMAT, ...meta, files: listFiles(files) };
  const checked = manifestSchema.safeParse(manifest);
  if (!checked.success) throw new RangeError(`artifact manifest is invalid: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const dir = writeArtifactFolder(root, meta.version, files, stableJson(manifest));
  return { dir, manifest };
}
