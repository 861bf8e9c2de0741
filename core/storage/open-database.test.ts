import { existsSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from './migrations/index.js';
import { BUSY_TIMEOUT_MS, DatabaseOpenError, DatabaseTooNewError, openDatabase } from './open-database.js';
import { makeTempDir } from './testing/temp-dir.js';

describe('openDatabase', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir();
  });
  afterEach(() => tmp.remove());

  it('creates the file and its missing parent folders', () => {
    const file = tmp.file('nested/deeper/desk.db');
    const db = openDatabase(file);
    db.close();
    expect(existsSync(file)).toBe(true);
  });

  it('sets WAL, synchronous=NORMAL, foreign keys and a busy timeout', () => {
    const db = openDatabase(tmp.file('desk.db'));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    } finally {
      db.close();
    }
  });

  it('brings a new file to the latest schema version, and reopens it without migrating again', () => {
    const file = tmp.file('desk.db');
    openDatabase(file).close();
    const db = openDatabase(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });

  it('refuses a real file whose schema is newer than this build, saying which versions and what to do', () => {
    const file = tmp.file('future.db');
    const future = new Database(file);
    future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    future.close();

    let refusal: unknown;
    try {
      openDatabase(file).close();
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DatabaseTooNewError);
    expect(refusal).toMatchObject({ file, fileVersion: LATEST_SCHEMA_VERSION + 5, supportedVersion: LATEST_SCHEMA_VERSION });
    const message = (refusal as Error).message;
    expect(message).toContain(`schema version ${LATEST_SCHEMA_VERSION + 5}`);
    expect(message).toContain(`up to ${LATEST_SCHEMA_VERSION}`);
    expect(message).toMatch(/Upgrade Breakout Desk.*--db/);

    const after = new Database(file, { readonly: true });
    try {
      expect(after.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 5);
      expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    } finally {
      after.close();
    }
  });

  it('closes its connection when a migration fails, and the file opens cleanly afterwards', () => {
    const file = tmp.file('desk.db');
    let seen: Database.Database | undefined;
    const failing = [{ version: 1, name: 'fails', up: (db: Database.Database) => { seen = db; throw new Error('no'); } }];
    expect(() => openDatabase(file, failing)).toThrow(/no/);
    expect(seen?.open).toBe(false);
    const db = openDatabase(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });

  it('refuses a file that is not SQLite with advice instead of a bare SQLite code', () => {
    const file = tmp.file('notes.db');
    writeFileSync(file, 'not a database, just text that happens to be long enough to fill a header '.repeat(3));
    expect(() => openDatabase(file)).toThrow(DatabaseOpenError);
    expect(() => openDatabase(file)).toThrow(/Cannot open the desk database at .*notes\.db: file is not a database\. Check that/);
  });

  it('refuses a path whose parent is a file', () => {
    const blocker = tmp.file('blocker');
    writeFileSync(blocker, '');
    expect(() => openDatabase(`${blocker}/desk.db`)).toThrow(DatabaseOpenError);
  });
});
