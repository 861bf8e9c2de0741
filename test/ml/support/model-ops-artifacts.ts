import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Manifest } from '../../../core/ml/artifact/manifest.js';
import { listFiles } from '../../../core/ml/artifact/artifact-files.js';
import { stableJson } from '../../../core/ml/artifact/write-artifact.js';
import { currentModelDir } from '../../../core/ml/inference/model-source.js';

/** The shipped breakout model's folder (models/breakout/<current>). */
export function shippedModelDir(): string {
  const dir = currentModelDir(path.resolve('models/breakout'));
  if (!dir.ok) throw new Error(dir.error);
  return dir.value;
}

export const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;

/**
 * Copies the shipped model to `<root>/<version>` as a model of its own: the manifest names `version` and is
 * re-signed (every file's size and sha256 recomputed) after `edit` has changed files or manifest fields.
 */
export function copyShippedModel(root: string, version: string, edit: (dir: string, manifest: Manifest) => Manifest = (_d, m) => m): string {
  const dir = path.join(root, version);
  cpSync(shippedModelDir(), dir, { recursive: true });
  let manifest: Manifest = { ...readManifest(dir), version };
  manifest = edit(dir, manifest);
  resign(dir, manifest);
  return dir;
}

/** Rewrites `manifest.json` with the sizes and sha256 of the files as they are now (what a retrain would write). */
export function resign(dir: string, manifest: Manifest): void {
  const files = listFiles(new Map(manifest.files.map((f) => [f.name, readFileSync(path.join(dir, f.name))])));
  writeFileSync(path.join(dir, 'manifest.json'), stableJson({ ...manifest, files }));
}
