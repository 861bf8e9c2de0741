import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseTooNewError } from './database-too-new-error.js';
import { MigrationFailedError } from './migration-failed-error.js';
import { runMigrations, schemaVersion } from './migration-runner.js';
import type { Migration } from './migration.js';
import { makeTempDir } from './testing/temp-dir.js';

const createA: Migration = { version: 1, name: 'a', up: (db) => db.exec('CREATE TABLE a (x INTEGER)') };
const createB: Migration = { version: 2, name: 'b', up: (db) => db.exec('CREATE TABLE b (y INTEGER)') };
const halfThenFail: Migration = {
  version: 3,
  name: 'half-then-fail',
  up(db) {
    db.exec('CREATE TABLE c (z INTEGER); INSERT INTO a VALUES (42)');
    throw new Error('boom');
  },
};

function tables(db: Database.Database): string[] {
  return db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
}

describe('runMigrations', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  beforeEach(() => {
    tmp = makeTempDir();
    db = new Database(tmp.file('m.db'));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('applies every migration to a new file and records the last version in user_version', () => {
    expect(runMigrations(db, [createA, createB])).toEqual([1, 2]);
    expect(schemaVersion(db)).toBe(2);
    expect(tables(db)).toEqual(['a', 'b']);
  });

  it('applies only the migrations newer than the file', () => {
    runMigrations(db, [createA]);
    expect(runMigrations(db, [createA, createB])).toEqual([2]);
    expect(runMigrations(db, [createA, createB])).toEqual([]);
    expect(schemaVersion(db)).toBe(2);
  });

  it('leaves the file at the previous version, without the failed step’s changes, when a migration throws', () => {
    runMigrations(db, [createA, createB]);
    const failure = (() => {
      try {
        runMigrations(db, [createA, createB, halfThenFail]);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(failure).toBeInstanceOf(MigrationFailedError);
    expect(failure).toMatchObject({ fromVersion: 2, migration: { version: 3, name: 'half-then-fail' } });
    expect(schemaVersion(db)).toBe(2);
    expect(tables(db)).toEqual(['a', 'b']);
    expect(db.prepare('SELECT count(*) FROM a').pluck().get()).toBe(0);
  });

  it('keeps the steps that succeeded before a failing one in the same run', () => {
    expect(() => runMigrations(db, [createA, createB, halfThenFail])).toThrow(/schema version 3 \(half-then-fail\) failed: boom.*left at schema version 2/);
    expect(schemaVersion(db)).toBe(2);
  });

  it('describes a non-Error throw in the failure message', () => {
    const throwsString: Migration = {
      version: 1,
      name: 'throws-string',
      up: () => {
        throw 'plain string';
      },
    };
    expect(() => runMigrations(db, [throwsString])).toThrow(/plain string/);
  });

  it('refuses a file newer than the newest migration without touching it', () => {
    db.pragma('user_version = 7');
    expect(() => runMigrations(db, [createA, createB])).toThrow(DatabaseTooNewError);
    expect(schemaVersion(db)).toBe(7);
    expect(tables(db)).toEqual([]);
  });

  it('rejects a migration list with a gap or out of order', () => {
    expect(() => runMigrations(db, [createA, { ...createB, version: 3 }])).toThrow(/version 3, expected 2/);
    expect(() => runMigrations(db, [createB, createA])).toThrow(/version 2, expected 1/);
    expect(schemaVersion(db)).toBe(0);
  });
});
