import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BarStore } from '../storage/bar-store.js';
import { openDatabase, type Db } from '../storage/open-database.js';
import { makeTempDir } from '../storage/testing/temp-dir.js';
import { CHUNK_ROWS } from './bar-csv.js';
import { ingestFile, ingestPath, listIngestFiles } from './ingest-path.js';
import { ingestFailed, type FileImported, type IngestReport } from './ingest-report.js';

const HEADER = 'date,open,high,low,close,volume';

/** Daily rows for consecutive days from 2000-01-03, each given as o,h,l,c,v. */
function dailyCsv(rows: readonly string[]): string {
  return `${HEADER}\n${rows.map((r, i) => `${new Date(Date.UTC(2000, 0, 3) + i * 86_400_000).toISOString().slice(0, 10)},${r}`).join('\n')}\n`;
}

const GOOD = ['10,11,9,10.5,100', '10.5,11,10,10.8,200', '10.8,11.2,10.6,11,0'];

describe('ingestPath', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  let store: BarStore;
  beforeEach(() => {
    tmp = makeTempDir('desk-ingest-');
    db = openDatabase(tmp.file('desk.db'));
    store = new BarStore(db);
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  function write(name: string, text: string): string {
    const file = path.join(tmp.dir, 'in', name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  function imported(report: IngestReport, index = 0): FileImported {
    const f = report.files[index];
    if (f === undefined || !f.ok) throw new Error(`file ${index} was not imported: ${JSON.stringify(f)}`);
    return f;
  }

  it('stores the good rows of a file and reports each bad row with its line and reasons', () => {
    const file = write('ABC.csv', dailyCsv([...GOOD, '11,10.9,10.95,11,5', '11,11,11,NaN,5', '11,12,10,11.5,-1']));
    const result = ingestPath(file, store);
    if (!result.ok) throw new Error(result.error);
    const f = imported(result.value);
    expect(f).toMatchObject({ symbol: 'ABC', interval: '1d', format: 'daily', rows: 6, stored: 3, written: 3 });
    expect(f.rejected.map((r) => [r.line, r.reasons.map((x) => x.code)])).toEqual([
      [5, ['high-below-open-close', 'high-below-low']],
      [6, ['non-finite']],
      [7, ['negative-volume']],
    ]);
    expect(store.count('ABC', '1d')).toBe(3);
    expect(result.value.totals).toEqual({ files: 1, filesFailed: 0, rows: 6, stored: 3, written: 3, rejected: 3 });
    expect(ingestFailed(result.value)).toBe(false);
  });

  it('merges parse and rule rejections in line order', () => {
    const file = write('ABC.csv', dailyCsv([...GOOD, '11,10,10.5,11,5', '11,x,10,11,5']));
    const result = ingestPath(file, store);
    expect(result.ok && imported(result.value).rejected.map((r) => r.line)).toEqual([5, 6]);
  });

  it('stores nothing twice: re-importing writes no row', () => {
    const file = write('ABC.csv', dailyCsv(GOOD));
    ingestPath(file, store);
    const again = ingestPath(file, store);
    expect(again.ok && imported(again.value).written).toBe(0);
    expect(store.count()).toBe(3);
  });

  it('imports every csv/txt file directly in a folder, not its subfolders, and reports the ones it cannot use', () => {
    write('AAA.csv', dailyCsv(GOOD));
    write('BBB.txt', dailyCsv(GOOD));
    write('notes.md', 'ignored');
    write('INDEX.csv', 'symbol,kind,file,first,last,rows\n');
    write('original/CCC.csv', dailyCsv(GOOD));
    const result = ingestPath(path.join(tmp.dir, 'in'), store);
    if (!result.ok) throw new Error(result.error);
    expect(result.value.files.map((f) => [path.basename(f.file), f.ok])).toEqual([
      ['AAA.csv', true],
      ['BBB.txt', true],
      ['INDEX.csv', false],
    ]);
    expect(store.symbols()).toEqual(['AAA', 'BBB']);
    expect(result.value.totals.filesFailed).toBe(1);
    expect(ingestFailed(result.value)).toBe(false);
  });

  it('reports progress in bytes up to the total', () => {
    const file = write('ABC.csv', dailyCsv(GOOD));
    const seen: [number, number][] = [];
    ingestPath(file, store, { onProgress: (done, total) => seen.push([done, total]) });
    const size = dailyCsv(GOOD).length;
    expect(seen.at(-1)).toEqual([size, size]);
    expect(seen.every(([done, total]) => done <= total)).toBe(true);
  });

  it('refuses a missing path, an empty folder and --symbol for several files', () => {
    expect(ingestPath(tmp.file('nope'), store)).toMatchObject({ ok: false, error: expect.stringMatching(/^cannot read .*nope/) });
    mkdirSync(tmp.file('empty'));
    expect(ingestPath(tmp.file('empty'), store)).toMatchObject({ ok: false, error: expect.stringMatching(/no \*\.csv or \*\.txt files/) });
    write('AAA.csv', dailyCsv(GOOD));
    write('BBB.csv', dailyCsv(GOOD));
    expect(ingestPath(path.join(tmp.dir, 'in'), store, { symbol: 'X' })).toMatchObject({ ok: false, error: expect.stringMatching(/--symbol names one series/) });
  });

  describe('files longer than a chunk and a read piece', () => {
    /** Clean daily rows around 50, one per day from 1900; about 45 bytes a line, so 30,000 rows span two 1 MB pieces. */
    function longRows(count: number): string[] {
      return Array.from({ length: count }, (_, i) => {
        const p = 50 + (i % 50) / 10;
        return `${p},${p + 1},${p - 1},${p + 0.5},${1000 + i}`;
      });
    }
    const longCsv = (rows: readonly string[], eol = '\n'): string =>
      `${HEADER}${eol}${rows.map((r, i) => `${new Date(Date.UTC(1900, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)},${r}`).join(eol)}${eol}`;

    it('reports the right lines for bad rows past the first megabyte and at a chunk boundary, and stores the rest', () => {
      const rows = longRows(30_000);
      rows[CHUNK_ROWS - 1] = '500,510,490,505,1'; // last row of the first chunk: a 10x outlier, judged by the next chunk
      rows[25_000] = '50,49,48,50.5,1'; // high below close, past the first 1 MB piece
      const text = longCsv(rows, '\r\n');
      expect(Buffer.byteLength(text)).toBeGreaterThan(1 << 20);
      const result = ingestPath(write('LONG.csv', `\uFEFF${text}`), store);
      if (!result.ok) throw new Error(result.error);
      const f = imported(result.value);
      expect(f.rejected.map((r) => [r.line, r.reasons.map((x) => x.code)])).toEqual([
        [CHUNK_ROWS + 1, ['price-jump']],
        [25_002, ['high-below-open-close']],
      ]);
      expect(f).toMatchObject({ rows: 30_000, stored: 29_998, written: 29_998 });
      expect(store.count('LONG', '1d')).toBe(29_998);
      const again = ingestPath(write('LONG.csv', text), store);
      expect(again.ok && imported(again.value)).toMatchObject({ stored: 29_998, written: 0 });
    });

    it('holds an intraday file until its interval is known, then stores every chunk', () => {
      const t0 = Date.UTC(2024, 0, 2, 14, 30);
      const rows = Array.from({ length: CHUNK_ROWS * 2 + 7 }, (_, i) => `${new Date(t0 + i * 60_000).toISOString()},10,11,9,10.5,${i}`);
      const result = ingestPath(write('MIN.csv', `datetime,open,high,low,close,volume\n${rows.join('\n')}\n`), store);
      expect(result.ok && imported(result.value)).toMatchObject({ interval: '1m', stored: rows.length, written: rows.length });
      expect(store.count('MIN', '1m')).toBe(rows.length);
    });

    it('stores nothing of an intraday file whose interval cannot be inferred', () => {
      const t0 = Date.UTC(2024, 0, 2, 14, 30);
      const rows = Array.from({ length: CHUNK_ROWS + 3 }, (_, i) => `${new Date(t0 + i * 7_000).toISOString()},10,11,9,10.5,1`);
      const result = ingestPath(write('ODD.csv', `datetime,open,high,low,close,volume\n${rows.join('\n')}\n`), store);
      expect(result.ok && result.value.files[0]).toMatchObject({ ok: false, message: expect.stringMatching(/cannot infer the bar interval \(most common spacing 7 s\)/) });
      expect(store.count()).toBe(0);
    });

    it('starts over with csv-parse when a quote first shows up past the first megabyte, storing each row once', () => {
      const rows = longRows(30_000);
      const text = `${longCsv(rows)}"2099-01-01",50,51,49,50.5,7\n`;
      expect(text.indexOf('"')).toBeGreaterThan(1 << 20);
      const result = ingestPath(write('LATE.csv', text), store);
      expect(result.ok && imported(result.value)).toMatchObject({ rows: 30_001, stored: 30_001, written: 30_001, rejected: [] });
      expect(store.count('LATE', '1d')).toBe(30_001);
      expect(store.lastTime('LATE', '1d')).toBe(Date.UTC(2099, 0, 1));
    });

    it('reads a file through csv-parse when told to, quotes or not', () => {
      const result = ingestPath(write('CP.csv', dailyCsv(GOOD)), store, { parser: 'csv-parse' });
      expect(result.ok && imported(result.value)).toMatchObject({ stored: 3, written: 3 });
    });

    it('reads a quoted file whole through csv-parse, with the same result', () => {
      const rows = longRows(CHUNK_ROWS + 10);
      const plain = longCsv(rows);
      const quoted = plain.replace('date,open', '"date",open');
      const a = ingestPath(write('PLAIN.csv', plain), store);
      const b = ingestPath(write('QUOTED.csv', quoted), store, { parser: 'auto' });
      expect(a.ok && b.ok && [imported(a.value).stored, imported(b.value).stored]).toEqual([rows.length, rows.length]);
      expect(store.query({ symbol: 'QUOTED', interval: '1d' }).map((x) => x.close)).toEqual(store.query({ symbol: 'PLAIN', interval: '1d' }).map((x) => x.close));
    });
  });

  it('fails the run when nothing could be imported', () => {
    const file = write('ABC.csv', `${HEADER}\n`);
    const result = ingestPath(file, store);
    expect(result.ok && ingestFailed(result.value)).toBe(true);
  });
});

describe('ingestFile', () => {
  it('reports an unreadable file as such, storing nothing', () => {
    let transactions = 0;
    const report = ingestFile('/no/such/file.csv', {
      bulk: () => {
        transactions++;
        throw new Error('no transaction expected for a file that cannot be read');
      },
    });
    expect(report).toMatchObject({ ok: false, unreadable: true, message: expect.stringMatching(/^cannot read the file/) });
    expect(transactions).toBe(0);
    expect(ingestFailed({ files: [report], totals: { files: 1, filesFailed: 1, rows: 0, stored: 1, written: 0, rejected: 0 } })).toBe(true);
  });

  it('reports a file whose reading fails after opening as unreadable, storing nothing', () => {
    const tmp = makeTempDir('desk-ingest-');
    const db = openDatabase(tmp.file('desk.db'));
    try {
      // A folder opens like a file on Linux and then fails on the first read (EISDIR).
      const report = ingestFile(tmp.dir, new BarStore(db));
      expect(report).toMatchObject({ ok: false, unreadable: true, message: expect.stringMatching(/^cannot read the file: .*EISDIR/) });
      expect(new BarStore(db).count()).toBe(0);
    } finally {
      db.close();
      tmp.remove();
    }
  });

  it('reports a database refusal as a failed file, nothing stored', () => {
    const tmp = makeTempDir('desk-ingest-');
    try {
      const file = tmp.file('ABC.csv');
      writeFileSync(file, dailyCsv(GOOD));
      const report = ingestFile(file, {
        bulk: () => {
          throw new Error('disk full');
        },
      });
      expect(report).toEqual({ ok: false, file, unreadable: false, message: 'the database refused the file, nothing stored: disk full' });
    } finally {
      tmp.remove();
    }
  });
});

describe('listIngestFiles', () => {
  it('returns a file path as given', () => {
    expect(listIngestFiles(import.meta.filename)).toEqual({ ok: true, value: [import.meta.filename] });
  });
});
