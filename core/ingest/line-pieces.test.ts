import { closeSync, openSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../storage/testing/temp-dir.js';
import { FileReadError, readLinePieces } from './line-pieces.js';

describe('readLinePieces', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir('desk-pieces-');
  });
  afterEach(() => tmp.remove());

  /** The pieces of a file with `text`, read `size` bytes at a time, and the byte counts reported. */
  function pieces(text: string, size: number, stopAtQuote = false): { pieces: string[]; done: number[]; finished: boolean } {
    const file = tmp.file('f.csv');
    writeFileSync(file, text);
    const fd = openSync(file, 'r');
    const out: string[] = [];
    const done: number[] = [];
    try {
      const finished = readLinePieces(fd, (piece, bytes) => (out.push(piece), done.push(bytes)), stopAtQuote, size);
      return { pieces: out, done, finished };
    } finally {
      closeSync(fd);
    }
  }

  it('cuts after line ends only, keeping multi-byte characters whole, and counts bytes', () => {
    const text = 'née,1\r\n€uro,22\nlast line without end';
    const result = pieces(text, 8);
    expect(result.pieces.join('')).toBe(text);
    expect(result.pieces.slice(0, -1).every((p) => p.endsWith('\n'))).toBe(true);
    expect(result.pieces).toContain('€uro,22\n');
    expect(result.done.at(-1)).toBe(Buffer.byteLength(text));
    expect(result.finished).toBe(true);
  });

  it('grows the piece for a line longer than the piece size instead of splitting it', () => {
    const long = `${'x'.repeat(50)}\n`;
    const result = pieces(`a\n${long}b\n`, 4);
    expect(result.pieces.join('')).toBe(`a\n${long}b\n`);
    expect(result.pieces.some((p) => p.includes(long))).toBe(true);
    expect(result.pieces.every((p) => p.endsWith('\n'))).toBe(true);
  });

  it('hands out nothing for an empty file', () => {
    expect(pieces('', 16)).toEqual({ pieces: [], done: [], finished: true });
  });

  it('stops before a piece holding a quote when asked, and passes quotes through otherwise', () => {
    const text = 'a,b\n1,2\n"x",3\n';
    expect(pieces(text, 8, true)).toEqual({ pieces: ['a,b\n1,2\n'], done: [8], finished: false });
    expect(pieces(text, 8, false).pieces.join('')).toBe(text);
  });

  it('reports a failing read as FileReadError', () => {
    const fd = openSync(tmp.dir, 'r');
    try {
      expect(() => readLinePieces(fd, () => undefined, false)).toThrow(FileReadError);
    } finally {
      closeSync(fd);
    }
  });
});
