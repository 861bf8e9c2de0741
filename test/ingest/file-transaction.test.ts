import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHUNK_ROWS } from '../../core/ingest/bar-csv.js';
import { ingestFile, type BarSink } from '../../core/ingest/ingest-path.js';
import type { FileReport } from '../../core/ingest/ingest-report.js';
import { BarStore } from '../../core/storage/bar-store.js';
import { openDatabase } from '../../core/storage/open-database.js';
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';

const DAY = 86_400_000;
const START = Date.UTC(1950, 0, 2);

/** `rows` clean daily rows of a slow random-free walk; several chunks long for the sizes used here. */
function dailyCsv(rows: number, quoted = false): string {
  const lines = ['date,open,high,low,close,volume'];
  for (let i = 0; i < rows; i++) {
    const date = new Date(START + i * DAY).toISOString().slice(0, 10);
    const p = 50 + (i % 100) / 10;
    lines.push(`${quoted ? `"${date}"` : date},${p},${p + 1},${p - 1},${p + 0.5},${1000 + i}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A file is ONE transaction even though it is parsed, validated and written in chunks: an exception after
 * some chunks reached the database must leave nothing of that file, checked on a real file after reopening.
 */
describe('one transaction per file, written in chunks', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let dbFile: string;
  const rows = CHUNK_ROWS * 3 + 100;
  beforeEach(() => {
    tmp = makeTempDir('desk-ingest-tx-');
    dbFile = tmp.file('desk.db');
    writeFileSync(tmp.file('KEEP.csv'), dailyCsv(10));
    writeFileSync(tmp.file('BIG.csv'), dailyCsv(rows));
  });
  afterEach(() => tmp.remove());

  /** Imports KEEP.csv, then BIG.csv through `wrap(store)`; returns BIG's report and what was stored, read after reopening. */
  function importBoth(wrap: (store: BarStore) => BarSink, setup?: (db: ReturnType<typeof openDatabase>) => void): { report: FileReport; keep: number; big: number } {
    const db = openDatabase(dbFile);
    let report: FileReport;
    try {
      const store = new BarStore(db);
      expect(ingestFile(tmp.file('KEEP.csv'), store)).toMatchObject({ ok: true, stored: 10 });
      setup?.(db);
      report = ingestFile(tmp.file('BIG.csv'), wrap(store));
    } finally {
      db.close();
    }
    const again = openDatabase(dbFile);
    try {
      const store = new BarStore(again);
      return { report, keep: store.count('KEEP'), big: store.count('BIG') };
    } finally {
      again.close();
    }
  }

  /** The real store, counting the chunks and rows handed to the database before anything failed. */
  function counting(store: BarStore, seen: { rows: number; writes: number }, failOnWrite?: number): BarSink {
    return {
      bulk: (body) =>
        store.bulk((writer) =>
          body({
            write: (symbol, interval, columns) => {
              if (seen.writes === failOnWrite) throw new Error('process crashed');
              const written = writer.write(symbol, interval, columns);
              seen.writes++;
              seen.rows += columns.length;
              return written;
            },
          }),
        ),
    };
  }

  it('stores all chunks of a good file', () => {
    const seen = { rows: 0, writes: 0 };
    const { report, big } = importBoth((store) => counting(store, seen));
    expect(report).toMatchObject({ ok: true, rows, stored: rows, written: rows, rejected: [] });
    expect(big).toBe(rows);
    expect(seen.rows).toBe(rows);
  });

  it('rolls the whole file back when SQLite fails on a row in the third chunk', () => {
    const seen = { rows: 0, writes: 0 };
    const failAt = START + (CHUNK_ROWS * 2 + 5) * DAY;
    const { report, keep, big } = importBoth(
      (store) => counting(store, seen),
      (db) => db.exec(`CREATE TRIGGER fail_mid_file BEFORE INSERT ON bars WHEN NEW.time = ${failAt} BEGIN SELECT RAISE(ABORT, 'simulated I/O failure'); END`),
    );
    expect(report).toEqual({
      ok: false,
      file: tmp.file('BIG.csv'),
      unreadable: false,
      message: 'the database refused the file, nothing stored: simulated I/O failure',
    });
    // Two chunks had reached the database before the failure, and none of them survived.
    expect(seen.writes).toBe(2);
    expect(seen.rows).toBeGreaterThan(CHUNK_ROWS);
    expect(big).toBe(0);
    expect(keep).toBe(10);
  });

  it('rolls the whole file back when the process fails between chunks', () => {
    const seen = { rows: 0, writes: 0 };
    const { report, keep, big } = importBoth((store) => counting(store, seen, 2));
    expect(report).toMatchObject({ ok: false, unreadable: false, message: 'the database refused the file, nothing stored: process crashed' });
    expect(seen.writes).toBe(2);
    expect(seen.rows).toBeGreaterThan(CHUNK_ROWS);
    expect(big).toBe(0);
    expect(keep).toBe(10);
  });

  it('rolls back chunks already written when a CSV syntax error shows up near the end of a quoted file', () => {
    const seen = { rows: 0, writes: 0 };
    writeFileSync(tmp.file('BIG.csv'), `${dailyCsv(rows, true)}"2099-01-01,1,1,1,1,1\n`);
    const { report, keep, big } = importBoth((store) => counting(store, seen));
    expect(report).toMatchObject({ ok: false, unreadable: false, message: expect.stringMatching(/^CSV syntax error: /) });
    expect(seen.writes).toBeGreaterThan(0);
    expect(big).toBe(0);
    expect(keep).toBe(10);
  });
});
