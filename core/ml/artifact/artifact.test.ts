import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEATURE_SCHEMA_HASH } from '../../features/feature-schema.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { BREAKOUT_INPUTS_HASH } from '../inputs/breakout-inputs.js';
import { testManifestMeta } from './testing/manifest-meta.js';
import { verifyArtifact } from './verify-artifact.js';
import { MANIFEST_FILE, sha256Hex, textFile, writeArtifact } from './write-artifact.js';

const expectations = { featureSchemaHash: FEATURE_SCHEMA_HASH, inputsHash: BREAKOUT_INPUTS_HASH };
const files = (): Map<string, Uint8Array> => new Map([
  ['weights.bin', Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8])],
  ['svm.json', textFile('{"w":[1]}')],
]);

describe('model artifact', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let dir: string;
  beforeEach(() => {
    tmp = makeTempDir('desk-artifact-');
    dir = writeArtifact(tmp.dir, files(), testManifestMeta()).dir;
  });
  afterEach(() => tmp.remove());

  const refusal = (): string => {
    const r = verifyArtifact(dir, expectations);
    if (r.ok) throw new Error('expected the artifact to be refused');
    return r.error;
  };
  const manifestJson = (): Record<string, unknown> => JSON.parse(readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as Record<string, unknown>;

  it('writes every file with its size and sha256 in the manifest, and verifies it back byte for byte', () => {
    expect(dir).toBe(path.join(tmp.dir, 'test-v1'));
    const m = manifestJson();
    expect(m['files']).toEqual([
      { name: 'svm.json', bytes: 9, sha256: sha256Hex(textFile('{"w":[1]}')) },
      { name: 'weights.bin', bytes: 8, sha256: sha256Hex(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8])) },
    ]);
    const r = verifyArtifact(dir, expectations);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect([...(r.value.files.get('weights.bin') ?? [])]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(r.value.manifest.training.baseRate).toBe(0.3);
    }
    expect(existsSync(path.join(tmp.dir, '.test-v1.partial'))).toBe(false);
  });

  it('refuses a file with one corrupted byte', () => {
    const file = path.join(dir, 'weights.bin');
    const bytes = readFileSync(file);
    bytes[3] = (bytes[3] ?? 0) ^ 0xff;
    writeFileSync(file, bytes);
    expect(refusal()).toMatch(/weights\.bin sha256 .* does not match/);
  });

  it('refuses a truncated file by its size', () => {
    writeFileSync(path.join(dir, 'weights.bin'), Uint8Array.from([1, 2, 3]));
    expect(refusal()).toMatch(/weights\.bin is 3 bytes, the manifest says 8/);
  });

  it('refuses a missing file', () => {
    rmSync(path.join(dir, 'svm.json'));
    expect(refusal()).toMatch(/svm\.json is missing/);
  });

  it('refuses a model trained on another feature schema or other input columns', () => {
    const m = manifestJson();
    writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify({ ...m, featureSchemaHash: 'a'.repeat(64) }));
    expect(refusal()).toMatch(/trained on feature schema aaaaaaaaaaaa but this build computes/);
    writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify({ ...m, inputsHash: 'b'.repeat(64) }));
    expect(refusal()).toMatch(/trained on model inputs bbbbbbbbbbbb/);
  });

  it('refuses a missing, unparsable or foreign manifest', () => {
    writeFileSync(path.join(dir, MANIFEST_FILE), '{"format": "breakout-model/1", ');
    expect(refusal()).toMatch(/manifest\.json is not valid JSON/);
    writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify({ format: 'other/9' }));
    expect(refusal()).toMatch(/is not a breakout model manifest: format/);
    rmSync(path.join(dir, MANIFEST_FILE));
    expect(refusal()).toMatch(/manifest\.json is missing/);
    expect(verifyArtifact(path.join(tmp.dir, 'nope'), expectations).ok).toBe(false);
  });

  it('refuses a manifest naming a file outside the folder', () => {
    const m = manifestJson();
    writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify({ ...m, files: [{ name: '../x.bin', bytes: 1, sha256: 'c'.repeat(64) }] }));
    expect(refusal()).toMatch(/plain names/);
  });

  it('refuses to write a file that is not a plain name or is called manifest.json', () => {
    expect(() => writeArtifact(tmp.dir, new Map([['../evil', Uint8Array.from([1])]]), testManifestMeta('v2'))).toThrow(/plain names/);
    expect(() => writeArtifact(tmp.dir, new Map([[MANIFEST_FILE, Uint8Array.from([1])]]), testManifestMeta('v2'))).toThrow(/manifest\.json/);
  });

  it('replaces an existing version folder whole', () => {
    writeFileSync(path.join(dir, 'stale.bin'), 'x');
    writeArtifact(tmp.dir, files(), testManifestMeta());
    expect(existsSync(path.join(dir, 'stale.bin'))).toBe(false);
    expect(verifyArtifact(dir, expectations).ok).toBe(true);
  });
});
