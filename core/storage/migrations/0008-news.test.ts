import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMigrations, schemaVersion } from '../migration-runner.js';
import { insertRow } from '../testing/insert-row.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { MIGRATIONS } from './index.js';

describe('migration 0008 news', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Database.Database;
  const story = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    id: 'alpaca:1', time: 1_000, headline: 'ACME beats estimates', summary: null, source: 'alpaca', url: null,
    sentiment: 0.5, impact: 0.6, label: 'positive', scorer: 'desk-lexicon-1', ...extra,
  });
  const insert = (row: Record<string, unknown>): void => insertRow(db, 'news', row);
  beforeEach(() => {
    tmp = makeTempDir();
    db = new Database(tmp.file('desk.db'));
    db.pragma('foreign_keys = ON');
    runMigrations(db, MIGRATIONS.filter((m) => m.version <= 8));
  });
  afterEach(() => {
    db.close();
    tmp.remove();
  });

  it('applies after 0007 as version 8', () => {
    expect(schemaVersion(db)).toBe(8);
  });

  it('stores a story once per id and refuses scores outside their ranges', () => {
    insert(story());
    expect(() => insert(story())).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => insert(story({ id: 'b', sentiment: 1.5 }))).toThrow(/CHECK/);
    expect(() => insert(story({ id: 'c', impact: -0.1 }))).toThrow(/CHECK/);
    expect(() => insert(story({ id: 'd', label: 'bullish' }))).toThrow(/CHECK/);
    expect(() => insert(story({ id: 'e', time: 1.5 }))).toThrow(/CHECK|INTEGER/);
  });

  it('indexes symbols of stored stories only, upper-case', () => {
    insert(story());
    db.prepare("INSERT INTO news_symbols (news_id, symbol, time) VALUES ('alpaca:1', 'ACME', 1000)").run();
    expect(() => db.prepare("INSERT INTO news_symbols (news_id, symbol, time) VALUES ('missing', 'ACME', 1000)").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("INSERT INTO news_symbols (news_id, symbol, time) VALUES ('alpaca:1', 'acme', 1000)").run()).toThrow(/CHECK/);
  });
});
