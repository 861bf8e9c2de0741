import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { listFiles, MANIFEST_FILE, verifyListedFiles, writeArtifactFolder, type ListedFile } from './artifact-files.js';

const files = (): Map<string, Uint8Array> => new Map([['b.bin', Uint8Array.from([1, 2, 3])], ['a.json', Uint8Array.from([123, 125])]]);

describe('artifact files shared by the breakout and risk artifacts', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => { tmp = makeTempDir('desk-artifact-files-'); });
  afterEach(() => tmp.remove());

  it('lists files sorted by name with their size and sha256', () => {
    const listed = listFiles(files());
    expect(listed.map((f) => [f.name, f.bytes])).toEqual([['a.json', 2], ['b.bin', 3]]);
    expect(listed[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes the folder with its manifest and leaves no staging folder behind', () => {
    const dir = writeArtifactFolder(tmp.dir, 'v1', files(), '{}\n');
    expect(readdirSync(dir).sort()).toEqual(['a.json', 'b.bin', MANIFEST_FILE]);
    expect(existsSync(path.join(tmp.dir, '.v1.partial'))).toBe(false);
    expect(verifyListedFiles(dir, listFiles(files()), 'here').ok).toBe(true);
  });

  it('refuses a file named manifest.json before writing anything', () => {
    expect(() => writeArtifactFolder(tmp.dir, 'v1', new Map([[MANIFEST_FILE, Uint8Array.from([1])]]), '{}')).toThrow(RangeError);
    expect(existsSync(path.join(tmp.dir, 'v1'))).toBe(false);
  });

  it('names which check a listed file failed: missing, size, digest, unreadable', () => {
    const dir = writeArtifactFolder(tmp.dir, 'v1', files(), '{}\n');
    const listed = listFiles(files());
    const problem = (l: ListedFile[]): string | undefined => { const r = verifyListedFiles(dir, l, 'here'); return r.ok ? undefined : r.error.problem; };
    expect(problem([{ name: 'gone.bin', bytes: 1, sha256: 'a'.repeat(64) }])).toBe('missing');
    expect(problem(listed.map((f) => ({ ...f, bytes: f.bytes + 1 })))).toBe('size');
    expect(problem(listed.map((f) => ({ ...f, sha256: 'a'.repeat(64) })))).toBe('digest');
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'x'), 'x');
    expect(problem([{ name: 'sub', bytes: statSync(path.join(dir, 'sub')).size, sha256: 'a'.repeat(64) }])).toBe('unreadable');
  });
});
