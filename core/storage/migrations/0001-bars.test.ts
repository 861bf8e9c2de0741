import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMigrations, schemaVersion } from '../migration-runner.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { migration0001Bars } from './0001-bars.js';

interface ColumnInfo {
  readonly name: string;
  readonly pk: number;
  readonly notnull: number;
}

const insertBar = 'INSERT INTO bars VALUES (?, ?, ?, ?, ?, ?, ?)';

describe('migration 0001 bars', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  beforeEach(() => {
    tmp = makeTempDir();
    db = new Database(tmp.file('desk.db'));
    runMigrations(db, [migration0001Bars]);
    db.prepare('INSERT INTO series (symbol, interval) VALUES (?, ?)').run('AAPL', '1d');
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('applies to an empty file as version 1', () => {
    expect(migration0001Bars.version).toBe(1);
    expect(schemaVersion(db)).toBe(1);
  });

  it('keys bars by (series_id, time) in a WITHOUT ROWID table', () => {
    const columns = db.prepare<[], ColumnInfo>('PRAGMA table_info(bars)').all();
    const key = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    expect(key).toEqual(['series_id', 'time']);
    expect(columns.every((c) => c.notnull === 1)).toBe(true);
    // A WITHOUT ROWID table has no rowid column to select.
    expect(() => db.prepare('SELECT rowid FROM bars').all()).toThrow(/no such column: rowid/);
  });

  it('gives each (symbol, interval) one series id', () => {
    expect(() => db.prepare('INSERT INTO series (symbol, interval) VALUES (?, ?)').run('AAPL', '1d')).toThrow(/UNIQUE/);
    db.prepare('INSERT INTO series (symbol, interval) VALUES (?, ?)').run('AAPL', '1m');
    expect(db.prepare('SELECT count(*) FROM series').pluck().get()).toBe(2);
  });

  it('refuses a second row with the same key and lets an upsert replace it in place', () => {
    db.prepare(insertBar).run(1, 1000, 10, 12, 9, 11, 100);
    expect(() => db.prepare(insertBar).run(1, 1000, 10, 12, 9, 11, 100)).toThrow(/UNIQUE constraint failed/);
    const upsert = db.prepare(`${insertBar} ON CONFLICT (series_id, time) DO UPDATE SET close = excluded.close`);
    upsert.run(1, 1000, 10, 12, 9, 11, 100);
    upsert.run(1, 1000, 10, 12, 9, 11.5, 100);
    expect(db.prepare('SELECT count(*), max(close) FROM bars').raw().get()).toEqual([1, 11.5]);
  });

  it.each([
    ['a NaN price (bound as NULL)', [1, 1000, Number.NaN, 12, 9, 11, 100], /NOT NULL/],
    ['an infinite price', [1, 1000, 10, Number.POSITIVE_INFINITY, 9, 11, 100], /CHECK/],
    ['a negative price', [1, 1000, 10, 12, -1, 11, 100], /CHECK/],
    ['a negative volume', [1, 1000, 10, 12, 9, 11, -5], /CHECK/],
    ['high below low', [1, 1000, 10, 8, 9, 11, 100], /CHECK/],
    ['a fractional time', [1, 1000.5, 10, 12, 9, 11, 100], /CHECK/],
    ['a text price', [1, 1000, 'ten', 12, 9, 11, 100], /CHECK/],
  ])('rejects %s', (_label, row, reason) => {
    expect(() => db.prepare(insertBar).run(...row)).toThrow(reason);
    expect(db.prepare('SELECT count(*) FROM bars').pluck().get()).toBe(0);
  });
});
