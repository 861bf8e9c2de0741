import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMigrations, schemaVersion } from '../migration-runner.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { migration0001Bars } from './0001-bars.js';
import { migration0002Features } from './0002-features.js';

interface ColumnInfo {
  readonly name: string;
  readonly pk: number;
}

const insertFeature = 'INSERT INTO features (series_id, schema_hash, time, dims, vector) VALUES (?, ?, ?, ?, ?)';

describe('migration 0002 features', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  beforeEach(() => {
    tmp = makeTempDir();
    db = new Database(tmp.file('desk.db'));
    db.pragma('foreign_keys = ON');
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('applies to an empty file after 0001, as version 2', () => {
    runMigrations(db, [migration0001Bars, migration0002Features]);
    expect(schemaVersion(db)).toBe(2);
  });

  it('applies on top of a file already at version 1 that holds bars', () => {
    runMigrations(db, [migration0001Bars]);
    db.prepare("INSERT INTO series (symbol, interval) VALUES ('AAPL', '1d')").run();
    db.prepare('INSERT INTO bars VALUES (1, 0, 1, 1, 1, 1, 1)').run();
    expect(runMigrations(db, [migration0001Bars, migration0002Features])).toEqual([2]);
    expect(db.prepare('SELECT count(*) FROM bars').pluck().get()).toBe(1);
  });

  describe('on a migrated file', () => {
    beforeEach(() => {
      runMigrations(db, [migration0001Bars, migration0002Features]);
      db.prepare("INSERT INTO series (symbol, interval) VALUES ('AAPL', '1d')").run();
    });

    it('keys features by (series_id, schema_hash, time) so a schema’s time range is one key range', () => {
      const key = db
        .prepare<[], ColumnInfo>('PRAGMA table_info(features)')
        .all()
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      expect(key).toEqual(['series_id', 'schema_hash', 'time']);
    });

    it('keeps one vector per key, replaced by an upsert', () => {
      const upsert = db.prepare(`${insertFeature} ON CONFLICT DO UPDATE SET dims = excluded.dims, vector = excluded.vector`);
      upsert.run(1, 'h1', 0, 1, Buffer.alloc(8));
      upsert.run(1, 'h1', 0, 2, Buffer.alloc(16));
      upsert.run(1, 'h2', 0, 1, Buffer.alloc(8));
      expect(db.prepare('SELECT count(*) FROM features').pluck().get()).toBe(2);
      expect(db.prepare("SELECT dims FROM features WHERE schema_hash = 'h1'").pluck().get()).toBe(2);
    });

    it('rejects a blob whose length does not match dims float64s', () => {
      expect(() => db.prepare(insertFeature).run(1, 'h1', 0, 2, Buffer.alloc(12))).toThrow(/CHECK/);
    });

    it('rejects a vector for a series that does not exist', () => {
      expect(() => db.prepare(insertFeature).run(99, 'h1', 0, 1, Buffer.alloc(8))).toThrow(/FOREIGN KEY/);
    });

    it('rejects an empty schema hash', () => {
      expect(() => db.prepare(insertFeature).run(1, '', 0, 1, Buffer.alloc(8))).toThrow(/CHECK/);
    });
  });
});
